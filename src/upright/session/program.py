"""A session's sets in order: the prescription expanded into what the engine runs.

Times are seconds. A per-side exercise's set holds both sides: all of the first side's
reps, a side switch, then the second side's.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from upright.catalog import Exercise
from upright.errors import UprightError
from upright.plan import ExercisePrescription, SessionPrescription, starting_prescription

#: Order of sides in a per-side set: the left arm (with the right leg) first.
PER_SIDE_ORDER: tuple[str, ...] = ("left", "right")


class ProgramError(UprightError, ValueError):
    """A prescription cannot be run; the message names the exercise and the field."""


@dataclass(frozen=True)
class SetPlan:
    """One set to run.

    Attributes
    ----------
    sides
        ``("left", "right")`` for a per-side exercise, ``("none",)`` for one without
        sides, ``("both",)`` for one that alternates sides rep by rep.
    reps
        Reps on each side of ``sides``.
    hold_s, tuck_hold_s
        Hold at the top and (bird dog) elbow-to-knee tuck hold, seconds; 0 for none.
    raise_s, return_s
        Prescribed tempo of the moving phases, seconds (the self-paced metronome).
    rest_s
        Rest after this set, seconds.
    """

    exercise: Exercise
    prescription: ExercisePrescription
    exercise_index: int
    set_index: int
    sets: int
    sides: tuple[str, ...]
    reps: int
    hold_s: float
    tuck_hold_s: float
    raise_s: float
    return_s: float
    rest_s: float

    @property
    def key(self) -> tuple[int, int]:
        """(exercise index, set index): where the set sits in the session."""
        return (self.exercise_index, self.set_index)

    @property
    def title(self) -> str:
        """E.g. ``"Bird dog, set 1 of 2"``."""
        return f"{self.exercise.name}, set {self.set_index + 1} of {self.sets}"


def _sides(exercise: Exercise, per_side: bool) -> tuple[str, ...]:
    if exercise.sides == "per_side" or per_side:
        return PER_SIDE_ORDER
    if exercise.sides == "alternating":
        return ("both",)
    return ("none",)


def expand(prescription: SessionPrescription, catalog: dict[str, Exercise]) -> list[SetPlan]:
    """Every set of the session in the order it is done."""
    plans: list[SetPlan] = []
    for ex_index, item in enumerate(prescription.exercises):
        exercise = catalog.get(item.exercise_id)
        if exercise is None:
            raise ProgramError(
                f"prescription exercise {ex_index + 1}: 'exercise_id' {item.exercise_id!r} "
                f"is not in the catalog (known: {', '.join(sorted(catalog))})"
            )
        if item.sets < 1 or item.reps < 1:
            raise ProgramError(
                f"prescription of {item.exercise_id}: expected sets >= 1 and reps >= 1, "
                f"got sets={item.sets}, reps={item.reps}"
            )
        d = exercise.dosage
        hold_s = item.hold_s if item.hold_s > 0 else d.squeeze_s
        for set_index in range(item.sets):
            plans.append(
                SetPlan(
                    exercise=exercise,
                    prescription=item,
                    exercise_index=ex_index,
                    set_index=set_index,
                    sets=item.sets,
                    sides=_sides(exercise, item.per_side),
                    reps=item.reps,
                    hold_s=hold_s,
                    tuck_hold_s=d.tuck_hold_s,
                    raise_s=d.raise_s,
                    return_s=d.return_s,
                    rest_s=item.rest_s,
                )
            )
    return plans


def narrow(
    prescription: SessionPrescription,
    exercise_ids: list[str] | None = None,
    sets: int | None = None,
    reps: int | None = None,
) -> SessionPrescription:
    """Today's prescription cut down: only some exercises, fewer sets, other reps.

    Exercises named in ``exercise_ids`` that the prescription lacks are added at their
    catalog dose by the caller; here an unknown id is an error that names the choices.
    """
    items = list(prescription.exercises)
    if exercise_ids:
        known = {e.exercise_id for e in items}
        missing = [i for i in exercise_ids if i not in known]
        if missing:
            raise ProgramError(
                f"--exercise {', '.join(missing)}: not in today's session "
                f"(it has {', '.join(sorted(known))})"
            )
        items = [e for e in items if e.exercise_id in exercise_ids]
    changes: dict[str, int] = {}
    if sets is not None:
        changes["sets"] = sets
    if reps is not None:
        changes["reps"] = reps
    if changes:
        items = [replace(e, **changes) for e in items]  # type: ignore[arg-type]
    return SessionPrescription(exercises=tuple(items), reason=prescription.reason)


def session_prescription(
    today: SessionPrescription,
    catalog: dict[str, Exercise],
    exercise_ids: list[str] | None = None,
    sets: int | None = None,
    reps: int | None = None,
) -> SessionPrescription:
    """What a session runs: today's planned session, cut down as the runner asked.

    The one place the terminal, the Session page and the live camera choose their
    prescription, so all three run (and store) the planned dose: only ``exercise_ids``
    (one the plan lacks is added at its catalog starting dose), ``sets`` and ``reps``
    instead of the plan's where given.
    """
    have = {e.exercise_id for e in today.exercises}
    extra = []
    for ex_id in exercise_ids or []:
        if ex_id in have:
            continue
        if ex_id not in catalog:
            raise ProgramError(
                f"exercise {ex_id!r} is not in the catalog (known: {', '.join(sorted(catalog))})"
            )
        extra.append(starting_prescription(catalog[ex_id]))
    full = SessionPrescription(exercises=today.exercises + tuple(extra), reason=today.reason)
    return narrow(full, exercise_ids, sets, reps)


def remaining(
    plans: list[SetPlan], done: frozenset[tuple[int, int]] | set[tuple[int, int]]
) -> list[SetPlan]:
    """The sets not yet done, for resuming: ``done`` holds (exercise, set) index pairs."""
    return [p for p in plans if p.key not in done]
