"""A prescription: what to do in one back session, exercise by exercise."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from upright.catalog import Exercise


@dataclass(frozen=True)
class ExercisePrescription:
    """Sets, reps (per side where the exercise has sides), hold seconds and load."""

    exercise_id: str
    name: str
    sets: int
    reps: int
    per_side: bool
    hold_s: float
    rest_s: float
    load_kg: float | None = None
    note: str = ""

    def describe(self) -> str:
        """One line a runner reads, e.g. ``"2 x 8 per side, hold 3 s, rest 60 s"``."""
        text = f"{self.sets} x {self.reps}{' per side' if self.per_side else ''}"
        if self.hold_s:
            text += f", hold {self.hold_s:g} s"
        if self.load_kg:
            text += f", {self.load_kg:g} kg"
        return text + f", rest {self.rest_s:g} s"


@dataclass(frozen=True)
class SessionPrescription:
    """One session's exercises, in the order they are done."""

    exercises: tuple[ExercisePrescription, ...]
    reason: str = ""


def starting_prescription(exercise: Exercise, load_kg: float | None = None) -> ExercisePrescription:
    """The entry dose of an exercise: the bottom of its rep range and its shortest hold."""
    d = exercise.dosage
    return ExercisePrescription(
        exercise_id=exercise.id,
        name=exercise.name,
        sets=d.sets,
        reps=d.reps_min,
        per_side=d.per_side,
        hold_s=d.hold_s,
        rest_s=d.rest_s,
        load_kg=load_kg,
    )


def plan_groups(catalog: dict[str, Exercise]) -> dict[str, tuple[str, ...]]:
    """Each plan group's exercises the planner may pick, best first, groups in session order.

    A group is planned when an exercise of it has a rank (`Placement.rank` above 0).
    """
    ranked = sorted(
        (ex for ex in catalog.values() if ex.plan.rank > 0),
        key=lambda ex: (ex.plan.order, ex.group, ex.plan.rank, ex.id),
    )
    groups: dict[str, tuple[str, ...]] = {}
    for ex in ranked:
        groups[ex.group] = (*groups.get(ex.group, ()), ex.id)
    return groups


def default_session(
    catalog: dict[str, Exercise], exercise_ids: tuple[str, ...] | None = None
) -> SessionPrescription:
    """The program's starting session: the first-ranked exercise of each plan group.

    ``exercise_ids`` chooses other exercises; by default each group of the catalog's plan
    (`upright.catalog.Placement`), in session order.
    """
    firsts = [catalog[ids[0]] for ids in plan_groups(catalog).values()]
    chosen = [catalog[i] for i in exercise_ids] if exercise_ids is not None else firsts
    purposes = [ex.plan.purpose or ex.group.replace("_", " ") for ex in firsts]
    return SessionPrescription(
        exercises=tuple(starting_prescription(ex) for ex in chosen),
        reason=f"Starting dose of each group: {_and(purposes)}. "
        "Start light and master the movement first.",
    )


def _and(items: list[str]) -> str:
    """``a, b and c``."""
    return ", ".join(items[:-1]) + (" and " if len(items) > 1 else "") + items[-1] if items else ""


def prescription_to_json(prescription: SessionPrescription) -> list[dict[str, Any]]:
    """A session's exercises as JSON-able dicts (what a performed session stores)."""
    return [asdict(e) for e in prescription.exercises]


def prescription_from_json(items: Any, where: str) -> tuple[ExercisePrescription, ...]:
    """The exercises `prescription_to_json` wrote; ``ValueError`` naming ``where`` if bad."""
    if not isinstance(items, list):
        raise ValueError(f"{where}: expected a list of exercises, got {type(items).__name__}")
    try:
        return tuple(ExercisePrescription(**e) for e in items)
    except TypeError as exc:
        raise ValueError(f"{where}: malformed exercise ({exc})") from None
