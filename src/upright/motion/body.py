"""Named body parts of a [T, 33, 3] track, and the set-up baseline.

Sides are the athlete's own ("left" is BlazePose's left keypoints). "Ventral" is the
side of the body the arms work in front of (chest side); its sign is fixed once for the
whole set (`upright.motion.facing.facing_sign`, from cues that agree over every frame),
so that "behind the trunk" and "leaning back" mean the same whether the athlete sits,
hinges or planks.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from upright.catalog import KEYPOINT_INDEX
from upright.motion.geometry import norm, unit

Arr = npt.NDArray[np.float64]


def other(side: str) -> str:
    """The opposite side: "left" <-> "right"."""
    return "right" if side == "left" else "left"


def part(pts: Arr, name: str) -> Arr:
    """Track [T, 3] of one keypoint by name."""
    return pts[:, KEYPOINT_INDEX[name], :]


def mid(pts: Arr, name: str) -> Arr:
    """Midpoint [T, 3] of the left and right keypoint ``name`` (e.g. "shoulder")."""
    return 0.5 * (part(pts, f"left_{name}") + part(pts, f"right_{name}"))


def trunk(pts: Arr) -> Arr:
    """Trunk axis mid_hip -> mid_shoulder, [T, 3]."""
    return mid(pts, "shoulder") - mid(pts, "hip")


def hip_line(pts: Arr) -> Arr:
    """Hip line left_hip -> right_hip, [T, 3]."""
    return part(pts, "right_hip") - part(pts, "left_hip")


def torso_length(pts: Arr) -> Arr:
    """Length of the trunk axis per frame (metres or pixels)."""
    return norm(trunk(pts))


def in_plane_normal(u: Arr) -> Arr:
    """For 2-D tracks (z = 0): ``u`` turned by 90 degrees in the image plane."""
    out = np.zeros_like(u)
    out[..., 0] = -u[..., 1]
    out[..., 1] = u[..., 0]
    return out


@dataclass(frozen=True)
class Baseline:
    """The set-up position, averaged over the stable frames before the first rep.

    Attributes
    ----------
    trunk
        Unit trunk axis (mid-hip to mid-shoulder).
    hip_line
        Unit hip line (left hip to right hip); NaN in a 2-D side view where it vanishes.
    ventral
        Unit normal of the trunk pointing to the chest side (the arms' side).
    hip_to_feet
        mid_hip - mid_ankle, in track units (feet stay put, the world origin does not).
    torso
        Torso length in track units (metres or pixels).
    planar
        True for 2-D image tracks.
    facing
        +1 when the chest side is the label side of the trunk's normal (the trunk axis
        crossed with the hip line; with image points, the trunk axis turned by +90
        degrees in the picture), -1 for the other side (`upright.motion.facing`).
    """

    trunk: Arr
    hip_line: Arr
    ventral: Arr
    hip_to_feet: Arr
    torso: float
    planar: bool
    facing: float = 1.0


def _mean_vector(v: Arr) -> Arr:
    ok = np.isfinite(v).all(axis=-1)
    if not ok.any():
        return np.full(3, np.nan)
    return np.asarray(v[ok].mean(axis=0), dtype=np.float64)


def make_baseline(pts: Arr, planar: bool, facing: float | None = None) -> Baseline:
    """Baseline from the frames ``pts`` [N, 33, 3] of one position.

    ``facing`` is the set's chest side (`upright.motion.facing.facing_sign`). Without it
    the side is guessed from these frames alone: where the wrists are (the nose when
    they are not seen), a coin toss when the arms hang along an upright trunk.
    """
    u0 = unit(_mean_vector(unit(trunk(pts))))
    h0 = unit(_mean_vector(hip_line(pts)))
    n0 = in_plane_normal(u0) if planar else unit(np.cross(u0, h0))
    if facing is None:
        facing = 1.0
        arms = _mean_vector(mid(pts, "wrist") - mid(pts, "shoulder"))
        if not np.isfinite(arms).all():
            arms = _mean_vector(part(pts, "nose") - mid(pts, "shoulder"))
        if np.isfinite(arms).all() and float(np.dot(arms, n0)) < 0:
            facing = -1.0
    torso = float(np.nanmedian(torso_length(pts))) if np.isfinite(u0).all() else float("nan")
    feet = _mean_vector(mid(pts, "hip") - mid(pts, "ankle"))
    return Baseline(u0, h0, facing * n0, feet, torso, planar, facing)
