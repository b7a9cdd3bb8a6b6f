"""A simulated person: segment lengths, and the 33 BlazePose keypoints from segment directions.

Lengths follow the usual anthropometric fractions of standing height (Drillis and Contini)
with a few percent of individual variation, so a 1.5 m and a 2.0 m person differ in size
and a little in proportion. The scene frame used here is metres, z up, the person facing
+x with their left towards +y; the camera module turns it into BlazePose's axes.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from upright.catalog.keypoints import KEYPOINT_INDEX, NUM_KEYPOINTS
from upright.sim.geometry import Arr, perp

# Face points in the head frame (forward, left, up), as fractions of height, measured
# from the mid-shoulder point.
_FACE = {
    "nose": (0.055, 0.0, 0.095),
    "left_eye_inner": (0.046, 0.011, 0.112),
    "left_eye": (0.043, 0.021, 0.113),
    "left_eye_outer": (0.039, 0.030, 0.112),
    "left_ear": (-0.004, 0.043, 0.105),
    "mouth_left": (0.048, 0.015, 0.076),
}


@dataclass(frozen=True)
class Person:
    """Body dimensions of one simulated person, metres."""

    height_m: float
    torso_m: float
    hip_half_m: float
    shoulder_half_m: float
    upper_arm_m: float
    forearm_m: float
    hand_m: float
    thigh_m: float
    shank_m: float
    foot_m: float

    @classmethod
    def sample(cls, rng: np.random.Generator, height_m: float | None = None) -> Person:
        """Draw a person 1.5-2.0 m tall with proportions a few percent off average."""
        h = float(rng.uniform(1.5, 2.0)) if height_m is None else float(height_m)
        fr = {
            "torso_m": 0.288,
            "hip_half_m": 0.052,
            "shoulder_half_m": 0.104,
            "upper_arm_m": 0.186,
            "forearm_m": 0.146,
            "hand_m": 0.06,
            "thigh_m": 0.245,
            "shank_m": 0.246,
            "foot_m": 0.11,
        }
        dims = {k: h * v * float(np.clip(rng.normal(1.0, 0.03), 0.92, 1.08)) for k, v in fr.items()}
        return cls(height_m=h, **dims)

    @property
    def arm_m(self) -> float:
        """Shoulder to wrist, straight arm, metres."""
        return self.upper_arm_m + self.forearm_m

    def to_dict(self) -> dict[str, Any]:
        """Plain dict for the truth file."""
        return {k: round(v, 4) for k, v in asdict(self).items()}


@dataclass(frozen=True)
class Segments:
    """Per-frame placement of the body: positions [T, 3] and frames/directions.

    ``trunk``, ``pelvis`` and ``head`` are rotation stacks [T, 3, 3] whose columns are the
    forward, left and up axes of that part. Limb directions are unit vectors [T, 3] from
    the proximal joint, keyed ``"left"`` / ``"right"``.
    """

    mid_hip: Arr
    trunk: Arr
    pelvis: Arr
    head: Arr
    upper_arm: dict[str, Arr]
    forearm: dict[str, Arr]
    thigh: dict[str, Arr]
    shank: dict[str, Arr]
    foot: dict[str, Arr]


def joints(person: Person, seg: Segments) -> dict[str, Arr]:
    """Shoulder, hip, elbow, wrist, knee and ankle positions, metres [T, 3]."""
    p = person
    out: dict[str, Arr] = {}
    a_t = seg.trunk[..., 2]
    mid_sh = seg.mid_hip + p.torso_m * a_t
    for side, sign in (("left", 1.0), ("right", -1.0)):
        sh = mid_sh + sign * p.shoulder_half_m * seg.trunk[..., 1]
        hip = seg.mid_hip + sign * p.hip_half_m * seg.pelvis[..., 1]
        elbow = sh + p.upper_arm_m * seg.upper_arm[side]
        knee = hip + p.thigh_m * seg.thigh[side]
        out |= {
            f"{side}_shoulder": sh,
            f"{side}_hip": hip,
            f"{side}_elbow": elbow,
            f"{side}_wrist": elbow + p.forearm_m * seg.forearm[side],
            f"{side}_knee": knee,
            f"{side}_ankle": knee + p.shank_m * seg.shank[side],
        }
    return out


def keypoints(person: Person, seg: Segments) -> Arr:
    """The 33 BlazePose keypoints in the scene frame, metres [T, 33, 3]."""
    p = person
    j = joints(person, seg)
    n = seg.mid_hip.shape[0]
    out = np.zeros((n, NUM_KEYPOINTS, 3))
    for name, pos in j.items():
        out[:, KEYPOINT_INDEX[name]] = pos
    mid_sh = 0.5 * (j["left_shoulder"] + j["right_shoulder"])
    for name, (fwd, lat, up) in _FACE.items():
        for sign in (1.0, -1.0):
            local = np.array([fwd, sign * lat, up]) * p.height_m
            key = name if sign > 0 or lat == 0.0 else name.replace("left", "right")
            out[:, KEYPOINT_INDEX[key]] = mid_sh + seg.head @ local
    for side, sign in (("left", 1.0), ("right", -1.0)):
        wrist, v = j[f"{side}_wrist"], seg.forearm[side]
        out_dir = perp(sign * seg.trunk[..., 1] + 1e-3 * seg.trunk[..., 0], v)
        h = p.hand_m
        out[:, KEYPOINT_INDEX[f"{side}_pinky"]] = wrist + h * 0.8 * v - 0.2 * h * out_dir
        out[:, KEYPOINT_INDEX[f"{side}_index"]] = wrist + h * 0.95 * v + 0.15 * h * out_dir
        out[:, KEYPOINT_INDEX[f"{side}_thumb"]] = wrist + h * 0.5 * v + 0.4 * h * out_dir
        ankle, s, f = j[f"{side}_ankle"], seg.shank[side], seg.foot[side]
        out[:, KEYPOINT_INDEX[f"{side}_heel"]] = ankle + 0.22 * p.foot_m * s - 0.25 * p.foot_m * f
        out[:, KEYPOINT_INDEX[f"{side}_foot_index"]] = ankle + 0.22 * p.foot_m * s + f * p.foot_m
    return out
