"""Per-frame measures of docs/measures.md, one function each, in a registry by name.

Each function takes clean tracks ``pts`` [T, 33, 3], the working ``side`` ("left",
"right" or "both"), the set-up `Baseline` (None before it is known) and whether the
tracks are 2-D image points; it returns [T] values in the measure's units (degrees or
torso lengths). Measures judged on a rep as a whole (durations, holds, lags, values at
the peak) are built from these in `upright.motion.evaluate`.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt

from upright.motion.body import Baseline, hip_line, mid, other, part, trunk
from upright.motion.geometry import (
    angle_between,
    elevation,
    horizontal,
    joint_angle,
    norm,
    project_on_plane,
)

Arr = npt.NDArray[np.float64]
FrameMeasure = Callable[[Arr, str, Baseline | None, bool], Arr]


def _both(fn: FrameMeasure, pts: Arr, base: Baseline | None, planar: bool) -> Arr:
    left, right = fn(pts, "left", base, planar), fn(pts, "right", base, planar)
    out = np.where(np.isfinite(left), left, right)
    return np.asarray(
        np.where(np.isfinite(left) & np.isfinite(right), 0.5 * (left + right), out),
        dtype=np.float64,
    )


def arm_flexion(pts: Arr, side: str, base: Baseline | None, planar: bool) -> Arr:
    """Shoulder flexion, degrees: angle shoulder->elbow vs shoulder->hip (sagittal plane)."""
    if side == "both":
        return _both(arm_flexion, pts, base, planar)
    sh = part(pts, f"{side}_shoulder")
    upper = part(pts, f"{side}_elbow") - sh
    down = part(pts, f"{side}_hip") - sh
    if not planar:
        normal = hip_line(pts)
        upper, down = project_on_plane(upper, normal), project_on_plane(down, normal)
    return angle_between(upper, down)


def hip_extension(pts: Arr, side: str, base: Baseline | None, planar: bool) -> Arr:
    """Angle shoulder-hip-knee of ``side``'s leg, degrees (180 = leg in line with trunk)."""
    if side == "both":
        return _both(hip_extension, pts, base, planar)
    return joint_angle(
        part(pts, f"{side}_shoulder"), part(pts, f"{side}_hip"), part(pts, f"{side}_knee")
    )


def thigh_above_horizontal(pts: Arr, side: str, base: Baseline | None, planar: bool) -> Arr:
    """Elevation of hip->knee above the horizontal, degrees, positive up."""
    if side == "both":
        return _both(thigh_above_horizontal, pts, base, planar)
    return elevation(part(pts, f"{side}_knee") - part(pts, f"{side}_hip"))


def elbow_angle(pts: Arr, side: str, base: Baseline | None, planar: bool) -> Arr:
    """Angle shoulder-elbow-wrist, degrees (180 = straight arm)."""
    if side == "both":
        return _both(elbow_angle, pts, base, planar)
    return joint_angle(
        part(pts, f"{side}_shoulder"), part(pts, f"{side}_elbow"), part(pts, f"{side}_wrist")
    )


def elbow_flexion(pts: Arr, side: str, base: Baseline | None, planar: bool) -> Arr:
    """180 - elbow angle, degrees (0 = straight arm)."""
    return 180.0 - elbow_angle(pts, side, base, planar)


def _ventral_now(pts: Arr, base: Baseline, planar: bool) -> Arr:
    """Per-frame unit normal of the trunk on the chest side (the set's, ``base.facing``).

    With world landmarks a frame whose hip line points against the baseline's has its
    left and right labels swapped: its hip line is turned back first. The sign is never
    taken from the baseline's normal: a trunk bent 90 degrees from it has a normal at
    right angles to it, and the sign would be a coin toss.
    """
    u = trunk(pts)
    if planar:
        n = np.stack([-u[:, 1], u[:, 0], np.zeros(len(u))], axis=1)
    else:
        h = hip_line(pts)
        swapped = np.sum(h * base.hip_line, axis=1) < 0
        n = np.cross(u, np.where(swapped[:, None], -h, h))
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.asarray(base.facing * n / norm(n)[:, None], dtype=np.float64)


def elbow_behind_trunk(pts: Arr, side: str, base: Baseline | None, planar: bool) -> Arr:
    """Distance of the elbow behind the frontal plane through the trunk, torso lengths."""
    if base is None:
        return np.full(len(pts), np.nan)
    if side == "both":
        return _both(elbow_behind_trunk, pts, base, planar)
    n = _ventral_now(pts, base, planar)
    rel = part(pts, f"{side}_elbow") - mid(pts, "hip")
    if planar:  # the plane through this side's shoulder: turned from side-on, the far
        # shoulder shows ahead of or behind the trunk line by up to half a shoulder width
        rel = rel - (part(pts, f"{side}_shoulder") - mid(pts, "shoulder"))
    return np.asarray(-np.sum(rel * n, axis=1) / base.torso, dtype=np.float64)


def pelvis_roll(pts: Arr, side: str, base: Baseline | None, planar: bool) -> Arr:
    """Roll of the hip line about the set-up trunk axis from its set-up direction, degrees.

    Both hip lines are projected on the plane normal to the set-up trunk axis, so only a
    turn of the pelvis about the spine counts (one hip rising, the bird dog's fault), and
    landmark jitter of the hip line in the other direction adds nothing.
    """
    if base is None or planar:  # the hip line vanishes in a 2-D side view
        return np.full(len(pts), np.nan)
    axis = np.broadcast_to(base.trunk, (len(pts), 3))
    ref = np.broadcast_to(base.hip_line, (len(pts), 3))
    return angle_between(project_on_plane(hip_line(pts), axis), project_on_plane(ref, axis))


def hip_rotation(pts: Arr, side: str, base: Baseline | None, planar: bool) -> Arr:
    """Turn of the hip line about the vertical from set-up, degrees."""
    if base is None or planar:  # the hip line vanishes in a 2-D side view
        return np.full(len(pts), np.nan)
    ref = np.broadcast_to(horizontal(base.hip_line), (len(pts), 3))
    return angle_between(horizontal(hip_line(pts)), ref)


def spine_angle(pts: Arr, side: str, base: Baseline | None, planar: bool) -> Arr:
    """Angle of the trunk axis from its set-up direction, degrees."""
    if base is None:
        return np.full(len(pts), np.nan)
    return angle_between(trunk(pts), np.broadcast_to(base.trunk, (len(pts), 3)))


def trunk_lean_back(pts: Arr, side: str, base: Baseline | None, planar: bool) -> Arr:
    """Trunk rotation towards the back from set-up, degrees (positive = leaning back)."""
    if base is None:
        return np.full(len(pts), np.nan)
    u = trunk(pts)
    forward = np.sum(u * base.trunk, axis=1)
    back = -np.sum(u * base.ventral, axis=1)
    return np.asarray(np.degrees(np.arctan2(back, forward)), dtype=np.float64)


def plank_line(pts: Arr, side: str, base: Baseline | None, planar: bool) -> Arr:
    """Angle shoulder-hip-ankle of the midpoints, degrees (180 = straight plank)."""
    return joint_angle(mid(pts, "shoulder"), mid(pts, "hip"), mid(pts, "ankle"))


def plank_bend(pts: Arr, side: str, base: Baseline | None, planar: bool) -> Arr:
    """Signed bend of the shoulder-hip-ankle line (mid points) in the vertical plane, deg.

    The hip's offset from the mid-shoulder -> mid-ankle line, taken along "up" (-y) made
    normal to that line, seen from the shoulder and from the ankle: the two angles add to
    180 - `plank_line` for a bend in the vertical plane. Positive with the hips above the
    line (pike), negative below it (sag). A sideways bend is not a sag or a pike and adds
    nothing (the unsigned line angle would read it, with a sign from noise).
    """
    sh, hip, ankle = mid(pts, "shoulder"), mid(pts, "hip"), mid(pts, "ankle")
    d = ankle - sh
    length = norm(d)
    with np.errstate(invalid="ignore", divide="ignore"):
        dn = d / length[:, None]
        up = np.broadcast_to(np.array([0.0, -1.0, 0.0]), d.shape)
        up = up - np.sum(up * dn, axis=-1, keepdims=True) * dn
        up = up / norm(up)[:, None]
        rel = hip - sh
        along = np.sum(rel * dn, axis=-1)
        off = np.sum(rel * up, axis=-1)
        bend = np.arctan2(off, along) + np.arctan2(off, length - along)
    return np.asarray(np.degrees(bend), dtype=np.float64)


def arm_below_trunk_line(pts: Arr, side: str, base: Baseline | None, planar: bool) -> Arr:
    """180 - mean arm flexion of both arms, degrees."""
    return 180.0 - arm_flexion(pts, "both", base, planar)


def arm_asymmetry(pts: Arr, side: str, base: Baseline | None, planar: bool) -> Arr:
    """Absolute difference of left and right arm flexion, degrees."""
    return np.abs(arm_flexion(pts, "left", base, planar) - arm_flexion(pts, "right", base, planar))


def hip_lateral_drift(pts: Arr, side: str, base: Baseline | None, planar: bool) -> Arr:
    """Shift of mid-hip (relative to the planted feet) along the set-up hip line, torso."""
    if base is None or planar:  # the hip line vanishes in a 2-D side view
        return np.full(len(pts), np.nan)
    rel = mid(pts, "hip") - mid(pts, "ankle") - base.hip_to_feet
    return np.asarray(np.abs(rel @ base.hip_line) / base.torso, dtype=np.float64)


def tuck_distance(pts: Arr, side: str, base: Baseline | None, planar: bool) -> Arr:
    """Elbow or hand of ``side`` to the opposite knee, the nearer, torso lengths."""
    if base is None:
        return np.full(len(pts), np.nan)
    knee = part(pts, f"{other(side)}_knee")
    elbow = norm(part(pts, f"{side}_elbow") - knee)
    hand = norm(part(pts, f"{side}_wrist") - knee)
    return np.asarray(np.fmin(elbow, hand) / base.torso, dtype=np.float64)


FRAME_MEASURES: dict[str, FrameMeasure] = {
    "arm_flexion": arm_flexion,
    "hip_extension": hip_extension,
    "thigh_above_horizontal": thigh_above_horizontal,
    "elbow_angle": elbow_angle,
    "elbow_flexion": elbow_flexion,
    "elbow_behind_trunk": elbow_behind_trunk,
    "pelvis_roll": pelvis_roll,
    "hip_rotation": hip_rotation,
    "spine_angle": spine_angle,
    "trunk_lean_back": trunk_lean_back,
    "trunk_angle_change": spine_angle,
    "plank_line": plank_line,
    "plank_bend": plank_bend,
    "arm_below_trunk_line": arm_below_trunk_line,
    "arm_asymmetry": arm_asymmetry,
    "hip_lateral_drift": hip_lateral_drift,
    "tuck_distance": tuck_distance,
}
