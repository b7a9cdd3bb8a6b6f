"""Limb elevations read from how far a joint rose in the picture, in degrees.

Seen from in front or behind with image points only, an arm raised forward (the bird
dog, the Y-raise) swings towards or away from the camera: the angle between arm and
trunk in the picture folds and unfolds whatever the arm really does, so a hold at the
top reads as a limb that wobbles in and out of its peak zone, and the moves' timing and
the arm-leg lag wander with it. Up and down in the picture is up and down in the room
from a camera about level with the person, so the height of the elbow (or knee) below
its shoulder (or hip), against the segment's length when it hangs, gives the angle the
limb was raised through: ``arccos(drop / length)`` from hanging, whichever way it
swings. The hold, the tempo, the lag and the tuck of such a view are timed on these
angles (`upright.motion.evaluate`); the rep itself is counted by
`upright.motion.front_signal`.
"""

from __future__ import annotations

import warnings

import numpy as np

from upright.motion.body import Arr, part

# The limb's angle to the trunk when it hangs straight down from a horizontal trunk
# (on all fours, lying on a ball), deg: raised level it reads 180.
HANGING_DEG = 90.0


def raised_deg(pts: Arr, top: str, low: str) -> Arr:
    """Degrees ``low`` (elbow, knee) was raised through from hanging below ``top``, [T].

    ``HANGING_DEG`` hanging straight down, 180 level with ``top``, up to 270 straight
    above it. The segment's length is its 95th percentile in the picture over the set
    (hanging, it is seen whole from any level camera). NaN where a point is missing.
    """
    a, b = part(pts, top)[:, :2], part(pts, low)[:, :2]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # a limb never seen: NaN
        length = float(np.nanpercentile(np.linalg.norm(b - a, axis=1), 95))
    if not (np.isfinite(length) and length > 0):
        return np.full(len(pts), np.nan)
    drop = np.clip((b[:, 1] - a[:, 1]) / length, -1.0, 1.0)  # image y points down
    return np.asarray(HANGING_DEG + np.degrees(np.arccos(drop)), dtype=np.float64)


def arm_raised(pts: Arr, side: str) -> Arr:
    """Shoulder flexion (deg) the elbow's height in the picture stands for, [T].

    ``side`` "both": the mean of the two arms.
    """
    if side == "both":
        both = np.stack([arm_raised(pts, s) for s in ("left", "right")])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            return np.asarray(np.nanmean(both, axis=0), dtype=np.float64)
    return raised_deg(pts, f"{side}_shoulder", f"{side}_elbow")


def leg_raised(pts: Arr, side: str) -> Arr:
    """Hip extension (deg) the knee's height in the picture stands for, [T]."""
    return raised_deg(pts, f"{side}_hip", f"{side}_knee")
