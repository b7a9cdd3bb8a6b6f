"""Runs: every imported activity, newest first, a page at a time; delete one.

Each row says whether the activity counts as running load and why (the importer's
words, kept with the run), and which file it came from.
"""

from __future__ import annotations

from datetime import tzinfo
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from upright.store import NotFound, RunRecord, count_runs, delete_run, get_run, newest_runs
from upright.web.app import page
from upright.web.deps import AthleteDep, CurrentAthlete
from upright.web.forms import NotHere

router = APIRouter()

PAGE_SIZE = 50


def _duration(seconds: float) -> str:
    """``1:05:09`` or ``42:10``: hours only when there are some."""
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def kilometres(distance_m: float) -> str:
    """Kilometres as the Runs and Import pages show them: "9.0", "0.03", or "–".

    Under 1 km two decimals, not "0.0" (a GPS fragment is not a run of nothing); no
    distance at all (an indoor row) a dash.
    """
    if distance_m <= 0:
        return "–"
    km = distance_m / 1000
    return f"{km:.2f}" if km < 0.995 else f"{km:.1f}"


def run_row(run: RunRecord, zone: tzinfo) -> dict[str, Any]:
    """One stored run as the page lists it, its start in the athlete's time zone."""
    return {
        "id": run.id,
        "date": f"{run.started_at.astimezone(zone):%a %d %b %Y %H:%M}",
        "sport": run.sport.replace("_", " "),
        "km": kilometres(run.distance_m),
        "time": _duration(run.moving_time_s),
        "counted": run.counts_as_load,
        "why": run.load_reason,
        # only the file's name: older web imports kept the server's stored path
        "file": (run.source_file or "").replace("\\", "/").rsplit("/", 1)[-1],
    }


def _own_run(athlete: CurrentAthlete, run_id: int) -> tuple[int, RunRecord]:
    aid = athlete.stored_id()
    try:
        if aid is None:
            raise NotFound(f"no run {run_id}")
        return aid, get_run(athlete.store, aid, run_id)
    except NotFound:
        raise NotHere(f"no run {run_id} in {athlete.name}'s log") from None


@router.get("/runs", response_class=HTMLResponse)
def runs_page(
    request: Request,
    athlete: AthleteDep,
    page_no: Annotated[int, Query(alias="page", ge=1)] = 1,
    deleted: Annotated[str, Query(max_length=200)] = "",
) -> HTMLResponse:
    """The athlete's imported activities, newest first, ``PAGE_SIZE`` a page.

    A page past the last shows the last (runs deleted since the link was made).
    """
    aid, store = athlete.stored_id(), athlete.store
    total = count_runs(store, aid) if aid is not None else 0
    pages = max(1, -(-total // PAGE_SIZE))
    number = min(page_no, pages)
    zone = athlete.profile().profile.zone
    found = (
        newest_runs(store, aid, limit=PAGE_SIZE, offset=(number - 1) * PAGE_SIZE)
        if aid is not None and total
        else []
    )
    rows = [run_row(r, zone) for r in found]
    return page(
        request,
        "runs.html",
        "runs",
        rows=rows,
        total=total,
        page_no=number,
        pages=pages,
        deleted=deleted,
    )


@router.get("/runs/{run_id}/delete", response_class=HTMLResponse)
def run_delete_confirm(request: Request, athlete: AthleteDep, run_id: int) -> HTMLResponse:
    """Ask before deleting: the run, and a button that posts the deletion."""
    _aid, run = _own_run(athlete, run_id)
    zone = athlete.profile().profile.zone
    return page(request, "run_delete.html", "runs", run=run_row(run, zone))


@router.post("/runs/{run_id}/delete")
def run_delete(athlete: AthleteDep, run_id: int) -> RedirectResponse:
    """Delete the run from the athlete's log; back to the list, which says what went."""
    aid, run = _own_run(athlete, run_id)
    delete_run(athlete.store, aid, run_id)
    zone = athlete.profile().profile.zone
    row = run_row(run, zone)
    gone = f"{row['sport']} of {row['date']}"
    return RedirectResponse(f"/runs?deleted={quote(gone)}", status_code=303)
