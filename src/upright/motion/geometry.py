"""Vector geometry on landmark tracks: angles and projections, vectorised over frames.

Every function takes arrays whose last axis is x, y, z (BlazePose axes: y down, so "up"
is -y) and returns one value per frame. Angles are degrees. A 2-D track is the same with
z = 0, so one set of functions serves image and world coordinates. NaN in, NaN out.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

Arr = npt.NDArray[np.float64]


def norm(v: Arr) -> Arr:
    """Length of each vector along the last axis."""
    return np.asarray(np.sqrt(np.sum(v * v, axis=-1)), dtype=np.float64)


def unit(v: Arr) -> Arr:
    """Vectors scaled to length 1 (NaN where the length is 0)."""
    n = norm(v)[..., None]
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.asarray(np.where(n > 0, v / n, np.nan), dtype=np.float64)


def angle_between(a: Arr, b: Arr) -> Arr:
    """Angle between vectors ``a`` and ``b`` in degrees, 0..180."""
    # atan2 of cross and dot keeps precision near 0 and 180 deg, where arccos does not.
    cross = norm(np.cross(a, b))
    dot = np.sum(a * b, axis=-1)
    return np.asarray(np.degrees(np.arctan2(cross, dot)), dtype=np.float64)


def joint_angle(a: Arr, b: Arr, c: Arr) -> Arr:
    """Angle a-b-c at ``b`` in degrees (180 when the three points are in line)."""
    return angle_between(a - b, c - b)


def project_on_plane(v: Arr, normal: Arr) -> Arr:
    """Component of ``v`` in the plane with the given (not necessarily unit) normal."""
    n = unit(normal)
    return np.asarray(v - np.sum(v * n, axis=-1, keepdims=True) * n, dtype=np.float64)


def elevation(v: Arr) -> Arr:
    """Angle of ``v`` above the horizontal plane in degrees (positive up, i.e. towards -y)."""
    horizontal = np.sqrt(v[..., 0] ** 2 + v[..., 2] ** 2)
    return np.asarray(np.degrees(np.arctan2(-v[..., 1], horizontal)), dtype=np.float64)


def horizontal(v: Arr) -> Arr:
    """``v`` with its vertical (y) component removed."""
    out = np.array(v, dtype=np.float64, copy=True)
    out[..., 1] = 0.0
    return out


def signed_angle_in_plane(a: Arr, b: Arr, axis: Arr) -> Arr:
    """Angle from ``a`` to ``b`` in degrees, signed by the right hand about ``axis``."""
    ang = angle_between(a, b)
    sign = np.sign(np.sum(np.cross(a, b) * axis, axis=-1))
    return np.asarray(np.where(sign < 0, -ang, ang), dtype=np.float64)
