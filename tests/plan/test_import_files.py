"""FIT and GPX import: files written here with known values, and the real files."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from plan_fixtures import fit_activity, gpx_track

from upright.plan.fit_import import read_fit
from upright.plan.gpx_import import read_gpx

START = datetime(2026, 3, 1, 7, 0, tzinfo=UTC)


def test_fit_run_summary_with_time_zone():
    """A 10 km run in 50 min, 42 m up, 150 bpm, recorded at UTC+2."""
    result = read_fit("run.fit", fit_activity(START, 10_000, 3000, utc_offset_h=2))
    assert result.problems == ()
    (act,) = result.activities
    assert act.start == START
    assert act.start.utcoffset() == timedelta(hours=2)
    assert (act.sport, act.distance_m, act.moving_s) == ("run", 10_000.0, 3000.0)
    assert (act.ascent_m, act.avg_hr, act.is_running) == (42.0, 150.0, True)


@pytest.mark.parametrize(
    ("sport", "sub", "expected"),
    [
        ("cycling", "generic", "ride"),
        ("walking", "generic", "walk"),
        ("running", "treadmill", "treadmill_run"),
        ("training", "strength_training", "strength"),
    ],
)
def test_fit_other_sports_are_kept_but_not_running(sport, sub, expected):
    (act,) = read_fit(
        "x.fit", fit_activity(START, 5000, 1200, sport=sport, sub_sport=sub)
    ).activities
    assert act.sport == expected
    assert act.is_running == expected.endswith("run")


def test_truncated_fit_keeps_the_records_and_says_what_is_missing():
    data = fit_activity(START, 10_000, 3000)
    cut = data[: len(data) // 2]
    result = read_fit("cut.fit", cut)
    (act,) = result.activities
    assert act.start == START and 0 < act.distance_m < 10_000
    text = " | ".join(map(str, result.problems))
    assert "cut.fit" in text and "damage" in text and "session summary" in text


def test_fit_with_garbage_is_a_failed_file():
    result = read_fit("junk.fit", b"this is not a fit file at all" * 3)
    assert result.failed and result.problems[-1].fatal
    assert "junk.fit" in str(result.problems[0])


def test_real_fit_files(real_logs):
    fit = real_logs / "fit"
    (run,) = read_fit(fit / "activity-small-fenix2-run.fit").activities
    assert run.is_running and run.distance_m == pytest.approx(9008.22)
    assert run.start.utcoffset() == timedelta(hours=2)
    (ride,) = read_fit(fit / "garmin-fenix-5-bike.fit").activities
    assert ride.sport == "ride" and not ride.is_running
    (walk,) = read_fit(fit / "garmin-fenix-5-walk.fit").activities
    assert walk.sport == "walk"
    (gym,) = read_fit(fit / "20170518-191602-1740899583.fit").activities
    assert not gym.is_running and gym.avg_hr == 132
    for broken in ("activity-unexpected-eof.fit", "activity-settings-corruptheader.fit"):
        result = read_fit(fit / broken)
        # 5.7 m in 14 s before the damage: kept, but too short to be running load.
        assert len(result.activities) == 1 and not result.activities[0].is_running
        assert "too short to be a run" in result.activities[0].verdict
        assert broken in str(result.problems[0]) and "not read" in str(result.problems[0])
    workout = read_fit(fit / "WorkoutRepeatSteps.fit")
    assert workout.failed and "workout file" in str(workout.problems[0])


def test_gpx_track_with_times():
    """30 points 10 m apart every 5 s: 290 m in 145 s."""
    result = read_gpx("t.gpx", gpx_track(START).encode())
    (act,) = result.activities
    assert act.start == START and act.is_running
    assert act.distance_m == pytest.approx(290, rel=0.01)
    assert act.elapsed_s == 145


def test_gpx_without_times_or_points():
    no_times = read_gpx("nt.gpx", gpx_track(None).encode())
    assert no_times.failed
    # plain words for the runner; the field stays on the problem for the record
    assert no_times.problems[0].field == "time"
    assert str(no_times.problems[0]) == (
        "nt.gpx, track 1 ('Morning run'): its 30 points have no time, so it cannot be put "
        "on a day: left out"
    )
    empty = read_gpx("e.gpx", gpx_track(START, points=0).encode())
    assert empty.failed and "track points" in str(empty.problems[0])
    bad = read_gpx("b.gpx", b"<gpx><trk>")
    assert bad.failed and "b.gpx" in str(bad.problems[0])


def test_real_gpx_files(real_logs):
    gpx = real_logs / "gpx"
    assert len(read_gpx(gpx / "cerknicko-jezero.gpx").activities) >= 1
    route = read_gpx(gpx / "route.gpx")
    assert route.failed and "route" in route.problems[0].found
    no_times = read_gpx(gpx / "cerknicko-without-times.gpx")
    assert any(p.field == "time" for p in no_times.problems)
    assert read_gpx(gpx / "track-with-empty-segment.gpx").activities
