"""Write an athlete's progress plots from the store into a folder (PNG and SVG each)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, date, timedelta, tzinfo
from pathlib import Path

from upright.catalog import Exercise, default_catalog
from upright.report.figures import save_figure
from upright.report.history import exercises_in, set_points, week_points
from upright.report.progress import (
    exercise_progress_figure,
    faults_figure,
    running_vs_back_figure,
)
from upright.store import Store, athlete_id


def write_progress(
    store: Store,
    athlete: str,
    out_dir: str | Path,
    *,
    weeks: int = 12,
    today: date | None = None,
    warnings_for_week: Callable[[date], Sequence[str]] | None = None,
    catalog: Mapping[str, Exercise] | None = None,
    tz: tzinfo = UTC,
) -> list[Path]:
    """Write the athlete's progress plots for the last ``weeks`` weeks to ``out_dir``.

    Files: ``progress_<exercise>.png/.svg`` for each exercise logged,
    ``faults_per_week.png/.svg`` and ``running_vs_back.png/.svg``.
    ``warnings_for_week(monday)`` gives a week's load warnings (from the plan package).

    Returns
    -------
    list of Path
        Every file written, PNG then SVG of each figure.
    """
    catalog = default_catalog() if catalog is None else catalog
    today = today or date.today()
    since = today - timedelta(weeks=weeks) + timedelta(days=1)
    who = athlete_id(store, athlete)
    points = set_points(store, who, since=since, tz=tz)
    written: list[Path] = []
    for ex_id in exercises_in(points):
        name = catalog[ex_id].name if ex_id in catalog else ex_id
        fig = exercise_progress_figure([p for p in points if p.exercise_id == ex_id], name)
        written += save_figure(fig, out_dir, f"progress_{ex_id}")
    rule_names = {r.id: r.name for ex in catalog.values() for r in ex.rules}
    written += save_figure(faults_figure(points, rule_names), out_dir, "faults_per_week")
    week_list = week_points(
        store, who, since=since, until=today, warnings_for_week=warnings_for_week, tz=tz
    )
    # Start at the first week with anything in it, so a long look-back stays readable.
    first = next(
        (
            k
            for k, w in enumerate(week_list)
            if w.back_sessions or w.running_km or w.planned_sessions
        ),
        len(week_list),
    )
    fig = running_vs_back_figure(week_list[first:])
    written += save_figure(fig, out_dir, "running_vs_back")
    return written
