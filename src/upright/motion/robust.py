"""Robust readings of noisy per-frame series: rolling medians, held runs, movement times.

Pose landmarks jitter and now and then jump for a frame; a rule judged on the single
worst frame of a rep then fires on noise. These helpers read a series the way a coach
would: a posture counts once it is *held* for a moment (a rolling median over
``HELD_S``), a hold survives a flicker shorter than ``FLICKER_S``, and a movement's
duration is timed on its middle 20-80 % of travel, well clear of the noise at rest and
at the peak, and scaled to the whole movement by the minimum-jerk profile of smooth human
reaches.
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
# Minimum-jerk reach: it spends 34.68 % of its time between 20 % and 80 % of the way,
# and reaches 20 % after 32.66 % of its time.
BAND = (0.2, 0.8)
_BAND_SHARE = 0.34680
_BAND_START = 0.32660


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


def crossing(v: Arr, t: Arr, level: float, frm: int, step: int) -> float:
    """Time ``v`` first falls to ``level`` walking from frame ``frm`` by ``step``.

    Interpolated between frames; NaN frames are skipped; the last time reached if never.
    """
    i = frm
    while 0 <= i + step < len(v):
        j = i + step
        if np.isfinite(v[j]) and np.isfinite(v[i]) and v[i] > level >= v[j]:
            w = (v[i] - level) / (v[i] - v[j]) if v[i] != v[j] else 0.0
            return float(t[i] + w * (t[j] - t[i]))
        i = j
    return float(t[i])


def movement_time(
    v: Arr, t: Arr, peak: int, low: float, top: float, step: int
) -> tuple[float, float]:
    """(duration, start) of the movement between ``low`` and the peak, seconds.

    ``step`` -1 times the rise before ``peak``; +1 the fall after it (its "start" is then
    the end of the movement). Timed on the 20-80 % band and scaled by the min-jerk shape.
    """
    exc = top - low
    a = crossing(v, t, low + BAND[0] * exc, peak, step)
    b = crossing(v, t, low + BAND[1] * exc, peak, step)
    band = abs(a - b)
    whole = band / _BAND_SHARE
    if step < 0:
        return whole, a - _BAND_START * whole
    return whole, a + _BAND_START * whole
