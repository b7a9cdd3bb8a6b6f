"""Whether a recording's world depth can be trusted, or only its picture.

BlazePose's world landmarks take their depth (along the camera's axis) from one image:
on a person facing the camera it often comes out squeezed to a third or a half and
noisy, so an arm reaching towards the camera reads as half bent and an angle measured
in 3-D says less than the picture does. The bones tell: an upper arm, forearm, thigh
or shin keeps its length, so where the picture shows a bone short (it points towards
or away from the camera) the world depth must make up the rest. `depth_share` measures
how much of that missing depth the world landmarks report; `trust_depth` says whether
it is enough to measure in 3-D.
"""

from __future__ import annotations

import numpy as np

from upright.motion.body import Arr, part

BONES = tuple(
    (f"{side}_{a}", f"{side}_{b}")
    for side in ("left", "right")
    for a, b in (("shoulder", "elbow"), ("elbow", "wrist"), ("hip", "knee"), ("knee", "ankle"))
)
# A bone counts as pointing along the camera's axis where its length across the picture
# is short enough that at least this share of its length must lie in depth.
DEEP_SHARE = 0.75
# Fewer frames (summed over the bones) than this pointing along the camera's axis and the
# depth hardly matters to any angle: it is trusted.
MIN_DEEP_FRAMES = 30
# World depth reporting less than this share of the depth its bones need is squeezed
# (bench/sim_accuracy.py conditions, front, back and oblique cameras: true depth with its
# noise 0.85-0.94, squeezed 0.3-0.6). Side-on the share is noise (the bones hardly point
# along the camera's axis, and the far side's noise shortens them): not read there.
MIN_DEPTH_SHARE = 0.7


def depth_share(world: Arr) -> float:
    """Median share of the depth its bones need that world points ``world`` report.

    ``world`` is [T, 33, 3] metres (x, y across the picture, z along the camera's axis).
    Each bone's true length is its 95th percentile over the set (some frame shows it
    whole, or nearly); in each frame where the bone's x-y length leaves at least
    `DEEP_SHARE` of that length to depth, the share is the bone's reported depth over
    the depth it needs. NaN when fewer than `MIN_DEEP_FRAMES` frames point along the
    camera's axis.
    """
    shares = []
    for a, b in BONES:
        d = part(world, b) - part(world, a)
        d = d[np.isfinite(d).all(axis=1)]
        if len(d) < MIN_DEEP_FRAMES:
            continue
        length = float(np.percentile(np.linalg.norm(d, axis=1), 95))
        across = np.hypot(d[:, 0], d[:, 1])
        need = np.sqrt(np.clip(length**2 - across**2, 0.0, None))
        deep = need >= DEEP_SHARE * length
        if length > 0 and deep.any():
            shares.append(np.abs(d[deep, 2]) / need[deep])
    if not shares or sum(len(s) for s in shares) < MIN_DEEP_FRAMES:
        return float("nan")
    return float(np.median(np.concatenate(shares)))


def trust_depth(world: Arr) -> bool:
    """True unless world points ``world`` [T, 33, 3] report squeezed depth (see module)."""
    share = depth_share(world)
    return not (np.isfinite(share) and share < MIN_DEPTH_SHARE)
