"""Runs told from walks, hikes and rides; placeholder dates; plain messages; exit status.

The GPX and FIT files are written here with known pace, climb, heart rate and cadence,
so each verdict is known by hand from the thresholds of `upright.plan.activity_kind`.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from plan_fixtures import (
    STRAVA_HEADER,
    fit_activity,
    gpx_outing,
    strava_row,
    write_csv,
)
from typer.testing import CliRunner

from upright import store
from upright.cli import app
from upright.plan.activity_kind import RUN_MIN_M, RUN_MIN_S, infer
from upright.plan.fit_import import read_fit
from upright.plan.gpx_import import read_gpx
from upright.plan.log_import import import_paths
from upright.plan.persist import load_activities

NOW = datetime(2026, 4, 1, 12, 0, tzinfo=UTC)
DAY = datetime(2026, 3, 14, 9, 0, tzinfo=UTC)
PLACEHOLDER = datetime(1901, 12, 13, 20, 45, 52, tzinfo=UTC)  # -2**31 s from 1970


def _one(xml: str, name: str = "t.gpx"):
    (act,) = read_gpx(name, xml.encode()).activities
    return act


def test_the_two_hikes_of_the_issue_are_kept_but_not_running_load():
    """2.3 km in 76 min (1.8 km/h) and 4.0 km in 2 h 22 climbing 180 m (2.3 km/h flat)."""
    short = _one(gpx_outing(DAY, 2.3, 76))
    assert (short.sport, short.is_running) == ("walk", False)
    assert (
        short.load_reason == "no sport in the file; 2.3 km in 76 min, 1.8 km/h, slower than 6 km/h"
    )
    long = _one(gpx_outing(DAY, 4.0, 142, climb_m=180))
    assert (long.sport, long.is_running) == ("hike", False)  # 45 m per km: a hike
    assert "4.0 km in 2 h 22 with 180 m up" in long.load_reason
    assert long.verdict.startswith("a hike, not counted as running load: no sport in the file")


def test_a_real_run_with_no_type_counts():
    """10 km in 50 min: 12 km/h."""
    run = _one(gpx_outing(DAY, 10.0, 50))
    assert (run.sport, run.is_running) == ("run", True)
    assert run.distance_m == pytest.approx(10_000, rel=0.01)


def test_a_slow_hilly_trail_run_counts_by_its_climb():
    """6 km in 55 min is 6.5 km/h, but 400 m up makes 9.7 km/h on the flat: a run."""
    run = _one(gpx_outing(DAY, 6.0, 55, climb_m=400))
    assert run.is_running and "on the flat" in run.load_reason


@pytest.mark.parametrize(
    ("hr", "cadence", "sport"),
    [
        (None, 84, "run"),  # 168 steps/min: a running cadence decides
        (None, 58, "walk"),  # 116 steps/min: walking
        (135, None, "run"),  # between the paces, heart rate 135: a jog
        (92, None, "walk"),  # between the paces, heart rate 92: a brisk walk
        (None, None, "run"),  # nothing else to tell: taken as a run
    ],
)
def test_between_walking_and_running_pace_cadence_then_heart_rate_decide(hr, cadence, sport):
    """5 km in 43 min: 7.0 km/h, between 6 (walk) and 8 (run)."""
    act = _one(gpx_outing(DAY, 5.0, 43, hr=hr, cadence=cadence))
    assert act.sport == sport and act.is_running == (sport == "run")
    assert act.avg_hr == hr


def test_the_file_sport_wins_over_the_pace():
    """A GPX that says 'running' at a walker's pace is a (slow) run; 'hiking' is a hike."""
    assert _one(gpx_outing(DAY, 3.0, 40, kind="running")).is_running
    hike = _one(gpx_outing(DAY, 12.0, 60, kind="hiking"))
    assert (hike.sport, hike.is_running, hike.load_reason) == (
        "hike",
        False,
        "the file says 'hiking'",
    )
    coded = _one(gpx_outing(DAY, 2.0, 60, kind="9"))  # a numeric code names no sport
    assert coded.sport == "walk" and "no sport in the file" in coded.load_reason


def test_too_fast_to_be_on_foot():
    """30 km in 60 min with no sport: 30 km/h is a ride or a drive, not a run."""
    act = _one(gpx_outing(DAY, 30.0, 60))
    assert (act.sport, act.is_running) == ("other", False)
    assert infer(30_000, 3600).counts_as_load is False


@pytest.mark.parametrize(
    ("km", "minutes", "kind", "counted"),
    [
        (0.086, 0.53, None, False),  # an 86 m GPS fragment in 32 s at a running pace
        (0.029, 0.22, "running", False),  # the file says running, but 29 m in 13 s
        (0.5, 1.5, "running", False),  # 500 m, but only 90 s
        (0.19, 2.5, "running", False),  # 150 s, but only 190 m
        (0.25, 2.1, None, True),  # 250 m in 126 s at 7.1 km/h: the shortest real run
    ],
)
def test_too_short_to_be_a_run_is_kept_but_not_counted(km, minutes, kind, counted):
    """Under 200 m or under 2 min is a fragment, not a run: shown with the reason."""
    act = _one(gpx_outing(DAY, km, minutes, kind=kind, points=12))
    assert act.is_running is counted
    assert ("too short to be a run" in act.verdict) is not counted
    assert (RUN_MIN_M, RUN_MIN_S) == (200.0, 120.0)


def test_real_fragments_are_not_running_load(real_logs):
    """The truncated FIT (5.7 m in 14 s) and the 29-86 m GPX pieces count for nothing."""
    (cut,) = read_fit(real_logs / "fit" / "activity-unexpected-eof.fit").activities
    assert cut.sport == "run" and not cut.is_running
    assert cut.load_reason.endswith(
        "only 5.7 m in 14 s, too short to be a run (under 200 m or 2 min)"
    )
    gpx = real_logs / "gpx"
    for name in ("cerknicko-jezero.gpx", "track-with-empty-segment.gpx"):
        for act in read_gpx(name, (gpx / name).read_bytes()).activities:
            assert not (act.is_running and act.distance_m < 200), (name, act.distance_m)


def test_a_reason_does_not_repeat_the_counted_badge():
    """The reason is the evidence; "not counted" is the badge's word, said once."""
    for kind in (infer(30_000, 3600), infer(29, 13), infer(2300, 76 * 60)):
        assert "counted" not in kind.reason and "kept" not in kind.reason, kind.reason


def test_fit_with_a_generic_sport_is_told_by_its_cadence():
    """A FIT session with sport 'generic': 5 km in 40 min (7.5 km/h), pace alone says jog."""
    data = fit_activity(
        DAY, 5000, 2400, sport="generic", sub_sport="generic", avg_hr=None, ascent_m=0
    )
    (act,) = read_fit("g.fit", data).activities
    assert act.is_running and "no sport in the file" in act.load_reason
    walking = fit_activity(DAY, 2000, 1800, sport="generic", sub_sport="generic", ascent_m=0)
    (walk,) = read_fit("w.fit", walking).activities
    assert (walk.sport, walk.is_running) == ("walk", False)  # 4 km/h


def test_real_walk_and_bike_fit_files(real_logs):
    (walk,) = read_fit(real_logs / "fit" / "garmin-fenix-5-walk.fit").activities
    assert (walk.sport, walk.is_running, walk.load_reason) == (
        "walk",
        False,
        "the file says 'walking'",
    )
    (ride,) = read_fit(real_logs / "fit" / "garmin-fenix-5-bike.fit").activities
    assert (ride.sport, ride.is_running) == ("ride", False)


def test_a_strava_row_with_no_type_is_told_by_its_pace(tmp_path):
    path = write_csv(
        tmp_path / "activities.csv",
        STRAVA_HEADER,
        [
            strava_row(1, "Mar 15, 2026, 7:02:33 AM", "", 3.0, 2700),  # 4 km/h
            strava_row(2, "Mar 16, 2026, 7:02:33 AM", "Run", 3.0, 2700),  # says Run
        ],
    )
    s = import_paths([path], now=NOW)
    walk, run = s.activities
    assert (walk.sport, walk.is_running) == ("walk", False)
    assert (run.sport, run.is_running) == ("run", True)


def test_placeholder_and_future_dates_are_refused_naming_the_file(tmp_path):
    """Every point at 1901-12-13 (a 32-bit clock's earliest): not a 3 km run that day."""
    (tmp_path / "nodate.gpx").write_text(gpx_outing(DAY, 3.0, 20, stamp=PLACEHOLDER))
    (tmp_path / "ahead.gpx").write_text(gpx_outing(NOW + timedelta(days=30), 5.0, 25))
    (tmp_path / "good.gpx").write_text(gpx_outing(DAY, 5.0, 25))
    s = import_paths([tmp_path], now=NOW)
    assert [a.source.rsplit("/", 1)[-1] for a in s.activities] == ["good.gpx"]
    texts = sorted(str(p) for p in s.problems)
    assert texts == [
        f"{tmp_path / 'ahead.gpx'}, track 1 ('Outing'): dated 01 May 2026 12:00, in the "
        "future (is the device's clock right?): left out",
        f"{tmp_path / 'nodate.gpx'}, track 1 ('Outing'): dated 13 Dec 1901 20:45, before "
        "1990: a placeholder date (the device did not know the time), not the day it was "
        "done: left out",
    ]
    assert s.failed == 2 and s.exit_status == 1


def test_plain_messages_for_broken_files(tmp_path, real_logs):
    (tmp_path / "empty.fit").write_bytes(b"")
    (tmp_path / "empty.gpx").write_text("")
    (tmp_path / "empty.csv").write_text("\n")
    cut = (real_logs / "fit" / "activity-unexpected-eof.fit").read_bytes()
    (tmp_path / "header-only.fit").write_bytes(cut[:20])
    (tmp_path / "cut.gpx").write_text(gpx_outing(DAY, 5.0, 25)[:900])
    s = import_paths([tmp_path], now=NOW)
    by_file = {p.file.rsplit("/", 1)[-1]: str(p).split(": ", 1)[1] for p in s.failed_files}
    assert by_file["empty.fit"] == "the file is empty"
    assert by_file["empty.gpx"] == "the file is empty"
    assert by_file["empty.csv"] == "the file is empty"
    assert by_file["header-only.fit"].startswith("not a readable FIT file")
    assert "truncated?" in by_file["header-only.fit"]
    assert by_file["cut.gpx"].startswith("not a readable GPX file: its XML breaks off")
    for text in by_file.values():  # no code words for a runner
        for jargon in ("field", "trkpt", "local message", "@", "Error"):
            assert jargon not in text, text
    assert s.exit_status == 2 and s.why_nothing() == "every file failed"


def test_damaged_fit_in_plain_words(real_logs):
    result = read_fit(real_logs / "fit" / "activity-unexpected-eof.fit")
    assert str(result.problems[0]).endswith(
        "damaged after 14 records: the file ends in the middle of a record (truncated?); "
        "the rest of the file was not read"
    )


def test_exit_status_and_what_is_said(tmp_path, real_logs):
    """0: all imported; again: all already imported (0); 1: one failed; 2: nothing."""
    log = tmp_path / "log"
    log.mkdir()
    (log / "run.gpx").write_text(gpx_outing(DAY, 10.0, 50))
    (log / "hike.gpx").write_text(gpx_outing(DAY + timedelta(days=1), 2.3, 76))
    (log / "LICENSE").write_text("MIT")
    (log / "README.md").write_text("my runs")
    db = f"sqlite:///{tmp_path / 'u.sqlite3'}"
    runner = CliRunner()

    def run(*paths):
        return runner.invoke(
            app, ["import-runs", *map(str, paths), "--db", db], env={"COLUMNS": "250"}
        )

    first = run(log)
    assert first.exit_code == 0, first.output
    assert "not running logs, left alone: LICENSE, README.md" in first.output
    assert "hike.gpx, track 1 ('Outing'): a walk, kept in the log but not counted" in first.output
    again = run(log)
    assert again.exit_code == 0
    assert "already imported, skipped: hike.gpx, run.gpx" in again.output
    (tmp_path / "empty.fit").write_bytes(b"")
    (tmp_path / "ride.fit").write_bytes(
        fit_activity(DAY + timedelta(days=2), 30_000, 3600, sport="cycling")
    )
    some = run(tmp_path / "empty.fit", tmp_path / "ride.fit")
    assert some.exit_code == 1
    assert f"failed: {tmp_path / 'empty.fit'}: the file is empty" in some.output
    nothing = run(tmp_path / "empty.fit")
    assert nothing.exit_code == 2 and "nothing imported: every file failed" in nothing.output
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "LICENSE").write_text("MIT")
    no_log = run(docs)
    assert no_log.exit_code == 2 and "no running log" in no_log.output
    with store.open_store(db) as st:
        acts = load_activities(st, store.athlete_id(st, "me"))
    assert [(a.sport, a.is_running) for a in acts] == [
        ("run", True),
        ("walk", False),
        ("ride", False),
    ]
    assert acts[1].load_reason.startswith("no sport in the file; 2.3 km in 76 min")


def test_what_a_non_run_was_reads_as_english():
    from upright.cli.plan_cmd import _not_a_run

    assert [_not_a_run(s) for s in ("walk", "hike", "other", "", "indoor_rowing")] == [
        "a walk",
        "a hike",
        "not a run",
        "not a run",
        "an indoor rowing",
    ]
