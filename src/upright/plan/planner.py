"""The plan: weeks of back sessions placed in the runner's week, dosed from the history.

A pure function of plain values (profile, running log, logged exercises, start day), so
it needs no database and gives the same plan for the same inputs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from upright.catalog import Exercise, default_catalog
from upright.plan.activity import Activity
from upright.plan.evidence import Evidence, default_evidence
from upright.plan.load import LoadReport, load_report
from upright.plan.phases import WeekPhase, week_phase
from upright.plan.placement import choose_days
from upright.plan.prescription import SessionPrescription
from upright.plan.profile import AthleteProfile
from upright.plan.progression import LoggedExercise
from upright.plan.session_builder import build_session


@dataclass(frozen=True)
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
    """Seven days from ``first_day``: their phase and sessions."""

    phase: WeekPhase
    sessions: tuple[PlannedSession, ...]


@dataclass(frozen=True)
class Plan:
    """The plan and the running-load report it was made with."""

    athlete: str
    start: date
    weeks: tuple[PlanWeek, ...]
    load: LoadReport

    @property
    def sessions(self) -> tuple[PlannedSession, ...]:
        """All sessions in date order."""
        return tuple(s for w in self.weeks for s in w.sessions)

    def session_on(self, day: date) -> PlannedSession | None:
        """The session planned for a day, if any."""
        return next((s for s in self.sessions if s.day == day), None)


def _may_increase(day: date, profile: AthleteProfile, ev: Evidence) -> bool:
    """False within the taper window (days) before any A race."""
    return not any(
        r.priority == "A" and 0 <= (r.day - day).days <= ev.taper.window_days for r in profile.races
    )


def _pending(day: date, session: SessionPrescription) -> list[LoggedExercise]:
    """Planned exercises as history with no result yet: later sessions hold their step."""
    return [
        LoggedExercise(
            day, p.exercise_id, p.sets, p.reps, p.hold_s, p.load_kg, sets_done=0, reps_done_min=0
        )
        for p in session.exercises
    ]


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
    """Plan ``weeks`` 7-day weeks from ``start``.

    Parameters
    ----------
    profile:
        The runner's week, equipment and races.
    start:
        First day of the plan (usually today).
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
    done_weeks = (start - past[0].day).days // 7 if past else 0
    have = profile.equipment_available
    log = list(past)
    out, previous = [], past[-1].day if past else None
    for k in range(weeks):
        phase = week_phase(profile, start + timedelta(weeks=k), done_weeks + k, ev)
        sessions = []
        for place in choose_days(profile, phase, ev, previous):
            may_up = _may_increase(place.day, profile, ev)
            rx, length = build_session(
                catalog, have, log, light=place.light, may_increase=may_up, ev=ev
            )
            sessions.append(
                PlannedSession(
                    place.day,
                    profile.strength_clock,
                    phase.phase,
                    place.light,
                    may_up,
                    rx,
                    length,
                    place.reason,
                )
            )
            log += _pending(place.day, rx)
            previous = place.day
        out.append(PlanWeek(phase, tuple(sessions)))
    report = load_report(activities, start - timedelta(days=1), ev)
    return Plan(profile.name, start, tuple(out), report)
