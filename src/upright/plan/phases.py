"""The phase of each plan week: build, maintain, taper or race week.

- build: 2-3 back sessions a week while an A or B race is within the build horizon
  (20 weeks, Blagrove et al. 2018) or while the program is younger than its minimum
  (6 weeks), so the back is strong before and while running volume rises;
- maintain: 1 a week otherwise (Rønnestad et al. 2010);
- taper: the week holds a day within 14 days of an A race: 1 session, the heavy one
  10-14 days out, nothing goes up (Bosquet et al. 2007; coaching practice);
- race week: the A race falls in the week: at most one light session, not in the
  last days before the race.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from upright.plan.evidence import Evidence
from upright.plan.profile import AthleteProfile, Race

PHASES = ("build", "maintain", "taper", "race_week")


@dataclass(frozen=True, kw_only=True)
class WeekPhase:
    """A week's phase, its session range (min, max), target and the reason.

    ``reason`` says why the week has this phase and what it asks for; it does not
    repeat the phase's name, which a front end shows beside it.
    """

    first_day: date
    phase: str
    sessions_min: int
    sessions_max: int
    sessions: int
    reason: str
    race: Race | None = None


def next_a_race(profile: AthleteProfile, on_or_after: date) -> Race | None:
    """The first A race on or after a day."""
    return next((r for r in profile.races if r.priority == "A" and r.day >= on_or_after), None)


def week_phase(
    profile: AthleteProfile, first_day: date, weeks_in_program: int, ev: Evidence
) -> WeekPhase:
    """Phase of the 7 days from ``first_day``.

    ``weeks_in_program`` counts the weeks of back work already done before this week.
    """
    last_day = first_day + timedelta(days=6)
    race = next_a_race(profile, first_day)
    sch, tap = ev.schedule, ev.taper
    if race and race.day <= last_day:
        n = tap.race_week_sessions
        return WeekPhase(
            first_day=first_day,
            phase="race_week",
            sessions_min=0,
            sessions_max=n,
            sessions=n,
            reason=f"{race.name} on {race.day:%a %d %b}: one light session at most, "
            f"none in the last {tap.race_week_quiet_days} days before it",
            race=race,
        )
    if race and (race.day - last_day).days < tap.window_days:
        n = sch.maintain_sessions
        return WeekPhase(
            first_day=first_day,
            phase="taper",
            sessions_min=n,
            sessions_max=n,
            sessions=n,
            reason=f"{race.name} in {(race.day - first_day).days} days: one session, the "
            f"last heavy one {tap.last_heavy_days_min}-{tap.last_heavy_days_max} "
            "days out, no increases",
            race=race,
        )
    horizon = first_day + timedelta(weeks=sch.build_horizon_weeks)
    target = next(
        (r for r in profile.races if r.priority in ("A", "B") and first_day <= r.day <= horizon),
        None,
    )
    lo, hi, n = sch.build_sessions_min, sch.build_sessions_max, profile.build_sessions
    if target:
        weeks = (target.day - first_day).days // 7
        return WeekPhase(
            first_day=first_day,
            phase="build",
            sessions_min=lo,
            sessions_max=hi,
            sessions=n,
            reason=f"{target.name} in {weeks} weeks: {n} sessions a week strengthen the "
            "back before and while the running volume rises",
            race=target,
        )
    if weeks_in_program < sch.build_min_weeks:
        return WeekPhase(
            first_day=first_day,
            phase="build",
            sessions_min=lo,
            sessions_max=hi,
            sessions=n,
            reason=(
                f"week {weeks_in_program + 1} of back work: {n} sessions a week for the "
                f"first {sch.build_min_weeks} weeks, the least that shows an effect"
            ),
        )
    m = sch.maintain_sessions
    return WeekPhase(
        first_day=first_day,
        phase="maintain",
        sessions_min=m,
        sessions_max=m,
        sessions=m,
        reason=f"no race within {sch.build_horizon_weeks} weeks: {m} "
        f"session{'' if m == 1 else 's'} a week keeps the strength built",
    )
