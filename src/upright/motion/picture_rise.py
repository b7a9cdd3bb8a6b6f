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
    drop = np.clip(((b - a) @ picture_down(pts)) / length, -1.0, 1.0)
    return np.asarray(HANGING_DEG + np.degrees(np.arccos(drop)), dtype=np.float64)


# The shoulder and hip lines are read for the picture's tilt only where they show at
# least this share of the trunk's length (from in front or behind, not side on).
ACROSS_MIN = 0.4


def picture_down(pts: Arr) -> Arr:
    """The direction straight down in the room, as a unit vector in the picture, [2].

    Image y points down when the camera is level; a phone propped crooked turns the
    picture about its axis (5-12 deg is common), and a limb's rise read along image y
    then mixes in its sideways reach: two arms raised alike read 12-16 deg apart with
    the picture turned 10 deg. Seen from in front or behind, the shoulder and hip lines
    lie across the body and level in the room, whichever way the person faces (on all
    fours, lying on a ball): their median slope over the set is the picture's tilt.
    Where they are too short to read (side on) or never seen, image y stands.
    """
    lines = []
    for joint in ("shoulder", "hip"):
        across = part(pts, f"right_{joint}")[:, :2] - part(pts, f"left_{joint}")[:, :2]
        lines.append(across)
    across = np.concatenate(lines)
    trunk = np.linalg.norm(
        0.5 * (part(pts, "left_shoulder") + part(pts, "right_shoulder"))[:, :2]
        - 0.5 * (part(pts, "left_hip") + part(pts, "right_hip"))[:, :2],
        axis=1,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # nothing seen: NaN
        torso = float(np.nanmedian(trunk)) if np.isfinite(trunk).any() else float("nan")
        size = np.linalg.norm(across, axis=1)
        seen = np.isfinite(size) & (size >= ACROSS_MIN * torso)
    if not (np.isfinite(torso) and torso > 0 and seen.sum() >= 10):
        return np.array([0.0, 1.0])
    # the lines' slope, folded to -90..90 deg (from behind they point the other way)
    slope = np.arctan2(across[seen, 1], across[seen, 0])
    slope = np.where(slope > np.pi / 2, slope - np.pi, slope)
    slope = np.where(slope <= -np.pi / 2, slope + np.pi, slope)
    tilt = float(np.median(slope))
    return np.array([-np.sin(tilt), np.cos(tilt)])


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
