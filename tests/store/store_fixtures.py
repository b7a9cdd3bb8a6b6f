"""Known-answer builders shared by the store tests (importable: conftest puts this folder
on ``sys.path``)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from upright.store import FaultEntry, RepEntry, SetEntry

T0 = datetime(2026, 3, 2, 7, 30, tzinfo=UTC)  # a Monday


def make_set(
    exercise_id: str = "bird_dog",
    *,
    at: datetime = T0,
    reps: int = 8,
    load_kg: float | None = None,
    rating: str = "clean",
    side: str = "left",
    with_faults: bool = False,
) -> SetEntry:
    """A set of ``reps`` reps of 3 s each starting at ``at``; rep 2 has a fault if asked."""
    rep_log = tuple(
        RepEntry(
            index=i + 1,
            side=side,
            start_s=3.0 * i,
            end_s=3.0 * i + 2.5,  # type: ignore[arg-type]
            phases={"up": [3.0 * i, 3.0 * i + 1.0], "hold": [3.0 * i + 1.0, 3.0 * i + 2.0]},
            hold_s=1.0,
            faults=(
                FaultEntry(
                    rule="pelvis_level", value=11.5, threshold=8.0, units="deg", at_s=3.0 * i + 1.5
                ),
            )
            if with_faults and i == 1
            else (),
        )
        for i in range(reps)
    )
    return SetEntry(
        exercise_id=exercise_id,
        side=side,
        started_at=at,  # type: ignore[arg-type]
        ended_at=at + timedelta(seconds=3 * reps),
        reps=reps,
        load_kg=load_kg,
        hold_s=float(reps),
        rating=rating,
        source="camera",  # type: ignore[arg-type]
        rep_log=rep_log,
        faults=(FaultEntry(rule="neck_neutral", value=25.0, threshold=20.0, units="deg", at_s=0.5),)
        if with_faults
        else (),
    )
