"""Today: the prescription for today, why it is placed there, and the load warnings."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from upright.plan.athlete_plan import make_plan
from upright.plan.planner import Plan, PlannedSession
from upright.web.app import page
from upright.web.context import athlete_name, get_store
from upright.web.plan_cache import PlanCache

router = APIRouter()


def plan_for(request: Request, weeks: int, start: date | None = None) -> Plan:
    """The current athlete's plan from ``start`` (default today), as the CLI makes it.

    Kept between requests until the database changes (`upright.web.plan_cache`).
    """
    day, name, store = start or date.today(), athlete_name(request), get_store(request)
    cache: PlanCache = request.app.state.plans
    plan: Plan = cache.get(
        (name, day, weeks), lambda: make_plan(day, weeks, athlete=name, db=store)[0]
    )
    return plan


def todays_session(plan: Plan, today: date) -> tuple[PlannedSession | None, PlannedSession | None]:
    """(today's planned session or None, the next one after today or None)."""
    now = plan.session_on(today)
    later = next((s for s in plan.sessions if s.day > today), None)
    return now, later


@router.get("/", response_class=HTMLResponse)
def today_page(request: Request) -> HTMLResponse:
    """Today's back session, why it is on this day, and the load warnings."""
    today = date.today()
    plan = plan_for(request, weeks=2)
    now, later = todays_session(plan, today)
    return page(
        request, "today.html", "today", today=today, planned=now, later=later, load=plan.load
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
def today_api(request: Request) -> dict[str, Any]:
    """Today's session (or None), the next one, the load warnings and notes, as JSON."""
    today = date.today()
    plan = plan_for(request, weeks=2)
    now, later = todays_session(plan, today)
    return {
        "today": _session_json(now),
        "next": _session_json(later),
        "warnings": [w.message for w in plan.load.warnings],
        "notes": list(plan.load.notes),
    }
