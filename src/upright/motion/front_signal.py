"""A row's pull seen from in front or behind: the wrist's rise towards the shoulder.

A camera straight in front of or behind a bent-over row looks along the arm's swing:
the elbow goes back, away from (or towards) the camera, and with image points only the
elbow angle in the picture says little. What the picture does show is the hand rising
towards the shoulder. Hanging long, the wrist is a whole arm below the shoulder; at the
top of the pull the elbow is up by the shoulder and the forearm hangs from it, so the
wrist is about a forearm below. `wrist_rise_flexion` turns that rise into the elbow
flexion it stands for (the catalog's rest at a whole arm, its peak at a forearm), so
the rows' rep thresholds apply as they are.
"""

from __future__ import annotations

import warnings

import numpy as np

from upright.catalog import RepSignal
from upright.motion.body import Arr, part

# The arms hang at rest when, on the set's lowest hands, the wrist is this share of the
# arm's length below the shoulder (a cable row's arm held out towards the camera is not).
HANGING_SHARE = 0.8


def _lengths(pts: Arr, side: str) -> tuple[float, float, Arr]:
    """(arm, forearm) lengths in the picture over the set, and the wrist's drop [T]."""
    sh, el, wr = (part(pts, f"{side}_{p}")[:, :2] for p in ("shoulder", "elbow", "wrist"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # a side never seen: NaN
        arm = float(np.nanpercentile(np.linalg.norm(wr - sh, axis=1), 95))
        fore = float(np.nanpercentile(np.linalg.norm(wr - el, axis=1), 95))
    return arm, fore, wr[:, 1] - sh[:, 1]  # image y points down


def arms_hang(pts: Arr) -> bool:
    """True when the set's arms hang down at rest (see `HANGING_SHARE`)."""
    shares = []
    for side in ("left", "right"):
        arm, _, drop = _lengths(pts, side)
        if np.isfinite(arm) and arm > 0 and np.isfinite(drop).any():
            shares.append(float(np.nanpercentile(drop, 90)) / arm)
    return bool(shares) and max(shares) >= HANGING_SHARE


def wrist_rise_flexion(pts: Arr, side: str, rep: RepSignal) -> Arr:
    """Elbow flexion (deg) that the wrist's rise towards the shoulder stands for, [T].

    ``rep.rest`` with the wrist a whole arm below the shoulder, ``rep.peak`` with it a
    forearm below, in proportion between (and beyond: a higher hand reads higher).
    """
    if side == "both":
        left, right = (wrist_rise_flexion(pts, s, rep) for s in ("left", "right"))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            return np.asarray(np.nanmean(np.stack([left, right]), axis=0), dtype=np.float64)
    arm, fore, drop = _lengths(pts, side)
    if not (np.isfinite(arm) and np.isfinite(fore) and arm > fore > 0):
        return np.full(len(pts), np.nan)
    share = (arm - drop) / (arm - fore)
    return np.asarray(rep.rest + (rep.peak - rep.rest) * share, dtype=np.float64)
