"""A finished set as the store keeps it (`SetResult` -> `upright.store.SetEntry`).

Until the session package ships its own recorder, the web app converts here; the
mapping is mechanical: a per-side set is stored with side ``both`` and each rep keeps
its own side.
"""

from __future__ import annotations

from upright.session import FaultLog, SetResult
from upright.store import FaultEntry, RepEntry, SetEntry


def _fault(f: FaultLog) -> FaultEntry:
    return FaultEntry(rule=f.rule, value=f.value, threshold=f.threshold, units=f.units, at_s=f.at_s)


def _side(sides: tuple[str, ...]) -> str:
    if len(sides) == 1 and sides[0] in ("none", "left", "right", "both"):
        return sides[0]
    return "both"


def set_entry(result: SetResult) -> SetEntry:
    """The store's record of ``result`` (its rating must be set)."""
    reps = tuple(
        RepEntry(
            index=r.index,
            side=r.side if r.side in ("left", "right") else "none",  # type: ignore[arg-type]
            start_s=r.start_s,
            end_s=r.end_s,
            phases={"tuck_hold_s": r.tuck_hold_s} if r.tuck_hold_s else {},
            hold_s=r.hold_s or None,
            faults=tuple(_fault(f) for f in r.faults),
        )
        for r in result.reps
    )
    hold = result.hold_total_s()
    return SetEntry(
        exercise_id=result.exercise_id,
        side=_side(result.sides),  # type: ignore[arg-type]
        started_at=result.started_at,
        ended_at=result.ended_at,
        reps=len(result.reps),
        load_kg=result.load_kg,
        hold_s=hold or None,
        rating=result.rating or result.suggested_rating(),
        source=result.source,
        rep_log=reps,
        faults=tuple(_fault(f) for f in result.faults),
    )
