"""Standard error of a posture held at the top, judged against the rest before the rep.

A held posture rule (the bird dog's pelvis roll, a row's hip turn) reads the body line
held over the top against the line held at rest just before the rep. Both are medians
of noisy landmarks, and for the hip line (about 0.2 m long, its far end seen through
the body in a side view) that noise is a few degrees even after the median. A reading
just past the threshold is then as likely noise as a fault, so the rule asks that the
reading clear the threshold by its standard error (`upright.motion.evaluate`).

The error is read from the data, not assumed: the frames are cut into consecutive blocks
of `BLOCK_S` (longer than the landmarks' jitter is correlated, so the blocks are about
independent), the reading is taken on each block of the top against the whole rest and
on the whole top against each block of the rest, and the pooled spread of those block
readings, scaled to the number of blocks each side holds, gives the error of the whole
reading.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable

import numpy as np
import numpy.typing as npt

from upright.motion.body import Baseline, make_baseline

Arr = npt.NDArray[np.float64]
Index = npt.NDArray[np.intp]
# A posture per frame of points [k, 33, 3] against a baseline, [k] in the rule's units.
Reading = Callable[[Arr, Baseline], Arr]

# Blocks of frames this long (s) are about independent: the landmarks' jitter is
# correlated over ~0.15 s (pose models smooth over a few frames).
BLOCK_S = 0.3


def block_medians(pts: Arr, idx: Index, size: int) -> Arr:
    """Median points [k, 33, 3] of the k whole consecutive blocks of ``size`` in ``idx``.

    The last ``len(idx) % size`` frames, too few for a block, are left out.
    """
    k = len(idx) // size
    cut = pts[idx[: k * size]].reshape(k, size, *pts.shape[1:])
    if np.isfinite(cut).all():
        return np.asarray(np.median(cut, axis=1), dtype=np.float64)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # a block lost to a dropout: NaN
        return np.asarray(np.nanmedian(cut, axis=1), dtype=np.float64)


def held_error(
    read: Reading, pts: Arr, top: Index, rest: Index | None, base: Baseline, fps: float
) -> float:
    """Standard error of ``read`` on the top frames ``top`` against the rest ``rest``.

    Parameters
    ----------
    read
        The posture (rule units) of points [k, 33, 3] against a `Baseline`, [k] values.
    pts
        Clean tracks [T, 33, 3] the frame indices refer to.
    top
        Frames of the held top.
    rest
        Frames of the rest the baseline ``base`` was made from; None when ``base`` is
        the set-up's (many frames: its own error is left out).
    base
        The baseline the reading is judged against.
    fps
        Frames per second.

    Returns
    -------
    float
        The standard error in the rule's units; NaN when the top is shorter than two
        blocks (too short to tell its noise).
    """
    size = max(3, round(BLOCK_S * fps))
    if len(top) < 2 * size:
        return float("nan")
    on_top = read(block_medians(pts, top, size), base)
    devs = [on_top - np.nanmean(on_top)]
    n_rest = 0.0
    if rest is not None and len(rest) > 0:
        n_rest = len(rest) / size
        if len(rest) >= 2 * size:
            held = block_medians(pts, top, len(top))
            rest_pts = block_medians(pts, rest, size)
            on_rest = np.array(
                [read(held, make_baseline(b[None], base.planar, base.facing))[0] for b in rest_pts]
            )
            devs.append(on_rest - np.nanmean(on_rest))
    d = np.concatenate(devs)
    d = d[np.isfinite(d)]
    dof = d.size - len(devs)
    if dof < 1:
        return float("nan")
    var = float(np.sum(d**2)) / dof  # spread of a one-block reading
    share = 1.0 / (len(top) / size) + (1.0 / n_rest if n_rest > 0 else 0.0)
    return float(np.sqrt(var * share))
