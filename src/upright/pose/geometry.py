"""Rotated square regions of interest, in image pixels, as BlazePose uses them.

A region (`Roi`) is a square of side ``size`` pixels centred on ``(cx, cy)`` and turned
by ``angle`` radians (positive turns clockwise on screen, since y points down). The
person's crop for the landmark model is this square resampled to N x N pixels; a point
``(u, v)`` of the crop, in 0..1 of its side, lies in the image at
``centre + R(angle) @ ((u - 0.5) * size, (v - 0.5) * size)``.

Both the detector's alignment keypoints and the landmark model's two auxiliary points
give a region the same way: the first point is the centre (the mid-hip), the second
encodes size and tilt; the side is twice their distance and the angle turns the
centre-to-second vector to point straight up. The region is then enlarged by 1.25, the
margin the landmark model was trained with (mediapipe's ``pose_detection_to_roi`` and
``pose_landmarks_to_roi`` graphs).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

ROI_SCALE = 1.25  # margin around the person the landmark model expects


@dataclass(frozen=True)
class Roi:
    """A rotated square in image pixels: centre, side and angle (radians)."""

    cx: float
    cy: float
    size: float
    angle: float

    def scaled(self, factor: float) -> Roi:
        """The same square with its side multiplied by ``factor``."""
        return Roi(self.cx, self.cy, self.size * factor, self.angle)


def normalize_radians(angle: float) -> float:
    """Angle wrapped into [-pi, pi)."""
    return angle - 2.0 * math.pi * math.floor((angle + math.pi) / (2.0 * math.pi))


def roi_from_points(centre: np.ndarray, scale_point: np.ndarray) -> Roi:
    """The region two alignment points describe, before any margin.

    Parameters
    ----------
    centre, scale_point
        Pixel coordinates ``(x, y)`` of the body centre and of the point that encodes
        the body's size and tilt.
    """
    x0, y0 = float(centre[0]), float(centre[1])
    x1, y1 = float(scale_point[0]), float(scale_point[1])
    size = 2.0 * math.hypot(x1 - x0, y1 - y0)
    angle = normalize_radians(math.pi / 2.0 - math.atan2(-(y1 - y0), x1 - x0))
    return Roi(x0, y0, size, angle)


def crop_matrix(roi: Roi, side_px: int) -> np.ndarray:
    """2x3 affine matrix from crop pixels (0..side_px) to image pixels.

    Use it with ``cv2.warpAffine(..., flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP)``.
    """
    c, s = math.cos(roi.angle), math.sin(roi.angle)
    k = roi.size / side_px
    half = roi.size / 2.0
    return np.array(
        [[c * k, -s * k, roi.cx - (c - s) * half], [s * k, c * k, roi.cy - (s + c) * half]],
        dtype=np.float64,
    )


def project_to_image(points: np.ndarray, roi: Roi) -> np.ndarray:
    """Crop-normalised points [N, 3] (x, y in 0..1, z as x) to image pixels [N, 3]."""
    c, s = math.cos(roi.angle), math.sin(roi.angle)
    u = (points[:, 0] - 0.5) * roi.size
    v = (points[:, 1] - 0.5) * roi.size
    out = np.empty_like(points)
    out[:, 0] = roi.cx + c * u - s * v
    out[:, 1] = roi.cy + s * u + c * v
    out[:, 2] = points[:, 2] * roi.size
    return out


def rotate_world(points: np.ndarray, angle: float) -> np.ndarray:
    """World points [N, 3] in metres turned about z by the region's ``angle``."""
    c, s = math.cos(angle), math.sin(angle)
    out = points.copy()
    out[:, 0] = c * points[:, 0] - s * points[:, 1]
    out[:, 1] = s * points[:, 0] + c * points[:, 1]
    return out
