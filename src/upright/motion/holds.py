"""How long a rep holds its peak: ``peak_hold`` of docs/measures.md.

"The time both working limbs stay within ``peak_zone`` (10 degrees) of their peak." On
clean angles that is a threshold on each limb. Landmark angles are not clean: a far-side
elbow moves several degrees from frame to frame, as much as the zone itself, so a
threshold on raw angles breaks a 5 s hold into pieces. So each limb is first smoothed
(the rep signal's own filter, `preprocess.smooth_signal`, over gaps bridged linearly);
its peak is the level it holds at the top (the median of the frames near its highest
value, which noise does not lift the way it lifts a maximum); and a dip out of the zone
shorter than `DIP_S` is noise, not the end of the hold.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from upright.motion.preprocess import signal_half_window, smooth_signal
from upright.motion.robust import STILL_NOISE_K, taken_noise

Arr = npt.NDArray[np.float64]
Mask = npt.NDArray[np.bool_]

# A dip out of the zone shorter than this (seconds) does not end a hold: smoothed
# landmark noise dips that long, a real lowering of the limb lasts longer.
DIP_S = 0.8
# A dip of any length that stays within this many degrees below the zone does not end a
# hold either: a far-side arm's slow tracking drift sags that far (a Y-raise at 45 deg,
# 2 px: ~1 s below the zone), a real lowering of the limb goes on down to rest. On
# bench/sim_accuracy.py hold_length precision 0.905 -> 0.927 with 5 deg, 0.95 with 10
# (recall 1.0, hold_too_long unchanged).
DIP_DEG = 10.0


def bridged(x: Arr) -> Arr:
    """``x`` with NaN runs filled linearly from their neighbours (ends: nearest value)."""
    ok = np.isfinite(x)
    if ok.all() or not ok.any():
        return np.asarray(x, dtype=np.float64)
    k = np.arange(len(x))
    return np.asarray(np.interp(k, k[ok], x[ok]), dtype=np.float64)


def close_dips(mask: Mask, frames: int) -> Mask:
    """``mask`` with runs of False shorter than ``frames`` between two True runs set True."""
    out = mask.copy()
    edges = np.diff(np.concatenate([[1], mask.astype(np.int8), [1]]))
    for a, b in zip(np.flatnonzero(edges == -1), np.flatnonzero(edges == 1), strict=True):
        if a > 0 and b < len(mask) and b - a < frames:
            out[a:b] = True
    return out


def longest_run(mask: Mask) -> tuple[int, int]:
    """The longest run of True in ``mask`` as (first, last); (0, -1) if none."""
    edges = np.diff(np.concatenate([[0], mask.astype(np.int8), [0]]))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    if starts.size == 0:
        return 0, -1
    k = int(np.argmax(ends - starts))
    return int(starts[k]), int(ends[k] - 1)


def held_level(s: Arr, zone: float) -> float:
    """The level a smoothed limb ``s`` holds at its top, degrees.

    The median of the frames within ``zone`` of the maximum, taken again around that
    median: noise lifts the maximum (and the first median, drawn from the upper part of
    the hold) but hardly the median of the whole hold.
    """
    ok = s[np.isfinite(s)]
    if ok.size == 0:
        return float("nan")
    level = float(np.median(ok[ok >= ok.max() - zone]))
    return float(np.median(ok[ok >= level - zone]))


def peak_hold_frames(
    limbs: list[Arr], first: int, last: int, zone: float, fps: float
) -> tuple[int, int]:
    """Frames (first, last) where every limb stays within ``zone`` of its held peak.

    Parameters
    ----------
    limbs
        Per-frame angles [T] of each working limb (degrees), NaN where unseen.
    first, last
        The frames of the rep the hold may lie in (from leaving rest to back at rest).
    zone
        The catalog's ``peak_zone``, degrees; each limb's widens to `robust.STILL_NOISE_K`
        times the noise the smoothing takes out of its angle over the rep, where that
        is wider (bench/sim_accuracy.py's phone grid, a person small in the frame with
        3 px of noise: holds of clean reps read short on 24 % of reps, 16 % after).
    fps
        Frames per second.

    Returns
    -------
    tuple[int, int]
        The longest such run; (0, -1) when there is none.
    """
    n = len(limbs[0]) if limbs else 0
    mask = np.zeros(n, dtype=bool)
    if n == 0 or last < first:
        return 0, -1
    mask[first : last + 1] = True
    loose = mask.copy()
    half = signal_half_window(fps)
    for limb in limbs:
        if not np.isfinite(limb[first : last + 1]).any():
            continue
        s = smooth_signal(bridged(limb)[:, None], 0, n, half)[:, 0]
        zone_l = max(zone, STILL_NOISE_K * taken_noise(limb[first : last + 1], s[first : last + 1]))
        # the level held while the limbs before it hold theirs: the edges of the window
        # may catch this limb's next movement, higher than anything in this rep's hold
        during = close_dips(mask, max(1, round(DIP_S * fps)))
        seen = s[during] if int(during.sum()) >= 3 else s[first : last + 1]
        top = held_level(seen, zone_l)
        mask &= s >= top - zone_l
        loose &= s >= top - zone_l - DIP_DEG
    closed = close_dips(mask, max(1, round(DIP_S * fps)))
    return longest_run(closed | (close_dips(mask, n + 1) & loose))
