"""Which excursions of the generic counter's signal are reps, and why the others are not.

An excursion counts when it is full-size (at least `PARTIAL` of the usual rep), looks
like the other reps at its peak, does not linger at the top like a rest, starts or ends
at the reps' resting level, and climbs as high as its neighbours; two excursions in
different poses within one period of the movement are phases of one rep (`phases`); reps
hidden by a short loss of the body mid-set are added from the rhythm
(`upright.motion.generic_unseen`). The rest are reported with their reason.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy.signal import peak_widths

from upright.motion.generic_signal import Count, gap_period, levelled
from upright.motion.generic_unseen import unseen_reps
from upright.motion.result import NotCounted, Rep

Arr = npt.NDArray[np.float64]
Mask = npt.NDArray[np.bool_]

# An excursion smaller than this fraction of the usual rep is partial, not counted.
PARTIAL = 0.5
# Smaller than this fraction it is not even a partial rep (fidgeting, noise)...
TRIVIAL = 0.25
# ...unless it is at least this big and falls between reps of a set (an attempt in the
# set's rhythm, not a fidget while resting).
TRIVIAL_IN_SET = 0.15
# A full-size excursion whose peak pose is further than this many usual rep sizes from
# the other reps' is another movement (a stray arm, a step), not a rep.
SHAPE = 1.0
# ...or than IN_SHAPE for one in the set's rhythm (`unlike`).
IN_SHAPE = 1.5
IN_STEP = 1.3
# An excursion cut by the file's start or end counts only if the file begins (ends) within
# this share of the usual rep size of the usual trough level.
EDGE = 0.25
# An excursion whose higher end lies more than this many usual rep sizes above the usual
# trough level neither starts nor ends at rest: not a rep.
AFLOAT = 0.5
# A rep starts (ends) where it leaves (is back within) this share of its height above
# its resting level (`_span`)...
SETTLE = 0.1
# ...or where it has levelled off: within SETTLE of the usual rep over FLAT_S seconds.
FLAT_S = 0.4
# Neighbouring full reps whose peak and trough levels a rep's peak is held against.
LOCAL = 6
# An excursion staying near its peak (within NEAR_TOP of its prominence) more than LONG
# times as long as the usual rep is a rest or a hold, not a rep.
NEAR_TOP = 0.25
LONG = 6.0
# A set's first (last) excursion whose side facing the set's next (previous) rep takes
# more than SLOW times the reps' usual is the move into (out of) position, not a rep.
SLOW = 3.0
# Counted excursions closer than CYCLE periods to the first of their rep are its later
# phases (`phases`) when the poses of such close ones differ ALTERNATE times more than
# those of excursions a period apart.
CYCLE = 0.7
ALTERNATE = 2.0
# ...and when the resting pose between them (within REST_BAND usual rep sizes of the
# lowest frame) lasts under DWELL times as long as between reps...
REST_BAND = 0.2
DWELL = 0.7
# ...unless the second pose mirrors the first: its sides swapped, it lies within MIRROR
# of their distance (one side's rep, then the other's).
MIRROR = 0.5


def unlike(z: Arr, c: Count) -> Mask:
    """Full-size excursions whose pose at the peak is unlike the other reps' (not reps).

    Unlike is further than `SHAPE` usual rep sizes from the reps' usual peak pose; for
    an excursion in the set's rhythm (full excursions on both sides, each at most
    `IN_STEP` usual gaps away), further than `IN_SHAPE`: a rep done with a fault (the
    trunk twisting, the hips piking) changes the pose at its peak by about one rep size,
    and it is still a rep, while a set-up or a stray movement comes at a set's edge or
    out of its rhythm.
    """
    full = c.prom >= PARTIAL * c.typical
    if full.sum() < 4:
        return np.zeros(c.peaks.size, dtype=bool)
    pose = z[c.peaks]
    usual = np.median(pose[full], axis=0)
    far = np.linalg.norm(pose - usual, axis=1) / c.typical
    idx = np.flatnonzero(full)
    step = float(np.median(np.diff(c.peaks[idx])))
    bar = np.full(c.peaks.size, SHAPE)
    for j in range(1, idx.size - 1):
        before, after = c.peaks[idx[j]] - c.peaks[idx[j - 1]], c.peaks[idx[j + 1]] - c.peaks[idx[j]]
        if max(before, after) <= IN_STEP * step:
            bar[idx[j]] = IN_SHAPE
    return np.asarray(far > bar) & full


def too_long(x: Arr, c: Count) -> Mask:
    """Full-size excursions that stay near their peak far longer than the usual rep.

    Standing up and walking about between sets, or holding a position, rises once and
    stays: its width at `NEAR_TOP` of its own prominence below the peak is more than
    `LONG` times the usual rep's, and more than the time between reps (so a short pause
    at the top of one quick rep is no rest). Taken near the top, so a set's first rep
    that starts from a resting level part-way up is not made wide by the rest before it.
    """
    full = c.prom >= PARTIAL * c.typical
    period = gap_period(np.diff(c.peaks[full]).astype(np.float64))
    if full.sum() < 3 or not np.isfinite(period):
        return np.zeros(c.peaks.size, dtype=bool)
    w = peak_widths(x, c.peaks, rel_height=NEAR_TOP)[0]
    wide = (w > LONG * float(np.median(w[full]))) & (w > period)
    return np.asarray(wide & full, dtype=bool)


def short(x: Arr, c: Count) -> Mask:
    """Full-prominence excursions whose peak stops short of the neighbouring reps' level.

    Also those cut by the file's start or end: the trough on that side is the file's first
    or last frame and sits more than `EDGE` usual rep sizes above the usual trough level
    (the file begins or ends mid-rep, or with the move into position).

    Prominence alone can pass a half rep that starts from a low trough (a sag between
    sets, the body settling). The peak must also climb `PARTIAL` of the way from the
    usual trough level to the usual peak level of the `LOCAL` nearest full reps (levels
    taken locally, so a slow drift of posture does not move the bar).
    """
    full = np.flatnonzero(c.prom >= PARTIAL * c.typical)
    out = np.zeros(c.peaks.size, dtype=bool)
    if full.size == 0:
        return out
    # Cut by the file's start or end: the file must begin (end) near the usual trough.
    rest = float(np.median(np.maximum(x[c.lo[full]], x[c.hi[full]])))
    far = EDGE * c.typical
    out |= (c.lo == 0) & (x[c.lo] - rest > far) | (c.hi == len(x) - 1) & (x[c.hi] - rest > far)
    if full.size < 4:
        return out
    top = x[c.peaks[full]]
    base = np.maximum(x[c.lo[full]], x[c.hi[full]])
    for k in full:
        near = full[np.argsort(np.abs(c.peaks[full] - c.peaks[k]))[: LOCAL + 1]]
        near = near[near != k]
        sel = np.isin(full, near)
        lo, hi = float(np.median(base[sel])), float(np.median(top[sel]))
        out[k] |= hi > lo and x[c.peaks[k]] - lo < PARTIAL * (hi - lo)
    return out


def afloat(x: Arr, c: Count) -> Mask:
    """Excursions that neither start nor end near the reps' resting level (not reps).

    A rep leaves the resting pose and comes back to it, so at least one of its two
    troughs lies near the usual trough level of the full reps. Steps and shifts of
    weight while standing about between sets rise and fall from a level part-way up,
    more than `AFLOAT` usual rep sizes above it at both ends.
    """
    full = c.prom >= PARTIAL * c.typical
    if not full.any():
        return np.zeros(c.peaks.size, dtype=bool)
    rest = float(np.median(np.maximum(x[c.lo[full]], x[c.hi[full]])))
    return np.asarray(np.minimum(x[c.lo], x[c.hi]) - rest > AFLOAT * c.typical, dtype=bool)


def slow_edge(z: Arr, c: Count, counted: Mask) -> Mask:
    """The first or last excursion of the file that settles into the set far slower than a rep.

    Getting down to the floor, lying down or hanging from a bar ends in the set's resting
    pose, but slowly: the side of that excursion facing the set (peak to trough for the
    first, trough to peak for the last) lasts more than `SLOW` times the usual side of the
    other reps, and it comes from a pose far (`AFLOAT` usual rep sizes, all components)
    from the one between the middle reps. A first rep's slow side, if any, faces away from
    the set (a move into position run into the rep), so it still counts. Needs two other
    reps to know the usual sides.
    """
    out = np.zeros(c.peaks.size, dtype=bool)
    idx = np.flatnonzero(counted)
    if idx.size < 3:
        return out
    rise = (c.peaks - c.lo).astype(np.float64)
    fall = (c.hi - c.peaks).astype(np.float64)
    first, last = idx[0], idx[-1]
    rest = np.median(z[np.r_[c.lo[idx[1:-1]], c.hi[idx[1:-1]]]], axis=0)
    far_lo = np.linalg.norm(z[c.lo[first]] - rest) > AFLOAT * c.typical
    far_hi = np.linalg.norm(z[c.hi[last]] - rest) > AFLOAT * c.typical
    out[first] = far_lo and fall[first] > SLOW * float(np.median(fall[idx[1:]]))
    out[last] = far_hi and rise[last] > SLOW * float(np.median(rise[idx[:-1]]))
    return out


def phases(
    x: Arr, z: Arr, c: Count, counted: Mask, period: float, mirror: Arr | None = None
) -> npt.NDArray[np.intp]:
    """[excursions] The excursion whose rep each counted one belongs to (-1: not counted).

    One rep may hold two poses in turn (a bird dog reaching out, then tucking elbow to
    knee, between them passing through the resting pose): two excursions, each like a
    rep, but the movement as a whole repeats once per ``period`` (frames, from all
    components). They are phases of one rep when at least two pairs of consecutive
    counted excursions come less than `CYCLE` periods apart and the poses at their
    centres lie `ALTERNATE` times further apart than those of excursions about a period
    apart (the same phase of the next rep), and more than `PARTIAL` usual rep sizes.
    Excursions that look alike stay reps of their own whatever the period (a period
    read as twice the real one pairs nothing), and so do two that mirror each other
    (``mirror``, each side's pose less its usual one at the excursions: the second pose,
    its sides swapped, lies within `MIRROR` of the distance between the two): one
    side's rep, then the other's. A rep starts with the first excursion of a set and
    takes in the counted ones within `CYCLE` periods of its start. Grouped so, the set
    must rest between its reps, not between the phases of one: the signal stays near
    its low (within `REST_BAND` usual rep sizes) between phases under `DWELL` times as
    long as between reps close in time. Otherwise each excursion is its own rep.
    """
    own = np.where(counted, np.arange(c.peaks.size), -1)
    idx = np.flatnonzero(counted)
    if idx.size < 4 or not (np.isfinite(period) and period > 0):
        return own
    _, _, left, right = peak_widths(x, c.peaks[idx], rel_height=0.5)
    centre = np.round(0.5 * (left + right)).astype(np.intp)
    pose = z[centre]
    gap = (centre[None, :] - centre[:, None]) / period  # [i, j]: from i to j, periods
    dist = np.linalg.norm(pose[None, :] - pose[:, None], axis=2)
    step = np.arange(idx.size - 1)
    near = step[gap[step, step + 1] < CYCLE]  # consecutive phases
    whole = np.abs(gap - 1) < 1 - CYCLE  # a period apart: the same phase of the next rep
    if near.size < 2 or not whole.any():
        return own
    within = float(np.median(dist[near, near + 1]))
    if not (within > ALTERNATE * float(np.median(dist[whole])) and within > PARTIAL * c.typical):
        return own
    if mirror is not None:
        # Each side against its own usual pose: a view sees the two sides differently.
        usual = np.nanmedian(mirror[centre], axis=0)
        a, b = mirror[centre[near]] - usual, mirror[centre[near + 1]] - usual
        same = np.sqrt(np.nansum((a - b) ** 2, axis=(1, 2)))
        swapped = np.sqrt(np.nansum((a[:, ::-1] - b) ** 2, axis=(1, 2)))
        if float(np.median(swapped)) < MIRROR * float(np.median(same)):
            return own  # one side's rep, then the other side's
    lead, first = 0, np.zeros(idx.size, dtype=bool)
    for j in range(idx.size):
        if centre[j] - centre[lead] >= CYCLE * period:
            lead = j
        first[j] = lead == j
        own[idx[j]] = idx[lead]
    # A rep runs from rest to rest: between its phases it passes through the resting
    # pose without the rest the set takes between reps.
    dwell = np.array(
        [
            np.count_nonzero(x[a : b + 1] < x[a : b + 1].min() + REST_BAND * c.typical)
            for a, b in zip(centre[:-1], centre[1:], strict=True)
        ]
    )
    inside = ~first[1:]
    between = first[1:] & (gap[step, step + 1] < CYCLE)
    if not (inside.any() and between.any()):
        return np.where(counted, np.arange(c.peaks.size), -1)
    if np.median(dwell[inside]) >= DWELL * np.median(dwell[between]):
        return np.where(counted, np.arange(c.peaks.size), -1)
    return own


def _in_set(peaks: npt.NDArray[np.intp], reps: npt.NDArray[np.intp]) -> Mask:
    """[peaks] True where a peak has a counted rep within two periods on each side."""
    period = gap_period(np.diff(reps).astype(np.float64))
    if not np.isfinite(period):
        return np.zeros(peaks.size, dtype=bool)
    i = np.searchsorted(reps, peaks)
    before = np.where(i > 0, peaks - reps[np.maximum(i - 1, 0)], np.inf)
    after = np.where(i < reps.size, reps[np.minimum(i, reps.size - 1)] - peaks, np.inf)
    return np.asarray((before <= 2 * period) & (after <= 2 * period), dtype=bool)


def _span(x: Arr, t: Arr, c: Count, k: int, to: int, flat: Mask) -> tuple[float, float]:
    """(start, end) of the rep rising at excursion ``k`` and back after ``to`` (seconds).

    From the last frame before the peak where the body rests, to the first after its last
    peak: within `SETTLE` of its height of the higher of its two troughs, or in the
    lower half of the rep where the signal has levelled off (``flat``: a rest above a
    deeper trough, as a bird dog's all-fours between its tuck and its reach). Trough to
    trough, a set's first rep would begin where the set-up began (standing, lying onto
    the ball) and its last end where the set-down ended.
    """
    lo, hi, pk, pk2 = int(c.lo[k]), int(c.hi[to]), int(c.peaks[k]), int(c.peaks[to])
    base = max(float(x[lo]), float(x[hi]))
    rise = min(float(x[pk]), float(x[pk2])) - base  # its height between its own troughs
    if rise < 0.5 * float(c.prom[k]):  # a trough within its top (a dip in a hold)
        return float(t[lo]), float(t[hi])
    level, low = base + SETTLE * rise, base + 0.5 * rise
    rest = (x <= level) | (flat & (x <= low))
    before = np.flatnonzero(rest[lo : pk + 1])
    after = np.flatnonzero(rest[pk2 : hi + 1])
    a = lo + int(before[-1]) if before.size else lo
    b = pk2 + int(after[0]) if after.size else hi
    return float(t[a]), float(t[b])


@dataclass(frozen=True)
class Picked:
    """The reps picked from a signal's excursions (see `pick`)."""

    reps: tuple[Rep, ...]
    not_counted: tuple[NotCounted, ...]
    period_s: float
    unseen: tuple[int, ...]


def pick(
    x: Arr,
    z: Arr,
    t: Arr,
    c: Count,
    missing: Mask,
    period: float = float("nan"),
    mirror: Arr | None = None,
) -> Picked:
    """Which excursions ``c`` of the rep signal ``x`` are reps, and why the others are not.

    Parameters
    ----------
    x
        [frames] the rep signal (torso lengths or radians), on the even clock ``t``
        (seconds).
    z
        [frames, components] the principal components, for the pose at each peak.
    c
        The signal's excursions.
    missing
        [frames] True where the body was not seen (reps hidden there may be inferred).
    period
        The movement's period (frames; NaN when unknown): excursions that are phases of
        one rep count once (`phases`).
    mirror
        [frames, 2, K] each side's pose, left first (``upright.motion.generic.sided``):
        the second of two phases that mirrors the first is the other side's rep.
    """
    odd, rest, cut, off = unlike(z, c), too_long(x, c), short(x, c), afloat(x, c)
    counted = (c.prom >= PARTIAL * c.typical) & ~odd & ~rest & ~cut & ~off
    slow = slow_edge(z, c, counted)
    counted &= ~slow
    rep_of = phases(x, z, c, counted, period, mirror)
    last = {int(r): k for k, r in enumerate(rep_of) if r >= 0}  # a rep's last phase
    phase = counted & (rep_of != np.arange(c.peaks.size))
    counted &= ~phase
    hidden = {u.after: u for u in unseen_reps(c.peaks[counted], missing)}
    in_set = _in_set(c.peaks, c.peaks[counted])
    order = np.cumsum(counted) - 1  # index of each counted excursion among the counted
    w = max(3, int(round(FLAT_S / float(np.median(np.diff(t)))))) if len(t) > 1 else 3
    flat = levelled(x, w, SETTLE * c.typical)
    reps: list[Rep] = []
    unseen: list[int] = []
    partial: list[NotCounted] = []
    for k in range(c.peaks.size):
        start, end = _span(x, t, c, k, last.get(k, k), flat)
        if phase[k]:
            continue
        if counted[k]:
            reps.append(
                Rep(
                    index=len(reps) + 1,
                    side="both",
                    start=start,
                    end=end,
                    peak=round(float(x[c.peaks[k]]), 3),
                )
            )
            u = hidden.get(int(order[k]))
            if u is not None:  # reps out of view follow this one
                a, b = float(t[u.start]), float(t[u.end])
                for j in range(u.n):
                    lo, hi = a + (b - a) * j / u.n, a + (b - a) * (j + 1) / u.n
                    reps.append(
                        Rep(index=len(reps) + 1, side="both", start=lo, end=hi, peak=reps[-1].peak)
                    )
                    unseen.append(len(reps))
        elif odd[k]:
            partial.append(NotCounted(start, end, "unlike the other reps: another movement"))
        elif rest[k]:
            partial.append(NotCounted(start, end, "stays up far longer than a rep: a rest, a hold"))
        elif slow[k]:
            partial.append(NotCounted(start, end, "settles into the set slowly: getting in place"))
        elif off[k]:
            partial.append(NotCounted(start, end, "starts and ends away from rest: not a rep"))
        elif cut[k]:
            partial.append(
                NotCounted(start, end, "partial: stops short of the neighbouring reps' top")
            )
        elif c.prom[k] >= (TRIVIAL_IN_SET if in_set[k] else TRIVIAL) * c.typical:
            share = 100 * c.prom[k] / c.typical
            partial.append(
                NotCounted(start, end, f"partial: {share:.0f} % of the usual range of the movement")
            )
    gaps = np.diff([r.end for r in reps])
    period = float(np.median(gaps[gaps < 3 * np.median(gaps)])) if gaps.size else float("nan")
    return Picked(tuple(reps), tuple(partial), period, tuple(unseen))
