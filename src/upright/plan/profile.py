"""The athlete profile: the runner's week, equipment and races, from a TOML file.

Example (every field but ``long_run_day`` is optional)::

    name = "Sam"                      # shown on the plan; default: the athlete's id
    timezone = "Europe/Berlin"        # weeks run Monday-Sunday here; default: the machine's
    long_run_day = "sun"
    key_session_days = ["tue"]        # intervals, tempo: the week's hard runs
    easy_run_days = ["mon", "thu", "sat"]
    strength_days = ["tue", "thu"]    # preferred back-session days
    strength_time = "hard_day"        # or "before_easy_run" (first, >= 6 h before)
    strength_clock = "07:00"
    equipment = ["mat", "ball", "dumbbells"]   # of: gym, cable, dumbbells, ball, mat
                                      # and what the user's own exercises need
    build_sessions = 2                # 2 or 3 a week while building

    [[race]]
    name = "City Marathon"
    date = 2026-10-11
    priority = "A"                    # A: tapered for; B, C: trained through

Every problem in a file is reported together, naming the file and the field.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from upright.errors import UprightError
from upright.plan.evidence import Evidence, default_evidence

# The athlete's id in the database when none is named; also their display name when the
# profile gives none (one person, one name).
DEFAULT_ATHLETE = "me"
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
EQUIPMENT = ("gym", "cable", "dumbbells", "ball", "mat")
# "gym" stands for a full gym: everything the catalog asks for (a bench too).
GYM_HAS = frozenset({"cable", "dumbbells", "ball", "mat", "bench"})
STRENGTH_TIMES = ("hard_day", "before_easy_run")
PRIORITIES = ("A", "B", "C")


def known_equipment() -> tuple[str, ...]:
    """`EQUIPMENT`, then what the catalog's exercises need beyond a gym (a user's band)."""
    from upright.catalog import default_catalog

    needed = {e for ex in default_catalog().values() for e in ex.equipment}
    return (*EQUIPMENT, *sorted(needed - GYM_HAS - set(EQUIPMENT)))


class ProfileError(UprightError, ValueError):
    """The profile file has problems; the message lists each with its field."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("athlete profile problems:\n  " + "\n  ".join(problems))


@lru_cache(maxsize=1)
def _known_zones() -> frozenset[str]:
    return frozenset(available_timezones())


def _zone_key(text: str) -> str | None:
    """``text`` when it is an IANA time zone name zoneinfo can load, else ``None``.

    Checked against the list of zones first: a folder of the database ("Europe") or a
    path is not a zone, and would not fail cleanly when loaded.
    """
    if text not in _known_zones():
        return None
    try:
        ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None
    return text


def machine_timezone() -> str:
    """The machine's time zone name: ``$TZ``, else /etc/localtime's target, else UTC.

    Only the IANA name is kept (``"Europe/Berlin"``), so a profile and a calendar can carry it.
    """
    if (env := os.environ.get("TZ", "").lstrip(":")) and _zone_key(env):
        return env
    try:
        target = str(Path("/etc/localtime").resolve())
    except OSError:
        target = ""
    if "zoneinfo/" in target and (key := _zone_key(target.split("zoneinfo/", 1)[1])):
        return key
    try:
        named = Path("/etc/timezone").read_text(encoding="utf-8").strip()
    except OSError:
        named = ""
    return (_zone_key(named) if named else None) or "UTC"


@dataclass(frozen=True)
class Race:
    """A race: its day, priority (A is tapered for) and distance in km (None: not given)."""

    name: str
    day: date
    priority: str = "A"
    distance_km: float | None = None


@dataclass(frozen=True)
class AthleteProfile:
    """The runner's week. Days are 0 = Monday ... 6 = Sunday.

    ``name`` is the athlete's display name; empty means "use the athlete's id".
    ``timezone`` is an IANA name: the plan's weeks run Monday to Sunday there.
    """

    name: str = ""
    long_run_day: int = 6
    key_session_days: tuple[int, ...] = (1,)
    easy_run_days: tuple[int, ...] = (0, 3, 5)
    strength_days: tuple[int, ...] = ()
    strength_time: str = "hard_day"
    strength_clock: time = time(7, 0)
    equipment: frozenset[str] = field(default_factory=lambda: frozenset({"gym"}))
    races: tuple[Race, ...] = ()
    build_sessions: int = 2
    timezone: str = field(default_factory=machine_timezone)

    @property
    def zone(self) -> ZoneInfo:
        """The athlete's time zone."""
        return ZoneInfo(self.timezone)

    def today(self, now: datetime | None = None) -> date:
        """The date in the athlete's time zone now (or at ``now``, an aware time)."""
        return (now or datetime.now(self.zone)).astimezone(self.zone).date()

    @property
    def equipment_available(self) -> frozenset[str]:
        """Equipment with ``gym`` expanded to what a gym holds."""
        have = set(self.equipment)
        if "gym" in have:
            have |= GYM_HAS
        return frozenset(have - {"gym"})

    def run_kind(self, weekday: int) -> str:
        """``"long"``, ``"key"``, ``"easy"`` or ``"rest"`` for a weekday."""
        if weekday == self.long_run_day:
            return "long"
        if weekday in self.key_session_days:
            return "key"
        return "easy" if weekday in self.easy_run_days else "rest"


def default_profile() -> AthleteProfile:
    """A sensible runner when none is set up: long run Sunday, intervals Tuesday, a gym."""
    return AthleteProfile()


def default_profile_path() -> Path:
    """``$UPRIGHT_PROFILE``, else ``$XDG_CONFIG_HOME/upright/profile.toml``."""
    if env := os.environ.get("UPRIGHT_PROFILE"):
        return Path(env)
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "upright" / "profile.toml"


class _Fields:
    def __init__(self, where: str, data: dict[str, Any]) -> None:
        self.where, self.data = where, data
        self.problems: list[str] = []

    def bad(self, key: str, expected: str, got: object) -> None:
        self.problems.append(f"{self.where}: field {key!r}: expected {expected}, got {got!r}")

    def day(self, key: str, default: int) -> int:
        value = self.data.get(key, DAYS[default])
        if value not in DAYS:
            self.bad(key, "a day: " + ", ".join(DAYS), value)
            return default
        return DAYS.index(value)

    def days(self, key: str, default: tuple[int, ...]) -> tuple[int, ...]:
        value = self.data.get(key, [DAYS[d] for d in default])
        if not isinstance(value, list) or any(v not in DAYS for v in value):
            self.bad(key, "a list of days from " + ", ".join(DAYS), value)
            return default
        return tuple(sorted({DAYS.index(v) for v in value}))

    def choice(self, key: str, choices: tuple[str, ...], default: str) -> str:
        value = self.data.get(key, default)
        if value not in choices:
            self.bad(key, "one of " + ", ".join(choices), value)
            return default
        return str(value)


def _clock(f: _Fields) -> time:
    value = f.data.get("strength_clock", "07:00")
    if isinstance(value, time):
        return value
    try:
        return time.fromisoformat(str(value))
    except ValueError:
        f.bad("strength_clock", 'a time of day like "07:00"', value)
        return time(7, 0)


def _timezone(f: _Fields) -> str:
    value = f.data.get("timezone")
    if value is None:
        return machine_timezone()
    if not isinstance(value, str) or _zone_key(value) is None:
        f.bad("timezone", 'a time zone name like "Europe/Berlin"', value)
        return machine_timezone()
    return value


def _races(f: _Fields) -> tuple[Race, ...]:
    value = f.data.get("race", [])
    if not isinstance(value, list):
        f.bad("race", "[[race]] tables", value)
        return ()
    races = []
    for i, spec in enumerate(value, start=1):
        where = f"race {i}"
        day = spec.get("date") if isinstance(spec, dict) else None
        if not isinstance(day, date):
            f.bad(f"{where}.date", "a TOML date like 2026-10-11", day)
            continue
        priority = spec.get("priority", "A")
        if priority not in PRIORITIES:
            f.bad(f"{where}.priority", "A, B or C", priority)
            continue
        km = spec.get("distance_km")
        if km is not None and (isinstance(km, bool) or not isinstance(km, int | float) or km <= 0):
            f.bad(f"{where}.distance_km", "a distance in km above 0, like 42.195", km)
            continue
        name = str(spec.get("name", f"race on {day}"))
        races.append(Race(name, day, priority, None if km is None else float(km)))
    return tuple(sorted(races, key=lambda r: r.day))


def allowed_days(profile: AthleteProfile, ev: Evidence | None = None) -> tuple[int, ...]:
    """Weekdays a back session may use: never the day before the long run or a key session.

    The long run's own day is left out too unless the evidence file allows it.
    """
    ev = ev or default_evidence()
    hard_next = {(d - 1) % 7 for d in (profile.long_run_day, *profile.key_session_days)}
    out = [d for d in range(7) if d not in hard_next]
    if not ev.schedule.allow_long_run_day:
        out = [d for d in out if d != profile.long_run_day]
    return tuple(out)


def parse_profile(data: dict[str, Any], where: str, ev: Evidence | None = None) -> AthleteProfile:
    """Build a profile from parsed TOML; `ProfileError` lists every problem with its field."""
    ev = ev or default_evidence()
    f = _Fields(where, data)
    equipment = data.get("equipment", ["gym"])
    kinds = known_equipment()
    if not isinstance(equipment, list) or not equipment or any(e not in kinds for e in equipment):
        f.bad("equipment", "a non-empty list from " + ", ".join(kinds), equipment)
        equipment = ["gym"]
    build = data.get("build_sessions", ev.schedule.build_sessions_default)
    lo, hi = ev.schedule.build_sessions_min, ev.schedule.build_sessions_max
    if not isinstance(build, int) or isinstance(build, bool) or not lo <= build <= hi:
        f.bad("build_sessions", f"a whole number from {lo} to {hi}", build)
        build = ev.schedule.build_sessions_default
    known = {
        "name",
        "long_run_day",
        "key_session_days",
        "easy_run_days",
        "strength_days",
        "strength_time",
        "strength_clock",
        "equipment",
        "race",
        "build_sessions",
        "timezone",
    }
    for key in sorted(set(data) - known):
        f.problems.append(f"{where}: unknown field {key!r} (known: {', '.join(sorted(known))})")
    profile = AthleteProfile(
        name=str(data.get("name", "")).strip(),
        long_run_day=f.day("long_run_day", 6),
        key_session_days=f.days("key_session_days", (1,)),
        easy_run_days=f.days("easy_run_days", (0, 3, 5)),
        strength_days=f.days("strength_days", ()),
        strength_time=f.choice("strength_time", STRENGTH_TIMES, "hard_day"),
        strength_clock=_clock(f),
        equipment=frozenset(equipment),
        races=_races(f),
        build_sessions=build,
        timezone=_timezone(f),
    )
    if profile.long_run_day in profile.key_session_days:
        f.bad("key_session_days", "days other than the long run's", data.get("key_session_days"))
    free = allowed_days(profile, ev)
    if not f.problems and len(free) < lo:
        f.bad(
            "key_session_days",
            (
                f"a week that leaves {lo} days that are not the day before the long run or a key "
                f"session (only {', '.join(DAYS[d] for d in free) or 'none'} left)"
            ),
            data.get("key_session_days"),
        )
    if f.problems:
        raise ProfileError(f.problems)
    return profile


def load_profile(path: Path) -> AthleteProfile:
    """Read a profile TOML file; errors name the file and the field."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ProfileError([f"{path}: cannot read: {exc.strerror}"]) from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ProfileError([f"{path}: not valid TOML: {exc}"]) from exc
    return parse_profile(data, str(path))
