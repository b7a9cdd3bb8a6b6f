"""Row scripts: seated cable, bent-over, chest-supported, one-arm (cable, dumbbell), push-up to row.

Every row is the same arm motion, relative to the trunk: from long arms (elbow nearly
straight, arm reaching to the handle or hanging) to the top of the pull (elbow bent
about 100 degrees and behind the trunk), a short squeeze, and a slower way back. The
variants differ in posture: how the trunk is pitched, what the legs do, one or two arms.
"""

from __future__ import annotations

import numpy as np

from upright.sim.body import Person
from upright.sim.kinematics import BASE_CHANNELS, Rig
from upright.sim.moves import Phases, run_rep, side_pair
from upright.sim.plan import Ctx, RepPlan
from upright.sim.tracks import Script


def stand_z(p: Person, thigh_tilt: float, shank_tilt: float) -> float:
    """Mid-hip height of a person standing with thighs and shins tilted (degrees)."""
    return float(
        p.thigh_m * np.cos(np.radians(thigh_tilt))
        + p.shank_m * np.cos(np.radians(shank_tilt))
        + 0.045 * p.height_m
    )


def _arms(ch: dict[str, float], flex: float, elb: float, abd: float) -> None:
    for c in "lr":
        ch |= {f"arm_{c}_flex": flex, f"arm_{c}_elb": elb, f"arm_{c}_abd": abd}


def row_setup(
    exercise_id: str,
    p: Person,
    rng: np.random.Generator,
) -> tuple[dict[str, float], Rig, dict[str, float]]:
    """Set-up posture of a row variant: channels, rig, and constants for the reps."""
    u = rng.uniform
    ch = dict(BASE_CHANNELS)
    rig = Rig()
    info: dict[str, float] = {}
    if exercise_id == "seated_cable_row":
        ch |= {"z": float(u(0.42, 0.5)), "pitch": float(u(3, 8))}
        for c in "lr":
            ch |= {
                f"leg_{c}_hip": float(u(88, 100)),
                f"leg_{c}_knee": float(u(35, 55)),
                f"leg_{c}_abd": 8.0,
            }
        _arms(ch, float(u(72, 85)), float(u(8, 18)), float(u(6, 12)))
        info["rock"] = float(u(1.0, 5.0))
    elif exercise_id == "bent_over_row":
        pitch = float(u(40, 58))
        ch |= {"pitch": pitch, "z": stand_z(p, 12, 13), "neck": -20.0}
        for c in "lr":
            ch |= {f"leg_{c}_hip": 180 - pitch - 12, f"leg_{c}_knee": 25.0, f"leg_{c}_abd": 6.0}
        _arms(ch, pitch + float(u(-2, 6)), float(u(8, 18)), float(u(10, 22)))
    elif exercise_id == "chest_supported_row":
        incline = float(u(30, 45))
        z = float(u(0.55, 0.65))
        ch |= {"pitch": 90.0 - incline, "z": z, "neck": -10.0}
        back = float(u(0.3, 0.45))
        rig = Rig(
            plant={
                c: (-back, s * (p.hip_half_m + 0.06), 0.08) for c, s in (("l", 1.0), ("r", -1.0))
            },
            knee_hint=(0.7, 0.0, -0.7),
        )
        for c in "lr":
            ch |= {f"leg_{c}_plant": 1.0, f"leg_{c}_hip": 150.0}
        _arms(ch, 90.0 - incline + float(u(-2, 5)), float(u(8, 18)), float(u(10, 22)))
    elif exercise_id == "one_arm_one_leg_cable_row":
        ch |= {"pitch": float(u(2, 10)), "z": stand_z(p, 0, 2)}
        _arms(ch, float(u(60, 78)), float(u(10, 20)), float(u(5, 12)))
        info["lift_hip"], info["lift_knee"] = float(u(165, 175)), float(u(60, 90))
    elif exercise_id == "one_arm_dumbbell_row":
        # knee and hand on a bench, back about level; the legs and arms per side: `stance`
        pitch = float(u(68, 84))
        info["thigh"], info["shank"] = float(u(2, 10)), float(u(8, 16))
        ch |= {"pitch": pitch, "z": stand_z(p, info["thigh"], info["shank"]), "neck": -25.0}
        _arms(ch, pitch + float(u(-2, 6)), float(u(8, 18)), float(u(8, 18)))
        info["brace_elb"] = float(u(3, 12))
    else:  # pushup_to_row: high plank on two dumbbells
        leg = p.thigh_m + p.shank_m
        elev = float(np.degrees(np.arcsin((p.arm_m + 0.06) / (leg + p.torso_m))))
        ch |= {
            "pitch": 90.0 - elev,
            "z": 0.06 + leg * np.sin(np.radians(elev)),
            "neck": float(u(0, 15)),
        }
        for c in "lr":
            ch |= {f"leg_{c}_hip": 180.0, f"leg_{c}_abd": 5.0, f"leg_{c}_knee": 2.0}
        _arms(ch, 90.0 - elev, float(u(2, 8)), 4.0)
    return ch, rig, info


def _bench_stance(ctx: Ctx, side: str) -> dict[str, float]:
    """One-arm dumbbell row: the knee and hand opposite the working arm on the bench.

    The bench thigh hangs straight down from the hip with the shin flat on the bench; the
    bench arm is straight down to the bench; the foot on the working side stands on the
    floor, a little out to the side.
    """
    a, other = side_pair(side)
    pitch, info = ctx.setup["pitch"], ctx.info
    return {
        f"leg_{other}_hip": 180.0 - pitch,
        f"leg_{other}_knee": 90.0,
        f"leg_{other}_ankle": 60.0,
        f"leg_{other}_abd": 2.0,
        f"leg_{a}_hip": 180.0 - pitch - info["thigh"],
        f"leg_{a}_knee": info["thigh"] + info["shank"],
        f"leg_{a}_ankle": 0.0,
        f"leg_{a}_abd": 12.0,
        f"arm_{other}_flex": pitch,
        f"arm_{other}_elb": info["brace_elb"],
        f"arm_{other}_abd": 4.0,
    }


def stance(ctx: Ctx, side: str) -> dict[str, float]:
    """Per-side posture of the one-arm rows; nothing for the two-arm rows.

    One-arm one-leg cable row: stand on the leg opposite the working arm, lift the other.
    One-arm dumbbell row: see `_bench_stance`.
    """
    if ctx.exercise.id == "one_arm_dumbbell_row":
        return _bench_stance(ctx, side)
    if ctx.exercise.id != "one_arm_one_leg_cable_row":
        return {}
    a, _ = side_pair(side)
    out = {
        f"leg_{a}_hip": ctx.info["lift_hip"],
        f"leg_{a}_knee": ctx.info["lift_knee"],
        f"leg_{a}_ankle": 30.0,
    }
    other = "l" if a == "r" else "r"
    out |= {f"leg_{other}_hip": 178.0, f"leg_{other}_knee": 4.0, f"leg_{other}_ankle": 0.0}
    out |= {f"arm_{other}_flex": 8.0, f"arm_{other}_elb": 20.0}
    return out


def _top_flex(ctx: Ctx, c: str, behind_torso: float) -> float:
    """Arm flexion that puts the elbow ``behind_torso`` torso lengths behind the trunk."""
    p = ctx.person
    abd = np.radians(ctx.setup[f"arm_{c}_abd"])
    x = np.clip(behind_torso * p.torso_m / (p.upper_arm_m * np.cos(abd)), -0.95, 0.95)
    return -float(np.degrees(np.arcsin(x)))


def row_rep(s: Script, ctx: Ctx, plan: RepPlan) -> Phases:
    """Pull, squeeze, return, for both arms or the working one."""
    rng, f, ex = ctx.rng, plan.faults, ctx.exercise.id
    arms = "lr" if plan.side == "both" else side_pair(plan.side)[0]
    behind = f.get("full_pull", float(rng.uniform(0.18, 0.38)))
    elb_top = float(rng.uniform(95, 110)) if "full_pull" not in f else float(rng.uniform(70, 85))
    peak: dict[str, float] = {}
    back: dict[str, float] = {}
    for c in arms:
        peak |= {f"arm_{c}_flex": _top_flex(ctx, c, behind), f"arm_{c}_elb": elb_top}
        elb_bottom = ctx.setup[f"arm_{c}_elb"] + float(rng.uniform(-3, 3))
        if "stretch_bottom" in f:
            elb_bottom = 180.0 - f["stretch_bottom"]
        back |= {
            f"arm_{c}_flex": ctx.setup[f"arm_{c}_flex"] + float(rng.uniform(-2, 2)),
            f"arm_{c}_elb": max(elb_bottom, 1.0),
        }
    if ex == "seated_cable_row":
        # a little natural rock: forward at the stretch, upright at the top
        rock = ctx.info["rock"]
        lean = f.get("lean_back", 0.0)
        peak["dpitch"] = ctx.setup["dpitch"] - (lean if lean else rock)
        back["dpitch"] = ctx.setup["dpitch"] + float(rng.uniform(-1, 1))
    elif ex == "one_arm_one_leg_cable_row":
        lean = f.get("lean_back", 0.0)
        peak["dpitch"] = ctx.setup["dpitch"] - (lean if lean else float(rng.uniform(0, 3)))
        back["dpitch"] = ctx.setup["dpitch"]
    one_arm = ("one_arm_one_leg_cable_row", "one_arm_dumbbell_row", "pushup_to_row")
    if ex in one_arm and "pelvis_square" not in f:
        sign = 1.0 if plan.side == "left" else -1.0
        peak["p_yaw"] = ctx.setup["p_yaw"] + sign * float(rng.uniform(1.0, 4.0))
        back["p_yaw"] = ctx.setup["p_yaw"]
    excursion = elb_top - min(back[f"arm_{c}_elb"] for c in arms)
    return run_rep(s, ctx, plan, peak, excursion_deg=excursion, back=back)
