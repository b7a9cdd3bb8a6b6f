"""Plan: the weeks ahead with the reason for each day, and .ics / FIT downloads."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from upright.plan.plan_export import plan_to_dict, plan_to_ics
from upright.web.app import page
from upright.web.deps import AthleteDep
from upright.web.forms import NotHere
from upright.web.pages.athletes import headline
from upright.workflows.plans import session_workout

router = APIRouter()

MAX_WEEKS = 26
Weeks = Annotated[int, Query(ge=1, le=MAX_WEEKS, description="Calendar weeks to plan.")]


@router.get("/plan", response_class=HTMLResponse)
def plan_page(request: Request, athlete: AthleteDep, weeks: Weeks = 4) -> HTMLResponse:
    """The next ``weeks`` weeks (1-26) of back sessions."""
    plan = athlete.plan(weeks)
    return page(request, "plan.html", "plan", plan=plan, weeks=weeks, headline=headline)


@router.get("/plan.ics")
def plan_ics(athlete: AthleteDep, weeks: Weeks = 4) -> Response:
    """The plan as an iCalendar file, one event per session."""
    plan = athlete.plan(weeks)
    return Response(
        plan_to_ics(plan),
        media_type="text/calendar",
        headers={"Content-Disposition": 'attachment; filename="upright-plan.ics"'},
    )


@router.get("/api/plan")
def plan_api(athlete: AthleteDep, weeks: Weeks = 4) -> dict[str, object]:
    """The plan as JSON (the same as ``upright plan --json``)."""
    return plan_to_dict(athlete.plan(weeks))


@router.get("/plan/{day}.fit")
def plan_fit(athlete: AthleteDep, day: date) -> Response:
    """The session planned on ``day`` as a FIT workout file a watch can play."""
    data = session_workout(athlete.plan(MAX_WEEKS), day)
    if data is None:
        raise NotHere(f"no back session is planned on {day.isoformat()}")
    return Response(
        data,
        media_type="application/vnd.ant.fit",
        headers={"Content-Disposition": f'attachment; filename="upright-{day.isoformat()}.fit"'},
    )
