"""Which way the camera looks at the athlete: "side", "front" or "oblique".

With world landmarks: the angle between the shoulder and hip lines and the camera's x
axis (in the floor plane; 0 = facing the camera, 90 = side-on). With image points only:
the shoulder and hip widths as a fraction of the torso length in the picture (small
side-on, large facing the camera).
"""

from __future__ import annotations

import numpy as np

from upright.motion.body import Arr, hip_line, part, torso_length
from upright.motion.geometry import norm

# Beyond these the view is plainly side-on or facing the camera; between is oblique.
SIDE_MIN_DEG = 60.0
FRONT_MAX_DEG = 30.0
SIDE_MAX_WIDTH = 0.3
FRONT_MIN_WIDTH = 0.55


def estimate_view(pts: Arr, planar: bool) -> str:
    """The view over clean tracks ``pts`` [T, 33, 3]; "" when no frame has a body."""
    shoulders = part(pts, "right_shoulder") - part(pts, "left_shoulder")
    hips = hip_line(pts)
    if not planar:
        lines = np.concatenate([shoulders, hips])
        flat = np.hypot(lines[:, 0], lines[:, 2])
        ok = np.isfinite(flat) & (flat > 0)
        if not ok.any():
            return ""
        ang = float(np.degrees(np.arccos(np.median(np.abs(lines[ok, 0]) / flat[ok]))))
        if ang >= SIDE_MIN_DEG:
            return "side"
        return "front" if ang <= FRONT_MAX_DEG else "oblique"
    width = 0.5 * (norm(shoulders[:, :2]) + norm(hips[:, :2])) / torso_length(pts)
    ok = np.isfinite(width)
    if not ok.any():
        return ""
    w = float(np.median(width[ok]))
    if w <= SIDE_MAX_WIDTH:
        return "side"
    return "front" if w >= FRONT_MIN_WIDTH else "oblique"
