"""`upright.workflows.plans`: plans made, kept in a real database and exported."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import icalendar

from upright import store
from upright.workflows.plans import (
    export_plan,
    make_plan,
    next_sessions,
    plan_and_keep,
    session_workout,
    todays_prescription,
)

MONDAY = date(2026, 3, 30)


def test_a_plan_with_no_database_is_the_default_runners_and_makes_none(tmp_path: Path) -> None:
    plan, source = make_plan(MONDAY, 2)
    assert source.origin.startswith("default runner")
    assert plan.start == MONDAY and len(plan.weeks) == 2 and plan.sessions
    kept = plan_and_keep(MONDAY, 2)
    assert kept.plan_id is None and kept.url is None


def test_a_kept_plan_is_the_athletes_newest(db_url: str) -> None:
    with store.open_store(db_url):
        pass  # the database exists: planning keeps the plan in it
    kept = plan_and_keep(MONDAY, 4, athlete="sam", db=db_url)
    assert kept.url == db_url and kept.plan_id is not None
    with store.open_store(db_url) as st:
        newest = store.latest_plan(st, store.athlete_id(st, "sam"))
    assert newest is not None and newest.id == kept.plan_id


def test_next_sessions_today_or_the_next(st: store.Store) -> None:
    plan, _ = make_plan(MONDAY, 2, db=st)
    first = plan.sessions[0]
    assert next_sessions(plan, first.day) == (first, plan.sessions[1])
    before = first.day - timedelta(days=1)
    now, later = next_sessions(plan, before)
    assert later == first and (now is None or now.day == before)
    assert todays_prescription(first.day) == first.prescription


def test_exports_write_a_calendar_json_and_one_fit_file_per_session(tmp_path: Path) -> None:
    plan, _ = make_plan(MONDAY, 4)
    files = export_plan(
        plan, ics=tmp_path / "p.ics", json=tmp_path / "p.json", fit_dir=tmp_path / "fit"
    )
    cal = icalendar.Calendar.from_ical((tmp_path / "p.ics").read_bytes())
    assert len(list(cal.walk("VEVENT"))) == len(plan.sessions) + len(plan.races)
    assert files.json == tmp_path / "p.json" and files.json.stat().st_size > 0
    assert files.fit is not None and len(files.fit) == len(plan.sessions)
    assert {p.name for p in files.fit} == {f"upright-{s.day}.fit" for s in plan.sessions}
    assert export_plan(plan) == type(files)()  # nothing asked, nothing written


def test_a_session_workout_is_a_fit_file_on_a_planned_day_only() -> None:
    plan, _ = make_plan(MONDAY, 2)
    day = plan.sessions[0].day
    data = session_workout(plan, day)
    assert data is not None and data[8:12] == b".FIT"
    free = next(
        d for d in (MONDAY + timedelta(days=i) for i in range(14)) if not plan.session_on(d)
    )
    assert session_workout(plan, free) is None
