"""Vectorised 3-D helpers for the simulator: rotations, unit vectors, two-link reach.

Every function works on stacks of vectors ``[..., 3]`` (one per frame) so that a whole
set is built with a handful of numpy calls. Angles are in degrees.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

Arr = npt.NDArray[np.float64]
Mask = npt.NDArray[np.bool_]


def unit(v: Arr) -> Arr:
    """``v`` scaled to length 1 along the last axis (zero vectors stay zero)."""
    n = np.linalg.norm(v, axis=-1, keepdims=True)
    return np.asarray(v / np.where(n > 1e-12, n, 1.0), dtype=np.float64)


def dot(a: Arr, b: Arr) -> Arr:
    """Row-wise dot product of two stacks of vectors."""
    return np.asarray(np.sum(a * b, axis=-1), dtype=np.float64)


def perp(v: Arr, axis: Arr) -> Arr:
    """Unit component of ``v`` orthogonal to the unit vector ``axis``."""
    return unit(v - dot(v, axis)[..., None] * axis)


def rodrigues(v: Arr, axis: Arr, angle_deg: Arr | float) -> Arr:
    """Rotate ``v`` about the unit ``axis`` by ``angle_deg`` (right-hand rule)."""
    a = np.radians(np.asarray(angle_deg, dtype=np.float64))[..., None]
    c, s = np.cos(a), np.sin(a)
    k = axis
    return np.asarray(
        v * c + np.cross(k, v) * s + k * dot(k, v)[..., None] * (1.0 - c), dtype=np.float64
    )


def rot_x(angle_deg: Arr) -> Arr:
    """Rotation matrices ``[T, 3, 3]`` about x by ``angle_deg`` [T]."""
    a = np.radians(angle_deg)
    c, s = np.cos(a), np.sin(a)
    o, z = np.ones_like(a), np.zeros_like(a)
    return np.stack(
        [np.stack([o, z, z], -1), np.stack([z, c, -s], -1), np.stack([z, s, c], -1)], -2
    )


def rot_y(angle_deg: Arr) -> Arr:
    """Rotation matrices ``[T, 3, 3]`` about y by ``angle_deg`` [T]."""
    a = np.radians(angle_deg)
    c, s = np.cos(a), np.sin(a)
    o, z = np.ones_like(a), np.zeros_like(a)
    return np.stack(
        [np.stack([c, z, s], -1), np.stack([z, o, z], -1), np.stack([-s, z, c], -1)], -2
    )


def rot_z(angle_deg: Arr) -> Arr:
    """Rotation matrices ``[T, 3, 3]`` about z by ``angle_deg`` [T]."""
    a = np.radians(angle_deg)
    c, s = np.cos(a), np.sin(a)
    o, z = np.ones_like(a), np.zeros_like(a)
    return np.stack(
        [np.stack([c, -s, z], -1), np.stack([s, c, z], -1), np.stack([z, z, o], -1)], -2
    )


def nlerp(a: Arr, b: Arr, w: Arr) -> Arr:
    """Normalised blend of unit vectors ``a`` and ``b`` with weight ``w`` [T] in 0..1."""
    return unit(a * (1.0 - w)[..., None] + b * w[..., None])


def angle_deg(a: Arr, b: Arr) -> Arr:
    """Angle between two stacks of vectors, degrees."""
    c = dot(unit(a), unit(b))
    return np.asarray(np.degrees(np.arccos(np.clip(c, -1.0, 1.0))), dtype=np.float64)


def two_link(root: Arr, target: Arr, l1: float, l2: float, bend: Arr) -> tuple[Arr, Arr]:
    """Place a two-segment limb from ``root`` towards ``target``.

    Parameters
    ----------
    root, target
        Start of the limb and where its end should be, metres ``[T, 3]``.
    l1, l2
        Segment lengths, metres.
    bend
        Direction ``[T, 3]`` the middle joint bends towards (knee or elbow).

    Returns
    -------
    middle, end
        Joint positions, metres. Out of reach, the limb is straight towards the target.
    """
    d_vec = target - root
    d = np.linalg.norm(d_vec, axis=-1)
    e = unit(d_vec)
    d = np.clip(d, abs(l1 - l2) + 1e-6, l1 + l2 - 1e-6)
    cos_g = np.clip((l1**2 + d**2 - l2**2) / (2.0 * l1 * d), -1.0, 1.0)
    sin_g = np.sqrt(1.0 - cos_g**2)
    b = perp(bend, e)
    middle = root + l1 * (cos_g[..., None] * e + sin_g[..., None] * b)
    end = root + d[..., None] * e
    return middle, end
