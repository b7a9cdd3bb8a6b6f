"""What the plan does about each running-load warning, and the one line that says so.

A warning acts on the back sessions of the ``act_days`` days from the plan's start:

- a single-run spike (Frandsen et al. 2025): those sessions are light (fewer sets, no
  step up) and none falls in the days just before the next long run;
- a two-week ramp above 30 % (Nielsen et al. 2014): the week holding most of those days
  has one back session fewer (or, with one session only, it is light), and none steps up;
- an ACWR above 1.5 (Gabbett 2016, contested): those sessions keep their dose, no more.

Each warning's message becomes the runner's numbers and the change, in one line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from upright.plan.evidence import Evidence
from upright.plan.load import LoadReport, LoadWarning
from upright.plan.phases import WeekPhase
from upright.plan.profile import AthleteProfile


@dataclass(frozen=True, kw_only=True)
class LoadResponse:
    """Changes to the plan: light days, held days, blocked days, a week with one fewer.

    ``fewer_week`` is the Monday of the week that loses a session, if any.
    ``warnings`` are the report's warnings with the change added to each message.
    """

    light: frozenset[date] = frozenset()
    hold: frozenset[date] = frozenset()
    blocked: frozenset[date] = frozenset()
    fewer_week: date | None = None
    warnings: tuple[LoadWarning, ...] = ()


def _next_long_run(profile: AthleteProfile, start: date) -> date:
    """The first long-run day on or after ``start``."""
    return start + timedelta(days=(profile.long_run_day - start.weekday()) % 7)


def _spike(
    w: LoadWarning, profile: AthleteProfile, window: list[date], ev: Evidence
) -> tuple[LoadWarning, set[date]]:
    """Block the days just before each long run inside the window; the advice line."""
    clear = ev.load.spike_clear_days_before_long_run
    long_run = _next_long_run(profile, window[0])
    blocked = set()
    for k in range(0, len(window) + clear, 7):
        lr = long_run + timedelta(days=k)
        blocked |= {lr - timedelta(days=j) for j in range(1, clear + 1)}
    line = (
        f"{w.message}: the back sessions until {window[-1]:%a %d %b} are lighter (fewer "
        f"sets, no step up) and none is in the {clear} days before your long run of "
        f"{long_run:%a %d %b}"
    )
    return replace(w, message=line), blocked & set(window)


def _ramp(
    w: LoadWarning, phases: Sequence[WeekPhase], window: list[date]
) -> tuple[LoadWarning, date | None]:
    """One session fewer in the week holding most of the window (light when it has one)."""
    middle = window[len(window) // 2]
    monday = middle - timedelta(days=middle.weekday())
    week = next((p for p in phases if p.first_day == monday), None)
    if week is not None and week.sessions >= 2:
        line = (
            f"{w.message}: the week of {monday:%a %d %b} has one back session fewer "
            f"({week.sessions - 1} instead of {week.sessions}) and none steps up until "
            f"{window[-1]:%a %d %b}"
        )
        return replace(w, message=line), monday
    line = (
        f"{w.message}: the back sessions until {window[-1]:%a %d %b} are lighter (fewer "
        "sets, no step up)"
    )
    return replace(w, message=line), None


def respond(
    report: LoadReport,
    profile: AthleteProfile,
    start: date,
    phases: Sequence[WeekPhase],
    ev: Evidence,
) -> LoadResponse:
    """The plan's changes for the report's warnings, from ``start`` on."""
    window = [start + timedelta(days=k) for k in range(ev.load.act_days)]
    light: set[date] = set()
    hold: set[date] = set()
    blocked: set[date] = set()
    fewer: date | None = None
    out = []
    for w in report.warnings:
        hold |= set(window)
        if w.kind == "spike":
            w, clear = _spike(w, profile, window, ev)
            light |= set(window)
            blocked |= clear
        elif w.kind == "ramp":
            w, fewer_week = _ramp(w, phases, window)
            fewer = fewer or fewer_week
            if fewer_week is None:
                light |= set(window)
        else:
            w = replace(
                w,
                message=f"{w.message}: the back sessions until {window[-1]:%a %d %b} keep "
                "their dose (no step up); the ratio is contested, so nothing else changes",
            )
        out.append(w)
    return LoadResponse(
        light=frozenset(light),
        hold=frozenset(hold),
        blocked=frozenset(blocked),
        fewer_week=fewer,
        warnings=tuple(out),
    )
