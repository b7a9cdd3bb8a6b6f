"""A profile written back as TOML text: what the web's Profile page keeps in the store.

`profile_data` gives the same fields `parse_profile` reads (day names, not numbers), and
`dump_profile` their TOML text; ``parse_profile(tomllib.loads(dump_profile(p)))`` is ``p``.
"""

from __future__ import annotations

import json
from typing import Any

from upright.plan.profile import DAYS, AthleteProfile, Race


def profile_data(profile: AthleteProfile) -> dict[str, Any]:
    """The profile as the fields of its TOML file (races under ``race``, dates as dates)."""
    return {
        "name": profile.name,
        "timezone": profile.timezone,
        "long_run_day": DAYS[profile.long_run_day],
        "key_session_days": [DAYS[d] for d in profile.key_session_days],
        "easy_run_days": [DAYS[d] for d in profile.easy_run_days],
        "strength_days": [DAYS[d] for d in profile.strength_days],
        "strength_time": profile.strength_time,
        "strength_clock": f"{profile.strength_clock:%H:%M}",
        "equipment": sorted(profile.equipment),
        "build_sessions": profile.build_sessions,
        "race": [_race(r) for r in profile.races],
    }


def _race(race: Race) -> dict[str, Any]:
    """A race's TOML fields; ``distance_km`` only when it was given."""
    out: dict[str, Any] = {"name": race.name, "date": race.day, "priority": race.priority}
    if race.distance_km is not None:
        out["distance_km"] = race.distance_km
    return out


def _string(text: str) -> str:
    """A TOML basic string: JSON's escapes are TOML's, but DEL must be escaped too."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def _value(value: Any) -> str:
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)  # int, date: TOML's own spelling (2026-10-11)


def dump_profile(profile: AthleteProfile) -> str:
    """The profile as TOML text, races last as ``[[race]]`` tables."""
    data = profile_data(profile)
    races = data.pop("race")
    lines = ["# Upright athlete profile (saved from the web app's Profile page)."]
    lines += [f"{key} = {_value(value)}" for key, value in data.items()]
    for race in races:
        lines += ["", "[[race]]", *(f"{k} = {_value(v)}" for k, v in race.items())]
    return "\n".join(lines) + "\n"
