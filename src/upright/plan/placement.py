"""Which days of a week get the back sessions, and why.

Never the day before the long run or a key session (nor the day before a race or a race
day); on a hard day ("hard days hard") or first thing on an easy day, at least 6 h
before the run, as the profile prefers; preferred strength days first; sessions spread
out. Every candidate set of days is scored and the best one is taken, so the result does
not depend on the order days are looked at.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from itertools import combinations

from upright.plan.evidence import Evidence
from upright.plan.phases import WeekPhase
from upright.plan.profile import AthleteProfile, allowed_days

RUN_NAMES = {"long": "long run", "key": "key session", "easy": "easy run", "rest": "rest day"}


@dataclass(frozen=True)
class Placement:
    """A chosen day, whether it is light (taper), and the reasons in a sentence."""

    day: date
    light: bool
    reason: str


def candidate_days(profile: AthleteProfile, week: WeekPhase, ev: Evidence) -> list[date]:
    """Days of the week a session may use."""
    ok_weekdays = set(allowed_days(profile, ev))
    race_blocked = set()
    for race in profile.races:
        race_blocked |= {race.day, race.day - timedelta(days=1)}
    days = []
    for i in range(7):
        d = week.first_day + timedelta(days=i)
        if d.weekday() not in ok_weekdays or d in race_blocked:
            continue
        if week.phase == "race_week" and week.race is not None:
            to_race = (week.race.day - d).days
            if to_race < 0 or to_race <= ev.taper.race_week_quiet_days:
                continue
        days.append(d)
    return days


def _day_score(d: date, profile: AthleteProfile, week: WeekPhase, ev: Evidence) -> float:
    kind = profile.run_kind(d.weekday())
    if profile.strength_time == "hard_day":
        score = {"key": 3.0, "easy": 1.0, "rest": 1.0}.get(kind, 0.0)
    else:
        score = {"easy": 3.0, "rest": 2.0, "key": 1.0}.get(kind, 0.0)
    if d.weekday() in profile.strength_days:
        score += 2.0
    if week.phase == "taper" and week.race is not None:
        to_race = (week.race.day - d).days
        if ev.taper.last_heavy_days_min <= to_race <= ev.taper.last_heavy_days_max:
            score += 4.0
    return score


def _spacing_penalty(days: tuple[date, ...], previous: date | None, gap: int) -> float:
    all_days = ((previous,) if previous else ()) + days
    close = sum(1 for a, b in zip(all_days, all_days[1:], strict=False) if (b - a).days < gap)
    return 4.0 * close


def choose_days(
    profile: AthleteProfile, week: WeekPhase, ev: Evidence, previous: date | None = None
) -> list[Placement]:
    """The week's session days, best first by score, then by spread, then earliest.

    ``previous`` is the last session before this week, to keep a gap across weeks.
    """
    days = candidate_days(profile, week, ev)
    n = min(week.sessions, len(days))
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
    return [Placement(d, _is_light(d, week, ev), _reason(d, profile, week, ev)) for d in best[2]]


def _is_light(d: date, week: WeekPhase, ev: Evidence) -> bool:
    if week.race is None or week.phase not in ("taper", "race_week"):
        return False
    return (week.race.day - d).days < ev.taper.last_heavy_days_min


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


def _reason(d: date, profile: AthleteProfile, week: WeekPhase, ev: Evidence) -> str:
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
    if week.race is not None and week.phase in ("taper", "race_week"):
        to_race = (week.race.day - d).days
        label = "last heavy session" if not _is_light(d, week, ev) else "light session"
        parts.append(f"{label}, {to_race} days before {week.race.name}")
    return f"{d:%a}: " + ", ".join(parts)
