"""Load metrics with known answers: weekly sums, ACWR, two-week ramp, spikes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from upright.plan.activity import Activity
from upright.plan.evidence import default_evidence
from upright.plan.load import load_report, spikes

TODAY = date(2026, 4, 12)


def run(day: date, km: float, sport: str = "run") -> Activity:
    start = datetime(day.year, day.month, day.day, 7, tzinfo=UTC)
    return Activity(start=start, sport=sport, distance_m=km * 1000, moving_s=km * 330)


def weeks_of(per_week_km: list[float]) -> list[Activity]:
    """Oldest week first; each week as 4 equal runs on days 0, 2, 4, 6 of the window."""
    acts = []
    n = len(per_week_km)
    for k, km in enumerate(per_week_km):
        first = TODAY - timedelta(days=7 * (n - 1 - k) + 6)
        acts += [run(first + timedelta(days=d), km / 4) for d in (0, 2, 4, 6)]
    return acts


def test_ramp_of_thirty_percent_warns_with_the_numbers():
    """30 km, 34 km, then 40 km: a 33 % rise over two weeks."""
    report = load_report(weeks_of([30, 30, 30, 34, 40]), TODAY)
    assert report.weeks[0].distance_km == pytest.approx(40)
    assert report.ramp == pytest.approx(40 / 30 - 1)
    (warning,) = [w for w in report.warnings if w.kind == "ramp"]
    # the runner's numbers in one line; the study one `--why` away
    assert warning.message == "Your running rose 33 % in two weeks (30 -> 40 km a week)"
    assert "1.59" in warning.why and "more than 30 %" in warning.why
    assert "Nielsen" in warning.why and warning.study_value == 0.30


def test_steady_running_gives_no_warning_and_acwr_one():
    report = load_report(weeks_of([30, 30, 30, 30, 30]), TODAY)
    assert report.acwr == pytest.approx(1.0)
    assert report.ramp == pytest.approx(0.0)
    assert report.warnings == ()


def test_acwr_counts_this_week_in_the_mean():
    report = load_report(weeks_of([20, 20, 20, 60]), TODAY)
    assert report.acwr == pytest.approx(60 / 30)
    assert any(w.kind == "acwr" for w in report.warnings)


def test_non_running_is_not_load():
    acts = weeks_of([30]) + [run(TODAY, 80, sport="ride")]
    assert load_report(acts, TODAY).weeks[0].distance_km == pytest.approx(30)


@pytest.mark.parametrize(
    ("km", "band", "ratio"),
    [
        (10.9, None, None),
        (11.5, "small", "1.64"),
        (15.0, "moderate", "1.52"),
        (25.0, "large", "2.28"),
    ],
)
def test_single_run_spike_bands(km, band, ratio):
    """Longest run of the previous 30 days is 10 km."""
    acts = [
        run(TODAY - timedelta(days=20), 10),
        run(TODAY - timedelta(days=10), 8),
        run(TODAY - timedelta(days=40), 30),
        run(TODAY, km),
    ]
    found = spikes(acts, TODAY, default_evidence())
    if band is None:
        assert found == ()
        return
    (spike,) = found
    assert spike.band.name == band and spike.previous_longest_km == 10
    warning = load_report(acts, TODAY).warnings[0]
    assert f"(10 -> {km:g} km" in warning.message
    assert ratio in warning.why and "Frandsen" in warning.why


def test_first_run_has_nothing_to_spike_against():
    assert spikes([run(TODAY, 20)], TODAY - timedelta(days=7), default_evidence()) == ()
