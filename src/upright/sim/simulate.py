"""`simulate`: one exercise set as BlazePose landmarks, with its answer sheet.

Every random choice (the person, tempos, holds, fidgets, camera, noise) comes from one
generator seeded with ``seed``, so the same arguments always give the same arrays.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from upright.catalog import Exercise, get_exercise
from upright.catalog.keypoints import KEYPOINT_NAMES
from upright.motion import Landmarks, save_npz
from upright.sim import camera as cam
from upright.sim.body import Person, keypoints
from upright.sim.expected import Judge, rep_truths
from upright.sim.faults import FaultSpec, SimError
from upright.sim.geometry import Arr
from upright.sim.kinematics import segments
from upright.sim.observe import POINT_KINDS, Noise, absent, observe, outside
from upright.sim.sequence import Built, build
from upright.sim.tracks import smooth_noise
from upright.sim.truth import PartialTruth, Truth

FPS_CHOICES = (24.0, 25.0, 29.97, 30.0, 50.0, 60.0)
# RMS of the slow fidgets added to the script, per channel (degrees or metres)
FIDGET = {
    "dpitch": 0.4,
    "bend": 0.3,
    "p_axial": 0.12,
    "p_yaw": 0.25,
    "neck": 3.0,
    "x": 0.003,
    "y": 0.003,
    "z": 0.002,
    **{f"arm_{s}_{k}": 0.7 for s in "lr" for k in ("flex", "abd", "elb")},
    **{f"leg_{s}_{k}": 0.5 for s in "lr" for k in ("hip", "abd", "knee")},
}
_MORE = (
    "height_m",
    "fidget",
    "limb_out",
    "jitter_px",
    "far_side",
    "walk_off",
    "points",
    "lift",
    "pause",
    "prescribed",
    "roll",
    "camera_height",
    "one_side",
    "fill",
)


@dataclass(frozen=True)
class SimResult:
    """A simulated set: the landmarks a pose model would give, and the truth.

    ``hip_camera`` [T, 3] is the clean mid-hip in camera coordinates (metres), with which
    clean world landmarks reproject onto the clean image; ``clean_world`` [T, 33, 3] are
    the noise-free world landmarks the truth was measured on; ``channels`` the joint-angle
    script as sampled (degrees, metres; see `upright.sim.kinematics`).
    """

    landmarks: Landmarks
    truth: Truth
    hip_camera: Arr
    clean_world: Arr
    clean_image: Arr
    channels: dict[str, Arr]

    def save(self, directory: str | Path, stem: str | None = None) -> tuple[Path, Path]:
        """Write ``<stem>.npz`` (landmark file) and ``<stem>.truth.json``; return both paths."""
        d = Path(directory)
        d.mkdir(parents=True, exist_ok=True)
        stem = stem or f"{self.truth.exercise}_seed{self.truth.seed}"
        npz = save_npz(self.landmarks, d / f"{stem}.npz")
        js = d / f"{stem}.truth.json"
        js.write_text(self.truth.to_json() + "\n", encoding="utf-8")
        return npz, js


def _exercise(exercise: str | Exercise) -> Exercise:
    if isinstance(exercise, Exercise):
        return exercise
    try:
        return get_exercise(exercise)
    except KeyError as exc:
        raise SimError(f"exercise {exercise!r}: {exc.args[0]}") from None


def _channels(built: Built, t: Arr, rng: np.random.Generator, fidget: float) -> dict[str, Arr]:
    ch = built.script.evaluate(t)
    for name, rms in FIDGET.items():
        ch[name] = ch[name] + smooth_noise(rng, t, rms * fidget)
    walking = np.clip(t - built.walk_start - 0.6, 0.0, None) * built.walk_speed
    ch["x"] = ch["x"] + built.walk_dir[0] * walking
    ch["y"] = ch["y"] + built.walk_dir[1] * walking
    return ch


def _check(
    reps: int,
    fps: float,
    width: int,
    height: int,
    noise_px: float,
    dropout_rate: float,
    more: dict[str, Any],
) -> None:
    problems = []
    if not 1 <= reps <= 50:
        problems.append(f"reps: expected 1..50, got {reps}")
    if not 10.0 <= fps <= 240.0:
        problems.append(f"fps: expected 10..240 (e.g. {FPS_CHOICES}), got {fps}")
    if not (160 <= width <= 7680 and 120 <= height <= 4320):
        problems.append(f"width x height: expected 160x120..7680x4320, got {width}x{height}")
    if noise_px < 0 or not 0.0 <= dropout_rate < 0.5:
        problems.append(
            f"noise_px >= 0 and dropout_rate in 0..0.5 expected, got {noise_px}, {dropout_rate}"
        )
    problems += _option_problems(more)
    unknown = sorted(set(more) - set(_MORE))
    if unknown:
        problems.append(f"unknown options {unknown}; expected some of {list(_MORE)}")
    if problems:
        raise SimError("; ".join(problems))


def _option_problems(more: dict[str, Any]) -> list[str]:
    problems = []
    parsers = (("pause", parse_pause), ("fill", parse_fill), ("camera_height", parse_camera_height))
    for key, parse in parsers:
        if key in more:
            try:
                parse(more[key])
            except SimError as exc:
                problems.append(str(exc))
    if more.get("points", "world") not in POINT_KINDS:
        problems.append(f"points: expected one of {', '.join(POINT_KINDS)}, got {more['points']!r}")
    if more.get("one_side") not in (None, "left", "right"):
        problems.append(f"one_side: expected left or right, got {more['one_side']!r}")
    if not -45.0 <= float(more.get("roll", 0.0)) <= 45.0:
        problems.append(f"roll: expected -45..45 degrees, got {more['roll']}")
    return problems


def _range(spec: Any, name: str, lo_ok: float, hi_ok: float, what: str) -> tuple[float, float]:
    """Read a number or a (low, high) range of them within ``lo_ok..hi_ok``."""
    try:
        pair = [spec, spec] if isinstance(spec, int | float) else list(spec)
        lo, hi = float(pair[0]), float(pair[1])
        if len(pair) != 2:
            raise ValueError
    except (IndexError, TypeError, ValueError):
        lo, hi = math.nan, math.nan
    if not lo_ok <= lo <= hi <= hi_ok:
        raise SimError(
            f"{name}: expected {what} or a range of them in {lo_ok}..{hi_ok}, got {spec!r}"
        )
    return lo, hi


def parse_fill(spec: Any) -> tuple[float, float]:
    """Read a fill request: a share (0.3) or a range of shares ((0.25, 0.4)) of the frame."""
    return _range(spec, "fill", 0.1, 0.95, "a share")


def parse_camera_height(spec: Any) -> tuple[float, float]:
    """Read a camera height request, metres above the floor: 1.1 or (0.9, 1.3)."""
    return _range(spec, "camera_height", 0.02, 3.0, "a height in metres")


def parse_pause(spec: Any) -> tuple[str, float] | None:
    """Read a pause request: None, ``"top:1.5"``, ``"bottom:2"`` or ``("top", 1.5)``."""
    if spec is None:
        return None
    parts = spec.split(":") if isinstance(spec, str) else list(spec)
    try:
        where, seconds = str(parts[0]).strip(), float(parts[1])
    except (IndexError, TypeError, ValueError):
        where, seconds = "", -1.0
    if len(parts) != 2 or where not in ("top", "bottom") or not 0.0 <= seconds <= 10.0:
        raise SimError(f"pause: expected top:SECONDS or bottom:SECONDS (0-10 s), got {spec!r}")
    return where, seconds


# With ``limb_out`` the hands or the feet, whichever reach farther beyond the rest of
# the body, leave the picture; the head, trunk, elbows and knees stay in it.
_ENDS = {
    "hands": ("wrist", "pinky", "index", "thumb"),
    "feet": ("ankle", "heel", "foot_index"),
}
_LIMBS = {
    limb: tuple(i for i, n in enumerate(KEYPOINT_NAMES) if n.split("_", 1)[-1] in parts)
    for limb, parts in _ENDS.items()
}
_CORE = tuple(i for i in range(len(KEYPOINT_NAMES)) if not any(i in v for v in _LIMBS.values()))


def _limb_out(camera: cam.Camera, image: Arr, t: Arr, reps: Built) -> cam.Camera:
    """Shift the principal point so the farthest reach of the hands or feet leaves the frame.

    Of the hands and the feet, on the left or the right edge, the pair that reaches
    farthest beyond the head, trunk, elbows and knees during the reps crosses that edge,
    by up to 4 % of the width and by at most half of its reach beyond them, so the rest
    of the body stays in view (where nothing reaches beyond it, the body touches the edge).
    """
    first, last = reps.reps[0][1]["raise"][0], reps.walk_start
    xs = image[(t >= first) & (t < last), :, 0]
    lo, hi = float(np.nanmin(xs[:, _CORE])), float(np.nanmax(xs[:, _CORE]))
    best = (-np.inf, 0.0)  # (reach beyond the core, shift)
    for idx in _LIMBS.values():
        right, left = float(np.nanmax(xs[:, idx])), float(np.nanmin(xs[:, idx]))
        over = min(0.04 * camera.width, 0.5 * max(right - hi, 0.0))
        best = max(best, (right - hi, camera.width + over - max(right, hi + 1.0)))
        over = min(0.04 * camera.width, 0.5 * max(lo - left, 0.0))
        best = max(best, (lo - left, -over - min(left, lo - 1.0)))
    return replace(camera, cx=camera.cx + best[1])


def _out_runs(
    image: Arr,
    t: Arr,
    width: int,
    height: int,
    until: float,
) -> tuple[tuple[str, float, float], ...]:
    off = outside(image, width, height) & (t < until)[:, None]
    runs = []
    for k in np.flatnonzero(off.any(axis=0)):
        edges = np.diff(np.concatenate([[0], off[:, k].astype(np.int8), [0]]))
        for s, e in zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1), strict=True):
            runs.append((KEYPOINT_NAMES[k], round(float(t[s]), 4), round(float(t[e - 1]), 4)))
    return tuple(sorted(runs, key=lambda r: r[1]))


def simulate(
    exercise: str | Exercise,
    *,
    reps: int = 8,
    faults: Sequence[FaultSpec] = (),
    view: str = "side",
    fps: float = 30.0,
    width: int = 1280,
    height: int = 720,
    noise_px: float = 1.0,
    dropout_rate: float = 0.0,
    seed: int = 0,
    partial_reps: int = 0,
    **more: Any,
) -> SimResult:
    """Simulate one set of ``exercise`` seen by a camera.

    Parameters
    ----------
    exercise
        Catalog id (e.g. ``"bird_dog"``) or an `Exercise`.
    reps
        Reps per side for per-side and alternating exercises, else reps in the set.
    faults
        Faults to inject (`FaultSpec`, size in the rule's units, rep index 0-based).
    view
        One of `camera.VIEWS` (or the aliases "side", "45").
    fps, width, height
        Frame rate (29.97 stays 29.97) and frame size in pixels.
    noise_px
        Standard deviation of the pixel noise; jitter (``jitter_px``) defaults to it.
    dropout_rate
        Share of frames lost to short dropouts (all-NaN, visibility 0).
    seed
        Seed of every random choice.
    partial_reps
        Reps that stop short of the count and must not be counted.
    **more
        ``height_m`` (the person's height), ``fidget`` (scale of the small movements, 1),
        ``limb_out`` (frame so the reach leaves the picture), ``jitter_px``,
        ``far_side`` (lower visibility behind the body, True), ``walk_off`` (True),
        ``points`` (the kind of points written, one of `observe.POINT_KINDS`: "world"
        by default, "image" for 2-D points only, "blazepose" for squeezed, noisy depth),
        ``lift`` (the set starts and ends with getting into and out of position:
        picking the weight up from the floor and putting it down for the standing rows,
        getting onto all fours for the bird dog, lying onto the ball for the Y-raise;
        none of it is a rep), ``pause`` (seconds of stillness at the top or bottom of
        every rep: ``("top", 1.0)`` or ``("bottom", 1.0)``), ``prescribed`` (every rep
        at the dosage's tempo and hold, for a demonstration; False), ``roll`` (degrees
        the camera is turned about its viewing axis, as a phone propped crooked: 0; the
        image points are the unrolled ones rotated about the principal point), ``fill``
        (the share of the frame the person fills: a number or a (low, high) range drawn
        from; (0.55, 0.8) by default, (0.25, 0.4) for a far camera), ``camera_height``
        (metres above the floor, a number or a range drawn from: a phone on the floor
        looking up, a laptop on a table looking down; by default the camera is at the
        height of the middle of the person, or on the floor for the "floor" view),
        ``one_side`` ("left" or "right": only that side's reps of a per-side exercise,
        as a recording of one side's set; both sides by default).
    """
    _check(reps, fps, width, height, noise_px, dropout_rate, more)
    ex = _exercise(exercise)
    view = cam.view_name(view)
    rng = np.random.default_rng(seed)
    person = Person.sample(rng, more.get("height_m"))
    azimuth, pitch = cam.orientation(view, rng)
    built = build(
        ex,
        person,
        rng,
        reps,
        tuple(faults),
        partial_reps,
        cam.walk_direction(azimuth, rng),
        lift=bool(more.get("lift", False)),
        pause=parse_pause(more.get("pause")),
        prescribed=bool(more.get("prescribed", False)),
        one_side=more.get("one_side"),
    )
    t = np.arange(0.0, built.script.now + 0.5, 1.0 / fps)
    ch = _channels(built, t, rng, float(more.get("fidget", 1.0)))
    scene = keypoints(person, segments(person, ch, built.ctx.rig))
    before_walk = t < built.walk_start
    framed = before_walk & (t >= built.setup[0])
    camera = cam.place(
        view,
        azimuth,
        pitch,
        scene[framed],
        width,
        height,
        rng,
        roll_deg=float(more.get("roll", 0.0)),
        fill=parse_fill(more["fill"]) if "fill" in more else cam.FILL,
        height_m=parse_camera_height(more["camera_height"]) if "camera_height" in more else None,
    )
    image, world, hip = cam.project(camera, scene)
    if more.get("limb_out"):
        camera = _limb_out(camera, image, t, built)
        image, world, hip = cam.project(camera, scene)
    gone = np.flatnonzero(absent(image, width, height) & ~before_walk)
    n = len(t)
    if gone.size and more.get("walk_off", True):
        n = min(n, int(gone[0] + round(float(rng.uniform(0.3, 1.0)) * fps)))
    elif not more.get("walk_off", True):
        n = int(np.searchsorted(t, built.walk_start))
    t, image, world, hip = t[:n], image[:n], world[:n], hip[:n]
    noise = Noise(
        noise_px,
        float(more.get("jitter_px", noise_px)),
        dropout_rate,
        bool(more.get("far_side", True)),
        str(more.get("points", "world")),
    )
    img, wld, vis = observe(image, world, hip[:, 2], camera.fx, width, height, noise, rng)
    lm = Landmarks.create(img, fps=fps, width=width, height=height, world=wld, visibility=vis, t=t)
    judge = Judge(world, t, fps, built.setup)
    rep_t, fault_t = rep_truths(judge, ex, built.reps)
    partial = tuple(
        PartialTruth(
            round(ph["raise"][0], 4),
            round(ph["return"][1], 4),
            f"stops at {p.fraction:.0%} of the way to the peak",
            p.side,
        )
        for p, ph in built.partials
    )
    walk_end = float(t[-1]) if more.get("walk_off", True) else None
    truth = Truth(
        exercise=ex.id,
        seed=seed,
        fps=fps,
        n_frames=n,
        setup=(round(built.setup[0], 4), round(built.setup[1], 4)),
        reps=tuple(rep_t),
        faults=tuple(fault_t),
        partial=partial,
        not_reps=tuple(
            (name, round(a, 4), round(b, 4)) for name, a, b in built.not_reps if a < t[-1]
        ),
        walk_off=None if walk_end is None else (round(built.walk_start, 4), round(walk_end, 4)),
        out_of_frame=_out_runs(image, t, width, height, built.walk_start),
        person=person.to_dict(),
        camera=camera.to_dict(),
        params={
            "reps": reps,
            "faults": [str(f) for f in faults],
            "view": view,
            "noise_px": noise_px,
            "dropout_rate": dropout_rate,
            "partial_reps": partial_reps,
            **{k: more[k] for k in sorted(more)},
        },
    )
    return SimResult(lm, truth, hip, world, image, {k: v[:n] for k, v in ch.items()})
