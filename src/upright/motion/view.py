"""Which way the camera looks at the athlete.

`estimate_view` gives the coarse view the framing check compares with the exercise's
("side", "front" or "oblique"); `name_view` names it for a person: "front", "back",
"left" or "right" (the side of the body the camera sees), or an oblique between two of
them ("front-left oblique", "back-right oblique", ...).

With world landmarks: the angle between the shoulder and hip lines and the camera's x
axis (in the floor plane; 0 = facing the camera, 90 = side-on). With image points only:
the shoulder and hip widths as a fraction of the torso length in the picture (small
side-on, large facing the camera or turned away from it), with the nose's offset from
the ears for an upright trunk; for a trunk nearer level than upright (on all fours, a
plank, a knee and hand on a bench) the trunk's own foreshortening (`_level_angle`).
Which side, and front or back, come from the way the body faces
(`upright.motion.facing`), voted over the set.
"""

from __future__ import annotations

import numpy as np

from upright.motion.body import Arr, hip_line, part, torso_length, trunk
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
# A trunk whose rise in the picture is under this share of its length (about 58 deg
# from level) is read by its foreshortening (`_level_angle`): the nose then looks at
# the floor, and its offset from the ears says nothing of the camera's angle.
LEVEL_MAX_RISE = 0.85
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


def view_angle(pts: Arr, planar: bool, *, level: bool = True) -> float:
    """The camera's angle from straight in front or behind over ``pts``, deg; NaN.

    0 straight on (front or back), 90 side-on. World landmarks: `_world_angle`. Image
    points: `_level_angle` for a set worked with the trunk nearer level (unless
    ``level`` is False), else `_image_angle`; NaN without a head or a body.
    """
    if not planar:
        return _world_angle(pts)
    ang = _level_angle(pts) if level else float("nan")
    if np.isfinite(ang):
        return ang
    w = _image_width(pts)
    return _image_angle(pts, w) if np.isfinite(w) else float("nan")


def _coarse(pts: Arr, planar: bool, front_max: float = FRONT_MAX_DEG, level: bool = True) -> str:
    ang = view_angle(pts, planar, level=level)
    if np.isfinite(ang):
        if ang >= SIDE_MIN_DEG:
            return "side"
        return "front" if ang <= front_max else "oblique"
    if not planar:
        return ""
    # image points without a head: the widths alone
    w = _image_width(pts)
    if not np.isfinite(w):
        return ""
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


def _level_angle(pts: Arr) -> float:
    """The camera's angle from straight on (deg) read from a trunk nearer level; NaN.

    A level camera turned by an angle A from straight on shows a body's left-right
    lines at cos A of their length and its level front-to-back lines at sin A, across
    the picture; upright lines keep their height. Per frame, with the body's width
    ``a`` (shoulder and hip lines over `FRONT_WIDTH`: what its torso length would be
    straight on, times cos A) and the trunk's extent across (``b``) and up (``c``) in
    the picture, the trunk's length L solves L^2 = c^2 + b^2 / (1 - a^2 / L^2) (its
    pitch is unknown too), and cos A = a / L. For a level trunk this is
    tan A = b / a: the trunk shortens fast as the camera comes round to the front,
    where the widths barely change. Median over the frames whose trunk rises less than
    `LEVEL_MAX_RISE` of its length, when they are at least half of the frames with a
    body (the working position of the set, not its set-up); else NaN.
    """
    shoulders = part(pts, "right_shoulder") - part(pts, "left_shoulder")
    a = 0.5 * (norm(shoulders[:, :2]) + norm(hip_line(pts)[:, :2])) / FRONT_WIDTH
    axis = trunk(pts)
    b, c = np.abs(axis[:, 0]), np.abs(axis[:, 1])
    q = a * a + b * b + c * c
    with np.errstate(invalid="ignore", divide="ignore"):
        # the larger root of L^4 - q L^2 + a^2 c^2 = 0 (L >= a and L >= c)
        length = np.sqrt(0.5 * (q + np.sqrt(np.maximum(q * q - 4.0 * a * a * c * c, 0.0))))
        ang = np.degrees(np.arccos(np.clip(a / length, 0.0, 1.0)))
        rise = c / length
    ok = np.isfinite(ang) & np.isfinite(rise) & (length > 0)
    level = ok & (rise < LEVEL_MAX_RISE)
    if not level.any() or level.sum() < 0.5 * ok.sum():
        return float("nan")
    return float(np.median(ang[level]))


def estimate_view(
    pts: Arr, planar: bool, front_max: float = FRONT_MAX_DEG, *, level: bool = True
) -> str:
    """The coarse view over clean tracks ``pts`` [T, 33, 3]; "" when no frame has a body.

    "front" (which is also straight behind) within ``front_max`` deg of straight on.
    ``level`` False reads image points by the widths and the nose alone, even for a
    level trunk (`_level_angle` not used): the reading thresholds calibrated on it keep
    their meaning.
    """
    return _coarse(pts, planar, front_max, level)


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
    with image points (`view_angle`), less surely.
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
