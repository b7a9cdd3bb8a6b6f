"""Recordings of many exercises, with human variation, for the generic counter.

A case draws a person, an exercise, sets of reps (1-100 in all), tempo with drift, pauses
at the top and bottom, partial reps, rests between sets (fidgeting, standing up, walking
about, sometimes one stray arm movement), body sway, a camera (front, side or oblique;
landscape or portrait), BlazePose-like errors (jitter growing towards hands and feet,
slow wobble, left/right swaps of a frame or two, dropouts, flickering visibility) and a
file format (pixels or 0..1 of the frame, or each frame normalised on its own: centred on
the hips and scaled by the torso, or stretched to its bounding box; fps 10-60 incl. 29.97;
sometimes frames missing from the file, sometimes a declared fps that is wrong).

Counting rule (the answer key): every full rep counts, alternating legs count one each; a
partial rep reaches 15-40 % of the set's usual range and must not count (the counter
calls anything below 50 % of the set's median rep partial; full reps here reach 80-105 %,
so no rep sits near that line). A set of one rep counts 1.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np
from generic_body import (
    PARAMS,
    Camera,
    Errors,
    Person,
    anchor,
    observe,
    per_frame,
    skeleton,
    smooth_noise,
    to_landmarks,
)

from upright.motion import Landmarks

Pose = dict[str, np.ndarray]


def _c(x: np.ndarray) -> np.ndarray:
    return np.clip(x, 0.0, 1.0)


def _squat(e: np.ndarray, ph: np.ndarray, s: np.ndarray, v: dict[str, float]) -> Pose:
    arms = v["arms"]
    return {
        "tau": 8 + 35 * e,
        "hip_l": 5 + 95 * e,
        "hip_r": 5 + 95 * e,
        "knee_l": 5 + 110 * e,
        "knee_r": 5 + 110 * e,
        "flex_l": 90 * arms + 20 * (1 - arms) + 60 * (1 - arms) * e,
        "flex_r": 90 * arms + 20 * (1 - arms) + 60 * (1 - arms) * e,
        "elb_l": 10 + 0 * e,
        "elb_r": 10 + 0 * e,
    }


def _pushup(e: np.ndarray, ph: np.ndarray, s: np.ndarray, v: dict[str, float]) -> Pose:
    p = Person(v["height_m"])
    elb = 5 + 85 * e
    reach = (p.upper + p.fore) * np.cos(np.radians(elb / 2)) + 0.04 * p.height_m
    body = p.torso + p.thigh + p.shin
    psi = np.degrees(np.arccos(np.clip(reach / body, -1, 1)))
    flex = psi - elb / 2
    return {"psi": psi, "flex_l": flex, "flex_r": flex, "elb_l": elb, "elb_r": elb}


def _pullup(e: np.ndarray, ph: np.ndarray, s: np.ndarray, v: dict[str, float]) -> Pose:
    abd = 170 - 110 * e
    knee = v["arms"] * 60 + 0 * e
    return {
        "abd_l": abd,
        "abd_r": abd,
        "elb_l": 180 - abd,
        "elb_r": 180 - abd,
        "frontal": 1 + 0 * e,
        "knee_l": knee,
        "knee_r": knee,
        "hip_l": 10 + 15 * e,
        "hip_r": 10 + 15 * e,
    }


def _situp(e: np.ndarray, ph: np.ndarray, s: np.ndarray, v: dict[str, float]) -> Pose:
    arms = 160 * v["arms"] + 30 * (1 - v["arms"])
    return {
        "psi": -90 + 0 * e,
        "tau": 3 + (35 + 40 * v["arms"]) * e,
        "hip_l": 50 + 0 * e,
        "hip_r": 50 + 0 * e,
        "knee_l": 100 + 0 * e,
        "knee_r": 100 + 0 * e,
        "flex_l": arms + 0 * e,
        "flex_r": arms + 0 * e,
        "elb_l": 140 + 0 * e,
        "elb_r": 140 + 0 * e,
    }


def _jack(e: np.ndarray, ph: np.ndarray, s: np.ndarray, v: dict[str, float]) -> Pose:
    return {
        "abd_l": 12 + 150 * e,
        "abd_r": 12 + 150 * e,
        "elb_l": 10 + 0 * e,
        "elb_r": 10 + 0 * e,
        "habd_l": 3 + 15 * e,
        "habd_r": 3 + 15 * e,
        "lift": 0.25 * e * (1 - e) * v["arms"],
    }


def _front_raise(e: np.ndarray, ph: np.ndarray, s: np.ndarray, v: dict[str, float]) -> Pose:
    return {"flex_l": 5 + 90 * e, "flex_r": 5 + 90 * e, "elb_l": 10 + 0 * e, "elb_r": 10 + 0 * e}


def _lateral_raise(e: np.ndarray, ph: np.ndarray, s: np.ndarray, v: dict[str, float]) -> Pose:
    return {"abd_l": 8 + 80 * e, "abd_r": 8 + 80 * e, "elb_l": 15 + 0 * e, "elb_r": 15 + 0 * e}


def _curl(e: np.ndarray, ph: np.ndarray, s: np.ndarray, v: dict[str, float]) -> Pose:
    one = v["arms"] > 0.5  # one arm only, the other hangs still
    return {
        "elb_l": 10 + 130 * e * (0 if one else 1),
        "elb_r": 10 + 130 * e,
        "flex_l": 5 + 12 * e * (0 if one else 1),
        "flex_r": 5 + 12 * e,
    }


def _press(e: np.ndarray, ph: np.ndarray, s: np.ndarray, v: dict[str, float]) -> Pose:
    abd = 85 + 85 * e
    return {
        "abd_l": abd,
        "abd_r": abd,
        "elb_l": 100 - 90 * e,
        "elb_r": 100 - 90 * e,
        "frontal": 1 + 0 * e,
    }


def _lunge(e: np.ndarray, ph: np.ndarray, s: np.ndarray, v: dict[str, float]) -> Pose:
    left = s > 0
    front, back = 85 * e, -15 * e
    return {
        "hip_l": np.where(left, front, back),
        "hip_r": np.where(left, back, front),
        "knee_l": np.where(left, 95 * e, 85 * e),
        "knee_r": np.where(left, 85 * e, 95 * e),
        "tau": 3 + 8 * e,
    }


BURPEE_KEYS = np.array(
    [
        # ph, psi, tau, hip, knee, flex, elb, lift
        [0.00, 0, 5, 0, 5, 5, 10, 0],
        [0.18, 0, 40, 110, 120, 60, 10, 0],
        [0.33, 72, 0, 5, 5, 72, 5, 0],
        [0.50, 72, 0, 5, 5, 72, 5, 0],
        [0.65, 0, 40, 110, 120, 60, 10, 0],
        [0.80, 0, 10, 10, 10, 20, 10, 0],
        [0.90, 0, 0, 0, 0, 170, 10, 0.2],
        [1.00, 0, 5, 0, 5, 5, 10, 0],
    ]
)


def _burpee(e: np.ndarray, ph: np.ndarray, s: np.ndarray, v: dict[str, float]) -> Pose:
    amp = np.where(ph > 0, e, 0.0)  # e carries the rep's amplitude through the cycle
    col = {
        k: np.interp(ph, BURPEE_KEYS[:, 0], BURPEE_KEYS[:, i + 1])
        for i, k in enumerate(("psi", "tau", "hip", "knee", "flex", "elb", "lift"))
    }
    a = np.clip(amp, 0, 1)
    out = {k: col[k] * a for k in ("psi", "tau", "lift")}
    for k in ("hip", "knee", "flex", "elb"):
        out[f"{k}_l"] = out[f"{k}_r"] = col[k] * a
    return out


@dataclass(frozen=True)
class Kind:
    """How an exercise moves, where the body touches, and how it is usually filmed."""

    pose: Callable[[np.ndarray, np.ndarray, np.ndarray, dict[str, float]], Pose]
    anchor: str
    tempo_s: tuple[float, float]
    views: tuple[float, ...]
    alternating: bool = False
    cycle: bool = False  # a cycle of phases rather than out and back


KINDS: dict[str, Kind] = {
    "squat": Kind(_squat, "feet", (1.2, 4.5), (90, 45, 0)),
    "pushup": Kind(_pushup, "feet", (1.0, 3.5), (90, 60, 30)),
    "pullup": Kind(_pullup, "hands", (1.5, 4.0), (0, 180, 30, 90)),
    "situp": Kind(_situp, "hips", (1.2, 4.0), (90, 60)),
    "jumping_jack": Kind(_jack, "feet", (0.6, 1.5), (0, 20)),
    "front_raise": Kind(_front_raise, "feet", (1.5, 4.0), (90, 45, 0)),
    "lateral_raise": Kind(_lateral_raise, "feet", (1.5, 4.0), (0, 30)),
    "bicep_curl": Kind(_curl, "feet", (1.2, 4.0), (0, 90, 45)),
    "shoulder_press": Kind(_press, "feet", (1.2, 3.5), (0, 30)),
    "lunge": Kind(_lunge, "feet", (1.8, 4.5), (90, 45), alternating=True),
    "burpee": Kind(_burpee, "feet", (2.5, 6.0), (90, 45, 0), cycle=True),
}


@dataclass(frozen=True)
class Case:
    """Everything random about one recording (drawn by `draw`, rebuilt by `make`)."""

    kind: str
    sets: tuple[int, ...]
    seed: int
    fps: float = 30.0
    tempo_s: float = 2.0
    drift: float = 0.0  # the last rep of a set is (1 + drift) times the first's length
    top_pause_s: float = 0.0
    bottom_pause_s: float = 0.3
    partials: int = 0
    rest_s: float = 20.0
    view_deg: float = 90.0
    size: tuple[int, int] = (1280, 720)
    normalised: bool = False
    errors: Errors = field(default_factory=Errors)
    getup: bool = False  # stands up and walks about in rests, gets into position first
    stray: bool = False  # one odd arm movement in a rest (drinking, wiping the face)
    declared_fps: float = 0.0  # 0: the true fps; else what the file claims
    missing: float = 0.0  # share of frames missing from the file (time jumps)
    per_frame: str = ""  # "hip" or "box": coordinates normalised in each frame on their own

    @property
    def count(self) -> int:
        """The right answer."""
        return sum(self.sets)


@dataclass(frozen=True)
class Recording:
    """A case's landmarks and its answer key."""

    case: Case
    landmarks: Landmarks
    reps: tuple[tuple[float, float], ...]  # start, end seconds of each counted rep
    partials: tuple[tuple[float, float], ...]


def _timeline(case: Case, rng: np.random.Generator) -> tuple[dict[str, np.ndarray], list, list]:  # noqa: C901
    """Per-frame excursion, phase, side, standing share, walking; rep and partial times."""
    fps = case.fps
    parts: list[dict[str, np.ndarray]] = []
    reps: list[tuple[float, float]] = []
    partials: list[tuple[float, float]] = []
    clock = [0.0]

    def add(n_s: float, e: float | np.ndarray = 0.0, ph=0.0, side=1.0, w=0.0, walk=0.0) -> None:
        n = max(0, int(round(n_s * fps)))
        if n == 0:
            return
        parts.append(
            {
                k: np.broadcast_to(np.asarray(x, float), (n,)).copy() if np.ndim(x) == 0 else x
                for k, x in (("e", e), ("ph", ph), ("side", side), ("w", w), ("walk", walk))
            }
        )
        clock[0] += n / fps

    def ramp(n_s: float, a: float, b: float) -> np.ndarray:
        n = max(1, int(round(n_s * fps)))
        return a + (b - a) * (0.5 - 0.5 * np.cos(np.pi * np.linspace(0, 1, n)))

    def rest(total_s: float, first: bool = False, last: bool = False) -> None:
        if not case.getup or total_s < 6:
            add(total_s)
            return
        up = rng.uniform(1.2, 2.5)
        walk = total_s - 2 * up if not (first or last) else total_s - up
        if not first:
            w = ramp(up, 0, 1)
            add(len(w) / fps, w=w)
        stray_at = rng.uniform(0.2, 0.6) if case.stray and not (first or last) else -1
        n = int(walk * fps)
        wk = np.zeros(n)
        a, b = int(0.15 * n), int(0.45 * n)
        wk[a : (a + b) // 2] = 1.0
        wk[(a + b) // 2 : b] = -1.0  # out and back to the same spot
        e_stray = np.zeros(n)
        if stray_at > 0:
            k0 = int(0.55 * n)
            k1 = min(n, k0 + int(2.5 * fps))
            e_stray[k0:k1] = np.sin(np.linspace(0, np.pi, k1 - k0)) ** 2
        add(n / fps, e=e_stray, w=1.0, walk=wk, ph=-1.0)
        if not last:
            w = ramp(up, 1, 0)
            add(len(w) / fps, w=w)

    rest(rng.uniform(1.0, 4.0) + (4 if case.getup else 0), first=True)
    k_side = 1.0
    for si, n in enumerate(case.sets):
        order = [1.0] * n
        for _ in range(case.partials if si == 0 else 0):
            order.insert(int(rng.integers(0, len(order) + 1)), float(rng.uniform(0.15, 0.4)))
        for k, amp in enumerate(order):
            frac = k / max(1, len(order) - 1)
            dur = case.tempo_s * (1 + case.drift * frac) * rng.uniform(0.88, 1.12)
            up = dur * rng.uniform(0.35, 0.6)
            top = case.top_pause_s * rng.uniform(0.5, 1.5)
            a = amp * rng.uniform(0.85, 1.05) if amp == 1.0 else amp
            start = clock[0]
            kind = KINDS[case.kind]
            if kind.cycle:
                m = int((dur + top) * fps)
                ph = np.linspace(0, 1, m, endpoint=False)
                add(m / fps, e=np.full(m, a), ph=np.maximum(ph, 1e-3), side=k_side)
            else:
                rise, fall = ramp(up, 0, a), ramp(dur - up, a, 0)
                add(len(rise) / fps, e=rise, side=k_side)
                add(top, e=a, side=k_side)
                add(len(fall) / fps, e=fall, side=k_side)
            (reps if amp == 1.0 else partials).append((start, clock[0]))
            if kind.alternating:
                k_side = -k_side
            add(case.bottom_pause_s * rng.uniform(0.3, 1.7), side=k_side)
        if si < len(case.sets) - 1:
            rest(case.rest_s * rng.uniform(0.7, 1.3))
    rest(rng.uniform(1.0, 4.0) + (3 if case.getup else 0), last=True)
    cols = {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
    return cols, reps, partials


def _style(case: Case, rng: np.random.Generator) -> dict[str, float]:
    return {"arms": float(rng.random() < 0.5), "height_m": float(rng.uniform(1.5, 1.95))}


def _pose_params(case: Case, cols: dict[str, np.ndarray], rng: np.random.Generator) -> Pose:
    kind = KINDS[case.kind]
    v = _style(case, rng)
    n = len(cols["e"])
    stray = np.where(cols["ph"] < 0, cols["e"], 0.0)
    e = np.where(cols["ph"] < 0, 0.0, cols["e"])
    ph = np.clip(cols["ph"], 0, 1)
    ex = kind.pose(e, ph, cols["side"], v)
    w = cols["w"]
    t = np.arange(n) / case.fps
    step = np.sin(2 * np.pi * 0.9 * t) * np.abs(cols["walk"])
    p: Pose = {}
    fidget = rng.uniform(1.5, 4.0)
    slow = max(1, int(1.2 * case.fps))
    for k in PARAMS:
        val = np.broadcast_to(ex.get(k, np.zeros(n)), (n,)).astype(float)
        p[k] = (1 - w) * val
    p["hip_l"] += w * 22 * step
    p["hip_r"] -= w * 22 * step
    p["knee_l"] += w * 30 * np.clip(step, 0, None)
    p["knee_r"] += w * 30 * np.clip(-step, 0, None)
    p["flex_r"] += w * 95 * stray
    p["elb_r"] += w * 120 * stray
    p["heading"] += w * 35 * cols["walk"]
    for k in PARAMS:
        if k in ("frontal", "lift"):
            continue
        amp = fidget * (1 + 1.5 * w) * (0.3 if k in ("psi", "heading") else 1.0)
        p[k] = p[k] + amp * smooth_noise(rng, (n,), slow)
    p["frontal"] = np.clip(p["frontal"], 0, 1)
    return p


def make(case: Case) -> Recording:
    """Build the recording of ``case`` (same case, same arrays)."""
    rng = np.random.default_rng(case.seed)
    cols, reps, partials = _timeline(case, rng)
    p = _pose_params(case, cols, rng)
    person = Person(_style(case, np.random.default_rng(case.seed + 1))["height_m"])
    world = skeleton(p, person)
    kind = KINDS[case.kind]
    move = (1 - cols["w"])[:, None] * anchor(world, kind.anchor) + cols["w"][:, None] * anchor(
        world, "feet"
    )
    walked = np.cumsum(cols["walk"] * cols["w"]) / case.fps * rng.uniform(0.3, 0.8)
    direction = rng.uniform(0, 2 * np.pi)
    move[:, 0] += walked * np.cos(direction)
    move[:, 2] += walked * np.sin(direction)
    sway = np.random.default_rng(case.seed + 2)
    move += 0.02 * smooth_noise(sway, (len(move), 3), int(1.5 * case.fps))
    move[:, 1] += p["lift"]
    world = world + move[:, None, :]
    w, h = case.size
    extent = 2.2 if kind.anchor != "hands" else 2.6
    dist = rng.uniform(2.5, 5.0)
    fill = rng.uniform(0.55, 0.85)
    cam = Camera(
        yaw_deg=case.view_deg + rng.uniform(-8, 8),
        distance_m=dist,
        height_m=rng.uniform(0.4, 1.6),
        width=w,
        height=h,
        focal_px=fill * min(w, h) * dist / extent,
        target=tuple(np.nanmedian(world.reshape(-1, 3), axis=0)),
    )
    img, vis = observe(world, cam, case.errors, case.fps, rng)
    t = np.arange(len(img)) / case.fps
    keep = np.ones(len(img), bool)
    if case.missing:
        keep = rng.random(len(img)) >= case.missing
        keep[0] = True
    fps = case.declared_fps or case.fps
    t = t * (case.fps / fps)
    scale = case.fps / fps
    lm = to_landmarks(img[keep], vis[keep], t[keep], fps, cam, case.normalised)
    if case.per_frame:
        lm = per_frame(lm, case.per_frame)
    reps_t = tuple((a * scale, b * scale) for a, b in reps)
    parts_t = tuple((a * scale, b * scale) for a, b in partials)
    return Recording(case, lm, reps_t, parts_t)


COUNT_BUCKETS = ((1, 1), (2, 3), (4, 9), (10, 30), (31, 60), (61, 100))
FPS = (10.0, 12.0, 15.0, 24.0, 25.0, 29.97, 30.0, 50.0, 60.0)
SIZES = ((640, 480), (1280, 720), (1920, 1080), (720, 1280), (1080, 1920))


def _sets(total: int, rng: np.random.Generator) -> tuple[int, ...]:
    if total < 4:
        return (total,)
    k = int(rng.integers(1, min(5, total // 2) + 1))
    cuts = np.sort(rng.choice(np.arange(1, total), k - 1, replace=False)) if k > 1 else []
    return tuple(int(x) for x in np.diff(np.r_[0, cuts, total]))


def draw(seed: int, kind: str | None = None) -> Case:
    """A random case (the seed decides everything)."""
    rng = np.random.default_rng(10_000 + seed)
    kind = kind or str(rng.choice(sorted(KINDS)))
    spec = KINDS[kind]
    lo, hi = COUNT_BUCKETS[int(rng.integers(len(COUNT_BUCKETS)))]
    total = int(rng.integers(lo, hi + 1))
    tempo = float(np.exp(rng.uniform(*np.log(spec.tempo_s))))
    if rng.random() < 0.1:
        tempo = 6.0 if rng.random() < 0.5 else max(0.6, spec.tempo_s[0] * 0.6)
    while total * tempo > 600:  # keep recordings under about 15 minutes
        tempo *= 0.8
    errors = Errors(
        jitter=float(rng.uniform(0.0005, 0.005)),
        wobble=float(rng.uniform(0.0005, 0.004)),
        swap_per_s=float(rng.choice([0, 0, 0.05, 0.2])),
        dropout=float(rng.choice([0, 0, 0.02, 0.1])),
        bursts=int(rng.choice([0, 0, 1, 3])),
        low_vis=float(rng.choice([0, 0.02, 0.1])),
        far_side=bool(rng.random() < 0.7),
    )
    return Case(
        kind=kind,
        sets=_sets(total, rng),
        seed=seed,
        fps=float(rng.choice(FPS)),
        tempo_s=tempo,
        drift=float(rng.uniform(-0.25, 0.35)),
        top_pause_s=float(rng.choice([0, 0, 0.3, 1.0])) if not spec.cycle else 0.0,
        bottom_pause_s=float(rng.choice([0.0, 0.2, 0.5, 1.2])),
        partials=int(rng.choice([0, 0, 0, 1, 2])) if total >= 4 else 0,
        rest_s=float(rng.uniform(8, 60)),
        view_deg=float(rng.choice(spec.views)),
        size=SIZES[int(rng.integers(len(SIZES)))],
        normalised=bool(rng.random() < 0.35),
        errors=errors,
        getup=bool(rng.random() < 0.4),
        stray=bool(rng.random() < 0.2),
        declared_fps=float(rng.choice([0.0] * 8 + [30.0, 25.0])),
        missing=float(rng.choice([0, 0, 0, 0.03])),
        # Drawn apart, so the cases drawn before this option existed stay as they were.
        per_frame=str(np.random.default_rng(20_000 + seed).choice(["", "", "", "", "hip", "box"])),
    )


def grid(n: int, start: int = 0) -> list[Case]:
    """``n`` cases, the exercises in turn so each gets its share."""
    names = sorted(KINDS)
    return [draw(start + i, names[(start + i) % len(names)]) for i in range(n)]


__all__ = ["KINDS", "Case", "Recording", "draw", "grid", "make", "replace"]
