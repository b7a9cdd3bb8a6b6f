"""The shared shape of a rep, and the bird dog and prone Y-raise scripts.

A rep moves the working limbs from their set-up values to a peak (raise), stays (hold),
comes back (return) and, for the bird dog, tucks elbow to knee under the torso and holds
there. Faults that bend or turn the body ride on the raise and leave with the return.
"""

from __future__ import annotations

import numpy as np

from upright.sim.body import Person
from upright.sim.kinematics import BASE_CHANNELS, Rig
from upright.sim.plan import Ctx, RepPlan
from upright.sim.tracks import Script, min_jerk

Phases = dict[str, tuple[float, float]]


def side_pair(side: str) -> tuple[str, str]:
    """Working arm channel letter and its opposite ("left" -> ("l", "r"))."""
    return ("l", "r") if side == "left" else ("r", "l")


def posture_faults(ctx: Ctx, plan: RepPlan) -> dict[str, float]:
    """Channel targets that bend, turn or shift the body for this rep's posture faults."""
    f, s, rng = plan.faults, ctx.setup, ctx.rng
    sign = 1.0 if plan.side != "right" else -1.0
    out: dict[str, float] = {}
    if "pelvis_twist" in f:
        out["p_axial"] = s["p_axial"] + sign * f["pelvis_twist"]
    if "pelvis_square" in f:
        out["p_yaw"] = s["p_yaw"] + sign * f["pelvis_square"]
    if "spine_neutral" in f:
        out["dpitch"] = s["dpitch"] + float(rng.choice([-1.0, 1.0])) * f["spine_neutral"]
    if "trunk_still" in f:
        if ctx.exercise.id == "pushup_to_row":
            out["bend"] = s["bend"] + sign * f["trunk_still"]
        else:
            out["dpitch"] = s["dpitch"] - f["trunk_still"]
    if "hips_still" in f:
        out["shift"] = s["shift"] + sign * f["hips_still"] * ctx.person.torso_m
    plank = f.get("plank_sag", f.get("plank_pike"))
    if plank is not None:  # size: the signed change of bend, sag < 0 < pike
        bend = abs(plank)
        sag = 1.0 if plank < 0 else -1.0
        leg = ctx.person.thigh_m + ctx.person.shank_m
        out["dpitch"] = s["dpitch"] - sag * bend / 2.0
        for c in "lr":
            out[f"leg_{c}_hip"] = s[f"leg_{c}_hip"] + sag * bend / 2.0
        out["z"] = s["z"] - sag * leg * np.sin(np.radians(bend / 2.0))
    return out


def near_peak_s(excursion_deg: float, duration_s: float, within_deg: float = 10.0) -> float:
    """Seconds a min-jerk move of ``excursion_deg`` spends within ``within_deg`` of its end."""
    if excursion_deg <= within_deg:
        return duration_s
    s = np.linspace(0.0, 1.0, 2001)
    inside = min_jerk(s) >= 1.0 - within_deg / excursion_deg
    return float(duration_s * (1.0 - s[np.argmax(inside)]))


def hold_for(plan: RepPlan, excursion_deg: float) -> float:
    """Still time at the top so that ``peak_hold`` measures a requested hold fault."""
    for rule in ("hold_length", "hold_too_long"):
        if rule in plan.faults:
            extra = near_peak_s(excursion_deg, plan.raise_s) + near_peak_s(
                excursion_deg, plan.return_s
            )
            return max(0.0, plan.faults[rule] - extra)
    return plan.hold_s


def run_rep(
    s: Script,
    ctx: Ctx,
    plan: RepPlan,
    peak: dict[str, float],
    lagged: dict[str, float] | None = None,
    excursion_deg: float = 80.0,
    back: dict[str, float] | None = None,
) -> Phases:
    """Raise to ``peak``, hold, and return to ``back`` (default: the set-up values).

    ``lagged`` channels (the bird dog's leg) start later by the ``together`` fault's size.
    Returns the phases (seconds).
    """
    rest = {k: s.value(k) for k in peak | (lagged or {})}
    back = {k: ctx.setup[k] for k in rest} if back is None else back
    frac = plan.fraction
    eff = {k: rest[k] + frac * (v - rest[k]) for k, v in peak.items()}
    dev = posture_faults(ctx, plan) if not plan.partial else {}
    raise_ = s.move(plan.raise_s, eff | dev)
    end = raise_[1]
    if lagged:
        lag = plan.faults.get("together", float(ctx.rng.uniform(0.0, 0.08)))
        eff_l = {k: rest[k] + frac * (v - rest[k]) for k, v in lagged.items()}
        end = s.move(plan.raise_s, eff_l, at=raise_[0] + lag, advance=False)[1]
    hold = hold_for(plan, excursion_deg * frac)
    s.now = max(raise_[1] + hold, end + 0.05)
    hold_ph = (raise_[1], s.now)
    ret = s.move(plan.return_s, back | {k: ctx.setup[k] for k in dev})
    return {"raise": raise_, "hold": hold_ph, "return": ret}


# --- bird dog ---------------------------------------------------------------------------


def _tuck_points(p: Person) -> tuple[tuple[float, float, float], tuple[float, float, float]]:
    """Elbow and knee spots under the torso where the tuck meets (trunk frame, metres)."""
    r1 = p.upper_arm_m**2 - p.shoulder_half_m**2
    r2 = p.thigh_m**2 - p.hip_half_m**2
    a = (p.torso_m**2 - r1 + r2) / (2.0 * p.torso_m)
    f = float(np.sqrt(max(r2 - a * a, 0.01)))
    return (f, 0.0, a + 0.02), (f, 0.0, a - 0.03)


def bird_dog_setup(
    p: Person, rng: np.random.Generator
) -> tuple[dict[str, float], Rig, dict[str, float]]:
    """Hands and knees: thighs and arms vertical, back flat, head in line."""
    lift = (p.arm_m + 0.03) - (p.thigh_m + 0.04)
    elev = float(np.degrees(np.arcsin(np.clip(lift / p.torso_m, -0.3, 0.6))))
    elev += float(rng.uniform(-2.0, 2.0))
    ch = dict(BASE_CHANNELS)
    ch |= {"z": p.thigh_m + 0.04, "pitch": 90.0 - elev, "neck": float(rng.uniform(0, 15))}
    for c in "lr":
        ch |= {
            f"arm_{c}_flex": 90.0 - elev + float(rng.uniform(0, 6)),
            f"arm_{c}_abd": 2.0,
            f"arm_{c}_elb": float(rng.uniform(2, 8)),
            f"leg_{c}_hip": 90.0 + elev + float(rng.uniform(-3, 3)),
            f"leg_{c}_abd": 1.0,
            f"leg_{c}_knee": 90.0,
            f"leg_{c}_ankle": 75.0,
        }
    elbow, knee = _tuck_points(p)
    info = {
        "pitch": 90.0 - elev,
        "s_a": p.torso_m / np.hypot(p.torso_m, p.shoulder_half_m - p.hip_half_m),
    }
    return ch, Rig(legs_follow_trunk=True, elbow_tuck=elbow, knee_tuck=knee), info


def _leg_for(ctx: Ctx, plan: RepPlan) -> float:
    """Leg angle (trunk axis to thigh) for this rep: level leg, or a reach/height fault."""
    f, pitch = plan.faults, ctx.info["pitch"]
    if "leg_reach" in f:
        c = np.cos(np.radians(f["leg_reach"])) / ctx.info["s_a"]
        return float(np.degrees(np.arccos(np.clip(c, -1.0, 1.0))))
    elev = f.get("leg_height", float(ctx.rng.uniform(-7.0, 4.0)))
    return float(270.0 + elev - pitch)


def bird_dog_rep(s: Script, ctx: Ctx, plan: RepPlan) -> Phases:
    """Arm and opposite leg out, hold, back, then elbow to knee under the torso, hold."""
    a, g = side_pair(plan.side)
    leg = "l" if a == "r" else "r"
    rng = ctx.rng
    arm_peak = plan.faults.get("arm_reach", float(rng.uniform(163.0, 176.0)))
    peak = {f"arm_{a}_flex": arm_peak, f"arm_{a}_elb": float(rng.uniform(1, 6))}
    lagged = {
        f"leg_{leg}_hip": _leg_for(ctx, plan),
        f"leg_{leg}_knee": float(rng.uniform(2, 8)),
        f"leg_{leg}_ankle": 35.0,
        f"leg_{leg}_abd": 0.0,
    }
    excursion = arm_peak - s.value(f"arm_{a}_flex")
    t_start = s.now
    if ctx.exercise.id == "bird_dog_line" and not plan.partial:
        # the hand slides out along a line on the floor: elbow bends first, then reaches
        start = s.value(f"arm_{a}_flex")
        s.move(
            plan.raise_s * 0.35,
            {f"arm_{a}_elb": 35.0, f"arm_{a}_flex": start + 0.15 * (arm_peak - start)},
        )
        plan.raise_s *= 0.65
    ph = run_rep(s, ctx, plan, peak, lagged, excursion_deg=excursion)
    ph["raise"] = (t_start, ph["raise"][1])
    if plan.partial or plan.tuck_hold_s <= 0:
        return ph
    rest = {k: ctx.setup[k] for k in (f"arm_{a}_elb", f"leg_{leg}_knee")}
    tin = s.move(
        plan.tuck_in_s,
        {
            f"arm_{a}_tuck": 1.0,
            f"arm_{a}_elb": 115.0,
            f"leg_{leg}_tuck": 1.0,
            f"leg_{leg}_knee": 125.0,
            f"leg_{leg}_ankle": 85.0,
        },
    )
    # the elbow is already near the knee for about a third of the tuck's way in and out
    near = 0.33 * (plan.tuck_in_s + plan.tuck_out_s) if "tuck_hold" in plan.faults else 0.0
    hold = s.wait(max(plan.tuck_hold_s - near, 0.0))
    tout = s.move(
        plan.tuck_out_s,
        {
            f"arm_{a}_tuck": 0.0,
            f"leg_{leg}_tuck": 0.0,
            f"leg_{leg}_ankle": ctx.setup[f"leg_{leg}_ankle"],
        }
        | rest,
    )
    return ph | {"tuck_in": tin, "tuck_hold": hold, "tuck_out": tout}


# --- prone Y-raise on a ball ------------------------------------------------------------


def y_raise_setup(
    p: Person, rng: np.random.Generator
) -> tuple[dict[str, float], Rig, dict[str, float]]:
    """Face down over a ball, hips on top, toes on the floor, arms hanging in a Y."""
    ball_r = float(rng.uniform(0.27, 0.33))
    z = 2.0 * ball_r + 0.04
    ch = dict(BASE_CHANNELS)
    ch |= {"z": z, "pitch": float(rng.uniform(92.0, 100.0)), "neck": float(rng.uniform(5, 20))}
    leg = p.thigh_m + p.shank_m
    back = float(np.sqrt(max((0.96 * leg) ** 2 - (z - 0.08) ** 2, 0.04)))
    plant = {}
    for c, sign in (("l", 1.0), ("r", -1.0)):
        ch |= {
            f"arm_{c}_flex": float(rng.uniform(85, 98)),
            f"arm_{c}_abd": float(rng.uniform(30, 40)),
            f"arm_{c}_elb": float(rng.uniform(3, 10)),
            f"leg_{c}_hip": 178.0,
            f"leg_{c}_knee": 10.0,
            f"leg_{c}_plant": 1.0,
        }
        plant[c] = (-back, sign * (p.hip_half_m + float(rng.uniform(0.03, 0.08))), 0.08)
    rig = Rig(legs_follow_trunk=False, plant=plant, knee_hint=(0.0, 0.0, -1.0))
    return ch, rig, {"ball_r": ball_r}


def y_raise_rep(s: Script, ctx: Ctx, plan: RepPlan) -> Phases:
    """Both arms up in the Y to the line of the body, hold, lower."""
    rng, f = ctx.rng, plan.faults
    top = 180.0 - f["y_reach"] if "y_reach" in f else float(rng.uniform(168.0, 177.0))
    tops = {"l": top + float(rng.uniform(-2, 2)), "r": top + float(rng.uniform(-2, 2))}
    if "even_arms" in f:
        low = "l" if plan.index % 2 == 0 else "r"
        high = min(top + f["even_arms"] / 2.0, 179.0)
        tops = {"l": high, "r": high}
        tops[low] = high - f["even_arms"]
    peak = {f"arm_{c}_flex": tops[c] for c in "lr"}
    excursion = min(tops[c] - s.value(f"arm_{c}_flex") for c in "lr")
    return run_rep(s, ctx, plan, peak, excursion_deg=excursion)
