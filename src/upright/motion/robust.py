"""Robust readings of noisy per-frame series: rolling medians, held runs, movement times.

Pose landmarks jitter and now and then jump for a frame; a rule judged on the single
worst frame of a rep then fires on noise. These helpers read a series the way a coach
would: a posture counts once it is *held* for a moment (a rolling median over
``HELD_S``), a hold survives a flicker shorter than ``FLICKER_S``, and a movement's
duration comes from the minimum-jerk profile of smooth human reaches fitted to every
frame of its middle travel, well clear of the noise at rest and at the peak.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from scipy.ndimage import median_filter

Arr = npt.NDArray[np.float64]
Mask = npt.NDArray[np.bool_]

# A posture must last this long to count (seconds): longer than a tracking glitch,
# shorter than any real fault (a pull's squeeze, a hold).
HELD_S = 0.4
# Body lines (trunk, hip line) are averaged over this long before a posture is read (s).
POSTURE_S = 0.8
# Gaps in a hold shorter than this are flicker, not a break (seconds).
FLICKER_S = 0.3
# A move is fitted on its frames between these shares of the way (see `fit_move`).
FIT_BAND = (0.1, 0.9)
_ITERATIONS = 8
# In a fitted move, values are capped this share of the way beyond its levels.
_OVERSHOOT = 0.1
# A fitted move's scatter is read on it and at least this long (s) of the rest before it
# and the top after it (a rise; the other way round for a fall), not only on frames as
# far either side as the fitted move is long. Landmark noise can hide the slow ends of a
# move at rest and leave a short, steep stretch to fit; its scatter read over that
# stretch alone is small (a far-side arm's 1 s pulls read 0.26-0.45 s +- 0.02-0.06 s at
# 2 px in bench/sim_accuracy.py), while the rise's frames beside it lie well off the
# short move. Half a second is `upright.motion.tempo.STILL_S`, the time a rest is
# judged still over.
SCATTER_PAD_S = 0.5


# The robust SD of a noise is this times its median absolute size (a normal's MAD).
MAD_SD = 1.4826
# A limb held still, its angle smoothed, wanders about this many times the noise the
# smoothing took out of it: the band a still limb keeps to (`reps.RepMachine.noisy`) and
# a held limb's zone (`holds.peak_hold_frames`, the tuck) widen to that where it is wider
# than the catalog's. bench/sim_accuracy.py's phone grid, 3 px of noise.
STILL_NOISE_K = 2.0


def taken_noise(raw: Arr, smoothed: Arr) -> float:
    """The robust SD of what the smoothing took out of ``raw`` (0 where none is seen)."""
    taken = np.abs(raw - smoothed)
    taken = taken[np.isfinite(taken)]
    return MAD_SD * float(np.median(taken)) if taken.size else 0.0


def odd_frames(seconds: float, fps: float) -> int:
    """An odd number of frames covering ``seconds`` at ``fps`` (at least 1)."""
    n = max(1, round(seconds * fps))
    return n if n % 2 == 1 else n + 1


def rolling_median(x: Arr, n: int) -> Arr:
    """Centred rolling median over ``n`` frames; NaN frames stay NaN and do not vote.

    NaN frames are bridged by linear interpolation before filtering (the ends repeat the
    nearest value), so a gap never spreads.
    """
    x = np.asarray(x, dtype=np.float64)
    ok = np.isfinite(x)
    if n <= 1 or not ok.any():
        return x.copy()
    idx = np.arange(len(x))
    filled = np.interp(idx, idx[ok], x[ok]) if not ok.all() else x
    out = median_filter(filled, size=n, mode="nearest")
    out[~ok] = np.nan
    return np.asarray(out, dtype=np.float64)


def rolling_mean_points(pts: Arr, n: int) -> Arr:
    """Centred rolling mean over ``n`` frames of every coordinate of ``pts`` [T, ...].

    NaN values are left out of the mean; a frame with no finite value in its window is
    NaN. Averaging the points averages the body's lines (trunk, hip line) as vectors, so
    independent jitter cancels instead of adding to an unsigned angle.
    """
    if n <= 1 or len(pts) == 0:
        return pts
    flat = pts.reshape(len(pts), -1)
    ok = np.isfinite(flat)
    half = n // 2
    zeros = np.zeros((1, flat.shape[1]))
    csum = np.concatenate([zeros, np.cumsum(np.where(ok, flat, 0.0), axis=0)])
    ccnt = np.concatenate([zeros, np.cumsum(ok, axis=0)])
    hi = np.minimum(np.arange(len(flat)) + half + 1, len(flat))
    lo = np.maximum(np.arange(len(flat)) - half, 0)
    total, count = csum[hi] - csum[lo], ccnt[hi] - ccnt[lo]
    with np.errstate(invalid="ignore", divide="ignore"):
        out = np.where(count > 0, total / np.maximum(count, 1), np.nan)
    return np.asarray(out.reshape(pts.shape), dtype=np.float64)


def close_gaps(mask: Mask, n: int) -> Mask:
    """``mask`` with runs of False shorter than ``n`` frames between two Trues filled."""
    out = mask.copy()
    idx = np.flatnonzero(mask)
    if idx.size < 2:
        return out
    gaps = np.diff(idx)
    for k in np.flatnonzero((gaps > 1) & (gaps <= n)):
        out[idx[k] : idx[k + 1]] = True
    return out


def _first_past(v: Arr, level: float, frm: int, step: int, above: bool) -> int:
    """First frame walking from ``frm`` by ``step`` whose value is past ``level``; -1 if none.

    "Past" is ``>= level`` with ``above``, else ``< level``. NaN frames never are.
    """
    idx = np.arange(frm, len(v)) if step > 0 else np.arange(frm, -1, -1)
    if idx.size == 0:
        return -1
    x = v[idx]
    hit = (x >= level) if above else (x < level)
    hit &= np.isfinite(x)
    k = int(np.argmax(hit))
    return int(idx[k]) if hit[k] else -1


def _min_jerk_inverse(y: Arr) -> Arr:
    """Progress s in 0..1 at which a minimum-jerk move has covered ``y`` of its way."""
    grid = np.linspace(0.0, 1.0, 201)
    prog = grid**3 * (10.0 - 15.0 * grid + 6.0 * grid * grid)
    return np.asarray(np.interp(y, prog, grid), dtype=np.float64)


def _min_jerk(s: Arr) -> Arr:
    s = np.clip(s, 0.0, 1.0)
    return np.asarray(s**3 * (10.0 - 15.0 * s + 6.0 * s * s), dtype=np.float64)


def _min_jerk_slope(s: Arr) -> Arr:
    inside = (s > 0.0) & (s < 1.0)
    return np.asarray(np.where(inside, 30.0 * s * s * (1.0 - s) ** 2, 0.0), dtype=np.float64)


def _line_fit(tt: Arr, y: Arr) -> tuple[float, float]:
    """(start, duration) from progress = min-jerk inverse of ``y``, a line in time."""
    s = _min_jerk_inverse(np.clip(y, 0.0, 1.0))
    w = (30.0 * s * s * (1.0 - s) ** 2) ** 2 + 1e-6
    tm, sm = np.average(tt, weights=w), np.average(s, weights=w)
    var = float(np.sum(w * (tt - tm) ** 2))
    slope = float(np.sum(w * (tt - tm) * (s - sm))) / var if var > 0 else 0.0
    if not slope > 0:
        return float("nan"), float("nan")
    return float(tm - sm / slope), 1.0 / slope


def _refine(tt: Arr, y: Arr, t0: float, dur: float) -> tuple[float, float]:
    """Least-squares (Gauss-Newton) fit of ``y`` = min-jerk((t - t0) / dur).

    Starts from the straight-line fit (``t0``, ``dur``) and keeps it when the iteration
    leaves its neighbourhood (half to twice its duration, its start within one duration)
    or stops making sense: a refinement, never a different answer.
    """
    t_init, d_init = t0, dur
    for _ in range(_ITERATIONS):
        s = (tt - t0) / dur
        g = _min_jerk_slope(s)
        j0, j1, r = -g / dur, -g * s / dur, y - _min_jerk(s)
        a, b, c = float(j0 @ j0), float(j0 @ j1), float(j1 @ j1)
        det = a * c - b * b
        if not det > 1e-12 * max(a * c, 1e-300):
            break
        u, v = float(j0 @ r), float(j1 @ r)
        t0 += (c * u - b * v) / det
        step = (a * v - b * u) / det
        dur = min(max(dur + step, 0.5 * dur), 2.0 * dur)
        if abs(step) < 1e-4:
            break
    inside = 0.5 * d_init <= dur <= 2.0 * d_init and abs(t0 - t_init) <= d_init
    return (t0, dur) if inside and np.isfinite(t0) else (t_init, d_init)


def fit_move(v: Arr, t: Arr, peak: int, low: float, top: float, step: int) -> tuple[float, float]:
    """(duration, start) of the min-jerk move between ``low`` and ``top`` next to ``peak``.

    ``step`` -1 fits the rise before ``peak``; +1 the fall after it (its "start" is then
    the end of the move). The move lies between the last frame below ``FIT_BAND[0]`` of
    the way (walking from the peak) and the first one past ``FIT_BAND[1]`` beyond it. A
    minimum-jerk move from ``low`` to ``top`` is fitted to those frames and a margin of
    the held top by least squares, started from a straight-line fit of the
    profile's progress against time. Every frame votes, so landmark noise averages out
    instead of moving two threshold crossings. On a clean min-jerk move this is exactly
    its duration (its 20-80 % time / 0.3468). (NaN, NaN) when the move is not in view.
    """
    nan = (float("nan"), float("nan"))
    exc = top - low
    if not exc > 0:
        return nan
    a = _first_past(v, low + FIT_BAND[0] * exc, peak, step, above=False)
    b = _first_past(v, low + FIT_BAND[1] * exc, a, -step, above=True) if a >= 0 else -1
    if b < 0:
        return nan
    i0, i1 = sorted((a, b))
    y = (v - low) / exc
    if step > 0:
        y = 1.0 - y
    ok = np.isfinite(y[i0 : i1 + 1])
    if int(ok.sum()) < 3:
        return nan
    t0, dur = _line_fit(t[i0 : i1 + 1][ok], y[i0 : i1 + 1][ok])
    if not np.isfinite(dur):
        return nan
    # a margin of the held top joins the fit; none of the rest side, where the signal may
    # go on past the level (the bird dog's tuck after the return)
    margin = int(np.ceil(0.25 * dur / max(float(t[1] - t[0]), 1e-6))) + 1
    j0, j1 = (i0, min(len(v), i1 + margin + 1)) if step < 0 else (max(0, i0 - margin), i1 + 1)
    ok = np.isfinite(y[j0:j1])
    yy = np.clip(y[j0:j1][ok], -_OVERSHOOT, 1.0 + _OVERSHOOT)
    t0, dur = _refine(t[j0:j1][ok], yy, t0, dur)
    return dur, (t0 if step < 0 else t0 + dur)


def duration_error(
    v: Arr, t: Arr, low: float, top: float, move: tuple[float, float], step: int
) -> float:
    """Standard error (s) of the duration of a move `fit_move` fitted, from the data's scatter.

    ``move`` is what `fit_move` returned for the same ``v``, ``t``, ``low``, ``top`` and
    ``step``: (duration, start) of a rise (``step`` -1) or (duration, end) of a fall (+1).
    On the frames from half a duration (at least `SCATTER_PAD_S`) before the move to as
    long after it, the residual scatter about the fitted profile (root mean square) and
    the profile's Jacobian give the
    least-squares covariance of (start, duration), widened for the residuals' correlation
    over frames (landmarks and signal are smoothed, so neighbouring frames are not
    independent samples): the effective count of samples is n (1 - r) / (1 + r), with r
    the residuals' lag-1 autocorrelation on the move and half its duration either side.
    That is the error of an ideal fit to those frames: on a median-filtered noisy move
    `fit_move`'s readings spread about twice as much (it reads the move's middle only).
    NaN when the move or its frames are not there.
    """
    cov = _move_covariance(v, t, low, top, move, step)
    return float(np.sqrt(cov[1, 1])) if cov is not None else float("nan")


def _move_covariance(
    v: Arr, t: Arr, low: float, top: float, move: tuple[float, float], step: int
) -> Arr | None:
    """Covariance (s^2) of the (start, duration) of a fitted move (see `duration_error`)."""
    dur, at = move
    exc = top - low
    if not (np.isfinite(dur) and np.isfinite(at) and dur > 0 and exc > 0):
        return None
    t0 = at if step < 0 else at - dur
    pad = max(0.5 * dur, SCATTER_PAD_S)
    sel = (t >= t0 - pad) & (t <= t0 + dur + pad) & np.isfinite(v)
    if int(sel.sum()) < 6:
        return None
    tt, y = t[sel], (v[sel] - low) / exc
    if step > 0:
        y = 1.0 - y
    s = (tt - t0) / dur
    r = np.clip(y, -_OVERSHOOT, 1.0 + _OVERSHOOT) - _min_jerk(s)
    g = _min_jerk_slope(s)
    jac = np.stack([-g / dur, -g * s / dur], axis=1)
    info = jac.T @ jac
    det = float(np.linalg.det(info))
    if not det > 0:
        return None
    # the root mean square, not a median of absolute deviations: a short move fitted
    # into a longer rise leaves a third of these frames far off it, which a median
    # ignores (the signal is a rolling median: no single-frame spike is left in it)
    sigma = float(np.sqrt(np.mean(r * r)))
    # the residuals' correlation over frames is read on the move and half its duration
    # either side, as the smoothing leaves it there: over the longer rest and top their
    # slow wander (and any misfit, already in ``sigma``) drove it to its cap, and a 0.3 s
    # return read 0.31 s +- 0.23 s
    near = (tt >= t0 - 0.5 * dur) & (tt <= t0 + 1.5 * dur)
    rc = r[near] - r[near].mean() if int(near.sum()) >= 3 else r - r.mean()
    den = float(rc @ rc)
    rho = float(rc[1:] @ rc[:-1]) / den if den > 0 else 0.0
    rho = min(max(rho, 0.0), 0.95)
    widen = (1.0 + rho) / (1.0 - rho)
    inverse = np.array([[info[1, 1], -info[0, 1]], [-info[1, 0], info[0, 0]]]) / det
    return np.asarray(sigma * sigma * widen * inverse, dtype=np.float64)


def level_time(v: Arr, t: Arr, peak: int, low: float, top: float, share: float) -> float:
    """When the rise of ``v`` before frame ``peak`` is ``share`` of the way up, seconds.

    Read off the min-jerk move `fit_move` fits to the whole rise from ``low`` to ``top``,
    not off the frames near that level: a rolling median turns a noisy rise into steps,
    and a line through the few frames of one step can land far from the rise (a bird
    dog's arm timed 0.4 s before its leg that rose with it). NaN when the rise is not in
    view.
    """
    dur, start = fit_move(v, t, peak, low, top, -1)
    if not (np.isfinite(dur) and np.isfinite(start)):
        return float("nan")
    return float(start + dur * float(_min_jerk_inverse(np.array([share]))[0]))


def level_time_error(v: Arr, t: Arr, peak: int, low: float, top: float, share: float) -> float:
    """Standard error (s) of `level_time`'s reading, from the fitted rise's scatter.

    The time is start + duration * k (k the min-jerk profile's time at ``share``), so its
    variance is var(start) + k^2 var(duration) + 2 k cov(start, duration), from the
    covariance `duration_error` reads. NaN when the rise is not in view.
    """
    move = fit_move(v, t, peak, low, top, -1)
    cov = _move_covariance(v, t, low, top, move, -1)
    if cov is None:
        return float("nan")
    k = float(_min_jerk_inverse(np.array([share]))[0])
    return float(np.sqrt(max(cov[0, 0] + k * k * cov[1, 1] + 2.0 * k * cov[0, 1], 0.0)))
