"""Today: the prescription for today, why it is placed there, and the load warnings."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from upright.catalog import default_catalog
from upright.plan import default_session
from upright.web.app import page

router = APIRouter()


@router.get("/", response_class=HTMLResponse)
def today_page(request: Request) -> HTMLResponse:
    """Today's back session."""
    session = default_session(default_catalog())
    return page(request, "today.html", "today", session=session)


@router.get("/api/today")
def today_api() -> dict[str, object]:
    """Today's back session as JSON."""
    session = default_session(default_catalog())
    return {
        "reason": session.reason,
        "exercises": [
            {
                "exercise_id": e.exercise_id,
                "name": e.name,
                "sets": e.sets,
                "reps": e.reps,
                "per_side": e.per_side,
                "hold_s": e.hold_s,
                "rest_s": e.rest_s,
                "load_kg": e.load_kg,
                "text": e.describe(),
            }
            for e in session.exercises
        ],
    }
