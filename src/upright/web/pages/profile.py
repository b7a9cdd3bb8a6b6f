"""Profile: the runner's week, equipment, races and time zone, set up in the browser.

The profile is kept where ``upright profile save`` keeps it (the athlete's row in the
database) and checked by the same `parse_profile`, so the terminal and the web agree on
what is valid. The forms only carry text; every judgement is `parse_profile`'s.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import Annotated, Any, Literal
from zoneinfo import available_timezones

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel

from upright.plan.persist import stored_profile
from upright.plan.profile import (
    DAYS,
    PRIORITIES,
    AthleteProfile,
    ProfileError,
    default_profile,
    default_profile_path,
    parse_profile,
)
from upright.plan.profile_toml import dump_profile, profile_data
from upright.web.app import page
from upright.web.deps import AthleteDep, CurrentAthlete
from upright.web.forms import NotHere
from upright.workflows.plans import ProfileSource

router = APIRouter()

DAY_NAMES = dict(zip(DAYS, ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
                            "Saturday", "Sunday"), strict=True))  # fmt: skip
EQUIPMENT_NAMES = {
    "gym": "A gym (everything below, and a bench)",
    "cable": "Cable machine",
    "dumbbells": "Dumbbells",
    "ball": "Stability ball",
    "mat": "Mat",
}
STRENGTH_TIME_NAMES = {
    "hard_day": "On a key-session day, after the run (hard days hard)",
    "before_easy_run": "First thing on an easy day, at least 6 h before the run",
}
# The form's labels, for problems `parse_profile` names by their TOML field.
FIELD_LABELS = {
    "name": "Name",
    "timezone": "Time zone",
    "long_run_day": "Long-run day",
    "key_session_days": "Key-session days",
    "easy_run_days": "Easy-run days",
    "strength_days": "Back-session days",
    "strength_time": "When",
    "strength_clock": "Time of day",
    "equipment": "Equipment",
    "build_sessions": "Sessions a week while building",
}
_FIELD = re.compile(r"^[^:]*: field '(\w+)': ")
# Longer than any race a back plan tapers for; a typo like 4219 (for 42.195) is refused.
MAX_RACE_KM = 400.0


class ProfileForm(BaseModel):
    """The week form as posted: text only (checkboxes left unticked are absent)."""

    name: str = ""
    timezone: str = ""
    long_run_day: str = ""
    key_session_days: list[str] = []
    easy_run_days: list[str] = []
    strength_days: list[str] = []
    strength_time: str = ""
    strength_clock: str = ""
    equipment: list[str] = []
    build_sessions: str = ""


class RaceForm(BaseModel):
    """One race to add, as posted."""

    race_name: str = ""
    race_date: str = ""
    race_priority: str = ""
    race_distance: str = ""


class RaceKey(BaseModel):
    """The race to remove: its name and date as the page listed them."""

    race_name: str = ""
    race_date: str = ""


@lru_cache(maxsize=1)
def _zones() -> list[str]:
    return sorted(available_timezones())


def _plain(problem: str) -> str:
    """A `parse_profile` problem with the form's label in place of the TOML field."""
    m = _FIELD.match(problem)
    if m is None:
        return problem.split(": ", 1)[-1]
    return f"{FIELD_LABELS.get(m.group(1), m.group(1))}: {problem[m.end() :]}"


def _whole(text: str) -> int | str:
    """``text`` as a whole number when it is one (else as given, for the problem message)."""
    return int(text) if text.strip().isdigit() else text


def _week_data(form: ProfileForm) -> dict[str, Any]:
    data: dict[str, Any] = form.model_dump()
    data["build_sessions"] = _whole(form.build_sessions)
    data["name"] = form.name.strip()
    data["timezone"] = form.timezone.strip()
    return data


def _save(athlete: CurrentAthlete, profile: AthleteProfile) -> None:
    athlete.ensure(profile_toml=dump_profile(profile))


def _show(
    request: Request,
    athlete: CurrentAthlete,
    values: dict[str, Any],
    *,
    problems: list[str] | None = None,
    race_problems: list[str] | None = None,
    race_values: dict[str, str] | None = None,
    saved: str = "",
    past: date | None = None,
) -> HTMLResponse:
    source = athlete.profile()
    response = page(
        request,
        "profile.html",
        "profile",
        values=values,
        races=profile_data(source.profile)["race"],
        problems=[_plain(p) for p in problems or []],
        race_problems=race_problems or [],
        race_values=race_values
        or {"race_name": "", "race_date": "", "race_priority": "A", "race_distance": ""},
        saved=saved,
        past=past,
        origin=_origin(source),
        days=DAY_NAMES,
        equipment=EQUIPMENT_NAMES,
        strength_times=STRENGTH_TIME_NAMES,
        priorities=PRIORITIES,
        zones=_zones(),
    )
    if problems or race_problems:
        response.status_code = 400
    return response


def _origin(source: ProfileSource) -> dict[str, str]:
    """Where the profile in force comes from, as the page says it."""
    if source.origin.startswith("default runner"):
        return {"kind": "default", "file": ""}
    if source.origin.startswith("database"):
        return {"kind": "saved", "file": ""}
    return {"kind": "file", "file": str(default_profile_path())}


@router.get("/profile", response_class=HTMLResponse)
def profile_page(
    request: Request,
    athlete: AthleteDep,
    saved: Annotated[Literal["", "week", "race", "removed"], Query()] = "",
    past: Annotated[date | None, Query()] = None,
) -> HTMLResponse:
    """The week, equipment, races and time zone in force, in forms to change them.

    ``saved`` names what the last post saved (its redirect says), for the note above;
    ``past`` is the date of a race just added that has already gone by.
    """
    data = profile_data(athlete.profile().profile)
    return _show(request, athlete, data, saved=saved, past=past)


def _kept(athlete: CurrentAthlete) -> AthleteProfile:
    """The profile this page keeps: the stored one, even while a profile file is in force.

    With a file in force, the stored profile is what a race is added to (the file is the
    terminal's, never written here), so the stored races are not replaced by the file's.
    """
    source = athlete.profile()
    if _origin(source)["kind"] != "file":
        return source.profile
    return stored_profile(athlete.store, athlete.name) or default_profile()


@router.post("/profile", response_model=None)
def profile_save(
    request: Request, athlete: AthleteDep, form: Annotated[ProfileForm, Form()]
) -> Response:
    """Check the posted week with `parse_profile`; save it, or show the form's problems."""
    current = athlete.profile().profile
    data = _week_data(form)
    data["race"] = profile_data(current)["race"]  # the races have their own form
    try:
        profile = parse_profile(data, "profile")
    except ProfileError as exc:
        return _show(request, athlete, data, problems=exc.problems)
    _save(athlete, profile)
    return RedirectResponse("/profile?saved=week", status_code=303)


def _race_problems(form: RaceForm) -> list[str]:
    problems = []
    if not form.race_name.strip():
        problems.append("Race name: expected a name, got nothing")
    elif len(form.race_name.strip()) > 200:
        problems.append(f"Race name: expected at most 200 characters, got {len(form.race_name)}")
    try:
        date.fromisoformat(form.race_date)
    except ValueError:
        problems.append(f"Race date: expected a date like 2026-10-11, got {form.race_date!r}")
    if form.race_priority not in PRIORITIES:
        problems.append(f"Priority: expected A, B or C, got {form.race_priority!r}")
    if _distance_km(form.race_distance) is None and form.race_distance.strip():
        problems.append(
            f"Distance: expected km above 0 and at most {MAX_RACE_KM:g}, like 21.1, "
            f"or nothing; got {form.race_distance!r}"
        )
    return problems


def _distance_km(text: str) -> float | None:
    """The race distance typed in km (a comma as decimal mark is fine); None if not a distance."""
    try:
        km = float(text.strip().replace(",", "."))
    except ValueError:
        return None
    return km if 0 < km <= MAX_RACE_KM else None


@router.post("/profile/races", response_model=None)
def race_add(request: Request, athlete: AthleteDep, form: Annotated[RaceForm, Form()]) -> Response:
    """Add a race to the profile (name, date, priority A/B/C).

    The fields are checked here, not by their declaration, so that every problem is
    listed in the form beside the values as typed.
    """
    data = profile_data(_kept(athlete))
    if problems := _race_problems(form):
        return _show(request, athlete, data, race_problems=problems, race_values=form.model_dump())
    day = date.fromisoformat(form.race_date)
    race: dict[str, Any] = {
        "name": form.race_name.strip(),
        "date": day,
        "priority": form.race_priority,
    }
    if (km := _distance_km(form.race_distance)) is not None:
        race["distance_km"] = km
    data["race"] = [*data["race"], race]
    try:
        profile = parse_profile(data, "profile")
    except ProfileError as exc:
        return _show(
            request,
            athlete,
            data,
            race_problems=[_plain(p) for p in exc.problems],
            race_values=form.model_dump(),
        )
    _save(athlete, profile)
    past = f"&past={day.isoformat()}" if day < athlete.profile().profile.today() else ""
    return RedirectResponse(f"/profile?saved=race{past}", status_code=303)


@router.post("/profile/races/remove", response_model=None)
def race_remove(athlete: AthleteDep, form: Annotated[RaceKey, Form()]) -> Response:
    """Take one race (by name and date) off the profile."""
    data = profile_data(athlete.profile().profile)
    kept = [
        r
        for r in data["race"]
        if (r["name"], r["date"].isoformat()) != (form.race_name, form.race_date)
    ]
    if len(kept) == len(data["race"]):
        raise NotHere(f"no race called {form.race_name!r} on {form.race_date!r} in the profile")
    data["race"] = kept
    _save(athlete, parse_profile(data, "profile"))
    return RedirectResponse("/profile?saved=removed", status_code=303)
