"""Which days of a week get the back sessions, and why.

Never the day before the long run or a key session, nor a race day, the day before a
race, or the recovery days after a race (by date: one per 5 km raced, at least two
after an A race; `recovery_days`); on a hard day ("hard days hard") or
first thing on an easy day, at least 6 h before the run, as the profile prefers;
preferred strength days first; sessions spread out. Every candidate set of days is
scored and the best one is taken, so the result does not depend on the order days are
looked at.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import combinations

from upright.plan.evidence import Evidence
from upright.plan.phases import WeekPhase
from upright.plan.profile import AthleteProfile, Race, allowed_days

RUN_NAMES = {"long": "long run", "key": "key session", "easy": "easy run", "rest": "rest day"}


@dataclass(frozen=True)
class Placement:
    """A chosen day, whether it is light (taper), and the reasons in a sentence."""

    day: date
    light: bool
    reason: str


def race_km(race: Race, ev: Evidence) -> float | None:
    """The race's distance in km; an A race with none given is taken as a marathon."""
    if race.distance_km is not None:
        return race.distance_km
    return ev.taper.unknown_a_race_km if race.priority == "A" else None


def recovery_days(race: Race, ev: Evidence) -> int:
    """Days after a race with no back session: one per ``recovery_km_per_day`` km raced.

    Rounded up, and at least ``after_a_race_days`` after an A race (evidence.toml).
    """
    km = race_km(race, ev)
    by_distance = math.ceil(km / ev.taper.recovery_km_per_day - 1e-9) if km else 0
    floor = ev.taper.after_a_race_days if race.priority == "A" else 0
    return max(by_distance, floor)


def race_blocked_days(profile: AthleteProfile, ev: Evidence) -> frozenset[date]:
    """Days no back session may use because of a race, by date.

    Every race's day and the day before, and its `recovery_days` after it.
    """
    out: set[date] = set()
    for race in profile.races:
        out |= {race.day, race.day - timedelta(days=1)}
        out |= {race.day + timedelta(days=k) for k in range(1, recovery_days(race, ev) + 1)}
    return frozenset(out)


def after_race_note(race: Race, day: date, ev: Evidence) -> str:
    """Why a session waited after ``race``: ``"first back session 10 days after ..."``."""
    km = race_km(race, ev)
    rest = recovery_days(race, ev)
    if race.distance_km is not None:
        size = f"a {race.distance_km:g} km race"
    elif km is not None:
        size = "an A race of no given distance, taken as a marathon"
    else:
        size = "a race"
    return (
        f"first back session {(day - race.day).days} days after {race.name}: "
        f"{rest} recovery days after {size}"
    )


def candidate_days(
    profile: AthleteProfile,
    week: WeekPhase,
    ev: Evidence,
    *,
    from_day: date | None = None,
    blocked: frozenset[date] = frozenset(),
) -> list[date]:
    """Days of the week a session may use.

    ``from_day`` is the first day that may be used (the plan's start inside its first
    week); ``blocked`` holds days taken away for other reasons (a load warning, a
    session already done that day).
    """
    ok_weekdays = set(allowed_days(profile, ev))
    no_go = race_blocked_days(profile, ev) | blocked
    days = []
    for i in range(7):
        d = week.first_day + timedelta(days=i)
        if d.weekday() not in ok_weekdays or d in no_go or (from_day and d < from_day):
            continue
        if week.phase == "race_week" and week.race is not None:
            to_race = (week.race.day - d).days
            if to_race < 0 or to_race <= ev.taper.race_week_quiet_days:
                continue
        days.append(d)
    return days


def days_to_a_race(d: date, profile: AthleteProfile) -> tuple[int, str] | None:
    """Days from ``d`` to the next A race on or after it, and its name."""
    race = next((r for r in profile.races if r.priority == "A" and r.day >= d), None)
    return ((race.day - d).days, race.name) if race else None


def _day_score(d: date, profile: AthleteProfile, week: WeekPhase, ev: Evidence) -> float:
    kind = profile.run_kind(d.weekday())
    if profile.strength_time == "hard_day":
        score = {"key": 3.0, "easy": 1.0, "rest": 1.0}.get(kind, 0.0)
    else:
        score = {"easy": 3.0, "rest": 2.0, "key": 1.0}.get(kind, 0.0)
    if d.weekday() in profile.strength_days:
        score += 2.0
    ahead = days_to_a_race(d, profile)
    if ahead and ev.taper.last_heavy_days_min <= ahead[0] <= ev.taper.last_heavy_days_max:
        score += 4.0  # the taper's last heavy session, 10-14 days out, by date
    return score


def _spacing_penalty(days: tuple[date, ...], previous: date | None, gap: int) -> float:
    all_days = ((previous,) if previous else ()) + days
    close = sum(1 for a, b in zip(all_days, all_days[1:], strict=False) if (b - a).days < gap)
    return 4.0 * close


def choose_days(
    profile: AthleteProfile,
    week: WeekPhase,
    ev: Evidence,
    previous: date | None = None,
    *,
    sessions: int | None = None,
    from_day: date | None = None,
    blocked: frozenset[date] = frozenset(),
) -> list[Placement]:
    """The week's session days, best first by score, then by spread, then earliest.

    ``previous`` is the last session before this week, to keep a gap across weeks;
    ``sessions`` overrides the week's target (fewer after a load warning or when some
    are done already); ``from_day`` and ``blocked`` as in `candidate_days`.
    """
    days = candidate_days(profile, week, ev, from_day=from_day, blocked=blocked)
    n = min(week.sessions if sessions is None else sessions, len(days))
    if n <= 0:
        return []
    best: tuple[float, int, tuple[date, ...]] | None = None
    for combo in combinations(days, n):
        score = sum(_day_score(d, profile, week, ev) for d in combo)
        score -= _spacing_penalty(combo, previous, ev.schedule.min_days_between)
        spread = min(((b - a).days for a, b in zip(combo, combo[1:], strict=False)), default=7)
        # combinations() runs in date order: on a tie the earliest days stay.
        if best is None or (score, spread) > best[:2]:
            best = (score, spread, combo)
    assert best is not None
    return [Placement(d, is_light(d, profile, ev), _reason(d, profile, ev)) for d in best[2]]


def is_light(d: date, profile: AthleteProfile, ev: Evidence) -> bool:
    """True inside the last ``last_heavy_days_min`` days before an A race, by date."""
    ahead = days_to_a_race(d, profile)
    return ahead is not None and ahead[0] < ev.taper.last_heavy_days_min


def _relation(d: date, profile: AthleteProfile) -> list[str]:
    """``"day after the key session"``, ``"2 days before the long run"``..."""
    parts = []
    before = profile.run_kind((d.weekday() - 1) % 7)
    if before in ("key", "long"):
        parts.append(f"day after the {RUN_NAMES[before]}")
    for ahead in range(1, 7):
        kind = profile.run_kind((d.weekday() + ahead) % 7)
        if kind in ("key", "long"):
            parts.append(f"{ahead} days before the {RUN_NAMES[kind]}")
            break
    return parts


def _reason(d: date, profile: AthleteProfile, ev: Evidence) -> str:
    kind = profile.run_kind(d.weekday())
    parts = []
    if kind == "key":
        parts.append("key-session day: hard days hard, lift after the run")
    elif kind == "easy":
        parts.append(
            f"lift first, at least {ev.schedule.gap_before_easy_run_h:g} h before the easy run"
        )
    elif kind == "rest":
        parts.append("no run that day")
    parts += _relation(d, profile)
    if d.weekday() in profile.strength_days:
        parts.append("a preferred strength day")
    ahead = days_to_a_race(d, profile)
    if ahead and ahead[0] <= ev.taper.window_days:
        label = "light session" if is_light(d, profile, ev) else "last heavy session"
        parts.append(f"{label}, {ahead[0]} days before {ahead[1]}")
    return f"{d:%a}: " + ", ".join(parts)
