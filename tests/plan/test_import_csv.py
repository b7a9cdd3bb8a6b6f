"""Strava and Garmin Connect activity CSVs: units, columns, bad rows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from plan_fixtures import GARMIN_HEADER, STRAVA_HEADER, garmin_row, strava_row, write_csv

from upright.plan.csv_import import read_activity_csv

CET = timezone(timedelta(hours=1))


def test_strava_summary_distance_is_km_and_dates_utc(tmp_path):
    path = write_csv(
        tmp_path / "activities.csv",
        STRAVA_HEADER,
        [
            strava_row(1, "Mar 15, 2026, 7:02:33 AM", "Run", 10.02, 3000),
            strava_row(2, "Mar 16, 2026, 6:30:00 PM", "Ride", 40.5, 5400),
            strava_row(3, "Mar 17, 2026, 6:00:00 AM", "Trail Run", 12.0, 5000),
        ],
    )
    result = read_activity_csv(path)
    assert result.problems == ()
    run, ride, trail = result.activities
    assert run.start == datetime(2026, 3, 15, 7, 2, 33, tzinfo=UTC)
    assert run.distance_m == pytest.approx(10_020) and run.moving_s == 3000
    assert run.avg_hr == 148 and run.ascent_m == 55 and run.is_running
    assert ride.sport == "ride" and not ride.is_running
    assert trail.sport == "trail_run" and trail.is_running


def test_strava_metres_in_the_km_column_is_caught(tmp_path):
    path = write_csv(
        tmp_path / "activities.csv",
        STRAVA_HEADER,
        [
            strava_row(1, "Mar 15, 2026, 7:02:33 AM", "Run", 10020.0, 3000),
            strava_row(2, "Mar 16, 2026, 7:02:33 AM", "Run", 8.0, 2400),
        ],
    )
    result = read_activity_csv(path)
    assert len(result.activities) == 1
    (problem,) = result.problems
    assert (problem.where, problem.field) == ("row 2", "Distance")
    assert "kilometres" in problem.expected and "10020.00 km" in problem.found


def test_garmin_km_and_miles(tmp_path):
    rows = [
        garmin_row("Running", "2026-03-15 07:30:12", "10.00", "00:50:00"),
        garmin_row("Cycling", "2026-03-16 17:00:00", "1,234.5", "40:00:00"),
    ]
    path = write_csv(tmp_path / "Activities.csv", GARMIN_HEADER, rows[:1])
    (km,) = read_activity_csv(path, tz=CET).activities
    assert km.start == datetime(2026, 3, 15, 7, 30, 12, tzinfo=CET)
    assert km.distance_m == pytest.approx(10_000) and km.moving_s == 3000
    assert km.ascent_m == 120 and km.avg_hr == 151
    mi_path = write_csv(
        tmp_path / "mi.csv",
        GARMIN_HEADER,
        [garmin_row("Running", "2026-03-15 07:30:12", "6.21", "00:50:00")],
    )
    (mi,) = read_activity_csv(mi_path, garmin_unit="mi", tz=CET).activities
    assert mi.distance_m == pytest.approx(6.21 * 1609.344)
    assert mi.ascent_m == pytest.approx(120 * 0.3048)
    big = write_csv(tmp_path / "big.csv", GARMIN_HEADER, rows[1:])
    (ride,) = read_activity_csv(big, tz=CET).activities
    assert ride.distance_m == pytest.approx(1_234_500)


def test_garmin_missing_values_and_bad_cells(tmp_path):
    path = write_csv(
        tmp_path / "g.csv",
        GARMIN_HEADER,
        [
            garmin_row("Running", "2026-03-15 07:30:12", "5.0", "00:25:00", **{"Avg HR": "--"}),
            garmin_row("Running", "15th of March", "5.0", "00:25:00"),
            garmin_row("Running", "2026-03-16 07:30:12", "five", "00:25:00"),
            garmin_row("Running", "2026-03-17 07:30:12", "5.0", "quarter past"),
        ],
    )
    result = read_activity_csv(path, tz=CET)
    assert len(result.activities) == 1 and result.activities[0].avg_hr is None
    fields = [(p.where, p.field) for p in result.problems]
    assert fields == [("row 3", "Date"), ("row 4", "Distance"), ("row 5", "Time")]
    assert "'15th of March'" in result.problems[0].found
    assert all(p.dropped for p in result.problems)


def test_renamed_columns_name_what_is_missing(tmp_path):
    header = [("Start Date" if c == "Activity Date" else c) for c in STRAVA_HEADER]
    path = write_csv(tmp_path / "activities.csv", header, [])
    result = read_activity_csv(path)
    assert result.failed
    (problem,) = result.problems
    assert problem.where == "header" and problem.field == "Activity Date"
    assert "Strava" in problem.expected and "Start Date" in problem.found
