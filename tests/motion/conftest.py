"""Hand-built synthetic motion with known answers (used until and beside `upright.sim`).

`pose()` places a 33-point skeleton from joint angles in the body's own frame: the trunk
along +x (mid-hip to mid-shoulder, 0.5 m), the chest side (ventral) along +y, the
athlete's left along -z; `pitch_deg` then tilts the whole body about z (0: trunk level,
as on all fours or prone on a ball; -90: trunk upright, as seated). Arm flexion θ puts
the upper arm along (-cos θ, sin θ): 90 hangs to the chest side, 180 reaches past the
head. So every measure of docs/measures.md is known by construction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace

import numpy as np
import pytest

from upright.catalog import KEYPOINT_INDEX
from upright.motion import Landmarks

K = KEYPOINT_INDEX
UPPER, FORE, THIGH, SHIN = 0.3, 0.28, 0.42, 0.42


def _rot(v: np.ndarray, deg: float) -> np.ndarray:
    a = np.radians(deg)
    c, s = np.cos(a), np.sin(a)
    return np.array([v[0] * c - v[1] * s, v[0] * s + v[1] * c, v[2]])


def pose(
    arm=(90.0, 90.0),
    elbow=(0.0, 0.0),
    hip=(90.0, 90.0),
    knee=(90.0, 90.0),
    pitch_deg=0.0,
    roll_deg=0.0,
    hip_shift=0.0,
) -> np.ndarray:
    """World points [33, 3] (metres, y down, origin mid-hip) for (left, right) angles.

    ``roll_deg`` turns the hip line about the trunk axis (a pelvis twist); ``hip_shift``
    moves the hips sideways (along z) relative to the feet, in metres.
    """
    p = np.zeros((33, 3))
    for i, (side, z) in enumerate((("left", -1.0), ("right", 1.0))):
        sh = np.array([0.5, 0.0, 0.18 * z])
        hp = np.array([0.0, 0.0, 0.1 * z])
        hp = np.array(
            [0.0, -np.sin(np.radians(roll_deg)) * 0.1 * z, np.cos(np.radians(roll_deg)) * 0.1 * z]
        )
        th = np.radians(arm[i])
        upper = np.array([-np.cos(th), np.sin(th), 0.0])
        el = sh + UPPER * upper
        wr = el + FORE * _rot(upper, -elbow[i])
        ph = np.radians(hip[i])
        thigh = np.array([np.cos(ph), np.sin(ph), 0.0])
        kn = hp + THIGH * thigh
        an = kn + SHIN * _rot(thigh, knee[i])
        for name, pt in (
            ("shoulder", sh),
            ("elbow", el),
            ("wrist", wr),
            ("pinky", wr),
            ("index", wr),
            ("thumb", wr),
            ("hip", hp),
            ("knee", kn),
            ("ankle", an),
            ("heel", an),
            ("foot_index", an),
        ):
            p[K[f"{side}_{name}"]] = pt
    p[K["left_ankle"], 2] -= hip_shift
    p[K["right_ankle"], 2] -= hip_shift
    for name in ("heel", "foot_index"):
        p[K[f"left_{name}"], 2] -= hip_shift
        p[K[f"right_{name}"], 2] -= hip_shift
    head = np.array([0.7, 0.05, 0.0])
    for i in range(11):
        p[i] = head + np.array([0.0, 0.0, 0.02 * (i - 5)])
    # the pitch turns every point about z: `_rot`'s arithmetic on all 33 rows at once
    # (called for every frame of every hand-built set, a point at a time it cost seconds)
    a = np.radians(pitch_deg)
    c, s = np.cos(a), np.sin(a)
    out = np.empty_like(p)
    out[:, 0] = p[:, 0] * c - p[:, 1] * s
    out[:, 1] = p[:, 0] * s + p[:, 1] * c
    out[:, 2] = p[:, 2]
    return out - 0.5 * (out[K["left_hip"]] + out[K["right_hip"]])


def ramp(x: np.ndarray) -> np.ndarray:
    """Smooth 0 -> 1 over x in 0..1 (half cosine)."""
    return 0.5 - 0.5 * np.cos(np.pi * np.clip(x, 0, 1))


@dataclass
class Plan:
    """A set: ``reps`` of (side, peak fraction, hold_s); timings in seconds."""

    reps: list[tuple[str, float, float]]
    lead_s: float = 2.0
    raise_s: float = 1.2
    return_s: float = 1.5
    rest_s: float = 1.0
    tail_s: float = 1.5
    faults: dict[str, float] = field(default_factory=dict)


def schedule(plan: Plan, t: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per-frame excursion 0..1 of the left and right working limb, and tuck flags."""
    left = np.zeros_like(t)
    right = np.zeros_like(t)
    tuck = np.zeros_like(t)
    t0 = plan.lead_s
    for side, peak, hold in plan.reps:
        x = np.clip((t - t0) / plan.raise_s, 0, 1)
        y = np.clip((t - t0 - plan.raise_s - hold) / plan.return_s, 0, 1)
        e = peak * (ramp(x) - ramp(y))
        if side in ("left", "both"):
            left = np.maximum(left, e)
        if side in ("right", "both"):
            right = np.maximum(right, e)
        t0 += plan.raise_s + hold + plan.return_s + plan.rest_s
    return left, right, tuck


def duration(plan: Plan) -> float:
    return (
        plan.lead_s
        + plan.tail_s
        + sum(plan.raise_s + h + plan.return_s + plan.rest_s for _, _, h in plan.reps)
    )


def to_landmarks(
    world: np.ndarray,
    fps: float,
    space: str = "world",
    noise_m: float = 0.0,
    seed: int = 0,
    drop: np.ndarray | None = None,
) -> Landmarks:
    """Project a side view (camera looking along z) to 640x480 pixels; noise in metres."""
    rng = np.random.default_rng(seed)
    w = world + rng.normal(0, noise_m, world.shape) if noise_m else world.copy()
    img = np.empty_like(w)
    img[..., 0] = 320 + 300 * w[..., 0]
    img[..., 1] = 260 + 300 * w[..., 1]
    img[..., 2] = 300 * w[..., 2]
    vis = np.ones(w.shape[:2])
    if drop is not None:
        img[drop] = np.nan
        w[drop] = np.nan
        vis[drop] = 0.0
    wld = w if space == "world" else np.full_like(w, np.nan)
    return Landmarks.create(img, world=wld, visibility=vis, fps=fps, width=640, height=480)


def bird_dog(plan: Plan, fps: float = 30.0, **kw: object) -> Landmarks:
    """Bird dog: arm 90 -> 170 with the opposite leg 90 -> 178."""
    t = np.arange(int(duration(plan) * fps)) / fps
    left, right, _ = schedule(plan, t)
    twist = plan.faults.get("pelvis_twist", 0.0)
    frames = [
        pose(
            arm=(90 + 80 * lf, 90 + 80 * rf),
            hip=(90 + 88 * rf, 90 + 88 * lf),
            knee=(90 - 90 * rf, 90 - 90 * lf),
            roll_deg=twist * max(lf, rf),
        )
        for lf, rf in zip(left, right, strict=True)
    ]
    return to_landmarks(np.array(frames), fps, **kw)  # type: ignore[arg-type]


def y_raise(plan: Plan, fps: float = 30.0, **kw: object) -> Landmarks:
    """Prone Y-raise: both arms 90 -> 175; ``faults['hips_still']`` metres of hip shift."""
    t = np.arange(int(duration(plan) * fps)) / fps
    left, right, _ = schedule(plan, t)
    shift = plan.faults.get("hips_still", 0.0)
    frames = [
        pose(
            arm=(90 + 85 * lf, 90 + 85 * rf),
            hip=(170.0, 170.0),
            knee=(10.0, 10.0),
            hip_shift=shift * max(lf, rf),
        )
        for lf, rf in zip(left, right, strict=True)
    ]
    return to_landmarks(np.array(frames), fps, **kw)  # type: ignore[arg-type]


def seated_row(plan: Plan, fps: float = 30.0, **kw: object) -> Landmarks:
    """Seated row: trunk upright, elbows 10 -> 105 flexion, arm 90 -> -20 (behind)."""
    t = np.arange(int(duration(plan) * fps)) / fps
    left, right, _ = schedule(plan, t)
    lean = plan.faults.get("lean_back", 0.0)
    frames = [
        pose(
            arm=(90 - 110 * lf, 90 - 110 * rf),
            elbow=(10 + 95 * lf, 10 + 95 * rf),
            hip=(90.0, 90.0),
            knee=(80.0, 80.0),
            pitch_deg=-90 - lean * max(lf, rf),
        )
        for lf, rf in zip(left, right, strict=True)
    ]
    return to_landmarks(np.array(frames), fps, **kw)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def synth() -> SimpleNamespace:
    """The builders above, for tests (hypothesis needs a session-scoped fixture)."""
    return SimpleNamespace(
        Plan=Plan,
        pose=pose,
        bird_dog=bird_dog,
        y_raise=y_raise,
        seated_row=seated_row,
        to_landmarks=to_landmarks,
        duration=duration,
    )
