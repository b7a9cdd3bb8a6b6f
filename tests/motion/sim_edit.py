"""Edits of simulated sets the simulator does not make itself, for tests of the analyser.

Clean world landmarks (`SimResult.clean_world`, camera axes with the mid-hip as origin)
are edited, then observed again through the set's camera: turned about the vertical
(another camera angle), with the bent-over hold before the first rep cut out (the
athlete starts rowing as soon as they are down), with the hanging arms of the standing
set-up a little behind the trunk, and seen as image points only.
"""

from __future__ import annotations

import numpy as np

from upright.catalog import KEYPOINT_INDEX
from upright.motion import Landmarks
from upright.sim.simulate import SimResult

ARM_POINTS = [
    KEYPOINT_INDEX[f"{s}_{p}"]
    for s in ("left", "right")
    for p in ("elbow", "wrist", "pinky", "index", "thumb")
]


def turn(world: np.ndarray, deg: float) -> np.ndarray:
    """``world`` turned by ``deg`` about the camera's vertical axis (through the mid-hip).

    Positive turns bring the athlete's left towards the camera (front -> left side).
    """
    a = np.radians(deg)
    c, s = np.cos(a), np.sin(a)
    rot = np.array([[c, 0.0, s], [0.0, 1.0, 0.0], [-s, 0.0, c]])
    return np.asarray(world @ rot.T, dtype=np.float64)


def quick_start(sim: SimResult, keep_s: float = 0.3, speed: int = 4) -> np.ndarray:
    """Frame indices of ``sim`` that bend over ``speed`` times faster and row at once.

    The standing frames are kept; the bend from standing into the set-up position is
    sped up (every ``speed``-th frame), and the hold in that position is cut down to
    ``keep_s`` before the first rep: the last still stretch before the first rep is the
    standing one.
    """
    t, w = sim.landmarks.t, sim.clean_world
    trunk = _mid(w, "shoulder") - _mid(w, "hip")
    cos = np.sum(trunk * trunk[:1], axis=1) / np.linalg.norm(trunk, axis=1)
    cos /= np.linalg.norm(trunk[0])
    bend = int(np.argmax(np.degrees(np.arccos(np.clip(cos, -1, 1))) > 5.0))
    down = int(np.searchsorted(t, sim.truth.setup[0]))
    start = int(np.searchsorted(t, sim.truth.reps[0].start - keep_s))
    idx = np.arange(len(t))
    if not bend < down < start:
        return idx
    return np.concatenate([idx[:bend], idx[bend:down:speed], idx[start:]])


def _mid(world: np.ndarray, name: str) -> np.ndarray:
    return 0.5 * (
        world[:, KEYPOINT_INDEX[f"left_{name}"]] + world[:, KEYPOINT_INDEX[f"right_{name}"]]
    )


def arms_back(world: np.ndarray, until: int, metres: float) -> np.ndarray:
    """Hands and elbows moved so the wrists hang ``metres`` behind the shoulders.

    On the frames before ``until`` whose trunk is upright (standing, the arms hanging),
    along the way the body faces.
    """
    out = world.copy()
    trunk = _mid(world, "shoulder") - _mid(world, "hip")
    upright = -trunk[:, 1] / np.linalg.norm(trunk, axis=1) > np.cos(np.radians(10))
    h = world[:, KEYPOINT_INDEX["right_hip"]] - world[:, KEYPOINT_INDEX["left_hip"]]
    fwd = np.cross(np.array([0.0, -1.0, 0.0]), h)
    fwd[:, 1] = 0
    fwd /= np.linalg.norm(fwd, axis=1, keepdims=True)
    ahead = np.sum((_mid(world, "wrist") - _mid(world, "shoulder")) * fwd, axis=1)
    mask = upright & (np.arange(len(world)) < until)
    shift = ((ahead + metres)[:, None] * fwd)[mask]
    for k in ARM_POINTS:
        out[mask, k] -= shift
    return out


def observe_again(
    sim: SimResult,
    world: np.ndarray,
    frames: np.ndarray,
    space: str,
    noise_px: float = 1.0,
    seed: int = 0,
) -> Landmarks:
    """``world`` (clean, [len(frames), 33, 3]) seen by ``sim``'s camera at its hip positions.

    Times run on from 0 at the set's frame rate. ``space`` "image" leaves the world
    landmarks NaN (as from 2-D pose tools); "world" adds 1 cm of noise to them.
    """
    rng = np.random.default_rng(seed)
    cam = sim.truth.camera
    pc = world + sim.hip_camera[frames][:, None, :]
    image = np.empty_like(pc)
    image[..., 0] = cam["fx"] * pc[..., 0] / pc[..., 2] + cam["cx"]
    image[..., 1] = cam["fy"] * pc[..., 1] / pc[..., 2] + cam["cy"]
    image[..., 2] = 0.0
    image[..., :2] += rng.normal(0.0, noise_px, image[..., :2].shape)
    if space == "image":
        wld = np.full_like(world, np.nan)
    else:
        wld = world + rng.normal(0.0, 0.01, world.shape)
    lm = sim.landmarks
    t = np.arange(len(frames)) / lm.fps
    vis = np.ones(world.shape[:2])
    return Landmarks.create(
        image, fps=lm.fps, width=lm.width, height=lm.height, world=wld, visibility=vis, t=t
    )


def no_pauses(sim: SimResult, frames: np.ndarray, keep_s: float = 0.1) -> np.ndarray:
    """``frames`` without the rest between reps (``keep_s`` of it kept): reps back to back."""
    t = sim.landmarks.t
    drop = np.zeros(len(t), dtype=bool)
    for a, b in zip(sim.truth.reps[:-1], sim.truth.reps[1:], strict=True):
        drop[(t > a.end + keep_s / 2) & (t < b.start - keep_s / 2)] = True
    return frames[~drop[frames]]
