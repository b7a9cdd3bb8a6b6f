"""Running load from the log: weekly distance and time, ACWR, two-week ramp, run spikes.

Weeks are rolling 7-day windows ending on the reference day (week 0 = the last 7 days,
week 1 = the 7 before...), in the athlete's time zone (each activity's own offset when
none is given). Only running counts. A ratio is computed only when the log covers the
weeks it compares, and a log with no recent run is not taken as the current load.
Every threshold and study figure comes from `upright.plan.evidence`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta, tzinfo

from upright.plan.activity import Activity
from upright.plan.evidence import Evidence, SpikeBand, default_evidence


@dataclass(frozen=True, kw_only=True)
class WeekLoad:
    """Running in one 7-day window: first and last day, distance km, time h, runs."""

    first_day: date
    last_day: date
    distance_km: float
    time_h: float
    runs: int


@dataclass(frozen=True, kw_only=True)
class Spike:
    """A run longer than the longest run of the look-back window before it."""

    day: date
    distance_km: float
    previous_longest_km: float
    increase: float  # fraction: 0.41 means 41 % longer
    band: SpikeBand


@dataclass(frozen=True, kw_only=True)
class LoadWarning:
    """A warning: the runner's numbers in one line, and the study behind it.

    ``message`` is one line for the runner; the planner extends it with what it
    changed. ``why`` is the study's figure, shown on request (``--why``, a details
    element on the web).
    """

    kind: str  # "spike", "ramp", "acwr"
    message: str
    runner_value: float
    study_value: float
    source: str
    why: str = ""


@dataclass(frozen=True, kw_only=True)
class LoadReport:
    """Weekly loads (most recent first), ACWR, ramp, spikes, warnings and notes.

    ``current`` is False when the log holds no run in the recent window
    (``stale_after_days``): then nothing is computed and the plan comes from the
    profile alone. ``notes`` say so, and which ratio needs more log to be computed.
    """

    weeks: tuple[WeekLoad, ...]
    acwr: float | None
    ramp: float | None
    spikes: tuple[Spike, ...]
    warnings: tuple[LoadWarning, ...]
    notes: tuple[str, ...] = ()
    current: bool = True


def local_day(a: Activity, tz: tzinfo | None = None) -> date:
    """The activity's start date in ``tz`` (its own offset when ``tz`` is None)."""
    return (a.start.astimezone(tz) if tz else a.start).date()


def weekly_load(
    activities: Sequence[Activity], today: date, weeks: int, tz: tzinfo | None = None
) -> tuple[WeekLoad, ...]:
    """Running distance (km), time (h) and count in ``weeks`` 7-day windows to ``today``."""
    out = []
    runs = [a for a in activities if a.is_running]
    for k in range(weeks):
        last = today - timedelta(days=7 * k)
        first = last - timedelta(days=6)
        inside = [a for a in runs if first <= local_day(a, tz) <= last]
        out.append(
            WeekLoad(
                first_day=first,
                last_day=last,
                distance_km=sum(a.distance_m for a in inside) / 1000,
                time_h=sum(a.moving_s for a in inside) / 3600,
                runs=len(inside),
            )
        )
    return tuple(out)


def acwr(weeks: Sequence[WeekLoad], n_weeks: int) -> float | None:
    """Acute:chronic ratio: week 0's distance over the mean of the last ``n_weeks``.

    The mean includes week 0 itself.

    ``None`` when there are fewer weeks or no running at all in them.
    """
    if len(weeks) < n_weeks:
        return None
    chronic = sum(w.distance_km for w in weeks[:n_weeks]) / n_weeks
    return weeks[0].distance_km / chronic if chronic > 0 else None


def two_week_ramp(weeks: Sequence[WeekLoad]) -> float | None:
    """Change of weekly distance over two weeks: last 7 days against weeks 2 back.

    0.33 means a third more. ``None`` without running two weeks ago (no baseline).
    """
    if len(weeks) < 3 or weeks[2].distance_km <= 0:
        return None
    return weeks[0].distance_km / weeks[2].distance_km - 1.0


def spikes(
    activities: Sequence[Activity], since: date, ev: Evidence, tz: tzinfo | None = None
) -> tuple[Spike, ...]:
    """Runs from ``since`` on that were longer than the longest run of the window before.

    A run with no run in the look-back window before it has nothing to compare with and
    is not a spike (Frandsen et al. compared with the runner's own recent history).
    """
    runs = sorted(
        (a for a in activities if a.is_running and a.distance_m > 0), key=lambda a: a.start
    )
    window = timedelta(days=ev.spike.lookback_days)
    out = []
    for i, run in enumerate(runs):
        if local_day(run, tz) < since:
            continue
        before = [r.distance_m for r in runs[:i] if run.start - window <= r.start < run.start]
        if not before:
            continue
        longest = max(before)
        increase = run.distance_m / longest - 1.0
        bands = [b for b in ev.spike.bands if increase > b.above_fraction]
        if bands:
            out.append(
                Spike(
                    day=local_day(run, tz),
                    distance_km=run.distance_m / 1000,
                    previous_longest_km=longest / 1000,
                    increase=increase,
                    band=bands[-1],
                )
            )
    return tuple(out)


def _pct(fraction: float) -> str:
    """``0.5`` -> ``"50 %"``."""
    return f"{100 * fraction:.0f} %"


def _km(value: float) -> str:
    """``16.0`` -> ``"16"``, ``16.46`` -> ``"16.5"``."""
    return f"{value:.1f}".removesuffix(".0")


def _spike_warning(s: Spike, ev: Evidence, long_run_day: int | None) -> LoadWarning:
    what = "long run" if s.day.weekday() == long_run_day else "run"
    msg = (
        f"Your {what} of {s.day:%a %d %b} jumped {_pct(s.increase)} "
        f"({_km(s.previous_longest_km)} -> {_km(s.distance_km)} km, against your longest "
        f"of the {ev.spike.lookback_days} days before)"
    )
    why = (
        f"{ev.spike.source}: runs more than {_pct(s.band.above_fraction)} longer than the "
        f"longest run of the {ev.spike.lookback_days} days before came with a "
        f"{_pct(s.band.hazard_ratio - 1)} higher injury rate (hazard ratio "
        f"{s.band.hazard_ratio:.2f}) than runs at most "
        f"{_pct(ev.spike.bands[0].above_fraction)} longer."
    )
    return LoadWarning(
        kind="spike",
        message=msg,
        runner_value=s.increase,
        study_value=s.band.above_fraction,
        source=ev.spike.source,
        why=why,
    )


def _ramp_warning(ramp: float, wk: Sequence[WeekLoad], ev: Evidence) -> LoadWarning:
    fig = ev.load
    msg = (
        f"Your running rose {_pct(ramp)} in two weeks ({_km(wk[2].distance_km)} -> "
        f"{_km(wk[0].distance_km)} km a week)"
    )
    why = (
        f"{fig.ramp_source}: runners who added more than {_pct(fig.ramp_warn_fraction)} "
        f"over two weeks had a hazard ratio of {fig.ramp_hazard_ratio:.2f} for injury "
        "against those who added less."
    )
    return LoadWarning(
        kind="ramp",
        message=msg,
        runner_value=ramp,
        study_value=fig.ramp_warn_fraction,
        source=fig.ramp_source,
        why=why,
    )


def _acwr_warning(ratio: float, wk: Sequence[WeekLoad], ev: Evidence) -> LoadWarning:
    fig = ev.load
    chronic = sum(w.distance_km for w in wk[: fig.acwr_weeks]) / fig.acwr_weeks
    msg = (
        f"Your last 7 days' running ({_km(wk[0].distance_km)} km) is {ratio:.1f} times "
        f"your {fig.acwr_weeks}-week average ({_km(chronic)} km a week)"
    )
    why = (
        f"{fig.acwr_source} put the injury risk above an acute:chronic ratio of "
        f"{fig.acwr_risk:g} (sweet spot {fig.acwr_sweet_low:g}-{fig.acwr_sweet_high:g}); "
        f"{fig.acwr_contested}."
    )
    return LoadWarning(
        kind="acwr",
        message=msg,
        runner_value=ratio,
        study_value=fig.acwr_risk,
        source=fig.acwr_source,
        why=why,
    )


def _stale_note(runs: Sequence[Activity], today: date, ev: Evidence, tz: tzinfo | None) -> str:
    days = ev.load.stale_after_days
    if not runs:
        return (
            "No run in your log: the plan comes from your profile alone "
            "(`upright import-runs` adds your running log)."
        )
    newest = max(local_day(a, tz) for a in runs)
    return (
        f"No run in your log in the last {days} days (the newest is from "
        f"{newest:%d %b %Y}): the plan comes from your profile alone, not from that old "
        "running."
    )


def _coverage_note(first_run: date, today: date, ev: Evidence) -> str | None:
    """Which measures the log is too short for, or None when it covers them all."""
    covered = (today - first_run).days + 1
    fig = ev.load
    needs = [
        (
            7 * (fig.ramp_weeks + 1),
            f"the {fig.ramp_weeks}-week ramp",
            f"{fig.ramp_weeks + 1} weeks",
        ),
        (7 * fig.acwr_weeks, "the ACWR", f"{fig.acwr_weeks} weeks"),
        (
            ev.spike.lookback_days + 1,
            "the single-run spike check",
            f"{ev.spike.lookback_days} days",
        ),
    ]
    short = [(what, span) for days, what, span in needs if covered < days]
    if not short:
        return None
    parts = [f"{short[0][0]} needs {short[0][1]} of it"]
    parts += [f"{what} {span}" for what, span in short[1:]]
    verdict = {1: "it is", 2: "neither is"}.get(len(short), "none is")
    return (
        f"Your running log covers {covered} day{'s' if covered != 1 else ''} (from "
        f"{first_run:%d %b %Y}); {', '.join(parts[:-1]) + ' and ' if len(parts) > 1 else ''}"
        f"{parts[-1]}, so {verdict} computed yet."
    )


def load_report(
    activities: Sequence[Activity],
    today: date,
    ev: Evidence | None = None,
    weeks: int = 6,
    *,
    tz: tzinfo | None = None,
    long_run_day: int | None = None,
) -> LoadReport:
    """Weekly load, ACWR, two-week ramp and the spikes of the last 7 days, with warnings.

    Parameters
    ----------
    activities:
        The log (any sports; only running counts).
    today:
        Last day of week 0, in ``tz``.
    weeks:
        Number of 7-day windows to report (at least the ACWR's and the ramp's).
    tz:
        The athlete's time zone: an activity's day is its start date there.
    long_run_day:
        The profile's long-run weekday (0 = Monday), to call a spike on it a long run.
    """
    ev = ev or default_evidence()
    need = max(weeks, ev.load.acwr_weeks, ev.load.ramp_weeks + 1)
    wk = weekly_load(activities, today, need, tz)
    runs = [a for a in activities if a.is_running and local_day(a, tz) <= today]
    recent_from = today - timedelta(days=ev.load.stale_after_days - 1)
    if not any(local_day(a, tz) >= recent_from for a in runs):
        note = _stale_note(runs, today, ev, tz)
        return LoadReport(
            weeks=wk[:weeks],
            acwr=None,
            ramp=None,
            spikes=(),
            warnings=(),
            notes=(note,),
            current=False,
        )
    first_run = min(local_day(a, tz) for a in runs)
    covered = (today - first_run).days + 1
    ratio = acwr(wk, ev.load.acwr_weeks) if covered >= 7 * ev.load.acwr_weeks else None
    ramp = two_week_ramp(wk) if covered >= 7 * (ev.load.ramp_weeks + 1) else None
    # a spike is measured against the 30 days before the run: the log must hold them
    recent = tuple(
        s
        for s in spikes(activities, today - timedelta(days=6), ev, tz)
        if (s.day - first_run).days >= ev.spike.lookback_days
    )
    warnings = [_spike_warning(s, ev, long_run_day) for s in recent]
    if ramp is not None and ramp > ev.load.ramp_warn_fraction:
        warnings.append(_ramp_warning(ramp, wk, ev))
    if ratio is not None and ratio > ev.load.acwr_risk:
        warnings.append(_acwr_warning(ratio, wk, ev))
    notes = tuple(n for n in (_coverage_note(first_run, today, ev),) if n)
    return LoadReport(
        weeks=wk[:weeks],
        acwr=ratio,
        ramp=ramp,
        spikes=recent,
        warnings=tuple(warnings),
        notes=notes,
    )
