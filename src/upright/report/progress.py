"""Progress plots over weeks: per-exercise dose, faults per rule, back work against running.

Each function takes plain history values (`upright.report.history`) and returns a
`matplotlib.figure.Figure`; write it with `upright.report.figures.save_figure` (PNG and
SVG) or `figure_bytes` (the web app). Artists carry a ``gid`` (``"session-line"``,
``"clean-sets"``, ...) so tests and the web app can find them.
"""

from __future__ import annotations

import textwrap
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from datetime import date, timedelta

import numpy as np
import numpy.typing as npt
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from upright.report.figures import (
    CLEAN,
    FAULTY,
    LINE,
    MUTED,
    PALETTE,
    WARNING,
    new_figure,
    style_axes,
)
from upright.report.history import SetPoint, WeekPoint, week_start, weeks_between

METRICS: tuple[tuple[str, str], ...] = (
    ("load_kg", "load (kg)"),
    ("reps", "reps per set"),
    ("hold_s", "hold per rep (s)"),
)
MAX_RULES = len(PALETTE)


def _value(point: SetPoint, metric: str) -> float | None:
    value = getattr(point, metric)
    return None if value is None else float(value)


def _metrics_present(points: Sequence[SetPoint]) -> list[tuple[str, str]]:
    out = []
    for metric, label in METRICS:
        values = [_value(p, metric) for p in points]
        if metric == "reps" or any(v is not None and v > 0 for v in values):
            out.append((metric, label))
    return out


_EPOCH = date(1970, 1, 1)  # matplotlib's default date epoch


def date2num(days: Sequence[date]) -> npt.NDArray[np.float64]:
    """Days since 1970-01-01 as floats: matplotlib's own date numbers."""
    return np.array([(d - _EPOCH).days for d in days], dtype=np.float64)


def _day(d: date) -> float:
    return float((d - _EPOCH).days)


def _date_axis(ax: Axes, first: date, last: date) -> None:
    """Day ticks labelled "3 Mar", a whole number of days apart, at most ~8."""
    span = (last - first).days
    step = max(1, -(-span // 7))
    ticks = [first + timedelta(days=k) for k in range(0, span + 1, step)]
    ax.set_xticks(date2num(ticks), [f"{d.day} {d:%b}" for d in ticks])


def _week_axis(ax: Axes, mondays: Sequence[date], offset_days: float = 0.0) -> None:
    """Ticks on the weeks themselves, labelled by their Monday ("3 Mar"), at most ~10."""
    step = max(1, -(-len(mondays) // 10))
    ticks = list(mondays)[::step]
    ax.set_xticks(date2num(ticks) + offset_days, [f"{d.day} {d:%b}" for d in ticks])
    ax.set_xlabel("week starting", fontsize=11)


def _metric_limits(ax: Axes, metric: str, values: Sequence[float]) -> None:
    """Reps and holds from zero (a flat line then reads as flat); load zoomed, >= 5 kg span."""
    top = max(values, default=1.0)
    if metric == "load_kg":
        low = min(values, default=0.0)
        pad = max(0.0, 5.0 - (top - low)) / 2 + 0.1 * (top - low)
        ax.set_ylim(max(0.0, low - pad), top + pad)
    else:
        ax.set_ylim(0, top * 1.3 + 0.5)
    if metric == "reps":
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))


def _metric_panel(ax: Axes, points: Sequence[SetPoint], metric: str, label: str) -> None:
    by_day: dict[date, list[SetPoint]] = defaultdict(list)
    for p in points:
        if _value(p, metric) is not None:
            by_day[p.day].append(p)
    days = sorted(by_day)
    means = [float(np.mean([_value(p, metric) for p in by_day[d]])) for d in days]
    ax.plot(
        date2num(days),
        means,
        color=MUTED,
        linewidth=1.4,
        marker="_",
        markersize=10,
        zorder=2,
        gid="session-line",
        label="session mean",
    )
    xs: dict[bool, list[float]] = {True: [], False: []}
    ys: dict[bool, list[float]] = {True: [], False: []}
    for d in days:
        sets = by_day[d]
        for k, p in enumerate(sets):
            # Spread a session's sets a little so equal values do not hide each other.
            xs[p.clean].append(_day(d) + 0.35 * (k - (len(sets) - 1) / 2))
            ys[p.clean].append(float(_value(p, metric) or 0.0))
    ax.plot(
        xs[True],
        ys[True],
        linestyle="none",
        marker="o",
        markersize=6,
        color=CLEAN,
        zorder=3,
        gid="clean-sets",
        label="clean set",
    )
    ax.plot(
        xs[False],
        ys[False],
        linestyle="none",
        marker="X",
        markersize=7,
        color=FAULTY,
        markeredgecolor="white",
        zorder=4,
        gid="faulty-sets",
        label="set with faults",
    )
    _metric_limits(ax, metric, means)
    style_axes(ax, label)


def exercise_progress_figure(points: Sequence[SetPoint], exercise_name: str) -> Figure:
    """Load, reps and hold per rep of one exercise, session by session.

    One panel per quantity logged (load only when some set had a load, hold only when
    some set had a hold); each set is a dot, green when clean and an orange cross when a
    fault fired; the grey line joins the session means.
    """
    metrics = _metrics_present(points)
    fig = new_figure(5.2, 1.2 + 1.9 * len(metrics))  # narrow: readable at a phone's width
    axes = fig.subplots(len(metrics), 1, sharex=True, squeeze=False)[:, 0]
    for ax, (metric, label) in zip(axes, metrics, strict=True):
        _metric_panel(ax, points, metric, label)
    if points:
        first, last = min(p.day for p in points), max(p.day for p in points)
        axes[0].set_xlim(_day(first) - 2, _day(last) + 2)
        _date_axis(axes[-1], first, last)
    else:
        axes[0].text(
            0.5,
            0.5,
            "No sets logged yet",
            transform=axes[0].transAxes,
            ha="center",
            va="center",
            color=MUTED,
        )
        axes[-1].set_xticks([])
    axes[0].set_title(
        f"{exercise_name}: session by session", fontsize=13, loc="left", fontweight="bold"
    )
    # the legend below the plot: clear of the title, and large enough on a phone
    fig.legend(*axes[0].get_legend_handles_labels(), loc="outside lower center", ncol=3,
               fontsize=11, frameon=False)  # fmt: skip
    return fig


def faults_per_week(
    points: Sequence[SetPoint],
) -> tuple[list[date], dict[str, list[int]]]:
    """Weeks (Mondays, first to last set, empty weeks included) and faults per rule each week.

    Rules are ordered by their total count, most frequent first.
    """
    if not points:
        return [], {}
    weeks = weeks_between(min(p.day for p in points), max(p.day for p in points))
    counts: dict[str, Counter[date]] = defaultdict(Counter)
    for p in points:
        for rule in p.faults:
            counts[rule][week_start(p.day)] += 1
    order = sorted(counts, key=lambda r: (-sum(counts[r].values()), r))
    return weeks, {r: [counts[r][w] for w in weeks] for r in order}


def faults_figure(
    points: Sequence[SetPoint], rule_names: Mapping[str, str] | None = None
) -> Figure:
    """Faults per week of each rule (the most frequent `MAX_RULES` rules), one line each."""
    names = rule_names or {}
    weeks, per_rule = faults_per_week(points)
    fig = new_figure(5.2, 3.8)
    ax = fig.add_subplot()
    x = date2num(weeks)
    for colour, (rule, counts) in zip(PALETTE, list(per_rule.items())[:MAX_RULES], strict=False):
        ax.plot(
            x,
            counts,
            color=colour,
            linewidth=1.8,
            marker="o",
            markersize=4,
            gid=f"rule:{rule}",
            label=names.get(rule, rule.replace("_", " ")),
        )
    if not weeks:
        ax.set_xticks([])
    if not per_rule:
        ax.text(
            0.5,
            0.5,
            "No form fault logged" if weeks else "No sets logged yet",
            transform=ax.transAxes,
            ha="center",
            va="center",
            color=MUTED,
            fontsize=11,
        )
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylim(bottom=0)
    style_axes(ax, "faults per week", "Form faults per week, by rule")
    if weeks:
        _week_axis(ax, weeks)
        ax.set_xlim(x[0] - 3, x[-1] + 3)
    if per_rule:
        fig.legend(loc="outside lower center", ncol=2, fontsize=11, frameon=False)
    return fig


def _warning_lines(weeks: Sequence[WeekPoint], width: int = 66) -> list[str]:
    lines = []
    for w in weeks:
        for text in w.warnings:
            lines.append(textwrap.shorten(f"Week of {w.week_start:%d %b}: {text}", width))
    return lines


def running_vs_back_figure(weeks: Sequence[WeekPoint], max_notes: int = 5) -> Figure:
    """Back sessions per week (bars; planned as outlines) against running km (line).

    Weeks with a load warning get a triangle over them, and the first ``max_notes``
    warnings are written under the plot.
    """
    notes = _warning_lines(weeks)
    shown = notes[:max_notes] + (
        [f"... and {len(notes) - max_notes} more"] if len(notes) > max_notes else []
    )
    # under the plot, a row for its legend (clear of the title, readable on a phone)
    # and the notes: inches each
    legend_in, note_in = 0.6, 0.25
    below_in = legend_in + note_in * len(shown)
    fig = new_figure(5.2, 3.6 + below_in)
    grid = fig.add_gridspec(2, 1, height_ratios=[3.4, below_in])
    ax = fig.add_subplot(grid[0])
    x = date2num([w.week_start for w in weeks]) + 3  # bars centred on the week
    if any(w.planned_sessions is not None for w in weeks):
        ax.bar(
            x,
            [w.planned_sessions or 0 for w in weeks],
            width=5,
            fill=False,
            edgecolor=MUTED,
            linestyle="--",
            gid="planned",
            label="back sessions planned",
        )
    ax.bar(
        x,
        [w.back_sessions for w in weeks],
        width=3.6,
        color=LINE,
        alpha=0.85,
        gid="back-sessions",
        label="back sessions done",
    )
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    style_axes(ax, "back sessions", "Back sessions and running, week by week")
    run_ax = ax.twinx()
    run_ax.plot(
        x,
        [w.running_km for w in weeks],
        color=FAULTY,
        linewidth=2,
        marker="o",
        markersize=4,
        gid="running",
        label="running km",
    )
    run_ax.set_ylim(bottom=0, top=max([w.running_km for w in weeks] + [1.0]) * 1.25)
    run_ax.set_ylabel("running (km)", fontsize=12, color=FAULTY)
    run_ax.spines[["top"]].set_visible(False)
    run_ax.tick_params(labelsize=11)
    warned = [xi for xi, w in zip(x, weeks, strict=True) if w.warnings]
    # drawn (and in the legend) only when there is one: an empty unclipped line counts
    # as reaching the figure's corner in the layout, which left a gap under the plot
    if warned:
        ax.plot(
            warned,
            [0.97] * len(warned),
            linestyle="none",
            marker="v",
            markersize=10,
            color=WARNING,
            markeredgecolor="black",
            transform=ax.get_xaxis_transform(),
            clip_on=False,
            gid="warnings",
            label="load warning",
        )
    ax.set_ylim(
        0,
        max([w.back_sessions for w in weeks] + [w.planned_sessions or 0 for w in weeks] + [1])
        * 1.3,
    )
    if weeks:
        _week_axis(ax, [w.week_start for w in weeks], 3)
        ax.set_xlim(x[0] - 5, x[-1] + 5)
    else:
        ax.set_xticks([])
        ax.text(
            0.5,
            0.5,
            "No weeks to show yet",
            transform=ax.transAxes,
            ha="center",
            va="center",
            color=MUTED,
            fontsize=11,
        )
    handles = ax.get_legend_handles_labels()
    run_handles = run_ax.get_legend_handles_labels()
    notes_ax = fig.add_subplot(grid[1])
    notes_ax.axis("off")
    notes_ax.legend(
        handles[0] + run_handles[0],
        handles[1] + run_handles[1],
        loc="upper center",
        bbox_to_anchor=(0.5, 1.0),
        ncol=2,
        fontsize=11,
        frameon=False,
    )
    for k, line in enumerate(shown):
        notes_ax.text(
            0.0,
            1.0 - (legend_in + note_in * k) / below_in,
            line,
            fontsize=10,
            va="top",
            color="#444444",
            transform=notes_ax.transAxes,
            gid="warning-note",
        )
    return fig
