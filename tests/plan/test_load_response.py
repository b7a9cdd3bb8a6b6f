"""Load warnings that act: each changes the plan it concerns and says so in one line.

The runner: long run Sunday, intervals Tuesday (the default week), time zone UTC. The
log ends on Sunday 12 Apr 2026; the plan starts on Monday 13 Apr. Without a warning the
week's two sessions are Tuesday (key-session day) and Friday (a rest day, best spread).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from plan_fixtures import logged
from typer.testing import CliRunner

from upright import store
from upright.catalog import default_catalog
from upright.cli import app
from upright.plan.activity import Activity
from upright.plan.load import load_report
from upright.plan.persist import save_activities
from upright.plan.planner import build_plan
from upright.plan.profile import AthleteProfile
from upright.plan.progression import LoggedExercise
from upright.report.coach import athlete_activity, athlete_rows

CAT = default_catalog()
SUNDAY = date(2026, 4, 12)
START = SUNDAY + timedelta(days=1)
RUNNER = AthleteProfile(timezone="UTC")


def run(day: date, km: float) -> Activity:
    start = datetime(day.year, day.month, day.day, 7, tzinfo=UTC)
    return Activity(start=start, sport="run", distance_m=km * 1000, moving_s=km * 330)


def spike_log(last_long_km: float) -> list[Activity]:
    """Five weeks of Tue 8, Thu 8, Sun 16 km; the last Sunday's long run is ``last_long_km``."""
    acts = []
    for k in range(5):
        sunday = SUNDAY - timedelta(weeks=4 - k)
        long_km = last_long_km if k == 4 else 16
        acts += [run(sunday - timedelta(days=5), 8), run(sunday - timedelta(days=3), 8)]
        acts.append(run(sunday, long_km))
    return acts


def daily_runs(per_week: list[int], km: float) -> list[Activity]:
    """Oldest week first: ``n`` runs of ``km`` on the first n days of each 7-day window."""
    acts = []
    for k, n in enumerate(per_week):
        first = SUNDAY - timedelta(days=7 * (len(per_week) - 1 - k) + 6)
        acts += [run(first + timedelta(days=d), km) for d in range(n)]
    return acts


def _days(plan) -> list[date]:
    return [s.day for s in plan.sessions]


def test_a_long_run_spike_lightens_the_week_and_keeps_clear_of_the_next_long_run():
    calm = build_plan(RUNNER, START, 1, activities=spike_log(16), catalog=CAT)
    assert calm.load.warnings == ()
    assert _days(calm) == [date(2026, 4, 14), date(2026, 4, 17)]
    spiked = build_plan(RUNNER, START, 1, activities=spike_log(24), catalog=CAT)
    (warning,) = spiked.load.warnings
    assert warning.message == (
        "Your long run of Sun 12 Apr jumped 50 % (16 -> 24 km, against your longest of the "
        "30 days before): the back sessions until Sun 19 Apr are lighter (fewer sets, no "
        "step up) and none is in the 2 days before your long run of Sun 19 Apr"
    )
    # moved off Friday (two days before Sunday's long run), lighter, nothing up
    assert date(2026, 4, 17) not in _days(spiked) and len(spiked.sessions) == 2
    assert all(s.day.weekday() not in (4, 5) for s in spiked.sessions)
    for light, full in zip(spiked.sessions, calm.sessions, strict=True):
        assert light.light and not light.may_increase
        assert sum(p.sets for p in light.prescription.exercises) < sum(
            p.sets for p in full.prescription.exercises
        )
    assert "Frandsen et al. 2025" in warning.why and "1.52" in warning.why


def test_a_two_week_ramp_drops_a_session():
    """5, 5, 5, 6 then 7 runs of 6 km: 30 -> 42 km over two weeks, no single-run spike."""
    log = daily_runs([5, 5, 5, 6, 7], 6.0)
    plan = build_plan(RUNNER, START, 2, activities=log, catalog=CAT)
    (warning,) = plan.load.warnings
    assert warning.kind == "ramp"
    assert warning.message == (
        "Your running rose 40 % in two weeks (30 -> 42 km a week): the week of Mon 13 Apr "
        "has one back session fewer (1 instead of 2) and none steps up until Sun 19 Apr"
    )
    assert [len(w.sessions) for w in plan.weeks] == [1, 2]
    assert not plan.weeks[0].sessions[0].may_increase
    unwarned = build_plan(RUNNER, START, 2, catalog=CAT)
    assert [len(w.sessions) for w in unwarned.weeks] == [2, 2]


def _two_clean_rows() -> list[LoggedExercise]:
    """Two clean camera-watched sessions of 3 x 8 seated rows at 30 kg: a step up is due."""
    return [
        logged(d, "seated_cable_row", sets=3, load_kg=30.0, total=24)
        for d in (date(2026, 4, 7), date(2026, 4, 10))
    ]


def _row(plan):
    first = plan.sessions[0].prescription.exercises
    return next(p for p in first if p.exercise_id == "seated_cable_row")


def test_a_high_acwr_holds_the_dose():
    """2, 4, 2 then 5 runs of 5 km: 25 km is 1.54 times the 4-week mean; ramp 25 %."""
    log = daily_runs([2, 4, 2, 5], 5.0)
    report = load_report(log, SUNDAY)
    assert report.acwr == pytest.approx(25 / 16.25) and report.ramp == pytest.approx(0.25)
    history = _two_clean_rows()
    plan = build_plan(RUNNER, START, 1, activities=log, history=history, catalog=CAT)
    (warning,) = plan.load.warnings
    assert warning.message == (
        "Your last 7 days' running (25 km) is 1.5 times your 4-week average (16.2 km a "
        "week): the back sessions until Sun 19 Apr keep their dose (no step up); the ratio "
        "is contested, so nothing else changes"
    )
    assert warning.why == (
        "Gabbett 2016 (BJSM) put the injury risk above an acute:chronic ratio of 1.5 (sweet "
        "spot 0.8-1.3); Impellizzeri et al. 2020 contested the ratio, and Frandsen et al. "
        "2025 found that weekly ACWR did not predict injury."
    )
    assert _row(plan).reps == 8
    free = build_plan(RUNNER, START, 1, history=history, catalog=CAT)
    assert _row(free).reps == 9  # the step the warning held back


def test_a_five_year_old_log_plans_from_the_profile_alone():
    old = [
        Activity(
            start=a.start - timedelta(days=5 * 365),
            sport="run",
            distance_m=a.distance_m,
            moving_s=a.moving_s,
        )
        for a in spike_log(40)  # a big spike, but five years ago
    ]
    plan = build_plan(RUNNER, START, 2, activities=old, catalog=CAT)
    assert plan.load.warnings == () and not plan.load.current
    assert plan.load.acwr is None and plan.load.ramp is None
    (note,) = plan.load.notes
    newest = max(a.start for a in old).date()
    assert note == (
        f"No run in your log in the last 28 days (the newest is from {newest:%d %b %Y}): "
        "the plan comes from your profile alone, not from that old running."
    )
    assert plan.weeks == build_plan(RUNNER, START, 2, catalog=CAT).weeks


def test_a_single_recent_run_gives_no_ratio_and_says_what_is_needed():
    report = load_report([run(SUNDAY - timedelta(days=2), 10)], SUNDAY)
    assert report.acwr is None and report.ramp is None and report.warnings == ()
    assert report.notes == (
        "Your running log covers 3 days (from 10 Apr 2026); the 2-week ramp needs 3 weeks "
        "of it, the ACWR 4 weeks and the single-run spike check 30 days, so none is "
        "computed yet.",
    )
    three_weeks = load_report(daily_runs([3, 3, 3], 5.0), SUNDAY)
    assert three_weeks.ramp == pytest.approx(0.0) and three_weeks.acwr is None
    assert three_weeks.notes == (
        "Your running log covers 21 days (from 23 Mar 2026); the ACWR needs 4 weeks of it "
        "and the single-run spike check 30 days, so neither is computed yet.",
    )


# ---- the terminal: one line each, the study behind --why; the plan is kept ----------

runner = CliRunner()


def test_plan_prints_one_line_per_warning_keeps_the_plan_and_uses_one_name(tmp_path):
    db = f"sqlite:///{tmp_path / 'u.db'}"
    with store.open_store(db) as st:
        save_activities(st, store.ensure_athlete(st, "me"), spike_log(24))
    profile = tmp_path / "p.toml"
    profile.write_text('name = "Sam"\ntimezone = "UTC"\n')
    args = ["plan", "--weeks", "2", "--start", START.isoformat(), "--db", db]
    env = {"COLUMNS": "250"}
    short = runner.invoke(app, [*args, "--profile", str(profile)], env=env)
    assert short.exit_code == 0, short.output
    assert "Back program for Sam" in short.output
    assert "load warning: Your long run of Sun 12 Apr jumped 50 % (16 -> 24 km" in short.output
    assert "Frandsen" not in short.output and "--why" in short.output
    assert f"plan kept for me in {db}" in short.output
    why = runner.invoke(app, [*args, "--why"], env=env)
    assert why.exit_code == 0, why.output
    assert "why: Frandsen et al. 2025, BJSM (n = 5,205)" in why.output
    assert "Back program for me" in why.output  # no profile name: the athlete's id
    with store.open_store(db) as st:
        aid = store.athlete_id(st, "me")
        kept = store.latest_plan(st, aid)
        assert kept is not None and kept.starts == START
        assert [p.session_date for p in kept.sessions] == [
            date(2026, 4, 14),
            date(2026, 4, 16),
            date(2026, 4, 21),
            date(2026, 4, 24),
        ]
        # planned later from Wednesday: Tuesday's session stays in the plan in force
        runner.invoke(app, ["plan", "--weeks", "1", "--start", "2026-04-15", "--db", db])
        days = [p.session_date for p in store.latest_plan(st, aid).sessions]
        assert days[0] == date(2026, 4, 14) and days.count(date(2026, 4, 14)) == 1
        assert days[1:] == [date(2026, 4, 15), date(2026, 4, 16)]  # the week's two, re-placed
        (row,) = athlete_rows(athlete_activity(st, date(2026, 4, 16)), date(2026, 4, 16))
    # `upright athletes` counts them: Tuesday's (carried over), Wednesday's and Thursday's
    assert row.name == "me" and row.adherence_text() == "0/3 (0 %)"


def test_plan_without_a_database_stores_nothing_and_creates_none(tmp_path):
    result = runner.invoke(app, ["plan", "--weeks", "1", "--start", START.isoformat()])
    assert result.exit_code == 0, result.output
    assert "plan kept" not in result.output
    assert not store.default_db_path().exists()
