"""Today: the prescription for today, why it is placed there, and the load warnings."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from upright.plan.planner import Plan, PlannedSession
from upright.web.app import page
from upright.web.context import athlete_name, get_store
from upright.web.pages.athletes import headline
from upright.web.plan_cache import PlanCache
from upright.workflows.plans import ProfileSource, make_plan, next_sessions, resolve_profile

router = APIRouter()


def profile_source(request: Request) -> ProfileSource:
    """The current athlete's profile in force and where it comes from (as the plan reads it)."""
    return resolve_profile(None, get_store(request), athlete_name(request))


def plan_for(request: Request, weeks: int, start: date | None = None) -> Plan:
    """The athlete's plan from ``start`` (default: today in their time zone), as the CLI makes it.

    Kept between requests until the database changes (`upright.web.plan_cache`).
    """
    name, store = athlete_name(request), get_store(request)
    day = start or profile_source(request).profile.today()  # in the athlete's time zone
    cache: PlanCache = request.app.state.plans
    plan: Plan = cache.get(
        (name, day, weeks), lambda: make_plan(day, weeks, athlete=name, db=store)[0]
    )
    return plan


todays_session = next_sessions  # (today's session or None, the next one or None)


@router.get("/", response_class=HTMLResponse)
def today_page(request: Request) -> HTMLResponse:
    """Today's back session, why it is on this day, and the load warnings."""
    source = profile_source(request)
    today = source.profile.today()
    plan = plan_for(request, weeks=2, start=today)
    now, later = todays_session(plan, today)
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
def today_api(request: Request) -> dict[str, Any]:
    """Today's session (or None), the next one, the load warnings and notes, as JSON."""
    today = profile_source(request).profile.today()
    plan = plan_for(request, weeks=2, start=today)
    now, later = todays_session(plan, today)
    return {
        "today": _session_json(now),
        "next": _session_json(later),
        "warnings": [w.message for w in plan.load.warnings],
        "notes": list(plan.load.notes),
    }
