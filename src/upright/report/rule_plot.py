"""One rule's measure over a set: the curve, its threshold and the stretches that broke it."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
from matplotlib.figure import Figure

from upright.catalog import Rule
from upright.catalog.model import UNIT_SYMBOLS
from upright.motion.result import Fault, Rep
from upright.report.figures import FAULTY, LINE, MUTED, THRESHOLD, new_figure, style_axes

FloatArray = npt.NDArray[np.floating]

_UNIT_LABEL = {"deg": "degrees", "s": "seconds", "torso": "torso lengths", "ratio": "ratio"}
_FEW_POINTS = 30


def breaks_rule(rule: Rule, values: FloatArray) -> npt.NDArray[np.bool_]:
    """Element-wise `Rule.is_fault`; NaN never breaks a rule."""
    v = np.asarray(values, dtype=float)
    with np.errstate(invalid="ignore"):
        bad = v > rule.threshold if rule.compare == "above" else v < rule.threshold
    out: npt.NDArray[np.bool_] = bad & np.isfinite(v)
    return out


def _runs(bad: npt.NDArray[np.bool_]) -> list[tuple[int, int]]:
    """Index pairs ``(first, last)`` of each run of True."""
    edges = np.diff(np.concatenate([[0], bad.astype(np.int8), [0]]))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1) - 1
    return [(int(a), int(b)) for a, b in zip(starts, ends, strict=True)]


def is_sparse(values: FloatArray) -> bool:
    """True for a measure taken once per rep (few points) rather than every frame."""
    return int(np.isfinite(np.asarray(values, dtype=float)).sum()) < _FEW_POINTS


def fault_stretches(
    rule: Rule, t: FloatArray, values: FloatArray, reps: Sequence[Rep] = ()
) -> list[tuple[float, float]]:
    """Time spans ``(start_s, end_s)`` where the measure breaks the rule.

    For a per-frame measure, each run of consecutive breaking samples becomes one span,
    widened by half the sample spacing on each side so a single sample still shows. For
    a per-rep measure (see `is_sparse`), a breaking sample marks the rep that holds it.
    """
    t = np.asarray(t, dtype=float)
    bad = breaks_rule(rule, values)
    if not bad.any():
        return []
    if is_sparse(values) and reps:
        spans = {(r.start, r.end) for r in reps for x in t[bad] if r.start <= x <= r.end}
        return sorted(spans)
    half = 0.5 * float(np.median(np.diff(t))) if len(t) > 1 else 0.05
    return [(float(t[a]) - half, float(t[b]) + half) for a, b in _runs(bad)]


def limit_text(rule: Rule) -> str:
    """When the rule counts a fault, e.g. ``"above 10°"`` or ``"below 0.5 s"``."""
    return f"{rule.compare} {rule.threshold:g}{UNIT_SYMBOLS[rule.units]}"


def rule_figure(
    rule: Rule,
    t: FloatArray,
    values: FloatArray,
    faults: Sequence[Fault] = (),
    reps: Sequence[Rep] = (),
    xlim: tuple[float, float] | None = None,
) -> Figure:
    """Plot a rule's measure over time with its threshold and the faulty stretches.

    Parameters
    ----------
    rule
        The catalog rule; its ``threshold`` is drawn as a dashed red line.
    t, values
        Seconds and the measure in the rule's units (NaN where not measured).
    faults
        This rule's reported faults, marked at ``(at, value)``.
    reps
        Reps, drawn as light numbered bands behind the curve.
    xlim
        Time axis range in seconds (default: the series' own span).
    """
    fig = new_figure(5.2, 3.4)  # narrow: on a phone it is shrunk least, its type readable
    ax = fig.add_subplot()
    t = np.asarray(t, dtype=float)
    v = np.asarray(values, dtype=float)
    for rep in reps:
        ax.axvspan(rep.start, rep.end, color="#efefef", zorder=0, gid="rep")
        ax.text(
            (rep.start + rep.end) / 2,
            0.97,
            str(rep.index),
            fontsize=10,
            color=MUTED,
            transform=ax.get_xaxis_transform(),
            ha="center",
            va="top",
        )
    for a, b in fault_stretches(rule, t, v, reps):
        ax.axvspan(a, b, color=FAULTY, alpha=0.22, linewidth=0, zorder=1, gid="fault-stretch")
    if is_sparse(v):
        ax.plot(
            t,
            v,
            color=LINE,
            linestyle="none",
            marker="o",
            markersize=6,
            zorder=3,
            gid="measure",
            label="per rep",
        )
    else:
        ax.plot(t, v, color=LINE, linewidth=1.6, zorder=3, gid="measure")
    ax.axhline(
        rule.threshold,
        color=THRESHOLD,
        linestyle="--",
        linewidth=1.2,
        zorder=2,
        gid="threshold",
        label=f"fault {limit_text(rule)}",
    )
    if faults:
        ax.plot(
            [f.at for f in faults],
            [f.value for f in faults],
            linestyle="none",
            marker="X",
            markersize=9,
            color=FAULTY,
            markeredgecolor="white",
            zorder=4,
            gid="faults",
            label="fault reported",
        )
    if xlim is not None:
        ax.set_xlim(*xlim)
    elif len(t):
        ax.set_xlim(float(t[0]), float(t[-1]))
    ax.margins(y=0.25)
    ax.set_xlabel("time (s); grey bands: reps, numbered", fontsize=11)
    style_axes(ax, _UNIT_LABEL[rule.units], rule.name)
    # below the plot, clear of the title, in type a phone can read
    fig.legend(loc="outside lower center", ncol=3, fontsize=11, frameon=False)
    return fig
