"""The history a progress plot needs, as plain values, and how to read it from the store.

The plot functions take `SetPoint` and `WeekPoint` lists, so tests and the web app can
build them by hand; `set_points` and `week_points` read them from a `Store`.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, timedelta, tzinfo

from upright.store import Store, last_sessions, planned_sessions, weekly_totals
from upright.store.records import SetRecord


@dataclass(frozen=True)
class SetPoint:
    """One logged set.

    Attributes
    ----------
    day
        The day it was done (local date).
    exercise_id
        Catalog id.
    reps
        Reps done (per side counted once for a one-sided set).
    load_kg
        Load in kilograms, None for body weight.
    hold_s
        The typical (median) seconds held per rep, None when the exercise has no hold
        or it was not measured.
    faults
        Rule id of each fault that fired in the set (repeated when a rule fired twice).
    rating
        The set's rating: "clean", "some_faults" or "struggled".
    session
        Key of the session it belongs to (sets of one session share it).
    """

    day: date
    exercise_id: str
    reps: int
    load_kg: float | None = None
    hold_s: float | None = None
    faults: tuple[str, ...] = ()
    rating: str = "clean"
    session: int | str = 0

    @property
    def clean(self) -> bool:
        """True when rated clean and no fault fired."""
        return self.rating == "clean" and not self.faults


@dataclass(frozen=True)
class WeekPoint:
    """One week (Monday start): back sessions done and planned, running km, warnings."""

    week_start: date
    back_sessions: int
    running_km: float
    planned_sessions: int | None = None
    warnings: tuple[str, ...] = ()


def week_start(day: date) -> date:
    """The Monday of ``day``'s week."""
    return day - timedelta(days=day.weekday())


def typical_hold_s(record: SetRecord) -> float | None:
    """The median seconds held per rep of a stored set, None when nothing was held.

    The set's own ``hold_s`` is the total over its reps (eight 6 s holds read 48 s);
    a runner's hold is the one a rep lasts, so this is what pages and plots show.
    """
    holds = [r.hold_s for r in record.rep_log if r.hold_s]
    if holds:
        return float(statistics.median(holds))
    if record.hold_s and record.reps:
        return record.hold_s / record.reps  # no rep log kept: the mean is all there is
    return None


def set_point(record: SetRecord, tz: tzinfo = UTC) -> SetPoint:
    """A stored set as a `SetPoint` (hold as the median seconds per rep)."""
    faults = tuple(f.rule for r in record.rep_log for f in r.faults)
    faults += tuple(f.rule for f in record.faults)
    hold = typical_hold_s(record)
    return SetPoint(
        day=record.started_at.astimezone(tz).date(),
        exercise_id=record.exercise_id,
        reps=record.reps,
        load_kg=record.load_kg,
        hold_s=hold,
        faults=faults,
        rating=record.rating,
        session=record.session_id,
    )


def set_points(
    store: Store, athlete: int, *, since: date | None = None, tz: tzinfo = UTC
) -> list[SetPoint]:
    """Every set of the athlete from ``since`` on, oldest first."""
    sessions = last_sessions(store, athlete, n=1_000_000)
    points = [set_point(s, tz) for sess in sessions for s in sess.sets]
    points = [p for p in points if since is None or p.day >= since]
    return sorted(points, key=lambda p: (p.day, str(p.session)))


def weeks_between(first: date, last: date) -> list[date]:
    """Monday of every week from ``first``'s to ``last``'s, inclusive."""
    start, end = week_start(first), week_start(last)
    return [start + timedelta(weeks=k) for k in range((end - start).days // 7 + 1)]


def week_points(
    store: Store,
    athlete: int,
    *,
    since: date,
    until: date,
    warnings_for_week: Callable[[date], Sequence[str]] | None = None,
    tz: tzinfo = UTC,
) -> list[WeekPoint]:
    """Every week from ``since``'s to ``until``'s (inclusive), empty weeks too.

    ``warnings_for_week(monday)`` gives the load warnings of that week (the plan
    package computes them); none when not given.
    """
    totals = {
        w.week_start: w
        for w in weekly_totals(
            store,
            athlete,
            since=week_start(since),
            until=week_start(until) + timedelta(weeks=1),
            tz=tz,
        )
    }
    planned = Counter(
        week_start(p.session_date)
        for p in planned_sessions(store, athlete, week_start(since), until)
    )
    out = []
    for monday in weeks_between(since, until):
        total = totals.get(monday)
        out.append(
            WeekPoint(
                week_start=monday,
                back_sessions=total.sessions if total else 0,
                running_km=total.run_distance_m / 1000 if total else 0.0,
                planned_sessions=planned.get(monday, 0),
                warnings=tuple(warnings_for_week(monday)) if warnings_for_week else (),
            )
        )
    return out


def exercises_in(points: Iterable[SetPoint]) -> list[str]:
    """Exercise ids in the order they first appear."""
    return list(dict.fromkeys(p.exercise_id for p in points))
