"""A season, week by week: the runner's log grows in a real database, and after each
week the terminal plans the next three, as a runner would.

The runner (Berlin, long run Sunday, intervals Tuesday) builds volume for six weeks
(long run 14 -> 19 km, at most 10 % a week: no spike), jumps to a 28 km long run in
week 7, runs normally in weeks 8-9, is ill in weeks 10-12 (no run), comes back in weeks
13-15, and races a marathon (A) on the Sunday of week 16. After every week the plan is
checked against the rules: calendar weeks Monday to Sunday, the race week is week 16 and
the taper week 15, no session on race day, the day before or the two days after, never on
the long run's day or the day before it or before intervals; the warnings and what they
changed; and the terminal's plan is the one the web's call makes from the same database.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from typer.testing import CliRunner

from upright import store
from upright.cli import app
from upright.plan.activity import Activity
from upright.plan.persist import save_activities
from upright.plan.plan_export import plan_to_dict
from upright.workflows.plans import make_plan

BERLIN = ZoneInfo("Europe/Berlin")
WEEK1 = date(2026, 8, 31)  # a Monday
RACE = WEEK1 + timedelta(weeks=15, days=6)  # Sunday of week 16
LONG = {1: 14, 2: 15, 3: 16, 4: 17, 5: 18, 6: 19, 7: 28, 8: 18, 9: 18}
LONG |= {13: 10, 14: 11, 15: 12}
ILL = {10, 11, 12}
runner = CliRunner()


def monday(week: int) -> date:
    return WEEK1 + timedelta(weeks=week - 1)


def week_of_runs(week: int) -> list[Activity]:
    """Tue 8 km intervals, Thu and Sat easy, Sun long; nothing while ill."""
    if week in ILL or week not in LONG:
        return []
    base = monday(week)
    easy = 6.0 if week < 13 else 5.0
    plan = [(1, 8.0), (3, easy), (5, easy), (6, float(LONG[week]))]
    return [
        Activity(
            start=datetime.combine(base + timedelta(days=d), time(7, 30), tzinfo=BERLIN),
            sport="run",
            distance_m=km * 1000,
            moving_s=km * 330,
            source=f"week {week}",
        )
        for d, km in plan
    ]


def check_rules(data: dict, start: date) -> None:
    """The date rules on the plan as the terminal wrote it (JSON)."""
    assert data["timezone"] == "Europe/Berlin"
    for k, w in enumerate(data["weeks"]):
        first = date.fromisoformat(w["first_day"])
        assert first.weekday() == 0 and first == monday_of(start) + timedelta(weeks=k)
        phase = w["phase"]
        assert (phase == "race_week") == (first <= RACE <= first + timedelta(days=6))
        assert (phase == "taper") == (first == RACE - timedelta(days=13))
        for s in w["sessions"]:
            day = date.fromisoformat(s["day"])
            assert start <= day and first <= day <= first + timedelta(days=6)
            assert day.weekday() not in (0, 5, 6)  # day before Tue or Sun, and Sunday
            assert not -1 <= (day - RACE).days <= 2
            if 0 <= (RACE - day).days <= 14:
                assert not s["may_increase"]
            if 0 <= (RACE - day).days < 10:
                assert s["light"]


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def plan_after(week: int, tmp_path, db: str, profile) -> dict:
    start = monday(week + 1)
    out = tmp_path / f"plan-{week}.json"
    args = ["plan", "--weeks", "3", "--start", start.isoformat(), "--db", db]
    result = runner.invoke(
        app, [*args, "--profile", str(profile), "--json", str(out)], env={"COLUMNS": "250"}
    )
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    check_rules(data, start)
    return data


def test_a_season_week_by_week(tmp_path):
    db = f"sqlite:///{tmp_path / 'season.db'}"
    profile = tmp_path / "profile.toml"
    profile.write_text(
        'timezone = "Europe/Berlin"\n'
        f'[[race]]\nname = "Autumn marathon"\ndate = {RACE.isoformat()}\npriority = "A"\n'
    )
    warnings_by_week: dict[int, list[dict]] = {}
    notes_by_week: dict[int, list[str]] = {}
    for week in range(1, 16):
        with store.open_store(db) as st:
            save_activities(st, store.ensure_athlete(st, "me"), week_of_runs(week))
        data = plan_after(week, tmp_path, db, profile)
        warnings_by_week[week] = data["load"]["warnings"]
        notes_by_week[week] = data["load"]["notes"]
        if week == 7:
            # the spike's week: light sessions, none on Friday before Sunday's long run
            (spike,) = [w for w in data["load"]["warnings"] if w["kind"] == "spike"]
            assert "jumped 47 % (19 -> 28 km" in spike["message"]
            assert "Frandsen" in spike["why"] and "Frandsen" not in spike["message"]
            first = data["weeks"][0]["sessions"]
            assert first and all(s["light"] and not s["may_increase"] for s in first)
            assert all(date.fromisoformat(s["day"]).weekday() != 4 for s in first)
        # the terminal's plan is the one the web's call makes from the same database
        # (the web keeps the profile in the database: here it is given as a file)
        with store.open_store(db) as st:
            web, _ = make_plan(monday(week + 1), 3, profile_path=profile, db=st)
        web_data = plan_to_dict(web)
        assert web_data["weeks"] == data["weeks"]
        assert web_data["load"]["warnings"] == data["load"]["warnings"]
    # the first weeks' log is too short for ratios, and says so
    assert "none is computed yet" in notes_by_week[1][0]
    assert all(not warnings_by_week[w] for w in (1, 2, 3, 4, 5, 6))
    # week 8 (two weeks after the spike) no longer warns of it
    assert not any(w["kind"] == "spike" for w in warnings_by_week[8])
    # ill for three weeks: still within 28 days of a run, nothing to warn of
    assert warnings_by_week[12] == [] and notes_by_week[12] == []
    # back from illness: 4 runs against three empty weeks, a ratio the dose is held for
    (acwr,) = warnings_by_week[13]
    assert acwr["kind"] == "acwr" and "keep their dose" in acwr["message"]
    # the last plan, made after week 15, is the race week itself
    last = plan_after(15, tmp_path, db, profile)
    assert last["weeks"][0]["phase"] == "race_week"
    assert {r["day"] for r in last["races"]} == {RACE.isoformat()}
    with store.open_store(db) as st:
        kept = store.latest_plan(st, store.athlete_id(st, "me"))
    # every plan was kept; the one in force still holds the weeks gone by
    assert kept is not None and kept.starts <= monday(3)
    assert max(p.session_date for p in kept.sessions) <= RACE + timedelta(weeks=2)
