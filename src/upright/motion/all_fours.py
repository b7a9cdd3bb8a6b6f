"""On all fours or not: the hand that does not work stays on the floor under its shoulder.

An exercise made on hands and knees (a bird dog) works one arm at a time while the other
hand keeps the body up. An arm exercise made lying on a ball (a Y-raise) lifts both arms
off the floor together. The difference shows from any camera, in image points as in
world ones: the supporting arm is a vertical limb, its hand as far below its shoulder at
the top of a rep as before it. From in front or behind, where the leg's lift cannot be
seen (`upright.motion.engine.Engine._leg_still`), it tells one from the other.

Heights are read along y, which points down in both spaces (pixels in the picture,
BlazePose's world metres), and compared with the person's own drop before the rep, so
neither the camera's distance nor the person's size matters.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from upright.motion.body import part

Arr = npt.NDArray[np.float64]


def hand_drop(pts: Arr, side: str) -> Arr:
    """How far the ``side`` wrist is below its shoulder, per frame (track units, y down)."""
    return part(pts, f"{side}_wrist")[:, 1] - part(pts, f"{side}_shoulder")[:, 1]


def support_kept(pts: Arr, side: str, before: slice, held: slice) -> float:
    """Share of its drop before the rep that the ``side`` hand keeps at the rep's top.

    ``pts`` [T, 33, 3] span the rep; ``before`` are its frames before the working arm
    left the rest (the hand's own drop there, the median), ``held`` those where the
    working arm is at its top (the median there). About 1 for a hand left on the floor,
    about 0 for an arm raised with the working one. NaN when the hand or its shoulder is
    not seen in either part, or the hand did not hang below the shoulder before the rep.
    """
    drop = hand_drop(pts, side)
    rest, top = drop[before], drop[held]
    if not (np.isfinite(rest).any() and np.isfinite(top).any()):
        return float("nan")
    base = float(np.nanmedian(rest))
    if base <= 0.0:
        return float("nan")
    return float(np.nanmedian(top)) / base
