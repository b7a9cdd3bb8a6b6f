"""The running log (imported runs) and the race calendar."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import cast

from sqlalchemy import delete, select

from upright.store.engine import Store
from upright.store.errors import NotFound, StoreError, require_aware
from upright.store.models import Race, RunningActivity
from upright.store.records import (
    PRIORITIES,
    Priority,
    RaceEntry,
    RaceRecord,
    RunEntry,
    RunImport,
    RunRecord,
)

DISTANCE_DECIMALS = 1  # runs are the same when start and distance to 0.1 m agree


def _run_record(r: RunningActivity) -> RunRecord:
    return RunRecord(
        id=r.id,
        started_at=r.started_at,
        sport=r.sport,
        distance_m=r.distance_m,
        moving_time_s=r.moving_time_s,
        elevation_gain_m=r.elevation_gain_m,
        avg_hr=r.avg_hr,
        source_file=r.source_file,
        counts_as_load=r.counts_as_load,
        load_reason=r.load_reason,
    )


def add_runs(store: Store, athlete: int, runs: Iterable[RunEntry]) -> RunImport:
    """Store runs, skipping any whose start and distance (0.1 m) are already stored."""
    added = skipped = 0
    with store.session() as s:
        seen = {
            (start, dist)
            for start, dist in s.execute(
                select(RunningActivity.started_at, RunningActivity.distance_m).where(
                    RunningActivity.athlete_id == athlete
                )
            )
        }
        for run in runs:
            require_aware(run.started_at, f"run {run.source_file or ''}: started_at")
            dist = round(float(run.distance_m), DISTANCE_DECIMALS)
            key = (run.started_at, dist)
            if key in seen:
                skipped += 1
                continue
            seen.add(key)
            s.add(
                RunningActivity(
                    athlete_id=athlete,
                    started_at=run.started_at,
                    sport=run.sport,
                    distance_m=dist,
                    moving_time_s=float(run.moving_time_s),
                    elevation_gain_m=run.elevation_gain_m,
                    avg_hr=run.avg_hr,
                    source_file=run.source_file,
                    counts_as_load=run.counts_as_load,
                    load_reason=run.load_reason,
                )
            )
            added += 1
    return RunImport(added=added, skipped=skipped)


def runs(
    store: Store, athlete: int, since: datetime | None = None, until: datetime | None = None
) -> list[RunRecord]:
    """The athlete's runs starting in ``[since, until)``, oldest first."""
    q = select(RunningActivity).where(RunningActivity.athlete_id == athlete)
    if since is not None:
        q = q.where(RunningActivity.started_at >= since)
    if until is not None:
        q = q.where(RunningActivity.started_at < until)
    with store.reading() as s:
        rows = s.scalars(q.order_by(RunningActivity.started_at, RunningActivity.id))
        return [_run_record(r) for r in rows]


def add_race(store: Store, athlete: int, race: RaceEntry) -> int:
    """Put a race on the athlete's calendar; returns its id."""
    if race.priority not in PRIORITIES:
        raise StoreError(f"race {race.name!r}: priority expected A, B or C, got {race.priority!r}")
    with store.session() as s:
        row = Race(
            athlete_id=athlete,
            race_date=race.race_date,
            name=race.name,
            distance_m=float(race.distance_m),
            priority=race.priority,
        )
        s.add(row)
        s.flush()
        return row.id


def races(store: Store, athlete: int, since: date | None = None) -> list[RaceRecord]:
    """The athlete's races on or after ``since``, by date."""
    q = select(Race).where(Race.athlete_id == athlete)
    if since is not None:
        q = q.where(Race.race_date >= since)
    with store.reading() as s:
        return [
            RaceRecord(
                id=r.id,
                race_date=r.race_date,
                name=r.name,
                distance_m=r.distance_m,
                priority=cast(Priority, r.priority),
            )
            for r in s.scalars(q.order_by(Race.race_date, Race.id))
        ]


def delete_race(store: Store, race_id: int) -> None:
    """Remove a race from the calendar."""
    with store.session() as s:
        if s.get(Race, race_id) is None:
            raise NotFound(f"no race with id {race_id}")
        s.execute(delete(Race).where(Race.id == race_id))
