"""Running load from the log: weekly distance and time, ACWR, two-week ramp, run spikes.

Weeks are rolling 7-day windows ending on the reference day (week 0 = the last 7 days,
week 1 = the 7 before...), in each activity's own local date. Only running counts.
Every threshold and study figure comes from `upright.plan.evidence`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from upright.plan.activity import Activity
from upright.plan.evidence import Evidence, SpikeBand, default_evidence


@dataclass(frozen=True)
class WeekLoad:
    """Running in one 7-day window: first and last day, distance km, time h, runs."""

    first_day: date
    last_day: date
    distance_km: float
    time_h: float
    runs: int


@dataclass(frozen=True)
class Spike:
    """A run longer than the longest run of the look-back window before it."""

    day: date
    distance_km: float
    previous_longest_km: float
    increase: float  # fraction: 0.41 means 41 % longer
    band: SpikeBand


@dataclass(frozen=True)
class LoadWarning:
    """A warning with the runner's own number next to the study's figure."""

    kind: str  # "spike", "ramp", "acwr"
    message: str
    runner_value: float
    study_value: float
    source: str


@dataclass(frozen=True)
class LoadReport:
    """Weekly loads (most recent first), ACWR, ramp, spikes, warnings."""

    weeks: tuple[WeekLoad, ...]
    acwr: float | None
    ramp: float | None
    spikes: tuple[Spike, ...]
    warnings: tuple[LoadWarning, ...]


def weekly_load(activities: Sequence[Activity], today: date, weeks: int) -> tuple[WeekLoad, ...]:
    """Running distance (km), time (h) and count in ``weeks`` 7-day windows to ``today``."""
    out = []
    runs = [a for a in activities if a.is_running]
    for k in range(weeks):
        last = today - timedelta(days=7 * k)
        first = last - timedelta(days=6)
        inside = [a for a in runs if first <= a.start.date() <= last]
        out.append(
            WeekLoad(
                first,
                last,
                sum(a.distance_m for a in inside) / 1000,
                sum(a.moving_s for a in inside) / 3600,
                len(inside),
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


def spikes(activities: Sequence[Activity], since: date, ev: Evidence) -> tuple[Spike, ...]:
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
        if run.start.date() < since:
            continue
        before = [r.distance_m for r in runs[:i] if run.start - window <= r.start < run.start]
        if not before:
            continue
        longest = max(before)
        increase = run.distance_m / longest - 1.0
        bands = [b for b in ev.spike.bands if increase > b.above_fraction]
        if bands:
            out.append(
                Spike(run.start.date(), run.distance_m / 1000, longest / 1000, increase, bands[-1])
            )
    return tuple(out)


def _spike_warning(s: Spike, ev: Evidence) -> LoadWarning:
    msg = (
        f"{s.day:%a %d %b}: a {s.distance_km:.1f} km run, {s.increase:.0%} longer than your "
        f"longest run of the {ev.spike.lookback_days} days before ({s.previous_longest_km:.1f}"
        f" km). In {ev.spike.source}, runs more than {s.band.above_fraction:.0%} longer "
        f"than that came with a {s.band.hazard_ratio - 1:.0%} higher injury rate "
        f"(hazard ratio {s.band.hazard_ratio:.2f})."
    )
    return LoadWarning("spike", msg, s.increase, s.band.above_fraction, ev.spike.source)


def _ramp_warning(ramp: float, wk: Sequence[WeekLoad], ev: Evidence) -> LoadWarning:
    fig = ev.load
    msg = (
        f"Your running rose {ramp:.0%} over two weeks ({wk[2].distance_km:.1f} km to "
        f"{wk[0].distance_km:.1f} km a week). In {fig.ramp_source}, runners who added more "
        f"than {fig.ramp_warn_fraction:.0%} over two weeks had a hazard ratio of "
        f"{fig.ramp_hazard_ratio:.2f} for injury."
    )
    return LoadWarning("ramp", msg, ramp, fig.ramp_warn_fraction, fig.ramp_source)


def _acwr_warning(ratio: float, ev: Evidence) -> LoadWarning:
    fig = ev.load
    msg = (
        f"This week's distance is {ratio:.2f} times your {fig.acwr_weeks}-week average "
        f"(ACWR); {fig.acwr_source} put the risk above {fig.acwr_risk:g}, a contested figure."
    )
    return LoadWarning("acwr", msg, ratio, fig.acwr_risk, fig.acwr_source)


def load_report(
    activities: Sequence[Activity],
    today: date,
    ev: Evidence | None = None,
    weeks: int = 6,
) -> LoadReport:
    """Weekly load, ACWR, two-week ramp and the spikes of the last 7 days, with warnings.

    Parameters
    ----------
    activities:
        The log (any sports; only running counts).
    today:
        Last day of week 0.
    weeks:
        Number of 7-day windows to report (at least the ACWR's and the ramp's).
    """
    ev = ev or default_evidence()
    need = max(weeks, ev.load.acwr_weeks, ev.load.ramp_weeks + 1)
    wk = weekly_load(activities, today, need)
    ratio, ramp = acwr(wk, ev.load.acwr_weeks), two_week_ramp(wk)
    recent = spikes(activities, today - timedelta(days=6), ev)
    warnings = [_spike_warning(s, ev) for s in recent]
    if ramp is not None and ramp > ev.load.ramp_warn_fraction:
        warnings.append(_ramp_warning(ramp, wk, ev))
    if ratio is not None and ratio > ev.load.acwr_risk:
        warnings.append(_acwr_warning(ratio, ev))
    return LoadReport(wk[:weeks], ratio, ramp, recent, tuple(warnings))
