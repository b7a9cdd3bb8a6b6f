"""The simulator's own reading of ``docs/measures.md``, for the truth file.

Written apart from `upright.motion` on purpose: the truth must not share the analyser's
bugs. Everything works on clean world landmarks [T, 33, 3] (metres, BlazePose axes, y
down, so "up" is -y and the horizontal plane is x-z).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from upright.catalog.keypoints import KEYPOINT_INDEX
from upright.sim.geometry import Arr, Mask, angle_deg, dot, unit


def kp(pts: Arr, name: str) -> Arr:
    """Track of one keypoint [T, 3]."""
    return pts[:, KEYPOINT_INDEX[name]]


def mid(pts: Arr, name: str) -> Arr:
    """Midpoint of the left/right pair ``name`` ("hip", "shoulder", ...) [T, 3]."""
    return 0.5 * (kp(pts, f"left_{name}") + kp(pts, f"right_{name}"))


def trunk(pts: Arr) -> Arr:
    """Trunk axis mid-hip -> mid-shoulder [T, 3] (not unit)."""
    return mid(pts, "shoulder") - mid(pts, "hip")


def hip_line(pts: Arr) -> Arr:
    """Unit hip line left hip -> right hip [T, 3]."""
    return unit(kp(pts, "right_hip") - kp(pts, "left_hip"))


def _flat(v: Arr) -> Arr:
    out = np.array(v, dtype=np.float64, copy=True)
    out[..., 1] = 0.0
    return out


@dataclass(frozen=True)
class Base:
    """Set-up position of a set.

    Unit trunk axis, unit hip line, chest-side normal, hip-to-feet vector and torso
    length (metres), averaged over the still set-up frames.
    """

    trunk: Arr
    hip_line: Arr
    ventral: Arr
    hip_to_feet: Arr
    torso: float

    @classmethod
    def of(cls, pts: Arr) -> Base:
        """Average the set-up frames ``pts`` [N, 33, 3]."""
        u = unit(unit(trunk(pts)).mean(axis=0))
        h = unit(hip_line(pts).mean(axis=0))
        n = unit(np.cross(u, h))
        face = (kp(pts, "nose") - mid(pts, "shoulder")).mean(axis=0)
        if float(np.dot(face, n)) < 0:
            n = -n
        feet = (mid(pts, "hip") - mid(pts, "ankle")).mean(axis=0)
        torso = float(np.median(np.linalg.norm(trunk(pts), axis=-1)))
        return cls(u, h, n, feet, torso)


def arm_flexion(pts: Arr, side: str) -> Arr:
    """Shoulder->elbow vs shoulder->hip, both on the plane normal to the hip line, deg."""
    if side == "both":
        return 0.5 * (arm_flexion(pts, "left") + arm_flexion(pts, "right"))
    n = hip_line(pts)
    sh = kp(pts, f"{side}_shoulder")
    a, b = kp(pts, f"{side}_elbow") - sh, kp(pts, f"{side}_hip") - sh
    a = a - dot(a, n)[:, None] * n
    b = b - dot(b, n)[:, None] * n
    return angle_deg(a, b)


def hip_extension(pts: Arr, side: str) -> Arr:
    """Angle shoulder-hip-knee of one leg, degrees."""
    hip = kp(pts, f"{side}_hip")
    return angle_deg(kp(pts, f"{side}_shoulder") - hip, kp(pts, f"{side}_knee") - hip)


def thigh_elevation(pts: Arr, side: str) -> Arr:
    """Elevation of hip->knee above the horizontal plane, degrees, positive up."""
    v = kp(pts, f"{side}_knee") - kp(pts, f"{side}_hip")
    return np.asarray(
        np.degrees(np.arctan2(-v[:, 1], np.hypot(v[:, 0], v[:, 2]))), dtype=np.float64
    )


def elbow_angle(pts: Arr, side: str) -> Arr:
    """Angle shoulder-elbow-wrist, degrees (180 = straight); "both" = mean of the two."""
    if side == "both":
        return 0.5 * (elbow_angle(pts, "left") + elbow_angle(pts, "right"))
    e = kp(pts, f"{side}_elbow")
    return angle_deg(kp(pts, f"{side}_shoulder") - e, kp(pts, f"{side}_wrist") - e)


def elbow_behind_trunk(pts: Arr, side: str, base: Base) -> Arr:
    """Signed distance of the elbow behind the frontal plane of the trunk, torso lengths."""
    if side == "both":
        return 0.5 * (
            elbow_behind_trunk(pts, "left", base) + elbow_behind_trunk(pts, "right", base)
        )
    n = unit(np.cross(unit(trunk(pts)), hip_line(pts)))
    n = np.where((dot(n, base.ventral) < 0)[:, None], -n, n)
    rel = kp(pts, f"{side}_elbow") - mid(pts, "hip")
    return -dot(rel, n) / base.torso


def pelvis_roll(pts: Arr, base: Base) -> Arr:
    """Roll of the hip line about the set-up trunk axis from set-up, degrees.

    Hip lines now and at set-up, both with their component along the set-up trunk axis
    removed, and the angle between them.
    """
    u = base.trunk
    now = hip_line(pts)
    now = now - dot(now, np.broadcast_to(u, now.shape))[:, None] * u
    ref = base.hip_line - float(np.dot(base.hip_line, u)) * u
    return angle_deg(now, np.broadcast_to(ref, now.shape))


def hip_rotation(pts: Arr, base: Base) -> Arr:
    """Angle of the hip line from set-up, both on the horizontal plane, degrees."""
    return angle_deg(_flat(hip_line(pts)), np.broadcast_to(_flat(base.hip_line), (len(pts), 3)))


def spine_angle(pts: Arr, base: Base) -> Arr:
    """Angle of the trunk axis from its set-up direction (3-D), degrees."""
    return angle_deg(trunk(pts), np.broadcast_to(base.trunk, (len(pts), 3)))


def trunk_lean_back(pts: Arr, base: Base) -> Arr:
    """Turn of the trunk axis towards the back from set-up, degrees (positive = back)."""
    u = unit(trunk(pts))
    return np.asarray(
        np.degrees(np.arctan2(-dot(u, base.ventral), dot(u, base.trunk))), dtype=np.float64
    )


def plank_line(pts: Arr) -> Arr:
    """Angle mid-shoulder, mid-hip, mid-ankle, degrees."""
    hip = mid(pts, "hip")
    return angle_deg(mid(pts, "shoulder") - hip, mid(pts, "ankle") - hip)


def plank_bend(pts: Arr) -> Arr:
    """Signed bend of the mid shoulder-hip-ankle line in the vertical plane, degrees.

    Offset of the mid-hip from the mid-shoulder -> mid-ankle line along "up" (-y, made
    normal to the line), as the sum of the angles it makes seen from either end: positive
    with the hips above the line (pike), negative below (sag); a sideways bend adds nothing.
    """
    sh, hip, ankle = mid(pts, "shoulder"), mid(pts, "hip"), mid(pts, "ankle")
    d = ankle - sh
    length = np.linalg.norm(d, axis=-1)
    dn = unit(d)
    up = np.broadcast_to(np.array([0.0, -1.0, 0.0]), d.shape)
    up = unit(up - dot(up, dn)[:, None] * dn)
    along, off = dot(hip - sh, dn), dot(hip - sh, up)
    return np.asarray(
        np.degrees(np.arctan2(off, along) + np.arctan2(off, length - along)), dtype=np.float64
    )


def hip_lateral_drift(pts: Arr, base: Base) -> Arr:
    """Mid-hip shift along the set-up hip line, relative to the planted feet, torso lengths."""
    rel = mid(pts, "hip") - mid(pts, "ankle") - base.hip_to_feet
    return np.abs(rel @ base.hip_line) / base.torso


def tuck_distance(pts: Arr, side: str, base: Base) -> Arr:
    """Nearer of elbow and wrist of ``side`` to the opposite knee, torso lengths."""
    knee = kp(pts, ("right" if side == "left" else "left") + "_knee")
    d = np.minimum(
        np.linalg.norm(kp(pts, f"{side}_elbow") - knee, axis=-1),
        np.linalg.norm(kp(pts, f"{side}_wrist") - knee, axis=-1),
    )
    return np.asarray(d / base.torso, dtype=np.float64)


def longest_run_s(mask: Mask, fps: float) -> float:
    """Longest run of True in ``mask``, seconds (frames / fps)."""
    if not mask.any():
        return 0.0
    edges = np.diff(np.concatenate([[0], mask.astype(np.int8), [0]]))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    return float(np.max(ends - starts)) / fps
