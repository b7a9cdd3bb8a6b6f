"""Which way the body faces, read from cues that agree over the whole set.

The trunk's normal has two candidates: the "label" normal (with world landmarks the
trunk axis crossed with the left-to-right hip line; with image points the trunk axis
turned by 90 degrees in the picture) and its opposite. `facing_sign` says which one is
the chest side. One frame's sign is a coin toss when the arms hang along a standing
trunk, so the sign is voted for by several cues, each its median over every frame of
the set, in torso lengths:

- the nose in front of the ears (the face looks the way the chest does, standing or bent);
- the toes in front of the heels, on the frames the shins stand upright (the feet
  point forward when stood on);
- the wrists in front of the shoulders (arms hang or work on the chest side, strongly so
  once bent over; about nothing when standing with the arms hanging);
- the knees in front of the hip-ankle line (knees bend forward, soft knees a little).

With image points only, the label normal's sign is a choice of "facing the picture's
right"; with world landmarks it is a check on the left/right labels.
"""

from __future__ import annotations

import warnings

import numpy as np

from upright.motion.body import Arr, hip_line, in_plane_normal, mid, part, torso_length, trunk
from upright.motion.geometry import norm

# BlazePose world and image axes: y points down.
UP = np.array([0.0, -1.0, 0.0])
RIGHT_OF_PICTURE = np.array([1.0, 0.0, 0.0])


def trunk_normal(pts: Arr, planar: bool) -> Arr:
    """Per-frame unit normal of the trunk on the label side, [T, 3] (see module doc)."""
    u = trunk(pts)
    n = in_plane_normal(u) if planar else np.cross(u, hip_line(pts))
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.asarray(n / norm(n)[:, None], dtype=np.float64)


def floor_forward(pts: Arr, planar: bool) -> Arr:
    """Per-frame horizontal "forward" on the label side, [T, 3].

    World landmarks: up crossed with the hip line (the way a body with these left and
    right labels faces). Image points: the picture's right.
    """
    if planar:
        return np.broadcast_to(RIGHT_OF_PICTURE, pts.shape[:1] + (3,)).copy()
    f = np.cross(np.broadcast_to(UP, pts.shape[:1] + (3,)), hip_line(pts))
    f[:, 1] = 0.0
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.asarray(f / norm(f)[:, None], dtype=np.float64)


def _vote(along: Arr, rel: Arr, torso: Arr) -> float:
    """Median over frames of ``rel`` along ``along``, in torso lengths (0 if never seen)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        v = np.sum(rel * along, axis=1) / torso
    v = v[np.isfinite(v)]
    return float(np.median(v)) if v.size else 0.0


def _standing(pts: Arr, rel: Arr) -> Arr:
    """``rel`` on frames whose shins are nearer upright than level, else NaN.

    Feet point forward only when stood on: on all fours or in a plank the toes point
    back or down.
    """
    shin = mid(pts, "ankle") - mid(pts, "knee")
    upright = np.abs(shin[:, 1]) > np.hypot(shin[:, 0], shin[:, 2])
    return np.asarray(np.where(upright[:, None], rel, np.nan), dtype=np.float64)


def facing_votes(pts: Arr, planar: bool) -> dict[str, float]:
    """Each cue's vote for the label side being the chest side (positive) or not."""
    n, f = trunk_normal(pts, planar), floor_forward(pts, planar)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        torso = torso_length(pts)
    legs = 0.5 * (mid(pts, "hip") + mid(pts, "ankle"))
    return {
        "nose": _vote(n, part(pts, "nose") - mid(pts, "ear"), torso),
        "feet": _vote(f, _standing(pts, mid(pts, "foot_index") - mid(pts, "heel")), torso),
        "arms": _vote(n, mid(pts, "wrist") - mid(pts, "shoulder"), torso),
        "knees": _vote(f, mid(pts, "knee") - legs, torso),
    }


def facing_sign(pts: Arr, planar: bool) -> float:
    """+1 when the label normal (`trunk_normal`) is the chest side over ``pts``, else -1.

    The cues' votes (`facing_votes`) are added; with no cue in view the labels are
    trusted (+1).
    """
    return -1.0 if sum(facing_votes(pts, planar).values()) < 0 else 1.0
