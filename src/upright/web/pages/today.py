"""Today: the prescription for today, why it is placed there, and the load warnings."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from upright.plan.planner import PlannedSession
from upright.web.app import page
from upright.web.deps import AthleteDep
from upright.web.pages.athletes import headline
from upright.workflows.plans import next_sessions

router = APIRouter()


@router.get("/", response_class=HTMLResponse)
def today_page(request: Request, athlete: AthleteDep) -> HTMLResponse:
    """Today's back session, why it is on this day, and the load warnings."""
    source = athlete.profile()
    today = source.profile.today()
    plan = athlete.plan(weeks=2, start=today)
    now, later = next_sessions(plan, today)
    return page(
        request,
        "today.html",
        "today",
        today=today,
        planned=now,
        later=later,
        load=plan.load,
        headline=headline,
        default_week=source.origin.startswith("default"),
    )


def _session_json(s: PlannedSession | None) -> dict[str, Any] | None:
    if s is None:
        return None
    return {
        "day": s.day.isoformat(),
        "start": s.start.isoformat(timespec="minutes"),
        "phase": s.phase,
        "minutes": s.minutes,
        "why": s.placement,
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
            for e in s.prescription.exercises
        ],
    }


@router.get("/api/today")
def today_api(athlete: AthleteDep) -> dict[str, Any]:
    """Today's session (or None), the next one, the load warnings and notes, as JSON."""
    today = athlete.profile().profile.today()
    plan = athlete.plan(weeks=2, start=today)
    now, later = next_sessions(plan, today)
    return {
        "today": _session_json(now),
        "next": _session_json(later),
        "warnings": [w.message for w in plan.load.warnings],
        "notes": list(plan.load.notes),
    }
