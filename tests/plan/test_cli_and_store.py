"""The commands end to end, and the store glue on a fresh SQLite database."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from plan_fixtures import STRAVA_HEADER, fit_activity, strava_row, write_csv
from typer.testing import CliRunner

from upright import store
from upright.catalog import default_catalog
from upright.cli import app
from upright.plan.persist import load_activities, load_history, save_plan
from upright.plan.planner import build_plan
from upright.plan.profile import AthleteProfile

runner = CliRunner()


def test_today_works_with_no_profile_and_no_database():
    result = runner.invoke(app, ["today", "--date", "2026-03-31"])
    assert result.exit_code == 0, result.output
    assert "default runner" in result.output and "Bird dog" in result.output


def test_plan_four_weeks_with_a_profile_and_exports(tmp_path):
    profile = tmp_path / "p.toml"
    profile.write_text(
        'name = "Sam"\nlong_run_day = "sat"\nkey_session_days = ["wed"]\n'
        'equipment = ["mat", "ball", "dumbbells"]\n'
    )
    args = [
        "plan",
        "--weeks",
        "4",
        "--start",
        "2026-03-30",
        "--profile",
        str(profile),
        "--ics",
        str(tmp_path / "p.ics"),
        "--json",
        str(tmp_path / "p.json"),
        "--fit-dir",
        str(tmp_path / "fit"),
    ]
    result = runner.invoke(app, args, env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "Back program for Sam" in result.output and "key-session day" in result.output
    assert (tmp_path / "p.ics").exists() and (tmp_path / "p.json").exists()
    assert len(list((tmp_path / "fit").glob("*.fit"))) == 8


def test_bad_profile_is_a_clean_message(tmp_path):
    profile = tmp_path / "p.toml"
    profile.write_text('long_run_day = "someday"\n')
    result = runner.invoke(app, ["plan", "--profile", str(profile)])
    assert result.exit_code != 0
    assert "long_run_day" in str(result.exception) and str(profile) in str(result.exception)


def test_import_runs_twice_then_plan_uses_the_log(tmp_path):
    db = f"sqlite:///{tmp_path / 'u.db'}"
    start = datetime.now(UTC) - timedelta(days=3)
    (tmp_path / "log").mkdir()
    (tmp_path / "log" / "a.fit").write_bytes(fit_activity(start, 10_000, 3000))
    write_csv(
        tmp_path / "log" / "activities.csv",
        STRAVA_HEADER,
        [
            strava_row(
                1, (start - timedelta(days=2)).strftime("%b %d, %Y, %I:%M:%S %p"), "Run", 8.0, 2400
            )
        ],
    )
    first = runner.invoke(app, ["import-runs", str(tmp_path / "log"), "--db", db])
    assert first.exit_code == 0, first.output
    assert (
        "2 activities imported, 0 skipped (already known or not an activity), 0 failed"
        in first.output
    )
    again = runner.invoke(app, ["import-runs", str(tmp_path / "log"), "--db", db])
    assert "0 activities imported, 2 skipped" in again.output
    with store.open_store(db) as st:
        acts = load_activities(st, store.athlete_id(st, "me"))
    assert sorted(a.distance_m for a in acts) == [8000.0, 10_000.0]
    plan = runner.invoke(app, ["plan", "--weeks", "1", "--db", db], env={"COLUMNS": "200"})
    assert plan.exit_code == 0, plan.output


def test_history_from_the_store_drives_progression(tmp_path):
    """Two clean camera-watched sessions of 3 x 8 seated rows at 30 kg: next is 9 reps."""
    cat = default_catalog()
    with store.open_store(f"sqlite:///{tmp_path / 'h.db'}") as st:
        aid = store.ensure_athlete(st, "me")
        for day in (date(2026, 3, 23), date(2026, 3, 26)):
            sid = store.start_session(
                st, aid, started_at=datetime(day.year, day.month, day.day, 7, tzinfo=UTC)
            )
            for k in range(3):
                t0 = datetime(day.year, day.month, day.day, 7, k, tzinfo=UTC)
                reps = tuple(
                    store.RepEntry(index=i + 1, start_s=i * 4.0, end_s=i * 4.0 + 3)
                    for i in range(8)
                )
                store.record_set(
                    st,
                    sid,
                    store.SetEntry(
                        exercise_id="seated_cable_row",
                        started_at=t0,
                        ended_at=t0 + timedelta(seconds=40),
                        reps=8,
                        load_kg=30.0,
                        source="camera",
                        rep_log=reps,
                    ),
                )
            store.end_session(st, sid)
        history = load_history(st, aid, cat)
        assert [h.reps for h in history] == [8, 8] and history[0].total_reps == 24
        plan = build_plan(AthleteProfile(), date(2026, 3, 30), 1, history=history, catalog=cat)
        row = next(
            p
            for p in plan.sessions[0].prescription.exercises
            if p.exercise_id == "seated_cable_row"
        )
        assert (row.reps, row.load_kg) == (9, 30.0)
        plan_id = save_plan(st, aid, plan)
        assert store.latest_plan(st, aid).id == plan_id


def test_profile_init_show_save_and_stored_races(tmp_path):
    path = tmp_path / "profile.toml"
    assert runner.invoke(app, ["profile", "init", str(path)]).exit_code == 0
    assert runner.invoke(app, ["profile", "init", str(path)]).exit_code != 0  # no overwrite
    shown = runner.invoke(app, ["profile", "show", "--profile", str(path)])
    assert shown.exit_code == 0 and "long run: sun" in shown.output
    db = f"sqlite:///{tmp_path / 'p.db'}"
    path.write_text(path.read_text().replace('long_run_day = "sun"', 'long_run_day = "sat"'))
    assert runner.invoke(app, ["profile", "save", str(path), "--db", db]).exit_code == 0
    race_day = date(2026, 4, 26)
    with store.open_store(db) as st:
        aid = store.athlete_id(st, "me")
        store.add_race(
            st,
            aid,
            store.RaceEntry(race_date=race_day, name="Half", distance_m=21_097.5, priority="A"),
        )
    from upright.workflows.plans import make_plan

    plan, source = make_plan(date(2026, 4, 13), 2, db=db)
    assert source.origin == "database (me)"
    assert [w.phase.phase for w in plan.weeks] == ["taper", "race_week"]
    assert all(s.day.weekday() != 4 for s in plan.sessions)  # never the day before Sat


def test_profile_init_s_example_race_lies_ahead(tmp_path):
    # The example's race date was a fixed 2026-10-11: once past, a runner who uncommented
    # it got a race already run, which shapes no plan. It is now 16-17 weeks ahead.
    path = tmp_path / "profile.toml"
    assert runner.invoke(app, ["profile", "init", str(path)]).exit_code == 0
    text = path.read_text()
    for line in ("# [[race]]", '# name = "City Marathon"', "# date = ", '# priority = "A"'):
        text = text.replace(line, line[2:])
    path.write_text(text)
    (day,) = [
        date.fromisoformat(x.split("= ")[1]) for x in text.splitlines() if x.startswith("date = ")
    ]
    assert day.weekday() == 6 and 16 * 7 <= (day - date.today()).days < 17 * 7
    out = tmp_path / "plan.json"
    result = runner.invoke(
        app,
        ["plan", "--profile", str(path), "--db", f"sqlite:///{tmp_path / 'p.db'}",
         "--weeks", "18", "--json", str(out)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "before the plan starts" not in result.output
    assert "taper" in out.read_text()  # the race shapes the plan
