"""Which way the camera looks at the athlete.

`estimate_view` gives the coarse view the framing check compares with the exercise's
("side", "front" or "oblique"); `name_view` names it for a person: "front", "back",
"left" or "right" (the side of the body the camera sees), or an oblique between two of
them ("front-left oblique", "back-right oblique", ...).

With world landmarks: the angle between the shoulder and hip lines and the camera's x
axis (in the floor plane; 0 = facing the camera, 90 = side-on). With image points only:
the shoulder and hip widths as a fraction of the torso length in the picture (small
side-on, large facing the camera or turned away from it). Which side, and front or
back, come from the way the body faces (`upright.motion.facing`), voted over the set.
"""

from __future__ import annotations

import numpy as np

from upright.motion.body import Arr, hip_line, part, torso_length
from upright.motion.facing import UP, facing_sign, facing_votes, floor_forward
from upright.motion.geometry import norm

# Beyond these the view is plainly side-on or facing the camera; between is oblique.
SIDE_MIN_DEG = 60.0
FRONT_MAX_DEG = 30.0
SIDE_MAX_WIDTH = 0.3
FRONT_MIN_WIDTH = 0.55
# Image points: how far the nose is ahead of the ears side-on, and the shoulder and hip
# width straight on, in torso lengths (bench/sim_accuracy.py's people: 0.21-0.22; 0.58).
NOSE_AHEAD = 0.22
FRONT_WIDTH = 0.6
# With world landmarks a view is named "front" or "back" within this of straight on;
# a camera 15-30 deg off is an oblique (a phone propped up beside the mirror).
NAME_FRONT_MAX_DEG = 15.0
# What the camera saw, as a phrase after "filmed".
VIEW_PHRASES = {
    "front": "from the front",
    "back": "from behind",
    "left": "from the left side",
    "right": "from the right side",
    "front-left oblique": "from the front-left, at an angle",
    "front-right oblique": "from the front-right, at an angle",
    "back-left oblique": "from behind on the left, at an angle",
    "back-right oblique": "from behind on the right, at an angle",
}


def _world_angle(pts: Arr) -> float:
    """Median angle (deg) of the shoulder and hip lines from the camera's x axis; NaN."""
    lines = np.concatenate(
        [part(pts, "right_shoulder") - part(pts, "left_shoulder"), hip_line(pts)]
    )
    flat = np.hypot(lines[:, 0], lines[:, 2])
    ok = np.isfinite(flat) & (flat > 0)
    if not ok.any():
        return float("nan")
    return float(np.degrees(np.arccos(np.median(np.abs(lines[ok, 0]) / flat[ok]))))


def _image_width(pts: Arr) -> float:
    """Median shoulder and hip width in the picture, in torso lengths; NaN."""
    shoulders = part(pts, "right_shoulder") - part(pts, "left_shoulder")
    width = 0.5 * (norm(shoulders[:, :2]) + norm(hip_line(pts)[:, :2])) / torso_length(pts)
    ok = np.isfinite(width)
    return float(np.median(width[ok])) if ok.any() else float("nan")


def _coarse(pts: Arr, planar: bool, front_max: float = FRONT_MAX_DEG) -> str:
    if not planar:
        ang = _world_angle(pts)
        if not np.isfinite(ang):
            return ""
        if ang >= SIDE_MIN_DEG:
            return "side"
        return "front" if ang <= front_max else "oblique"
    w = _image_width(pts)
    if not np.isfinite(w):
        return ""
    ang = _image_angle(pts, w)
    if np.isfinite(ang):
        if ang >= SIDE_MIN_DEG:
            return "side"
        return "front" if ang <= front_max else "oblique"
    if w <= SIDE_MAX_WIDTH:
        return "side"
    return "front" if w >= FRONT_MIN_WIDTH else "oblique"


def _image_angle(pts: Arr, width: float) -> float:
    """The camera's angle from straight on (deg) in image points; NaN without a head.

    Its sine from how far the nose shows ahead of the ears across the picture (about
    `NOSE_AHEAD` torso lengths side-on, none straight on), its cosine from the body's
    width (`FRONT_WIDTH` straight on). The widths alone cannot tell straight on from
    30 deg off: the width changes as the cosine, slowly there.
    """
    ahead = abs(facing_votes(pts, True)["nose"])
    if ahead == 0.0:
        return float("nan")
    return float(np.degrees(np.arctan2(ahead / NOSE_AHEAD, width / FRONT_WIDTH)))


def estimate_view(pts: Arr, planar: bool, front_max: float = FRONT_MAX_DEG) -> str:
    """The coarse view over clean tracks ``pts`` [T, 33, 3]; "" when no frame has a body.

    "front" (which is also straight behind) within ``front_max`` deg of straight on.
    """
    return _coarse(pts, planar, front_max)


def _faces_camera(pts: Arr, planar: bool, facing: float) -> tuple[bool, bool]:
    """(the chest is turned towards the camera, the camera sees more of the right side)."""
    if planar:
        # the athlete's left shows on the picture's right when they face the camera
        lr = np.concatenate(
            [
                part(pts, "left_shoulder")[:, 0] - part(pts, "right_shoulder")[:, 0],
                part(pts, "left_hip")[:, 0] - part(pts, "right_hip")[:, 0],
            ]
        )
        lr = lr[np.isfinite(lr)]
        return bool(lr.size and np.median(lr) > 0), facing > 0
    f = facing * floor_forward(pts, planar)
    f = f[np.isfinite(f).all(axis=1)]
    if not f.size:
        return True, True
    fwd = f.mean(axis=0)
    left = np.cross(UP, fwd)
    # the camera looks along +z: towards the camera is -z
    return bool(fwd[2] < 0), bool(left[2] > 0)


def name_view(pts: Arr, planar: bool, facing: float | None = None) -> str:
    """The view over clean tracks ``pts`` as a person names it; "" without a body.

    ``facing`` is the set's `facing_sign` (read from ``pts`` when not given). Side-on,
    the side the camera sees is the side opposite the way the body faces in the
    picture: a body facing the picture's right shows its right side. With world
    landmarks "front" and "back" are within `NAME_FRONT_MAX_DEG` of straight on, and so
    with image points (from the nose and the widths, `_image_angle`), less surely.
    """
    coarse = _coarse(pts, planar, NAME_FRONT_MAX_DEG)
    if not coarse:
        return ""
    if facing is None:
        facing = facing_sign(pts, planar)
    front, shows_right = _faces_camera(pts, planar, facing)
    side = "right" if shows_right else "left"
    if coarse == "side":
        return side
    end = "front" if front else "back"
    return end if coarse == "front" else f"{end}-{side} oblique"


def coarse_view(name: str) -> str:
    """The coarse view ("side", "front", "oblique") of a view named by `name_view`."""
    if name in ("left", "right"):
        return "side"
    if name in ("front", "back"):
        return "front"
    return "oblique" if name else ""
