"""A whole set as a script: getting into position, the reps, partial reps, the walk-off.

Order of a set: standing (or seated) still, with ``lift`` picking the weights up from the
floor or kneeling down (`upright.sim.lift`), a slow move into the set-up position, a
still set-up (the baseline of every "change from set-up" rule), the reps with pauses,
small re-settles and any partial reps between them, a switch of side where the exercise
has sides, back to standing (with ``lift`` putting the weights down or getting up from
the knees), and a walk out of the picture. Every movement around the reps is kept as a
named window in `Built.not_reps`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from upright.catalog import Exercise
from upright.sim.body import Person
from upright.sim.faults import FaultSpec, SimError
from upright.sim.geometry import Arr
from upright.sim.kinematics import BASE_CHANNELS, Rig
from upright.sim.lift import Window, get_into, get_out_of
from upright.sim.moves import Phases, bird_dog_rep, bird_dog_setup, y_raise_rep, y_raise_setup
from upright.sim.moves_rows import row_rep, row_setup, stance
from upright.sim.plan import Ctx, RepPlan, sample_rep
from upright.sim.tracks import Script

SUPPORTED = (
    "bird_dog",
    "bird_dog_line",
    "y_raise",
    "seated_cable_row",
    "bent_over_row",
    "chest_supported_row",
    "one_arm_one_leg_cable_row",
    "one_arm_dumbbell_row",
    "pushup_to_row",
)


@dataclass
class Built:
    """A scripted set, before sampling: the script and what happened when."""

    script: Script
    ctx: Ctx
    setup: tuple[float, float]
    reps: list[tuple[RepPlan, Phases]] = field(default_factory=list)
    partials: list[tuple[RepPlan, Phases]] = field(default_factory=list)
    walk_start: float = 0.0
    walk_speed: float = 1.1
    walk_dir: Arr = field(default_factory=lambda: np.array([0.0, 1.0, 0.0]))
    not_reps: list[Window] = field(default_factory=list)


def _sides(ex: Exercise, reps: int, one_side: str | None = None) -> list[str]:
    if one_side is not None and ex.sides != "per_side":
        raise SimError(f"one_side: expected a per-side exercise, {ex.id} has sides {ex.sides!r}")
    if ex.sides == "per_side":
        if one_side is not None:
            return [one_side] * reps
        return ["left"] * reps + ["right"] * reps
    if ex.sides == "alternating":
        return ["left", "right"] * reps
    return ["both"] * reps


def assign_faults(
    ex: Exercise, faults: tuple[FaultSpec, ...], n_reps: int, rng: np.random.Generator
) -> dict[int, dict[str, float]]:
    """Rep index -> {rule: size}; `SimError` for a rule the exercise lacks or a bad rep."""
    rules = [r.id for r in ex.rules]
    out: dict[int, dict[str, float]] = {}
    for f in faults:
        if f.rule not in rules:
            raise SimError(f"fault {f}: {ex.id} has no rule {f.rule!r}; it has {', '.join(rules)}")
        rep = int(rng.integers(n_reps)) if f.rep is None else f.rep
        if not 0 <= rep < n_reps:
            raise SimError(f"fault {f}: expected a rep index 0..{n_reps - 1}, got {rep}")
        out.setdefault(rep, {})[f.rule] = f.size
    return out


def _setup(
    ex: Exercise,
    p: Person,
    rng: np.random.Generator,
) -> tuple[dict[str, float], Rig, dict[str, float]]:
    if ex.id in ("bird_dog", "bird_dog_line"):
        return bird_dog_setup(p, rng)
    if ex.id == "y_raise":
        return y_raise_setup(p, rng)
    return row_setup(ex.id, p, rng)


def standing(p: Person, at: dict[str, float]) -> dict[str, float]:
    """A relaxed standing posture where the set-up stands (x, y kept)."""
    ch = dict(BASE_CHANNELS)
    ch |= {"x": at["x"], "y": at["y"], "z": p.thigh_m + p.shank_m + 0.045 * p.height_m}
    return ch


def _rep(s: Script, ctx: Ctx, plan: RepPlan) -> Phases:
    if ctx.exercise.group == "bird_dog":
        return bird_dog_rep(s, ctx, plan)
    if ctx.exercise.id == "y_raise":
        return y_raise_rep(s, ctx, plan)
    return row_rep(s, ctx, plan)


def _resettle(s: Script, ctx: Ctx) -> None:
    """A small shuffle between reps: the body settles a centimetre or a degree elsewhere."""
    rng = ctx.rng
    s.move(
        float(rng.uniform(0.4, 0.8)),
        {
            "x": ctx.setup["x"] + float(rng.normal(0, 0.008)),
            "y": ctx.setup["y"] + float(rng.normal(0, 0.006)),
            "pitch": ctx.setup["pitch"] + float(rng.normal(0, 0.6)),
        },
    )


def _walk(s: Script, p: Person, rng: np.random.Generator, direction: Arr) -> float:
    """Turn towards ``direction`` and swing arms and legs in a walking rhythm."""
    heading = float(np.degrees(np.arctan2(direction[1], direction[0])))
    s.move(0.6, {"yaw": heading})
    half = 1.0 / (2.0 * float(rng.uniform(1.7, 2.0)))
    swing = float(rng.uniform(18, 26))
    for k in range(16):
        g = 1.0 if k % 2 == 0 else -1.0
        s.move(
            half,
            {
                "leg_l_hip": 180 - g * swing,
                "leg_r_hip": 180 + g * swing,
                "leg_l_knee": 25.0 if g > 0 else 8.0,
                "leg_r_knee": 8.0 if g > 0 else 25.0,
                "arm_l_flex": -g * 15.0,
                "arm_r_flex": g * 15.0,
            },
        )
    return float(rng.uniform(0.9, 1.3))


def build(
    ex: Exercise,
    person: Person,
    rng: np.random.Generator,
    reps: int,
    faults: tuple[FaultSpec, ...],
    partial_reps: int,
    walk_dir: Arr,
    *,
    lift: bool = False,
    pause: tuple[str, float] | None = None,
    prescribed: bool = False,
    one_side: str | None = None,
) -> Built:
    """Script the whole set. Rep indexes run 0.. over all reps of both sides.

    ``lift`` adds picking up and putting down the weights (or kneeling down and getting
    up) around the set; ``pause`` ("top" or "bottom", seconds) keeps the person still
    that much longer at the top of every rep or between reps; ``prescribed`` does every
    rep at the dosage's tempo and hold (`upright.sim.plan.Ctx`); ``one_side`` ("left",
    "right") films only that side's reps of a per-side exercise.
    """
    if ex.id not in SUPPORTED:
        raise SimError(f"exercise {ex.id!r}: the simulator has scripts for {', '.join(SUPPORTED)}")
    if reps < 1:
        raise SimError(f"reps: expected at least 1, got {reps}")
    setup, rig, info = _setup(ex, person, rng)
    sides = _sides(ex, reps, one_side)
    by_rep = assign_faults(ex, faults, len(sides), rng)
    ctx = Ctx(person, ex, rng, setup, rig, info, prescribed=prescribed)
    start = standing(person, setup)
    if ex.id == "seated_cable_row":
        start = dict(setup) | {
            "arm_l_flex": 30.0,
            "arm_r_flex": 30.0,
            "arm_l_elb": 70.0,
            "arm_r_elb": 70.0,
            "dpitch": -3.0,
        }
    s = Script(start)
    s.wait(float(rng.uniform(0.8, 1.5)))
    around = get_into(s, ctx, start) if lift else []
    first = setup | stance(ctx, sides[0])
    around.append(("get into position", *s.move(float(rng.uniform(2.5, 4.5)), first)))
    ctx.setup = first
    still = s.wait(float(rng.uniform(1.5, 3.0)))
    built = Built(s, ctx, still, walk_dir=walk_dir, not_reps=around)
    partial_before = sorted(int(i) for i in rng.integers(0, len(sides) + 1, size=partial_reps))
    for i, side in enumerate(sides):
        if i > 0 and side != sides[i - 1] and ex.sides == "per_side":
            s.wait(float(rng.uniform(1.0, 2.5)))
            change = stance(ctx, side)
            if change:
                moved = s.move(float(rng.uniform(1.5, 2.5)), change)
                built.not_reps.append(("change sides", *moved))
                ctx.setup = ctx.setup | change
            s.wait(float(rng.uniform(0.5, 1.5)))
        for _ in range(partial_before.count(i)):
            _partial(built, i, side)
        plan = sample_rep(ctx, i, side, by_rep.get(i, {}))
        if pause is not None:
            _add_pause(plan, *pause)
        built.reps.append((plan, _rep(s, ctx, plan)))
        s.wait(plan.pause_s)
        if rng.random() < 0.3:
            _resettle(s, ctx)
    for _ in range(partial_before.count(len(sides))):
        _partial(built, len(sides), sides[-1])
    s.wait(float(rng.uniform(0.5, 1.5)))
    stand = standing(person, ctx.setup)
    if lift:
        built.not_reps += get_out_of(s, ctx, stand)
    else:
        built.not_reps.append(("stand up", *s.move(float(rng.uniform(2.0, 3.5)), stand)))
    s.wait(float(rng.uniform(0.3, 1.0)))
    built.walk_start = s.now
    built.walk_speed = _walk(s, person, rng, walk_dir)
    return built


def _add_pause(plan: RepPlan, where: str, seconds: float) -> None:
    """Keep still ``seconds`` longer at the top of the rep or after it (at the bottom)."""
    if where == "top":
        plan.hold_s += seconds
    else:
        plan.pause_s += seconds


def _partial(built: Built, before: int, side: str) -> None:
    """A rep that stops at 30-55 % of the way to the peak and goes back: it must not count."""
    ctx, s = built.ctx, built.script
    plan = sample_rep(ctx, -1, side, {}, fraction=float(ctx.rng.uniform(0.3, 0.55)))
    built.partials.append((plan, _rep(s, ctx, plan)))
    s.wait(plan.pause_s)
