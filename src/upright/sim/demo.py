"""Demonstrations: a clean rep on each side of an exercise, and each fault beside it.

A demonstration (one rep a side, or two reps without sides) is a short simulated clip
(`simulate` with ``prescribed=True``: every rep at the dosage's tempo and hold, no noise,
no fidgets) cut from the still set-up to the
rest after the last rep, seen from the view the exercise is filmed from. It carries the
phase named at each moment (get set, move, hold, return, tuck, switch sides, rest), the
equipment that matters drawn where the simulator put it (floor, bench, ball, cable line,
dumbbells), and for a fault demonstration the landmarks that form the measured line or
angle and the rule's cue. The landmarks are those a pose model would give, so the
project's own analysis can read a demonstration back (tests/sim/test_demo.py).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import numpy.typing as npt

from upright.catalog import Exercise, Rule
from upright.catalog.keypoints import KEYPOINT_INDEX
from upright.motion import Landmarks
from upright.sim.faults import EXAMPLE_SIZES, FaultSpec, SimError
from upright.sim.geometry import Arr
from upright.sim.sequence import SUPPORTED
from upright.sim.simulate import SimResult, simulate
from upright.sim.truth import FaultTruth, RepTruth

DEMO_FPS = 30.0
DEMO_SEED = 3
WIDTH, HEIGHT = 960, 540
# The points a drawing of the body needs (the face but the nose and ears is left out).
_PARTS = ("ear", "shoulder", "elbow", "wrist", "index", "pinky", "hip", "knee", "ankle")
DRAWN = ("nose", *(f"{s}_{p}" for p in (*_PARTS, "heel", "foot_index") for s in ("left", "right")))
# Phase names of the simulator -> the words shown.
PHASE_WORDS = {
    "raise": "move",
    "hold": "hold",
    "return": "return",
    "tuck_in": "tuck",
    "tuck_hold": "hold",
    "tuck_out": "return",
}
# Equipment drawn per exercise (besides the floor, always drawn).
EQUIPMENT = {
    "y_raise": ("ball",),
    "seated_cable_row": ("cable", "seat"),
    "one_arm_one_leg_cable_row": ("cable",),
    "bent_over_row": ("dumbbells",),
    "chest_supported_row": ("bench", "dumbbells"),
    "one_arm_dumbbell_row": ("bench", "dumbbell"),
    "pushup_to_row": ("dumbbells",),
}


@dataclass(frozen=True)
class Geometry:
    """Where a rule's measure is read: the points forming its line or angle.

    ``lines`` are pairs (or triples: an angle at the middle point) of point names;
    ``mid_X`` is the middle of ``left_X`` and ``right_X``. ``reference`` says what the
    line is compared with: "set-up" (the same line in the set-up position),
    "horizontal", "vertical", "straight" (the straight line from first to last point),
    "trunk" (the trunk line) or "" (nothing: a time or an angle on its own).
    """

    lines: tuple[tuple[str, ...], ...]
    reference: str
    text: str


# measure -> (lines with {arm}/{leg} for the working limbs, reference, text)
_GEOMETRY: dict[str, tuple[tuple[tuple[str, ...], ...], str, str]] = {
    "pelvis_roll": ((("left_hip", "right_hip"),), "set-up", "the pelvis line, against set-up"),
    "hip_rotation": ((("left_hip", "right_hip"),), "set-up", "the pelvis line, against set-up"),
    "spine_angle": ((("mid_hip", "mid_shoulder"),), "set-up", "the trunk line, against set-up"),
    "trunk_lean_back": ((("mid_hip", "mid_shoulder"),), "set-up", "the trunk line's lean"),
    "trunk_angle_change": ((("mid_hip", "mid_shoulder"),), "set-up", "the trunk line"),
    "plank_bend": (
        (("mid_shoulder", "mid_hip", "mid_ankle"),),
        "straight",
        "shoulder, hip and ankle: one straight line",
    ),
    "thigh_above_horizontal": (
        (("{leg}_hip", "{leg}_knee"),),
        "horizontal",
        "the thigh above the horizontal",
    ),
    "arm_flexion_peak": (
        (("{arm}_elbow", "{arm}_shoulder", "{arm}_hip"),),
        "",
        "the arm's angle to the body",
    ),
    "hip_extension_peak": (
        (("{leg}_shoulder", "{leg}_hip", "{leg}_knee"),),
        "",
        "the hip's angle: trunk to thigh",
    ),
    "elbow_behind_trunk": (
        (("mid_hip", "mid_shoulder"), ("{arm}_shoulder", "{arm}_elbow")),
        "trunk",
        "the elbow against the trunk line",
    ),
    "elbow_angle_bottom": (
        (("{arm}_shoulder", "{arm}_elbow", "{arm}_wrist"),),
        "",
        "the elbow's angle at the bottom",
    ),
    "arm_below_trunk_line": (
        (("{arm}_elbow", "{arm}_shoulder", "{arm}_hip"),),
        "trunk",
        "the arm against the line of the trunk",
    ),
    "arm_asymmetry": (
        (("left_shoulder", "left_elbow"), ("right_shoulder", "right_elbow")),
        "",
        "left arm against right arm",
    ),
    "hip_lateral_drift": ((("left_hip", "right_hip"),), "set-up", "the hips against set-up"),
    "raise_duration": ((("{arm}_shoulder", "{arm}_wrist"),), "", "the time of the move"),
    "return_duration": ((("{arm}_shoulder", "{arm}_wrist"),), "", "the time of the return"),
    "peak_hold": ((("{arm}_shoulder", "{arm}_wrist"),), "", "the time held"),
    "tuck_hold": ((("{arm}_elbow", "{leg}_knee"),), "", "elbow to knee, the time held"),
    "arm_leg_lag": (
        (("{arm}_shoulder", "{arm}_wrist"), ("{leg}_hip", "{leg}_ankle")),
        "",
        "arm and leg: when each gets there",
    ),
}


@dataclass(frozen=True)
class PhaseSpan:
    """One named stretch of a demonstration: seconds from its start, and the side."""

    label: str
    start: float
    end: float
    side: str = ""
    kind: str = ""  # the simulator's phase ("raise", "hold", "tuck_hold", ...), or ""


@dataclass(frozen=True)
class Demo:
    """A demonstration clip: landmarks (t from 0), what happens when, and what to draw.

    ``fault`` is the injected fault (None for the clean demonstration) with its window on
    the clip's clock; ``reps`` the simulated reps on that clock.
    """

    exercise: Exercise
    landmarks: Landmarks
    phases: tuple[PhaseSpan, ...]
    reps: tuple[RepTruth, ...]
    equipment: dict[str, Any]
    view: str
    near_side: str
    rule: Rule | None = None
    fault: FaultTruth | None = None
    geometry: Geometry | None = None

    @property
    def duration_s(self) -> float:
        """Length of one loop, seconds."""
        return self.landmarks.duration_s

    def to_dict(self, fps: float = 15.0) -> dict[str, Any]:
        """A small JSON-ready form: drawn points every ``1/fps`` s, whole pixels.

        ``frames`` holds one flat list [x0, y0, x1, y1, ...] per frame in the order of
        ``points``; everything else as in `Demo`.
        """
        return demo_dict(self, fps)


def demo_dict(d: Demo, fps: float) -> dict[str, Any]:
    """See `Demo.to_dict`."""
    lm = d.landmarks
    step = max(1, round(lm.fps / fps))
    idx = [KEYPOINT_INDEX[n] for n in DRAWN]
    pts = np.round(lm.image[::step][:, idx, :2]).astype(int)
    out: dict[str, Any] = {
        "exercise": d.exercise.id,
        "name": d.exercise.name,
        "fps": round(lm.fps / step, 3),
        "duration_s": round(d.duration_s, 2),
        "width": lm.width,
        "height": lm.height,
        "view": d.view,
        "near_side": d.near_side,
        "points": list(DRAWN),
        "frames": pts.reshape(len(pts), -1).tolist(),
        "phases": [
            {
                "label": p.label,
                "start": round(p.start, 3),
                "end": round(p.end, 3),
                "side": p.side,
                "kind": p.kind,
            }
            for p in d.phases
        ],
        "hold_s": d.exercise.dosage.hold_s,
        "equipment": d.equipment,
        "rule": None,
    }
    if d.rule is not None and d.fault is not None and d.geometry is not None:
        out["rule"] = {
            "id": d.rule.id,
            "name": d.rule.name,
            "cue": d.rule.cue,
            "size": d.fault.size,
            "value": round(d.fault.expected_value, 2),
            "says": d.rule.describe(d.fault.expected_value),
            "start": round(d.fault.start, 2),
            "end": round(d.fault.end, 2),
            "lines": [list(line) for line in d.geometry.lines],
            "reference": d.geometry.reference,
            "text": d.geometry.text,
        }
        view = INSETS.get(d.rule.measure)
        if view is not None:
            out["rule"]["inset"] = inset(d, view, step)
    return out


# Measures a side view shows end-on, drawn again from where they show (world landmarks):
# the pelvis's roll from behind (along the set-up trunk axis), its turn from above, the
# hips' drift on the ball from behind, against the feet.
INSETS = {"pelvis_roll": "behind", "hip_rotation": "above", "hip_lateral_drift": "behind"}


def _kp(w: Arr, name: str) -> Arr:
    if name.startswith("mid_"):
        part = name[4:]
        both = w[:, [KEYPOINT_INDEX[f"left_{part}"], KEYPOINT_INDEX[f"right_{part}"]]]
        return np.asarray(both.mean(axis=1), dtype=np.float64)
    return np.asarray(w[:, KEYPOINT_INDEX[name]], dtype=np.float64)


def inset(d: Demo, view: str, step: int = 1) -> dict[str, Any]:
    """The hips seen from ``view`` ("behind" or "above"), millimetres, y up.

    From the clip's world landmarks (metres, y down, origin mid-hip): "behind" looks along
    the set-up trunk axis with "up" kept vertical; "above" looks down with the set-up
    trunk direction pointing up the inset. For the hips' drift the points are taken
    relative to the feet, which stay planted. ``frames`` hold [x_left_hip, y_left_hip,
    x_right_hip, y_right_hip] every ``step`` frames; ``setup`` the same in the set-up.
    """
    w = d.landmarks.world.astype(np.float64)
    still = d.landmarks.t < d.reps[0].start
    axis = (_kp(w, "mid_shoulder") - _kp(w, "mid_hip"))[still].mean(axis=0)
    axis /= np.linalg.norm(axis)
    up = np.array([0.0, -1.0, 0.0])
    if view == "behind":
        v = up - (up @ axis) * axis
        v /= np.linalg.norm(v)
        u = np.cross(axis, v)
    else:
        v = axis - (axis @ up) * up
        v /= np.linalg.norm(v)
        u = np.cross(v, up)
    origin = np.zeros((len(w), 3))
    if d.rule is not None and d.rule.measure == "hip_lateral_drift":
        feet = _kp(w, "mid_ankle")
        origin = feet - feet[still].mean(axis=0)
    hips = [_kp(w, n) - origin for n in ("left_hip", "right_hip")]
    flat = np.concatenate([np.stack([p @ u, p @ v], axis=1) for p in hips], axis=1) * 1000.0
    return {
        "view": f"seen from {view}",
        "frames": np.round(flat[::step]).astype(int).tolist(),
        "setup": np.round(flat[still].mean(axis=0)).astype(int).tolist(),
    }


def script_for(ex: Exercise) -> str | None:
    """The simulator's script that moves ``ex``: its own, its base exercise's, or None.

    A user exercise gets the movement of the catalog exercise it is a variant of
    (``variant_of``) with its own dosage, sides and rules.
    """
    if ex.id in SUPPORTED:
        return ex.id
    if ex.variant_of in SUPPORTED and ex.group != "generic":
        return ex.variant_of
    return None


def why_not(ex: Exercise) -> str:
    """Why ``ex`` has no demonstration ("" when it has one)."""
    if script_for(ex) is not None:
        return ""
    if ex.group == "generic":
        return "it counts any movement: there is no one movement to show"
    return (
        "the simulator has no movement for it; a user exercise that sets variant_of to one "
        f"of {', '.join(SUPPORTED)} is shown with that exercise's movement"
    )


# A fault's size in a demonstration: the simulator's example, which clearly breaks its
# rule, except where that drags a second rule over its threshold with it. A 22-degree hip
# turn on the one-arm one-leg cable row brings the frontal plane round to the working
# elbow (full_pull); a 22-degree sideways bend of the push-up-to-row trunk turns its hip
# line 16-18 degrees (pelvis_square). Three degrees less shows each fault alone.
DEMO_SIZES = EXAMPLE_SIZES | {"pelvis_square": 18.0, "trunk_still": 17.0}


def demo_size(rule: Rule) -> float:
    """The fault's size in a demonstration (`DEMO_SIZES`), in the rule's units."""
    return DEMO_SIZES[rule.id]


def demo_reps(ex: Exercise) -> int:
    """Reps per side in a demonstration: one a side, two where there are no sides.

    A two-arm row whose arms stay bent at the bottom (stretch_bottom) shows it only as
    the next rep starts from there, so the exercises without sides do two reps.
    """
    return 2 if ex.sides == "none" else 1


def make_demo(ex: Exercise, rule_id: str | None = None, *, seed: int = DEMO_SEED) -> Demo:
    """The demonstration of ``ex``: clean, or with ``rule_id`` broken in the first rep.

    Raises
    ------
    SimError
        When the simulator cannot move ``ex`` (see `why_not`) or ``ex`` has no such rule.
    """
    script = script_for(ex)
    if script is None:
        raise SimError(f"exercise {ex.id!r}: no demonstration: {why_not(ex)}")
    rule = None
    faults: list[FaultSpec] = []
    if rule_id is not None:
        try:
            rule = ex.rule(rule_id)
        except KeyError as exc:
            raise SimError(str(exc.args[0])) from None
        faults.append(FaultSpec(rule.id, demo_size(rule), 0))
    moved = ex if script == ex.id else replace(ex, id=script)
    res = simulate(
        moved,
        reps=demo_reps(ex),
        faults=faults,
        view=_view(ex),
        fps=DEMO_FPS,
        width=WIDTH,
        height=HEIGHT,
        noise_px=0.0,
        seed=seed,
        fidget=0.0,
        walk_off=False,
        prescribed=True,
    )
    return _cut(ex, res, rule)


def _view(ex: Exercise) -> str:
    """The simulator's view for the catalog's ``view`` ("side" unless it says otherwise)."""
    return {"front": "front", "45": "diag_left", "diag": "diag_left"}.get(ex.view, "side")


def _window(res: SimResult, name: str) -> tuple[float, float] | None:
    for what, a, b in res.truth.not_reps:
        if what == name:
            return a, b
    return None


def _cut(ex: Exercise, res: SimResult, rule: Rule | None) -> Demo:
    """Cut the set from its still set-up to the rest after the last rep, and label it.

    Where the stance changed between the sides, the change is played backwards at the
    end, so the loop comes back to where it starts.
    """
    tr, lm = res.truth, res.landmarks
    t0 = tr.setup[0]
    stand = _window(res, "stand up")
    t1 = stand[0] if stand else float(lm.t[-1])
    keep = np.flatnonzero((lm.t >= t0 - 1e-9) & (lm.t < t1))
    order = list(keep)
    change = _window(res, "change sides")
    tail: tuple[float, float] | None = None
    if change is not None:
        back = np.flatnonzero((lm.t >= change[0]) & (lm.t <= change[1]))[::-1]
        tail = (len(order) / lm.fps, (len(order) + len(back)) / lm.fps)
        order += list(back)
    sel = np.asarray(order)
    clip = Landmarks.create(
        lm.image[sel],
        fps=lm.fps,
        width=lm.width,
        height=lm.height,
        world=lm.world[sel],
        visibility=lm.visibility[sel],
        t=np.arange(len(sel)) / lm.fps,
    )
    reps = tuple(_shift_rep(r, t0) for r in tr.reps)
    fault = None
    if tr.faults:
        f = tr.faults[0]
        fault = replace(f, start=round(f.start - t0, 4), end=round(f.end - t0, 4))
    return Demo(
        exercise=ex,
        landmarks=clip,
        phases=_phases(reps, clip.duration_s, tail),
        reps=reps,
        equipment=_equipment(ex, res, sel),
        view=str(tr.camera.get("seen_from", "")),
        near_side=_near_side(clip),
        rule=rule,
        fault=fault,
        geometry=None if rule is None else geometry(rule, reps[0].side, ex.group),
    )


def _shift_rep(r: RepTruth, t0: float) -> RepTruth:
    phases = {k: (round(a - t0, 4), round(b - t0, 4)) for k, (a, b) in r.phases.items()}
    return replace(r, start=round(r.start - t0, 4), end=round(r.end - t0, 4), phases=phases)


def _phases(
    reps: tuple[RepTruth, ...],
    length: float,
    tail: tuple[float, float] | None,
) -> tuple[PhaseSpan, ...]:
    """Name every moment: get set, the reps' phases, switch sides (between sides), rest."""
    spans = [PhaseSpan("get set", 0.0, reps[0].start)]
    for i, r in enumerate(reps):
        for name, (a, b) in sorted(r.phases.items(), key=lambda kv: kv[1][0]):
            spans.append(PhaseSpan(PHASE_WORDS.get(name, name), a, b, r.side, name))
        nxt = reps[i + 1].start if i + 1 < len(reps) else (tail[0] if tail else length)
        between = "switch sides" if i + 1 < len(reps) and reps[i + 1].side != r.side else "rest"
        spans.append(PhaseSpan(between, r.end, nxt))
    if tail is not None:
        spans.append(PhaseSpan("switch sides", tail[0], tail[1]))
    return tuple(s for s in spans if s.end > s.start)


def geometry(rule: Rule, side: str, group: str) -> Geometry:
    """The points of ``rule``'s measure for a rep worked with ``side`` (see `Geometry`)."""
    arm = "left" if side in ("left", "both") else "right"
    leg = ("right" if arm == "left" else "left") if group == "bird_dog" else arm
    lines, reference, text = _GEOMETRY[rule.measure]
    resolved = tuple(tuple(p.format(arm=arm, leg=leg) for p in line) for line in lines)
    return Geometry(resolved, reference, text)


def _near_side(lm: Landmarks) -> str:
    """The side nearer the camera: the one whose shoulder and hip have the smaller depth."""
    z = lm.image[:, :, 2]
    depth = {
        s: float(np.nanmean(z[:, [KEYPOINT_INDEX[f"{s}_shoulder"], KEYPOINT_INDEX[f"{s}_hip"]]]))
        for s in ("left", "right")
    }
    return min(depth, key=lambda s: depth[s])


def _scene(res: SimResult, sel: npt.NDArray[np.intp]) -> Arr:
    """Scene points (metres, z up, floor at 0) of the frames ``sel`` [F, 33, 3]."""
    cam = res.truth.camera
    rot, pos = np.asarray(cam["rotation"]), np.asarray(cam["position_m"])
    pc = res.clean_world[sel] + res.hip_camera[sel][:, None, :]
    return np.asarray(pc @ rot + pos, dtype=np.float64)


def _project(res: SimResult, pts: Arr) -> Arr:
    """Pixels of scene points [N, 3]."""
    cam = res.truth.camera
    rot, pos = np.asarray(cam["rotation"]), np.asarray(cam["position_m"])
    pc = (pts - pos) @ rot.T
    x = cam["fx"] * pc[:, 0] / pc[:, 2] + cam["cx"]
    y = cam["fy"] * pc[:, 1] / pc[:, 2] + cam["cy"]
    return np.stack([x, y], axis=1).astype(np.float64)


def _px(res: SimResult, pts: Any) -> list[list[int]]:
    """Whole pixels of scene points (array-like [N, 3])."""
    px: list[list[int]] = np.round(_project(res, np.asarray(pts, np.float64))).astype(int).tolist()
    return px


def _equipment(ex: Exercise, res: SimResult, sel: npt.NDArray[np.intp]) -> dict[str, Any]:
    """Floor and equipment in pixels, placed from the scene (see `EQUIPMENT`)."""
    scene = _scene(res, sel)
    first = scene[0]

    def kp(name: str) -> Arr:
        if name.startswith("mid_"):
            part = name[4:]
            both = first[[KEYPOINT_INDEX[f"left_{part}"], KEYPOINT_INDEX[f"right_{part}"]]]
            return np.asarray(both.mean(axis=0), dtype=np.float64)
        return np.asarray(first[KEYPOINT_INDEX[name]], dtype=np.float64)

    lo = scene[..., :2].reshape(-1, 2).min(axis=0) - 0.5
    hi = scene[..., :2].reshape(-1, 2).max(axis=0) + 0.5
    floor = _px(
        res, [[lo[0], lo[1], 0.0], [hi[0], lo[1], 0.0], [lo[0], hi[1], 0.0], [hi[0], hi[1], 0.0]]
    )
    ys = [p[1] for p in floor]
    out: dict[str, Any] = {"floor_y": int(np.median(ys))}
    ahead = kp("nose") - kp("mid_ear")  # where the head points, made horizontal
    facing = np.array([ahead[0], ahead[1], 0.0])
    facing /= max(float(np.linalg.norm(facing)), 1e-6)
    for item in EQUIPMENT.get(script_for(ex) or "", ()):
        out |= _item(item, res, kp, facing)
    return out


def _item(item: str, res: SimResult, kp: Any, facing: Arr) -> dict[str, Any]:
    """One piece of equipment in pixels."""
    hip = kp("mid_hip")
    if item == "ball":
        r = max((hip[2] - 0.04) / 2.0, 0.15)
        c = np.array([hip[0], hip[1], r])
        (cx, cy), edge = _px(res, [c, c + [0.0, 0.0, r]])
        return {"ball": {"x": cx, "y": cy, "r": abs(cy - edge[1])}}
    if item == "cable":
        hand = kp("mid_wrist")
        anchor = hand + 1.3 * facing
        anchor[2] = max(hand[2] - 0.05, 0.1)
        return {"cable": {"anchor": _px(res, [anchor])[0]}}
    if item == "seat":
        top = np.array([hip[0], hip[1], max(hip[2] - 0.08, 0.1)])
        a, b = top - 0.2 * facing, top + 0.2 * facing
        return {"seat": _px(res, [a, b])}
    if item == "bench":
        return {"bench": _bench(res, kp, facing)}
    return {"dumbbells": "both" if item == "dumbbells" else "working"}


def _bench(res: SimResult, kp: Any, facing: Arr) -> list[list[int]]:
    """The bench's top as a segment: under the chest (incline) or under knee and hand."""
    hip, sh = kp("mid_hip"), kp("mid_shoulder")
    if sh[2] - hip[2] > 0.15:  # chest on an incline bench: the pad runs under the trunk
        along = (sh - hip) / max(float(np.linalg.norm(sh - hip)), 1e-6)
        under = np.cross(along, np.cross(facing, along))
        under = -under / max(float(np.linalg.norm(under)), 1e-6) * 0.14
        a, b = hip + under - 0.1 * along, sh + under - 0.15 * along
        return _px(res, [a, b])
    # one-arm row: the lower knee is the one on the bench, shin flat, hand in front
    side = min(("left", "right"), key=lambda s: float(kp(f"{s}_knee")[2]))
    on = [kp(f"{side}_{p}") for p in ("knee", "ankle", "wrist")]
    z = max(float(kp(f"{side}_knee")[2]) - 0.05, 0.2)
    reach = [float(p @ facing) for p in on]
    back, front = on[int(np.argmin(reach))], on[int(np.argmax(reach))]
    a = np.array([back[0], back[1], z]) - 0.1 * facing
    b = np.array([front[0], front[1], z]) + 0.12 * facing
    return _px(res, [a, b])
