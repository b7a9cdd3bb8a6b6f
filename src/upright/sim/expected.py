"""What each rule of the exercise measures in each rep, from clean world landmarks.

Windows per rule (``phase`` in rules.toml): ``rep`` rules take the worst value from the
start of the raise to the end of the rep; ``peak`` / ``top`` rules the median over the hold
(or squeeze); ``stretch_bottom`` the largest elbow angle of the return; tempo rules the
scripted phase durations; ``peak_hold`` the longest time both working limbs stay within
10 degrees of their highest value in the rep (arms by ``arm_flexion``, legs by thigh
elevation, which keeps rising as the leg lifts); ``tuck_hold`` the longest time the elbow
or wrist stays within 0.25 torso lengths of the opposite knee; ``arm_leg_lag`` the time
between arm and leg first reaching 80 % of their rise in the rep.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from upright.catalog import Exercise, Rule
from upright.sim import measures as m
from upright.sim.geometry import Arr, Mask
from upright.sim.plan import RepPlan
from upright.sim.truth import FaultTruth, RepTruth, Window

Phases = dict[str, Window]
POSTURE_RULES = (
    "pelvis_twist",
    "spine_neutral",
    "trunk_still",
    "pelvis_square",
    "hips_still",
    "plank_sag",
    "plank_pike",
    "lean_back",
)


class Judge:
    """Signals of one clean set, sampled at times ``t``, with the set-up baseline."""

    def __init__(self, world: Arr, t: Arr, fps: float, setup: Window) -> None:
        self.w, self.t, self.fps = world, t, fps
        sel = (t >= setup[0]) & (t <= setup[1])
        self.base = m.Base.of(world[sel])
        self.plank0 = float(np.median(m.plank_bend(world[sel])))
        self._limb_signals: dict[tuple[str, str], list[Arr]] = {}  # see `_limbs`

    def _sel(self, win: Window) -> Mask:
        return np.asarray((self.t >= win[0] - 1e-9) & (self.t <= win[1] + 1e-9))

    def _limbs(self, ex: Exercise, side: str) -> list[Arr]:
        """The working limbs' angles over the whole set, worked out once a side.

        Every rep's hold and arm-leg lag read them (an eighth of the simulator's time
        went into reading them again per rep and rule).
        """
        key = (ex.group, side)
        if key not in self._limb_signals:
            if ex.group == "bird_dog":
                leg = "right" if side == "left" else "left"
                limbs = [m.arm_flexion(self.w, side), m.thigh_elevation(self.w, leg)]
            else:
                limbs = [m.arm_flexion(self.w, "left"), m.arm_flexion(self.w, "right")]
            self._limb_signals[key] = limbs
        return self._limb_signals[key]

    def peak_hold(self, ex: Exercise, side: str, win: Window) -> float:
        """Longest time both working limbs stay within 10 deg of their peak, seconds."""
        sel = self._sel(win)
        ok = np.ones(int(sel.sum()), dtype=bool)
        for sig in self._limbs(ex, side):
            s = sig[sel]
            ok &= s >= s.max() - 10.0
        return m.longest_run_s(ok, self.fps)

    def tuck_hold(self, side: str, win: Window) -> float:
        """Longest time elbow or wrist is within 0.25 torso of the opposite knee, s."""
        sel = self._sel(win)
        return m.longest_run_s(m.tuck_distance(self.w[sel], side, self.base) < 0.25, self.fps)

    def arm_leg_lag(self, ex: Exercise, side: str, raise_: Window, hold: Window) -> float:
        """Seconds between arm and leg reaching 80 % of their rise."""
        sel = self._sel((raise_[0], hold[1]))
        times = []
        for sig in self._limbs(ex, side):
            s = sig[sel]
            level = s[0] + 0.8 * (s.max() - s[0])
            times.append(float(self.t[sel][np.argmax(s >= level)]))
        return abs(times[0] - times[1])

    def signal(self, rule: Rule, side: str) -> Callable[[Arr], Arr]:
        """Per-frame function of the world landmarks for a rule's measure."""
        b, sd = self.base, side
        leg = "right" if side == "left" else "left"
        table: dict[str, Callable[[Arr], Arr]] = {
            "pelvis_roll": lambda w: m.pelvis_roll(w, b),
            "hip_rotation": lambda w: m.hip_rotation(w, b),
            "spine_angle": lambda w: m.spine_angle(w, b),
            "trunk_angle_change": lambda w: m.spine_angle(w, b),
            "trunk_lean_back": lambda w: m.trunk_lean_back(w, b),
            "plank_line": m.plank_line,
            "plank_bend": lambda w: m.plank_bend(w) - self.plank0,
            "hip_lateral_drift": lambda w: m.hip_lateral_drift(w, b),
            "arm_flexion_peak": lambda w: m.arm_flexion(w, sd),
            "hip_extension_peak": lambda w: m.hip_extension(w, leg),
            "thigh_above_horizontal": lambda w: m.thigh_elevation(w, leg),
            "elbow_behind_trunk": lambda w: m.elbow_behind_trunk(w, sd, b),
            "elbow_angle_bottom": lambda w: m.elbow_angle(w, sd),
            "arm_below_trunk_line": lambda w: 180.0 - m.arm_flexion(w, "both"),
            "arm_asymmetry": lambda w: np.abs(m.arm_flexion(w, "left") - m.arm_flexion(w, "right")),
        }
        return table[rule.measure]

    def value(self, ex: Exercise, rule: Rule, side: str, ph: Phases) -> float:
        """What ``rule`` measures in the rep with phases ``ph``."""
        rep = (ph["raise"][0], max(v[1] for v in ph.values()))
        if rule.measure == "raise_duration":
            return ph["raise"][1] - ph["raise"][0]
        if rule.measure == "return_duration":
            return ph["return"][1] - ph["return"][0]
        if rule.measure == "peak_hold":
            return self.peak_hold(ex, side, (ph["raise"][0], ph["return"][1]))
        if rule.measure == "tuck_hold":
            return (
                self.tuck_hold(side, (ph["tuck_in"][0], ph["tuck_out"][1]))
                if "tuck_hold" in ph
                else 0.0
            )
        if rule.measure == "arm_leg_lag":
            return self.arm_leg_lag(ex, side, ph["raise"], ph["hold"])
        fn = self.signal(rule, side)
        if rule.phase in ("peak", "top", "hold"):
            return float(np.median(fn(self.w[self._sel(ph["hold"])])))
        if rule.phase == "bottom":
            return float(np.max(fn(self.w[self._sel(ph["return"])])))
        win = (ph["raise"][0], ph["hold"][1]) if rule.phase == "raise" else rep
        vals = fn(self.w[self._sel(win)])
        return float(np.max(vals) if rule.compare == "above" else np.min(vals))


def fault_window(rule: str, ph: Phases) -> Window:
    """When an injected fault is present in its rep, seconds."""
    if rule == "tempo_raise" or rule == "together":
        return ph["raise"]
    if rule in ("tempo_return", "stretch_bottom"):
        return ph["return"]
    if rule == "tuck_hold":
        return ph.get("tuck_hold", ph["hold"])
    if rule in POSTURE_RULES:
        return ph["raise"][0], ph["return"][1]
    return ph["hold"]


def rep_truths(
    judge: Judge,
    ex: Exercise,
    reps: list[tuple[RepPlan, Phases]],
) -> tuple[list[RepTruth], list[FaultTruth]]:
    """Truth of every rep and of every injected fault."""
    out, faults = [], []
    measures_ids = {r.measure for r in ex.rules}
    for plan, ph in reps:
        vals = {r.id: round(judge.value(ex, r, plan.side, ph), 4) for r in ex.rules}
        hold = vals.get("hold_length") if "peak_hold" in measures_ids else None
        tuck = vals.get("tuck_hold") if "tuck_hold" in measures_ids else None
        end = max(v[1] for v in ph.values())
        out.append(
            RepTruth(
                plan.index,
                plan.side,
                round(ph["raise"][0], 4),
                round(end, 4),
                {k: (round(a, 4), round(b, 4)) for k, (a, b) in ph.items()},
                hold,
                tuck,
                vals,
            )
        )
        for rule_id, size in plan.faults.items():
            r = ex.rule(rule_id)
            w = fault_window(rule_id, ph)
            faults.append(
                FaultTruth(
                    rule_id,
                    size,
                    vals[rule_id],
                    r.units,
                    round(w[0], 4),
                    round(w[1], 4),
                    plan.index,
                    r.threshold,
                    r.compare,
                )
            )
    return out, faults
