"""A 33-keypoint stick person, a pinhole camera and BlazePose-like errors, for the generic
counter's evaluation (tests/motion/test_generic_*.py and bench/generic_accuracy.py).

Written apart from `upright.sim` and from conftest's `pose()` on purpose: the generic
counter is judged on real recordings, so its evaluation should not share one model of
the body with the code it is checked against.

World axes: y up (metres, floor at 0), x and z horizontal; the athlete faces +z at
heading 0. Body frame per frame: R (the athlete's right), U (pelvis up, towards the
head), F (chest side). Angles in degrees:

- ``psi``: whole-body pitch, U turned towards F (0 standing, 90 prone as in a plank,
  -90 supine); ``heading``: turn about the vertical.
- ``tau``: trunk flexion at the hips (the trunk leans towards F); ``lat``: side bend.
- arms ``flex_l/r`` (0 hanging, 90 forward, 180 overhead), ``abd_l/r`` (out to the side,
  applied after flexion), ``elb_l/r`` (elbow flexion); ``frontal`` > 0.5 bends the elbow
  in the plane of abduction (a pull-up) instead of the sagittal plane (a curl).
- legs ``hip_l/r`` (flexion, thigh forwards), ``habd_l/r``, ``knee_l/r`` (shin backwards).
- ``lift``: metres added to the height after anchoring (a jump).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from upright.catalog import KEYPOINT_INDEX, KEYPOINT_NAMES
from upright.motion import Landmarks

K = KEYPOINT_INDEX
PARAMS = [
    "psi",
    "heading",
    "tau",
    "lat",
    "flex_l",
    "flex_r",
    "abd_l",
    "abd_r",
    "elb_l",
    "elb_r",
    "frontal",
    "hip_l",
    "hip_r",
    "habd_l",
    "habd_r",
    "knee_l",
    "knee_r",
    "lift",
]
# BlazePose's jitter grows towards the ends of the limbs (multiplier of the torso's).
JITTER = np.ones(33)
for _name, _m in (("elbow", 1.6), ("knee", 1.6), ("wrist", 2.5), ("ankle", 2.2)):
    JITTER[[K[f"left_{_name}"], K[f"right_{_name}"]]] = _m
for _name in ("pinky", "index", "thumb", "heel", "foot_index"):
    JITTER[[K[f"left_{_name}"], K[f"right_{_name}"]]] = 3.2
LIMB_PAIRS = {
    "arms": [(K[f"left_{p}"], K[f"right_{p}"]) for p in ("elbow", "wrist", "pinky", "index")],
    "legs": [(K[f"left_{p}"], K[f"right_{p}"]) for p in ("knee", "ankle", "heel", "foot_index")],
}
LIMB_PAIRS["all"] = [(K[n], K["right" + n[4:]]) for n in KEYPOINT_NAMES if n.startswith("left")]


@dataclass(frozen=True)
class Person:
    """Segment lengths in metres, from the body height."""

    height_m: float = 1.75

    def __getattr__(self, name: str) -> float:
        share = {
            "torso": 0.29,
            "upper": 0.17,
            "fore": 0.155,
            "thigh": 0.245,
            "shin": 0.25,
            "shoulder_w": 0.105,
            "hip_w": 0.055,
        }
        if name in share:
            return share[name] * self.height_m
        raise AttributeError(name)


def _rot_y(v: np.ndarray, deg: np.ndarray) -> np.ndarray:
    a = np.radians(deg)[:, None]
    c, s = np.cos(a), np.sin(a)
    return np.stack(
        [v[:, 0] * c[:, 0] + v[:, 2] * s[:, 0], v[:, 1], -v[:, 0] * s[:, 0] + v[:, 2] * c[:, 0]],
        axis=1,
    )


def _turn(v: np.ndarray, w: np.ndarray, deg: np.ndarray) -> np.ndarray:
    """Rotate unit ``v`` towards unit ``w`` (perpendicular to it) by ``deg``."""
    a = np.radians(deg)[:, None]
    return v * np.cos(a) + w * np.sin(a)


def skeleton(p: dict[str, np.ndarray], person: Person) -> np.ndarray:
    """World points [T, 33, 3] (metres) of the pose parameters ``p``, pelvis at origin."""
    n = len(p["psi"])
    ones = np.ones((n, 1))
    r0, u0, f0 = ones * [-1.0, 0, 0], ones * [0, 1.0, 0], ones * [0, 0, 1.0]
    u, f = _turn(u0, f0, p["psi"]), _turn(f0, -u0, p["psi"])
    r = r0
    r, u, f = (_rot_y(v, p["heading"]) for v in (r, u, f))
    ut, ft = _turn(u, f, p["tau"]), _turn(f, -u, p["tau"])
    ut, rt = _turn(ut, r, p["lat"]), _turn(r, -ut, p["lat"])
    out = np.zeros((n, 33, 3))
    sc = ut * person.torso
    for side, sgn in (("left", -1.0), ("right", 1.0)):
        s = side[0]
        sh = sc + sgn * rt * person.shoulder_w
        a1 = _turn(-ut, ft, p[f"flex_{s}"])
        b1 = _turn(ft, ut, p[f"flex_{s}"])
        arm = _turn(a1, sgn * rt, p[f"abd_{s}"])
        b2 = _turn(sgn * rt, -a1, p[f"abd_{s}"])
        bend = b1 * (1 - p["frontal"][:, None]) + b2 * p["frontal"][:, None]
        bend = bend - (bend * arm).sum(1, keepdims=True) * arm
        bend /= np.linalg.norm(bend, axis=1, keepdims=True) + 1e-9
        el = sh + arm * person.upper
        fore = _turn(arm, bend, p[f"elb_{s}"])
        wr = el + fore * person.fore
        hp = sgn * r * person.hip_w
        t1 = _turn(-u, f, p[f"hip_{s}"])
        k1 = _turn(f, u, p[f"hip_{s}"])
        thigh = _turn(t1, sgn * r, p[f"habd_{s}"])
        kn = hp + thigh * person.thigh
        shin = _turn(thigh, -k1, p[f"knee_{s}"])
        an = kn + shin * person.shin
        foot = f - (f * shin).sum(1, keepdims=True) * shin
        foot /= np.linalg.norm(foot, axis=1, keepdims=True) + 1e-9
        h = person.height_m
        pts = {
            "shoulder": sh,
            "elbow": el,
            "wrist": wr,
            "pinky": wr + fore * 0.045 * h - sgn * rt * 0.012 * h,
            "index": wr + fore * 0.05 * h + sgn * rt * 0.005 * h,
            "thumb": wr + fore * 0.03 * h + bend * 0.015 * h,
            "hip": hp,
            "knee": kn,
            "ankle": an,
            "heel": an + shin * 0.02 * h - foot * 0.03 * h,
            "foot_index": an + shin * 0.03 * h + foot * 0.11 * h,
        }
        for name, v in pts.items():
            out[:, K[f"{side}_{name}"]] = v
        head = sc + ut * 0.09 * h + ft * 0.05 * h
        out[:, K[f"{side}_eye"]] = head + ut * 0.02 * h + sgn * rt * 0.02 * h
        out[:, K[f"{side}_eye_inner"]] = head + ut * 0.02 * h + sgn * rt * 0.01 * h
        out[:, K[f"{side}_eye_outer"]] = head + ut * 0.02 * h + sgn * rt * 0.03 * h
        out[:, K[f"{side}_ear"]] = head + ut * 0.015 * h + sgn * rt * 0.045 * h - ft * 0.04 * h
        out[:, K[f"mouth_{side}"]] = head - ut * 0.02 * h + sgn * rt * 0.015 * h
        out[:, K["nose"]] = head + ft * 0.01 * h
    return out


def anchor(world: np.ndarray, how: str) -> np.ndarray:
    """Translation [T, 3] that keeps the ``how`` contact still ("feet", "hands", "hips")."""
    if how == "hands":
        c = world[:, [K["left_wrist"], K["right_wrist"]]].mean(axis=1)
        return np.array([0.0, 2.2, 0.0]) - c
    if how == "hips":
        c = world[:, [K["left_hip"], K["right_hip"]]].mean(axis=1)
        floor = world[:, :, 1].min(axis=1)
        out = -c
        out[:, 1] = -floor
        return out
    feet = [K[f"{s}_{p}"] for s in ("left", "right") for p in ("heel", "foot_index")]
    if how in ("rear_left", "rear_right"):
        c = world[:, K[f"{how[5:]}_ankle"]]
    else:
        c = world[:, [K["left_ankle"], K["right_ankle"]]].mean(axis=1)
    out = -c
    out[:, 1] = -world[:, feet + [K["left_wrist"], K["right_wrist"]], 1].min(axis=1)
    return out


@dataclass(frozen=True)
class Camera:
    """A pinhole camera looking horizontally at the athlete from ``yaw_deg``.

    0 faces the athlete (front view), 90 looks at the athlete's right side.
    """

    yaw_deg: float
    distance_m: float
    height_m: float
    width: int
    height: int
    focal_px: float
    target: tuple[float, float, float]

    def project(self, world: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Pixels [T, 33, 3] (x, y down, relative depth z) and depth in metres [T, 33]."""
        a = np.radians(self.yaw_deg)
        fwd = -np.array([np.sin(a), 0.0, np.cos(a)])  # camera looks along fwd
        right = np.cross(fwd, [0.0, 1.0, 0.0])
        pos = np.array(self.target) - fwd * self.distance_m
        pos[1] = self.height_m
        rel = world - pos
        zc = rel @ fwd
        xc = rel @ right
        yc = rel[..., 1]
        img = np.empty(world.shape)
        img[..., 0] = self.width / 2 + self.focal_px * xc / zc
        img[..., 1] = self.height / 2 - self.focal_px * (yc - (self.target[1] - pos[1])) / zc
        hipz = 0.5 * (zc[:, K["left_hip"]] + zc[:, K["right_hip"]])
        img[..., 2] = self.focal_px * (zc - hipz[:, None]) / zc
        return img, zc


def smooth_noise(rng: np.random.Generator, shape: tuple[int, ...], frames: float) -> np.ndarray:
    """Unit-variance noise low-passed over about ``frames`` frames (first axis)."""
    x = rng.normal(size=shape)
    k = max(1, int(frames))
    if k > 1:
        ker = np.hanning(2 * k + 1)
        ker /= np.sqrt((ker**2).sum())
        x = np.apply_along_axis(lambda c: np.convolve(c, ker, mode="same"), 0, x)
    return x


@dataclass(frozen=True)
class Errors:
    """BlazePose-like errors; pixel figures are fractions of the image height."""

    jitter: float = 0.002  # white jitter of the torso points
    wobble: float = 0.002  # slow (0.2 s) wander of every point
    swap_per_s: float = 0.0  # left/right limb swaps per second, each 1-2 frames
    dropout: float = 0.0  # share of frames lost one by one
    bursts: int = 0  # runs of 0.3-2 s with no person
    low_vis: float = 0.0  # share of frames where the hands and feet flicker to low visibility
    far_side: bool = False  # side view: far limbs less visible and noisier


def observe(
    world: np.ndarray,
    cam: Camera,
    err: Errors,
    fps: float,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:
    """Image points [T, 33, 3] (pixels, NaN where lost) and visibility [T, 33]."""
    img, _ = cam.project(world)
    n = len(img)
    scale = cam.height * JITTER[None, :, None]
    far = np.ones(33)
    if err.far_side and 45 < abs(cam.yaw_deg) % 180 < 135:
        side = "left" if np.sin(np.radians(cam.yaw_deg)) > 0 else "right"
        far[[K[x] for x in KEYPOINT_NAMES if x.startswith(side)]] = 2.0
    scale = scale * far[None, :, None]
    img[..., :2] += rng.normal(size=(n, 33, 2)) * err.jitter * scale
    img[..., :2] += smooth_noise(rng, (n, 33, 2), 0.2 * fps) * err.wobble * scale
    vis = np.clip(rng.normal(0.97, 0.02, (n, 33)), 0, 1) / far[None, :] ** 0.6
    for _ in range(rng.poisson(err.swap_per_s * n / fps)):
        i, d = int(rng.integers(n)), int(rng.integers(1, 3))
        for a, b in LIMB_PAIRS[str(rng.choice(["arms", "legs", "all"]))]:
            img[i : i + d, [a, b]] = img[i : i + d, [b, a]]
    if err.low_vis:
        ends = [K[f"{s}_{p}"] for s in ("left", "right") for p in ("wrist", "ankle", "index")]
        m = rng.random((n, len(ends))) < err.low_vis
        vis[:, ends] = np.where(m, rng.uniform(0.05, 0.45, m.shape), vis[:, ends])
    lost = rng.random(n) < err.dropout
    for _ in range(err.bursts):
        s = int(rng.integers(n))
        lost[s : s + int(rng.uniform(0.3, 2.0) * fps)] = True
    img[lost] = np.nan
    vis[lost] = 0.0
    return img, np.clip(vis, 0, 1)


def to_landmarks(
    img: np.ndarray,
    vis: np.ndarray,
    t: np.ndarray,
    fps: float,
    cam: Camera,
    normalised: bool,
) -> Landmarks:
    """A `Landmarks` in pixels, or in 0..1 of the frame (width = height = 1)."""
    if normalised:
        img = img.copy()
        img[..., 0] /= cam.width
        img[..., 1] /= cam.height
        img[..., 2] /= cam.width
        return Landmarks.create(img, visibility=vis, t=t, fps=fps, width=1, height=1)
    return Landmarks.create(img, visibility=vis, t=t, fps=fps, width=cam.width, height=cam.height)


def per_frame(lm: Landmarks, how: str) -> Landmarks:
    """``lm`` with each frame's coordinates normalised on their own, as some tools write.

    ``"hip"``: centred on the mid-hip and divided by that frame's shoulder-hip distance
    (the picture's position and the body's size are gone). ``"box"``: each frame's
    visible points stretched to fill 0..1 on both axes (the aspect changes every frame).
    """
    img = lm.image.copy()
    xy = img[..., :2]
    if how == "hip":
        hip = 0.5 * (xy[:, K["left_hip"]] + xy[:, K["right_hip"]])
        sh = 0.5 * (xy[:, K["left_shoulder"]] + xy[:, K["right_shoulder"]])
        torso = np.linalg.norm(sh - hip, axis=1)
        xy = (xy - hip[:, None]) / torso[:, None, None]
    elif how == "box":
        ok = np.isfinite(xy).all(axis=-1).any(axis=1)
        lo = np.full((len(xy), 1, 2), np.nan)
        hi = np.full((len(xy), 1, 2), np.nan)
        lo[ok] = np.nanmin(xy[ok], axis=1, keepdims=True)
        hi[ok] = np.nanmax(xy[ok], axis=1, keepdims=True)
        xy = (xy - lo) / np.maximum(hi - lo, 1e-9)
    else:
        raise ValueError(f"per_frame: expected 'hip' or 'box', got {how!r}")
    img[..., :2] = xy
    img[..., 2] = 0.0
    return Landmarks.create(img, visibility=lm.visibility, t=lm.t, fps=lm.fps, width=1, height=1)
