"""History / Progress: recent sets and the progress plots of the report package."""

from __future__ import annotations

from collections.abc import Hashable
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from functools import lru_cache

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from upright.catalog import default_catalog
from upright.report import data_uri
from upright.report.history import (
    SetPoint,
    WeekPoint,
    set_points,
    typical_hold_s,
    week_points,
    weeks_between,
)
from upright.report.progress import (
    exercise_progress_figure,
    faults_figure,
    running_vs_back_figure,
)
from upright.store import Store, last_sessions
from upright.web.app import page
from upright.web.deps import AthleteDep, PlotsDep
from upright.web.plot_cache import PlotCache

router = APIRouter()

RECENT_SESSIONS = 10
WEEKS_SHOWN = 12


def _plots(store: Store, cache: PlotCache, athlete_id: int | None) -> list[tuple[str, str]]:
    """(title, PNG data URI) of each progress plot of the athlete (None: never stored).

    Rendering is the slow part of the page (about 0.3 s), so the images are kept per
    athlete and redrawn only when what they show changes (`upright.web.plot_cache`).
    """
    if athlete_id is None:  # nothing stored yet: the plots of an empty log, no row made
        return _empty_plots(date.today())

    def look() -> tuple[Hashable, tuple[list[SetPoint], list[WeekPoint]]]:
        points = set_points(store, athlete_id)
        today = date.today()
        weeks = week_points(
            store, athlete_id, since=today - timedelta(weeks=WEEKS_SHOWN - 1), until=today
        )
        return (today, tuple(points), tuple(weeks)), (points, weeks)

    return cache.get(athlete_id, look, lambda data: _DRAWING.submit(_render, *data).result())


@lru_cache(maxsize=1)
def _empty_plots(today: date) -> list[tuple[str, str]]:
    """The plots of an athlete with nothing logged: the last weeks, all empty."""
    since = today - timedelta(weeks=WEEKS_SHOWN - 1)
    weeks = [
        WeekPoint(week_start=monday, back_sessions=0, running_km=0.0, planned_sessions=0)
        for monday in weeks_between(since, today)
    ]
    return _DRAWING.submit(_render, [], weeks).result()


# Plots are drawn on one thread: matplotlib keeps its fonts per thread, so drawing on
# whichever page thread came along loaded the fonts anew (and kept them) on each.
_DRAWING = ThreadPoolExecutor(max_workers=1, thread_name_prefix="upright-plots")


def _render(points: list[SetPoint], weeks: list[WeekPoint]) -> list[tuple[str, str]]:
    catalog = default_catalog()
    figures = [("Back sessions and running, by week", running_vs_back_figure(weeks))]
    for ex_id in sorted({p.exercise_id for p in points}):
        name = catalog[ex_id].name if ex_id in catalog else ex_id
        mine = [p for p in points if p.exercise_id == ex_id]
        figures.append((name, exercise_progress_figure(mine, name)))
    if any(p.faults for p in points):
        rules = {r.id: r.name for e in catalog.values() for r in e.rules}
        figures.append(("Form faults per week", faults_figure(points, rules)))
    return [(title, data_uri(fig)) for title, fig in figures]


@router.get("/history", response_class=HTMLResponse)
def history_page(request: Request, athlete: AthleteDep, plots: PlotsDep) -> HTMLResponse:
    """The athlete's recent sessions and progress plots (reads only: no athlete is created)."""
    aid = athlete.stored_id()
    sessions = last_sessions(athlete.store, aid, n=RECENT_SESSIONS) if aid is not None else []
    names = {e.id: e.name for e in default_catalog().values()}
    rows = [
        {
            "set": st,
            "exercise": names.get(st.exercise_id, st.exercise_id),
            "hold_s": typical_hold_s(st),
            "faults": len(st.faults) + sum(len(r.faults) for r in st.rep_log),
        }
        for sess in sessions
        for st in sess.sets
    ]
    shown = _plots(athlete.store, plots, aid)
    return page(request, "history.html", "history", rows=rows, plots=shown)
