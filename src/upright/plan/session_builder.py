"""One back session: exercises chosen by equipment, dosed from history, 20-30 minutes.

One exercise of each plan group of the catalog where the equipment allows (bird dog:
mat; Y-raise: ball; a row: cable, dumbbells, bench), a second exercise of a group that
allows one when the session would otherwise be short, and extra sets (up to three)
after that. The groups, their order and needs and each exercise's rank in its group are
catalog data (`upright.catalog.Placement`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace

from upright.catalog import Exercise
from upright.plan.evidence import Evidence, default_evidence
from upright.plan.prescription import ExercisePrescription, SessionPrescription, plan_groups
from upright.plan.progression import TAPER_NOTE, LoggedExercise, next_prescription

MAX_SETS = 3  # EXERCISES.md: rows 2-3 sets; ours for the others


def family(ex: Exercise, catalog: dict[str, Exercise]) -> str:
    """The root exercise of a variant chain (``bird_dog_line`` -> ``bird_dog``)."""
    seen = set()
    while ex.variant_of and ex.variant_of in catalog and ex.id not in seen:
        seen.add(ex.id)
        ex = catalog[ex.variant_of]
    return ex.id


def minutes(p: ExercisePrescription, ex: Exercise, transition_s: float) -> float:
    """Time an exercise takes, minutes: reps at the catalog's tempo, holds, rests, set-up."""
    d = ex.dosage
    sides = 2 if p.per_side else 1
    rep_s = d.raise_s + d.return_s + d.squeeze_s + p.hold_s + d.tuck_hold_s
    work = p.sets * sides * p.reps * rep_s
    rest = p.rest_s * max(0, p.sets * sides - 1)
    return (work + rest + transition_s) / 60.0


def _usable(ex: Exercise, have: frozenset[str]) -> bool:
    return set(ex.equipment) <= have


def _pick(
    group: str,
    catalog: dict[str, Exercise],
    have: frozenset[str],
    logs: Sequence[LoggedExercise],
    taken: set[str],
) -> Exercise | None:
    """The group's exercise: one logged before if still usable, else the first usable.

    Among several logged (two rows), the catalog's preference order decides, so a
    session keeps the same order from week to week.
    """
    ids = [i for i in plan_groups(catalog)[group] if i not in taken]
    logged = {family(catalog[h.exercise_id], catalog) for h in logs if h.exercise_id in catalog}
    usable = [i for i in ids if _usable(catalog[i], have)]
    return catalog[next((i for i in usable if i in logged), usable[0])] if usable else None


def build_session(
    catalog: dict[str, Exercise],
    equipment: frozenset[str],
    history: Sequence[LoggedExercise] = (),
    *,
    light: bool = False,
    may_increase: bool = True,
    held_note: str = TAPER_NOTE,
    ev: Evidence | None = None,
) -> tuple[SessionPrescription, float]:
    """A session and its estimated length in minutes.

    Parameters
    ----------
    equipment:
        What the runner has (``gym`` already expanded).
    history:
        Logged exercises, oldest first.
    light:
        Taper or race week: sets cut by the evidence file's volume cut, one row only.
    may_increase:
        False inside the taper window, or where a load warning holds the dose.
    held_note:
        Why nothing goes up when ``may_increase`` is False (the exercises' note).
    """
    ev = ev or default_evidence()
    sch = ev.schedule
    chosen: list[tuple[Exercise, ExercisePrescription]] = []
    taken: set[str] = set()

    def add(group: str) -> bool:
        ex = _pick(group, catalog, equipment, history, taken)
        if ex is None:
            return False
        taken.add(ex.id)
        logs = [
            h
            for h in history
            if h.exercise_id in catalog and family(catalog[h.exercise_id], catalog) == ex.id
        ]
        p = next_prescription(
            ex, catalog, logs, may_increase=may_increase, held_note=held_note, ev=ev
        )
        chosen.append((catalog[p.exercise_id], p))
        return True

    groups = plan_groups(catalog)
    missing = [g for g in groups if not add(g)]
    seconds = [g for g in groups if catalog[groups[g][0]].plan.second and g not in missing]

    def total() -> float:
        return sum(minutes(p, ex, sch.transition_s) for ex, p in chosen)

    if light:
        cut = 1.0 - ev.taper.volume_cut
        chosen = [(ex, replace(p, sets=max(1, math.floor(p.sets * cut)))) for ex, p in chosen]
    else:
        for group in seconds:
            if total() >= sch.session_min_min:
                break
            if add(group) and total() > sch.session_max_min:
                chosen.pop()
        for i in range(len(chosen)):
            ex, p = chosen[i]
            if total() >= sch.session_min_min:
                break
            if p.sets < MAX_SETS:
                chosen[i] = (ex, replace(p, sets=p.sets + 1))
                if total() > sch.session_max_min:
                    chosen[i] = (ex, p)
    needs = [_needs(catalog[groups[g][0]]) for g in missing]
    reason = _reason(total(), needs, light, sch.session_min_min)
    return SessionPrescription(tuple(p for _, p in chosen), reason), total()


def _needs(ex: Exercise) -> str:
    """What covers ``ex``'s group: its ``needs``, else its equipment and group name."""
    if ex.plan.needs:
        return ex.plan.needs
    what = " and ".join(ex.equipment) or "nothing more"
    return f"{what} ({ex.group.replace('_', ' ')})"


def _reason(length: float, needs: list[str], light: bool, short_min: float) -> str:
    text = f"About {length:.0f} min"
    if light:
        text += ", light: fewer sets, same load (taper)"
    if needs:
        text += "; add " + " and ".join(needs) + " to cover every group"
    elif length < short_min and not light:
        text += "; shorter than usual with this equipment"
    return text + "."
