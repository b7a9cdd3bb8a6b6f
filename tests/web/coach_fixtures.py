"""Three runners a coach looks after, stored relative to ``today`` with known answers.

- Ana Ruiz: a session today; planned today and in two days -> 1/1 this month, next in
  two days (today's is done).
- Ben Okafor: nothing done; one session planned tomorrow -> never, 0 done and none
  planned yet, next tomorrow.
- Cleo Martin: a session ten days ago; planned today (not done yet) -> next today; an
  8 km run every third day for a month, then 30 km yesterday -> a spike warning (and
  the ramp and ACWR ones).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from upright import store


def _at(day: date, hour: int = 7) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def _session(st: store.Store, athlete: int, day: date) -> None:
    sid = store.start_session(st, athlete, started_at=_at(day))
    entry = store.SetEntry(
        exercise_id="seated_cable_row",
        side="both",
        started_at=_at(day),
        ended_at=_at(day) + timedelta(minutes=2),
        reps=10,
        load_kg=20.0,
        rating="clean",
    )
    store.record_set(st, sid, entry)
    store.end_session(st, sid, ended_at=_at(day, 8))


def _plan(st: store.Store, athlete: int, days: tuple[date, ...]) -> None:
    entries = [store.PlannedEntry(session_date=d, exercises=[]) for d in days]
    store.save_plan(st, athlete, entries, starts=min(days), ends=max(days))


def three_runners(url: str, today: date) -> None:
    """Store the three runners above in the database at ``url``."""
    day = timedelta(days=1)
    with store.open_store(url) as st:
        ana = store.ensure_athlete(st, "Ana Ruiz")
        ben = store.ensure_athlete(st, "Ben Okafor")
        cleo = store.ensure_athlete(st, "Cleo Martin")
        _session(st, ana, today)
        _session(st, cleo, today - 10 * day)
        _plan(st, ana, (today, today + 2 * day))
        _plan(st, ben, (today + day,))
        _plan(st, cleo, (today,))
        runs = [
            store.RunEntry(
                started_at=_at(today - d * day), sport="run", distance_m=8000, moving_time_s=2700
            )
            for d in range(30, 3, -3)
        ]
        runs.append(
            store.RunEntry(
                started_at=_at(today - day), sport="run", distance_m=30_000, moving_time_s=10_800
            )
        )
        store.add_runs(st, cleo, runs)


def cleo_done_this_month(today: date) -> int:
    """Cleo's one session (ten days ago) counts this month only when it fell in it."""
    return int((today - timedelta(days=10)).month == today.month)
