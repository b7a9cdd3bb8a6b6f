"""Whether a file's world depth can be trusted, read from the world points themselves.

Pose models that give 3-D world landmarks from one camera guess the depth along the
camera's axis. BlazePose's is often squeezed and noisy, most of all for a person facing
the camera: a forearm swung towards the camera then reads a third or half its length.
Angles taken on such points are wrong by tens of degrees (a bird dog's arm raised level
reads 20-40 deg short from the front), while the picture still shows the body whole.

A body's bones do not change length, so a world skeleton whose bones grow and shrink
over the set has depth that cannot be judged from: `depth_trusted` measures, for each
limb bone and each side of the trunk, how much its length spreads over the set
(1 - p10 / p90 of its 3-D length) and takes the median. Where nothing swings through
depth (a bird dog filmed side-on) the bones keep their lengths whatever the depth's
scale, and so do the angles taken on them: the depth is trusted there, as it may be.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from upright.motion.body import Arr, part
from upright.motion.robust import odd_frames, rolling_median

_BONES = tuple(
    (f"{s}_{a}", f"{s}_{b}")
    for s in ("left", "right")
    for a, b in (
        ("shoulder", "elbow"),
        ("elbow", "wrist"),
        ("hip", "knee"),
        ("knee", "ankle"),
        ("shoulder", "hip"),
    )
)
# A bone whose 3-D length spreads more than this share over the set (median of the
# bones) is not a bone seen in true depth. Simulated sets with depth as good as their
# width spread up to 0.13 at 2 px noise and 0.19 at 3 px (any view, 5 % dropouts);
# bird dogs, Y-raises and cable rows with BlazePose-like depth (squeezed to 0.3-0.6 and
# noisy) 0.24-0.45 from in front, behind or at an angle. Rows that move little through
# depth spread less (0.05-0.19) and keep their world points, as they may.
MAX_BONE_SPREAD = 0.22
# Bone lengths are taken through a rolling median over this long (s).
SMOOTH_S = 0.5
# Fewer frames than this with a bone seen: too little to tell, the depth is taken.
_MIN_FRAMES = 10


def bone_spread(world: Arr, fps: float) -> float:
    """Median over limb and trunk bones of 1 - p10 / p90 of their 3-D length; NaN.

    ``world`` [T, 33, 3] world landmarks, metres (NaN where absent), at ``fps``.
    """
    spreads = []
    n = odd_frames(SMOOTH_S, fps)
    for a, b in _BONES:
        raw = np.linalg.norm(part(world, b) - part(world, a), axis=1)
        length = rolling_median(raw, n)[np.isfinite(raw)]
        if length.size < _MIN_FRAMES:
            continue
        p10, p90 = np.percentile(length, [10, 90])
        if p90 > 0:
            spreads.append(1.0 - p10 / p90)
    return float(np.median(spreads)) if spreads else float("nan")


def depth_trusted(world: npt.NDArray[np.floating[Any]], fps: float) -> bool:
    """True unless the world bones' lengths spread past `MAX_BONE_SPREAD` over the set."""
    spread = bone_spread(np.asarray(world, dtype=np.float64), fps)
    return not (np.isfinite(spread) and spread > MAX_BONE_SPREAD)
