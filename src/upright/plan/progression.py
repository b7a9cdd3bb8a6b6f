"""Progression from the logged history, by the rules of EXERCISES.md.

One thing goes up (load, hold or reps, or the harder variant) only after two clean
sessions running at the current step; two faulty sessions running step back to the
previous step (or hold at the start); never two things at once; nothing goes up where
the caller forbids it (the taper).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from upright.catalog import Exercise
from upright.plan.evidence import Evidence, default_evidence
from upright.plan.prescription import ExercisePrescription, starting_prescription

TAPER_NOTE = "Taper: no increase before the race."
LOAD_HOLD_NOTE = "Your running load rose steeply: the dose holds this week (see the warning)."


@dataclass(frozen=True, kw_only=True)
class LoggedExercise:
    """One exercise as prescribed and done in one past session.

    ``reps``, ``hold_s`` (seconds) and ``load_kg`` are what was prescribed; the rest is
    what happened: sets done, the fewest reps in a working set, reps with a fault (camera)
    and all reps counted. ``rated_clean`` is the runner's own rating where no camera
    watched (``None``: not rated).
    """

    day: date
    exercise_id: str
    sets: int
    reps: int
    hold_s: float
    load_kg: float | None
    sets_done: int
    reps_done_min: int
    faulty_reps: int = 0
    total_reps: int = 0
    rated_clean: bool | None = None

    @property
    def step(self) -> tuple[str, int, float, float | None]:
        """The prescription step: exercise, reps, hold seconds, load kg."""
        return self.exercise_id, self.reps, self.hold_s, self.load_kg


def outcome(log: LoggedExercise, ev: Evidence) -> str:
    """``"clean"``, ``"faulty"`` or ``"mixed"`` for one logged exercise.

    Faulty: faults on more than the configured fraction of reps (a third), or rated not
    clean. Clean: every prescribed set done at the prescribed reps with no fault (camera),
    or rated clean with no camera data. Anything between is mixed.
    """
    if log.total_reps > 0 and log.faulty_reps / log.total_reps > ev.progression.faulty_rep_fraction:
        return "faulty"
    if log.rated_clean is False:
        return "faulty"
    complete = log.sets_done >= log.sets and log.reps_done_min >= log.reps
    watched_clean = log.total_reps > 0 and log.faulty_reps == 0
    rated = log.total_reps == 0 and log.rated_clean is True
    return "clean" if complete and (watched_clean or rated) else "mixed"


def within_range(p: ExercisePrescription, ex: Exercise) -> ExercisePrescription:
    """``p`` with its reps and hold inside the catalog's ranges for ``ex``.

    A logged dose outside the range (an override such as ``--reps 16``, or an old log
    that stored both sides of a set as one) is read as the nearest dose the program has,
    so progression never starts from, or climbs to, a dose beyond the catalog.
    """
    d = ex.dosage
    reps = min(max(p.reps, d.reps_min), d.reps_max)
    hold = min(max(p.hold_s, d.hold_s), _hold_cap(ex)) if d.hold_s > 0 else 0.0
    return replace(p, reps=reps, hold_s=hold)


def _hold_cap(ex: Exercise) -> float:
    """The longest hold the catalog prescribes for ``ex``, seconds."""
    ups = [s.up_to for s in ex.progression if s.change == "hold_s"]
    return max([ex.dosage.hold_s, ex.dosage.hold_max_s, *ups])


def _from_log(log: LoggedExercise, ex: Exercise) -> ExercisePrescription:
    # Sets come from the catalog: a taper's cut or a longer session's extra set is the
    # session's business, not a step of progression.
    base = starting_prescription(ex, log.load_kg)
    return within_range(replace(base, reps=log.reps, hold_s=log.hold_s), ex)


def _step_of(log: LoggedExercise, catalog: dict[str, Exercise]) -> tuple[object, ...]:
    """The dose a log was at, as progression reads it (within the catalog's ranges)."""
    ex = catalog.get(log.exercise_id)
    if ex is None:
        return log.step
    p = _from_log(log, ex)
    return p.exercise_id, p.reps, p.hold_s, p.load_kg


def _progress(
    current: ExercisePrescription, ex: Exercise, catalog: dict[str, Exercise]
) -> tuple[ExercisePrescription, str] | None:
    """The next step: the first progression rule not yet at its ceiling (one change)."""
    for step in ex.progression:
        if step.change == "hold_s" and current.hold_s < step.up_to:
            hold = min(step.up_to, _hold_cap(ex), current.hold_s + step.step)
            return replace(current, hold_s=hold), f"hold {current.hold_s:g} s -> {hold:g} s"
        if step.change == "reps" and current.reps < min(step.up_to, ex.dosage.reps_max):
            reps = int(min(step.up_to, ex.dosage.reps_max, current.reps + step.step))
            return replace(current, reps=reps), f"reps {current.reps} -> {reps}"
        if step.change == "load":
            if current.load_kg is None:
                return None  # the weight used is unknown: log it first
            load = current.load_kg + step.step
            return (
                replace(current, load_kg=load, reps=ex.dosage.reps_min),
                f"load {current.load_kg:g} -> {load:g} kg, back to {ex.dosage.reps_min} reps",
            )
        if step.change == "variant" and step.to_exercise in catalog:
            nxt = catalog[step.to_exercise]
            return starting_prescription(nxt), f"on to the {nxt.name.lower()}"
    return None


def _top_of(ex: Exercise, catalog: dict[str, Exercise]) -> ExercisePrescription:
    """The last dose of ``ex`` before its progression moves on to another exercise."""
    current = starting_prescription(ex)
    for _ in range(100):  # a ladder is a handful of steps; the bound guards bad data
        nxt = _progress(current, ex, catalog)
        if nxt is None or nxt[0].exercise_id != ex.id or nxt[0].load_kg != current.load_kg:
            break
        current = nxt[0]
    return current


def _regress(
    current: ExercisePrescription,
    ex: Exercise,
    catalog: dict[str, Exercise],
    lightest_kg: float | None = None,
) -> tuple[ExercisePrescription, str] | None:
    """One step down the ladder: the last rule above its start goes back by one step.

    The reverse of `_progress`, so stepping back and then up again returns to the same
    dose; None at the very start (nothing to step back to). A load only goes back to
    one the runner has used (``lightest_kg``, kg), and only from the bottom of the rep
    range, where the last load step left it.
    """
    d = ex.dosage
    for step in reversed(ex.progression):
        if (
            step.change == "load"
            and current.load_kg is not None
            and current.reps <= d.reps_min
            and lightest_kg is not None
            and current.load_kg - step.step >= lightest_kg - 1e-9
        ):
            load = current.load_kg - step.step
            return (
                replace(current, load_kg=load, reps=d.reps_max),
                f"load {current.load_kg:g} -> {load:g} kg at {d.reps_max} reps",
            )
        if step.change == "reps" and current.reps > d.reps_min:
            reps = int(max(d.reps_min, current.reps - step.step))
            return replace(current, reps=reps), f"reps {current.reps} -> {reps}"
        if step.change == "hold_s" and current.hold_s > d.hold_s:
            hold = max(d.hold_s, current.hold_s - step.step)
            return replace(current, hold_s=hold), f"hold {current.hold_s:g} s -> {hold:g} s"
    parent = catalog.get(ex.variant_of) if ex.variant_of else None
    if parent is not None:
        return _top_of(parent, catalog), f"back to the {parent.name.lower()}"
    return None


def next_prescription(
    ex: Exercise,
    catalog: dict[str, Exercise],
    logs: Sequence[LoggedExercise],
    *,
    may_increase: bool = True,
    held_note: str = TAPER_NOTE,
    ev: Evidence | None = None,
) -> ExercisePrescription:
    """The next prescription of an exercise family, with the reason in ``note``.

    Parameters
    ----------
    ex:
        The exercise chosen for the slot when there is no history.
    catalog:
        All exercises (for variants).
    logs:
        This family's logged sessions, oldest first (the last one sets the current step).
    may_increase:
        False inside the taper window, or where a load warning holds the dose: nothing
        goes up.
    held_note:
        The note when two clean sessions would step up but ``may_increase`` forbids it
        (the taper's by default; a load warning's hold says so instead).
    """
    ev = ev or default_evidence()
    if not logs:
        return replace(
            starting_prescription(ex),
            note="Starting dose: start light and master the movement first.",
        )
    last = logs[-1]
    cur_ex = catalog.get(last.exercise_id, ex)
    current = _from_log(last, cur_ex)
    streak = []
    for log in reversed(logs):
        if _step_of(log, catalog) != _step_of(last, catalog):
            break
        streak.append(outcome(log, ev))
    need_up, need_down = (
        ev.progression.clean_sessions_to_progress,
        ev.progression.faulty_sessions_to_step_back,
    )
    recent = streak[: max(need_up, need_down)]
    if len(recent) >= need_down and all(o == "faulty" for o in recent[:need_down]):
        loads = [log.load_kg for log in logs if log.load_kg is not None]
        back = _regress(current, cur_ex, catalog, min(loads, default=None))
        if back is not None:
            return replace(
                back[0], note=f"{need_down} faulty sessions running: one step back ({back[1]})."
            )
        return replace(
            current, note=f"{need_down} faulty sessions running: hold here and work on form."
        )
    if len(recent) >= need_up and all(o == "clean" for o in recent[:need_up]):
        if not may_increase:
            return replace(current, note=held_note)
        nxt = _progress(current, cur_ex, catalog)
        if nxt is None:
            note = (
                "Log the weight you use to progress the load."
                if current.load_kg is None
                else "Top of the progression: hold here."
            )
            return replace(current, note=note)
        return replace(nxt[0], note=f"{need_up} clean sessions running: {nxt[1]}.")
    clean = sum(1 for o in streak[:need_up] if o == "clean")
    return replace(current, note=f"Same step: {clean} of {need_up} clean sessions so far.")


def changed_quantities(before: ExercisePrescription, after: ExercisePrescription) -> list[str]:
    """Which of exercise, reps, hold, load went up from ``before`` to ``after``."""
    ups = []
    if after.exercise_id != before.exercise_id:
        ups.append("variant")
    elif after.reps > before.reps:
        ups.append("reps")
    if after.exercise_id == before.exercise_id and after.hold_s > before.hold_s:
        ups.append("hold_s")
    if (after.load_kg or 0.0) > (before.load_kg or 0.0):
        ups.append("load")
    return ups
