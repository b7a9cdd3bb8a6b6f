"""Progress plots on a known history: the right number of points, markers and bars."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pytest
from matplotlib.dates import num2date

from upright.report.figures import figure_bytes, save_figure
from upright.report.history import SetPoint, WeekPoint
from upright.report.progress import (
    exercise_progress_figure,
    faults_figure,
    faults_per_week,
    running_vs_back_figure,
)

MONDAY = date(2025, 3, 3)


def _row_history() -> list[SetPoint]:
    """Rows on 5 days over 3 weeks, 2 sets a day: load 20 -> 22.5 -> 25 kg.

    Faulty sets: day 3 set 2 (lean_back), day 5 both sets (lean_back, then trunk_still
    twice): 3 faulty sets of 10; 4 faults of lean_back/trunk_still in weeks 2 and 3.
    """
    days = [MONDAY + timedelta(days=d) for d in (0, 3, 7, 10, 14)]
    loads = [20.0, 20.0, 22.5, 22.5, 25.0]
    faults = {(2, 1): ("lean_back",), (4, 0): ("lean_back",), (4, 1): ("trunk_still",) * 2}
    return [
        SetPoint(
            day=d,
            exercise_id="seated_cable_row",
            reps=10 - s,
            load_kg=loads[i],
            faults=faults.get((i, s), ()),
            session=i,
        )
        for i, d in enumerate(days)
        for s in range(2)
    ]


def _bird_dog_history() -> list[SetPoint]:
    """Bird dog, body weight, 4 sessions of 2 sets, holds growing 3 -> 4.5 s; no faults."""
    return [
        SetPoint(
            day=MONDAY + timedelta(days=2 + 7 * i),
            exercise_id="bird_dog",
            reps=8,
            hold_s=3.0 + 0.5 * i,
            session=10 + i,
        )
        for i in range(4)
        for _ in range(2)
    ]


def _weeks() -> list[WeekPoint]:
    """Six weeks; planned 2 a week; week 4 has a ramp warning and week 6 two warnings."""
    done = [2, 2, 1, 0, 2, 1]
    km = [20.0, 24.0, 30.0, 42.0, 28.0, 35.0]
    warn = {
        3: ("Your running rose 40 % over two weeks.",),
        5: ("A 16 km run, 45 % longer than your longest.", "ACWR 1.6"),
    }
    return [
        WeekPoint(MONDAY + timedelta(weeks=k), done[k], km[k], 2, warn.get(k, ())) for k in range(6)
    ]


def _line(fig, gid: str):
    found = [a for ax in fig.axes for a in ax.get_children() if a.get_gid() == gid]
    assert found, f"no artist {gid!r}"
    return found


def test_exercise_progress_points(figure_dir: Path, exercise_catalog) -> None:
    sets = _row_history()
    fig = exercise_progress_figure(sets, exercise_catalog["seated_cable_row"].name)
    assert len(fig.axes) == 2  # load and reps; no hold logged
    load_line, reps_line = _line(fig, "session-line")
    assert len(load_line.get_xdata()) == 5
    assert list(load_line.get_ydata()) == [20.0, 20.0, 22.5, 22.5, 25.0]
    assert list(reps_line.get_ydata()) == [9.5] * 5
    clean = _line(fig, "clean-sets")[0]
    faulty = _line(fig, "faulty-sets")[0]
    assert (len(clean.get_xdata()), len(faulty.get_xdata())) == (7, 3)
    days = {num2date(x).date() for x in np.round(faulty.get_xdata())}
    assert days == {MONDAY + timedelta(days=7), MONDAY + timedelta(days=14)}
    png, svg = save_figure(fig, figure_dir, "progress_rows")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert b"<svg" in svg.read_bytes()[:500]


def test_hold_panel_when_holds_logged(figure_dir: Path) -> None:
    fig = exercise_progress_figure(_bird_dog_history(), "Bird dog")
    save_figure(fig, figure_dir, "progress_bird_dog")
    assert [ax.get_ylabel() for ax in fig.axes] == ["reps per set", "hold per rep (s)"]
    hold_line = _line(fig, "session-line")[1]
    assert list(hold_line.get_ydata()) == [3.0, 3.5, 4.0, 4.5]
    assert len(_line(fig, "faulty-sets")[1].get_xdata()) == 0


def test_faults_per_week_counts() -> None:
    weeks, per_rule = faults_per_week(_row_history())
    assert weeks == [MONDAY, MONDAY + timedelta(weeks=1), MONDAY + timedelta(weeks=2)]
    assert per_rule == {"lean_back": [0, 1, 1], "trunk_still": [0, 0, 2]}


def test_faults_figure_lines(figure_dir: Path, exercise_catalog) -> None:
    names = {r.id: r.name for r in exercise_catalog["seated_cable_row"].rules}
    fig = faults_figure(_row_history(), names)
    save_figure(fig, figure_dir, "faults_per_week")
    lean = _line(fig, "rule:lean_back")[0]
    assert list(lean.get_ydata()) == [0, 1, 1]
    assert lean.get_label() == names["lean_back"]
    assert len(_line(fig, "rule:trunk_still")[0].get_xdata()) == 3


def test_running_vs_back(figure_dir: Path) -> None:
    weeks = _weeks()
    fig = running_vs_back_figure(weeks)
    save_figure(fig, figure_dir, "running_vs_back")
    bars = _line(fig, "back-sessions")
    assert [b.get_height() for b in bars] == [2, 2, 1, 0, 2, 1]
    assert len(_line(fig, "planned")) == 6
    running = _line(fig, "running")[0]
    assert list(running.get_ydata()) == [w.running_km for w in weeks]
    warned = _line(fig, "warnings")[0]
    assert len(warned.get_xdata()) == 2
    assert len(_line(fig, "warning-note")) == 3
    assert figure_bytes(fig, "png")[:4] == b"\x89PNG"


def test_empty_history_still_draws(figure_dir: Path) -> None:
    figs = (exercise_progress_figure([], "Bird dog"), faults_figure([]), running_vs_back_figure([]))
    for k, fig in enumerate(figs):
        png, _ = save_figure(fig, figure_dir, f"empty_{k}")
        assert png.stat().st_size > 1000


@pytest.fixture(scope="module")
def exercise_catalog():
    from upright.catalog import default_catalog

    return default_catalog()
