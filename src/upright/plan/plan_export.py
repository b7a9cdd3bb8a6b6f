"""The plan as an iCalendar file (one event per session) and as JSON.

The calendar uses the ``icalendar`` package. Each session starts at the profile's
strength time in the athlete's time zone (``DTSTART;TZID=Europe/Berlin``, with the
zone's VTIMEZONE in the file, so calendar apps show 07:00 there and not in UTC), lasts
the session's estimated length, and carries the prescription and the reasons in its
description. Each race on or after the plan's start is an all-day event.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import icalendar

from upright.plan.planner import Plan, PlannedSession
from upright.plan.profile import Race

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


def _uid(kind: str, day: date, plan: Plan, extra: str = "") -> str:
    """A stable UID: the same session or race keeps it from one export to the next."""
    who = plan.athlete.replace(" ", "_")
    slug = "-" + "".join(c if c.isalnum() else "_" for c in extra) if extra else ""
    return f"{kind}{day.isoformat()}{slug}-{who}@upright"


def _session_event(s: PlannedSession, plan: Plan, zone: ZoneInfo, now: datetime) -> Any:
    event = icalendar.Event()
    start = datetime.combine(s.day, s.start, tzinfo=zone)
    # The first sessions keep the UID form of earlier exports (no kind prefix).
    event.add("uid", _uid("", s.day, plan))
    event.add("dtstamp", now)
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(minutes=round(s.minutes)))
    label = "light back session" if s.light else "back session"
    event.add("summary", f"Upright: {label} ({s.phase.replace('_', ' ')})")
    event.add("description", describe_session(s))
    return event


def _race_event(race: Race, plan: Plan, now: datetime) -> Any:
    event = icalendar.Event()
    event.add("uid", _uid("race-", race.day, plan, race.name))
    event.add("dtstamp", now)
    event.add("dtstart", race.day)
    event.add("dtend", race.day + timedelta(days=1))
    event.add("summary", f"Race: {race.name} ({race.priority} race)")
    tapered = "tapered for" if race.priority == "A" else "trained through"
    event.add(
        "description",
        f"{race.priority} race, {tapered}: no back session on race day or the day before"
        + (", nor in the two days after." if race.priority == "A" else "."),
    )
    event.add("transp", "TRANSPARENT")
    return event


def plan_to_ics(plan: Plan, stamp: datetime | None = None) -> bytes:
    """The plan as iCalendar bytes: one VEVENT per session and per race, stable UIDs.

    Session times carry the plan's time zone (TZID) and the calendar holds that zone's
    VTIMEZONE, covering the plan's dates.
    """
    zone = ZoneInfo(plan.timezone)
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"Upright: {plan.athlete}")
    cal.add("x-wr-timezone", plan.timezone)
    now = stamp or datetime.now(UTC)
    for s in plan.sessions:
        cal.add_component(_session_event(s, plan, zone, now))
    for race in plan.races:
        cal.add_component(_race_event(race, plan, now))
    last = max([plan.end, *(r.day for r in plan.races)])
    cal.add_missing_timezones(
        first_date=plan.start - timedelta(days=366), last_date=last + timedelta(days=366)
    )
    return bytes(cal.to_ical())


def plan_to_dict(plan: Plan) -> dict[str, Any]:
    """The plan as JSON-able data, with a schema version."""
    return {
        "schema_version": JSON_SCHEMA_VERSION,
        "athlete": plan.athlete,
        "start": plan.start.isoformat(),
        "timezone": plan.timezone,
        "races": [
            {"name": r.name, "day": r.day.isoformat(), "priority": r.priority} for r in plan.races
        ],
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
            "current": plan.load.current,
            "notes": list(plan.load.notes),
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
                    "why": w.why,
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
