"""Whether a file's world depth can be trusted, or only its picture.

Pose models that give 3-D world landmarks from one camera guess the depth along the
camera's axis. BlazePose's is often squeezed to a third or a half and noisy, most of
all for a person facing the camera: an arm reaching towards the camera then reads as
half bent, a bird dog's arm raised level reads 20-40 deg short, while the picture still
shows the body whole. A body's bones keep their lengths, and two kinds of evidence
follow from that, both read on the world points themselves:

- **missing depth** (`depth_share`): where the picture shows a bone short (it points
  towards or away from the camera), the world depth must make up the rest of its
  length; squeezed depth reports a third to a half of it. Side-on the bones hardly
  point along the camera's axis and the far side's noise shortens them: not read there.
- **bones that grow and shrink** (`bone_spread`): a skeleton whose limb and trunk bones
  change length over the set has depth that cannot be judged from. Where nothing
  swings through depth (a bird dog side-on) the bones keep their lengths whatever the
  depth's scale, and so do the angles taken on them.

`depth_trusted` is the one decision: world depth is used unless either says it is
squeezed, read on the set's cleaned tracks; `upright.motion.preprocess.tracks` then
reads the picture instead (what the picture cannot show is not judged).

Side-on the limbs hardly point along the camera's axis, but the body's width does: the
hip line lies almost wholly in depth, and its turn is read as the small share the
picture shows across over the depth the model guesses. `hip_width` reads that depth
against the body's own proportions (`hip_line_judged`): world points kept for the limbs
can still leave the hip line's turn not judged.
"""

from __future__ import annotations

import numpy as np

from upright.motion.body import Arr, hip_line, part, torso_length
from upright.motion.geometry import norm
from upright.motion.robust import odd_frames, rolling_median
from upright.motion.view import estimate_view

BONES = tuple(
    (f"{side}_{a}", f"{side}_{b}")
    for side in ("left", "right")
    for a, b in (("shoulder", "elbow"), ("elbow", "wrist"), ("hip", "knee"), ("knee", "ankle"))
)
# --- missing depth
# A bone counts as pointing along the camera's axis where its length across the picture
# is short enough that at least this share of its length must lie in depth.
DEEP_SHARE = 0.75
# Fewer frames (summed over the bones) than this pointing along the camera's axis and the
# depth hardly matters to any angle: it is trusted.
MIN_DEEP_FRAMES = 30
# World depth reporting less than this share of the depth its bones need is squeezed
# (bench/sim_accuracy.py conditions, front, back and oblique cameras: true depth with its
# noise 0.85-0.94, squeezed 0.3-0.6).
MIN_DEPTH_SHARE = 0.7

# --- bones that grow and shrink
_SPREAD_BONES = (
    *BONES,
    ("left_shoulder", "left_hip"),
    ("right_shoulder", "right_hip"),
)
# A bone whose 3-D length spreads more than this share over the set (median of the
# bones) is not a bone seen in true depth. Simulated sets with depth as good as their
# width spread up to 0.13 at 2 px noise and 0.19 at 3 px (any view, 5 % dropouts);
# bird dogs, Y-raises and cable rows with BlazePose-like depth (squeezed to 0.3-0.6 and
# noisy) 0.24-0.45 from in front, behind or at an angle. Rows that move little through
# depth spread less (0.05-0.19): their missing depth tells.
MAX_BONE_SPREAD = 0.22
# Bone lengths are taken through a rolling median over this long (s).
SMOOTH_S = 0.5
# Fewer frames than this with a bone seen: too little to tell, the depth is taken.
_MIN_FRAMES = 10

# --- the hip line's width
# Adults' hip joints lie about 0.3-0.4 trunk lengths apart (mid-shoulder to mid-hip;
# bench/sim's people 0.34-0.39). A hip line whose 3-D length reads under this many
# trunk lengths lost its width somewhere: side-on, where it lies along the camera's
# axis, that is squeezed depth (BlazePose-like depth side-on: 0.11-0.24), and a turn
# read over it is magnified by the squeeze and carried by the depth's noise (clean
# one-arm rows side-on read 15-20 deg from 2-3 deg).
MIN_HIP_WIDTH = 0.25


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
    """False when world points ``world`` [T, 33, 3] miss the depth their bones need."""
    share = depth_share(world)
    return not (np.isfinite(share) and share < MIN_DEPTH_SHARE)


def bone_spread(world: Arr, fps: float) -> float:
    """Median over limb and trunk bones of 1 - p10 / p90 of their 3-D length; NaN.

    ``world`` [T, 33, 3] world landmarks, metres (NaN where absent), at ``fps``.
    """
    spreads = []
    n = odd_frames(SMOOTH_S, fps)
    for a, b in _SPREAD_BONES:
        raw = np.linalg.norm(part(world, b) - part(world, a), axis=1)
        length = rolling_median(raw, n)[np.isfinite(raw)]
        if length.size < _MIN_FRAMES:
            continue
        p10, p90 = np.percentile(length, [10, 90])
        if p90 > 0:
            spreads.append(1.0 - p10 / p90)
    return float(np.median(spreads)) if spreads else float("nan")


def hip_width(world: Arr) -> float:
    """Median over frames of the hip line's length in trunk lengths; NaN if unseen.

    ``world`` [T, 33, 3] world landmarks, metres (NaN where absent). The trunk length is
    mid-hip to mid-shoulder in the same frame.
    """
    width = norm(hip_line(world))
    torso = torso_length(world)
    ok = np.isfinite(width) & np.isfinite(torso) & (torso > 0)
    if ok.sum() < _MIN_FRAMES:
        return float("nan")
    return float(np.median(width[ok] / torso[ok]))


def hip_line_judged(world: Arr) -> bool:
    """False when world points ``world`` [T, 33, 3] squeeze the hip line (`MIN_HIP_WIDTH`).

    The hip line's turn (`upright.motion.evaluate.DEPTH_MEASURES`) is then not judged.
    """
    width = hip_width(world)
    return not (np.isfinite(width) and width < MIN_HIP_WIDTH)


def depth_trusted(world: Arr, image: Arr, fps: float) -> bool:
    """True unless a set's world depth is squeezed (see the module).

    ``world`` and ``image`` are the set's cleaned tracks [T, 33, 3] in either space.
    Bones that grow and shrink say so from any view; bones short of the depth they need
    do unless the picture shows the person side-on.
    """
    spread = bone_spread(world, fps)
    if np.isfinite(spread) and spread > MAX_BONE_SPREAD:
        return False
    return trust_depth(world) or estimate_view(image, True) == "side"
