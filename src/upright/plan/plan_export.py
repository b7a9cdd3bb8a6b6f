"""The plan as an iCalendar file (one event per session) and as JSON.

The calendar uses the ``icalendar`` package; each event starts at the profile's strength
time (floating local time: the calendar shows it at that clock time wherever the runner
is), lasts the session's estimated length, and carries the prescription and the reasons
in its description.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import icalendar

from upright.plan.planner import Plan, PlannedSession

JSON_SCHEMA_VERSION = 1
PRODID = "-//Upright//back program for runners//EN"


def describe_session(s: PlannedSession) -> str:
    """The session as lines a runner reads: exercises, then why this day."""
    lines = [
        f"{p.name}: {p.describe()}" + (f" ({p.note})" if p.note else "")
        for p in s.prescription.exercises
    ]
    lines += ["", s.placement, s.prescription.reason]
    return "\n".join(lines)


def plan_to_ics(plan: Plan, stamp: datetime | None = None) -> bytes:
    """The plan as iCalendar bytes: one VEVENT per session, stable UIDs per day."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"Upright: {plan.athlete}")
    now = stamp or datetime.now(UTC)
    for s in plan.sessions:
        event = icalendar.Event()
        event.add("uid", f"{s.day.isoformat()}-{plan.athlete.replace(' ', '_')}@upright")
        event.add("dtstamp", now)
        event.add("dtstart", s.starts_at)
        event.add("dtend", s.starts_at + timedelta(minutes=round(s.minutes)))
        label = "light back session" if s.light else "back session"
        event.add("summary", f"Upright: {label} ({s.phase.replace('_', ' ')})")
        event.add("description", describe_session(s))
        cal.add_component(event)
    return bytes(cal.to_ical())


def plan_to_dict(plan: Plan) -> dict[str, Any]:
    """The plan as JSON-able data, with a schema version."""
    return {
        "schema_version": JSON_SCHEMA_VERSION,
        "athlete": plan.athlete,
        "start": plan.start.isoformat(),
        "weeks": [
            {
                "first_day": w.phase.first_day.isoformat(),
                "phase": w.phase.phase,
                "sessions_range": [w.phase.sessions_min, w.phase.sessions_max],
                "reason": w.phase.reason,
                "sessions": [
                    {
                        "day": s.day.isoformat(),
                        "start": s.start.isoformat(timespec="minutes"),
                        "light": s.light,
                        "may_increase": s.may_increase,
                        "minutes": round(s.minutes, 1),
                        "placement": s.placement,
                        "reason": s.prescription.reason,
                        "exercises": [asdict(p) for p in s.prescription.exercises],
                    }
                    for s in w.sessions
                ],
            }
            for w in plan.weeks
        ],
        "load": {
            "acwr": plan.load.acwr,
            "two_week_ramp": plan.load.ramp,
            "weeks": [
                {
                    "first_day": w.first_day.isoformat(),
                    "distance_km": round(w.distance_km, 2),
                    "time_h": round(w.time_h, 2),
                    "runs": w.runs,
                }
                for w in plan.load.weeks
            ],
            "warnings": [
                {
                    "kind": w.kind,
                    "message": w.message,
                    "runner_value": w.runner_value,
                    "study_value": w.study_value,
                    "source": w.source,
                }
                for w in plan.load.warnings
            ],
        },
    }


def write_plan_json(plan: Plan, path: Path) -> Path:
    """Write `plan_to_dict` as indented JSON."""
    path.write_text(json.dumps(plan_to_dict(plan), indent=2) + "\n", encoding="utf-8")
    return path


def write_plan_ics(plan: Plan, path: Path) -> Path:
    """Write `plan_to_ics` to a file."""
    path.write_bytes(plan_to_ics(plan))
    return path
