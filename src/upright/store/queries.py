"""Questions other packages ask of the history: per exercise, recent sessions, streaks, weeks."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from sqlalchemy import select

from upright.store.engine import Store
from upright.store.models import ExerciseSet, PerformedSession, RunningActivity
from upright.store.records import SessionRecord, SetRecord, WeekTotal
from upright.store.sessions import session_records, set_records


def exercise_history(
    store: Store,
    athlete: int,
    exercise_id: str,
    *,
    since: datetime | None = None,
    limit: int | None = None,
) -> list[SetRecord]:
    """The athlete's sets of one exercise, newest first, with reps and faults."""
    q = select(ExerciseSet).where(
        ExerciseSet.athlete_id == athlete, ExerciseSet.exercise_id == exercise_id
    )
    if since is not None:
        q = q.where(ExerciseSet.started_at >= since)
    q = q.order_by(ExerciseSet.started_at.desc(), ExerciseSet.id.desc())
    if limit is not None:
        q = q.limit(limit)
    with store.reading() as s:
        return set_records(s, list(s.scalars(q)))


def last_sessions(store: Store, athlete: int, n: int = 5) -> list[SessionRecord]:
    """The athlete's ``n`` most recent performed sessions, newest first, with their sets."""
    with store.reading() as s:
        rows = s.scalars(
            select(PerformedSession)
            .where(PerformedSession.athlete_id == athlete)
            .order_by(PerformedSession.started_at.desc(), PerformedSession.id.desc())
            .limit(n)
        )
        return session_records(s, list(rows))


def clean_streak(
    store: Store, athlete: int, exercise_id: str, *, load_kg: float | None = None
) -> int:
    """How many of the latest sessions with this exercise, in a row, had only clean sets.

    A session counts when every set of the exercise in it is rated ``"clean"`` (and, when
    ``load_kg`` is given, was done at that load); the first one that does not ends the
    streak. 0 when the most recent session with the exercise was not clean.
    """
    q = (
        select(ExerciseSet.session_id, ExerciseSet.rating, ExerciseSet.load_kg)
        .join(PerformedSession, PerformedSession.id == ExerciseSet.session_id)
        .where(ExerciseSet.athlete_id == athlete, ExerciseSet.exercise_id == exercise_id)
        .order_by(PerformedSession.started_at.desc(), PerformedSession.id.desc())
    )
    streak = 0
    current: int | None = None
    with store.reading() as s:
        for session_id, rating, load in s.execute(q):
            ok = rating == "clean" and (load_kg is None or _same_load(load, load_kg))
            if not ok:
                return streak if session_id != current else streak - 1
            if session_id != current:
                current, streak = session_id, streak + 1
    return streak


def _same_load(a: float | None, b: float) -> bool:
    return a is not None and abs(a - b) < 1e-6


def _week_start(moment: datetime, tz: tzinfo) -> date:
    day = moment.astimezone(tz).date()
    return day - timedelta(days=day.weekday())


def weekly_totals(
    store: Store,
    athlete: int,
    *,
    since: date | None = None,
    until: date | None = None,
    tz: tzinfo = UTC,
) -> list[WeekTotal]:
    """Per-week totals (weeks start Monday in ``tz``) of back work and running.

    Covers days ``since`` (inclusive) to ``until`` (exclusive); only weeks with activity
    are listed, oldest first. ``volume_kg`` is the sum of load x reps.
    """
    lo = datetime.combine(since, time(), tz) if since else None
    hi = datetime.combine(until, time(), tz) if until else None
    sets_q = select(ExerciseSet).where(ExerciseSet.athlete_id == athlete)
    runs_q = select(RunningActivity).where(RunningActivity.athlete_id == athlete)
    if lo is not None:
        sets_q = sets_q.where(ExerciseSet.started_at >= lo)
        runs_q = runs_q.where(RunningActivity.started_at >= lo)
    if hi is not None:
        sets_q = sets_q.where(ExerciseSet.started_at < hi)
        runs_q = runs_q.where(RunningActivity.started_at < hi)
    acc: dict[date, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    sessions: dict[date, set[int]] = defaultdict(set)
    with store.reading() as s:
        for st in s.scalars(sets_q):
            w = acc[_week_start(st.started_at, tz)]
            sessions[_week_start(st.started_at, tz)].add(st.session_id)
            w["sets"] += 1
            w["reps"] += st.reps
            w["hold_s"] += st.hold_s or 0.0
            w["volume_kg"] += (st.load_kg or 0.0) * st.reps
        for run in s.scalars(runs_q):
            w = acc[_week_start(run.started_at, tz)]
            w["runs"] += 1
            w["run_distance_m"] += run.distance_m
            w["run_moving_time_s"] += run.moving_time_s
    return [
        WeekTotal(
            week_start=week,
            sessions=len(sessions[week]),
            sets=int(w["sets"]),
            reps=int(w["reps"]),
            hold_s=w["hold_s"],
            volume_kg=w["volume_kg"],
            runs=int(w["runs"]),
            run_distance_m=w["run_distance_m"],
            run_moving_time_s=w["run_moving_time_s"],
        )
        for week, w in sorted(acc.items())
    ]
