"""The plan: weeks of back sessions placed in the runner's week, dosed from the history.

A pure function of plain values (profile, running log, logged exercises, start day), so
it needs no database and gives the same plan for the same inputs. Weeks are calendar
weeks, Monday to Sunday, in the athlete's time zone; race rules go by date.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from upright.catalog import Exercise, default_catalog
from upright.plan.activity import Activity
from upright.plan.evidence import Evidence, default_evidence
from upright.plan.load import LoadReport, load_report
from upright.plan.load_response import LoadResponse, respond
from upright.plan.phases import WeekPhase, week_phase
from upright.plan.placement import after_race_note, choose_days, recovery_days
from upright.plan.prescription import SessionPrescription
from upright.plan.profile import DEFAULT_ATHLETE, AthleteProfile, Race
from upright.plan.progression import LOAD_HOLD_NOTE, TAPER_NOTE, LoggedExercise
from upright.plan.session_builder import build_session


@dataclass(frozen=True, kw_only=True)
class PlannedSession:
    """One back session on a day: its prescription, length (min) and the reasons."""

    day: date
    start: time
    phase: str
    light: bool
    may_increase: bool
    prescription: SessionPrescription
    minutes: float
    placement: str

    @property
    def starts_at(self) -> datetime:
        """Start as a naive local date and time."""
        return datetime.combine(self.day, self.start)


@dataclass(frozen=True)
class PlanWeek:
    """A calendar week, Monday (``phase.first_day``) to Sunday: its phase and sessions."""

    phase: WeekPhase
    sessions: tuple[PlannedSession, ...]

    @property
    def last_day(self) -> date:
        """The week's Sunday."""
        return self.phase.first_day + timedelta(days=6)


@dataclass(frozen=True, kw_only=True)
class Plan:
    """The plan, the running-load report it was made with, its time zone and races.

    ``athlete`` is the display name; ``timezone`` the IANA name the weeks and the
    sessions' clock times are in.
    """

    athlete: str
    start: date
    weeks: tuple[PlanWeek, ...]
    load: LoadReport
    timezone: str = "UTC"
    races: tuple[Race, ...] = ()

    @property
    def end(self) -> date:
        """The last day (a Sunday)."""
        return self.weeks[-1].last_day

    @property
    def sessions(self) -> tuple[PlannedSession, ...]:
        """All sessions in date order."""
        return tuple(s for w in self.weeks for s in w.sessions)

    def session_on(self, day: date) -> PlannedSession | None:
        """The session planned for a day, if any."""
        return next((s for s in self.sessions if s.day == day), None)


def monday_of(day: date) -> date:
    """The Monday of the calendar week holding ``day``."""
    return day - timedelta(days=day.weekday())


def _may_increase(day: date, profile: AthleteProfile, ev: Evidence) -> bool:
    """False within the taper window (days) before any A race."""
    return not any(
        r.priority == "A" and 0 <= (r.day - day).days <= ev.taper.window_days for r in profile.races
    )


def _placement(
    reason: str, day: date, previous: date | None, races: Sequence[Race], ev: Evidence
) -> str:
    """The placement reason, plus the recovery wait when a race came since the last session.

    Only a race within a week past its recovery days is named: an old race is no reason.
    """
    since = [
        r
        for r in races
        if r.day < day
        and (previous is None or r.day > previous)
        and (day - r.day).days <= recovery_days(r, ev) + 7
    ]
    if not since:
        return reason
    return f"{reason}; {after_race_note(since[-1], day, ev)}"


def _pending(day: date, session: SessionPrescription) -> list[LoggedExercise]:
    """Planned exercises as history with no result yet: later sessions hold their step."""
    return [
        LoggedExercise(
            day=day,
            exercise_id=p.exercise_id,
            sets=p.sets,
            reps=p.reps,
            hold_s=p.hold_s,
            load_kg=p.load_kg,
            sets_done=0,
            reps_done_min=0,
        )
        for p in session.exercises
    ]


def _week_target(
    phase: WeekPhase, done: set[date], response: LoadResponse, start: date
) -> tuple[int, frozenset[date]]:
    """Sessions still to place this week, and the days taken (sessions done already).

    Sessions logged this week before or on ``start`` count against the week's target.
    """
    inside = {d for d in done if phase.first_day <= d <= phase.first_day + timedelta(days=6)}
    fewer = 1 if response.fewer_week == phase.first_day else 0
    taken = {d for d in inside if d >= start}
    return max(0, phase.sessions - len(inside) - fewer), frozenset(taken)


def build_plan(
    profile: AthleteProfile,
    start: date,
    weeks: int = 4,
    *,
    activities: Sequence[Activity] = (),
    history: Sequence[LoggedExercise] = (),
    catalog: dict[str, Exercise] | None = None,
    ev: Evidence | None = None,
) -> Plan:
    """Plan ``weeks`` calendar weeks (Monday to Sunday), the first holding ``start``.

    Nothing is placed before ``start``; back sessions already logged in its week count
    against that week's target. Load warnings from the log change the sessions they
    concern (`upright.plan.load_response`).

    Parameters
    ----------
    profile:
        The runner's week, equipment, races and time zone.
    start:
        First day of the plan (usually today, in the profile's time zone).
    activities:
        The running log, for the load report and its warnings.
    history:
        Logged back exercises, oldest first, for progression.
    """
    if weeks < 1:
        raise ValueError(f"weeks: expected 1 or more, got {weeks}")
    ev = ev or default_evidence()
    catalog = catalog or default_catalog()
    past = sorted(history, key=lambda h: h.day)
    first = monday_of(start)
    done_weeks = (first - monday_of(past[0].day)).days // 7 if past else 0
    phases = [
        week_phase(profile, first + timedelta(weeks=k), done_weeks + k, ev) for k in range(weeks)
    ]
    report = load_report(
        activities,
        start - timedelta(days=1),
        ev,
        tz=profile.zone,
        long_run_day=profile.long_run_day,
    )
    response = respond(report, profile, start, phases, ev)
    have = profile.equipment_available
    log, done = list(past), {h.day for h in past}
    out, previous = [], past[-1].day if past else None
    for phase in phases:
        target, taken = _week_target(phase, done, response, start)
        sessions = []
        for place in choose_days(
            profile,
            phase,
            ev,
            previous,
            sessions=target,
            from_day=start,
            blocked=response.blocked | taken,
        ):
            light = place.light or place.day in response.light
            tapering = not _may_increase(place.day, profile, ev)
            may_up = not tapering and place.day not in response.hold
            rx, length = build_session(
                catalog,
                have,
                log,
                light=light,
                may_increase=may_up,
                held_note=TAPER_NOTE if tapering else LOAD_HOLD_NOTE,
                ev=ev,
            )
            sessions.append(
                PlannedSession(
                    day=place.day,
                    start=profile.strength_clock,
                    phase=phase.phase,
                    light=light,
                    may_increase=may_up,
                    prescription=rx,
                    minutes=length,
                    placement=_placement(place.reason, place.day, previous, profile.races, ev),
                )
            )
            log += _pending(place.day, rx)
            previous = place.day
        out.append(PlanWeek(phase, tuple(sessions)))
    load = replace(report, warnings=response.warnings)
    races = tuple(r for r in profile.races if r.day >= start)
    name = profile.name or DEFAULT_ATHLETE
    return Plan(
        athlete=name,
        start=start,
        weeks=tuple(out),
        load=load,
        timezone=profile.timezone,
        races=races,
    )
