"""Frozen dataclasses for the exercise catalog.

Units are carried by names or by the ``units`` field of a rule: angles in degrees,
times in seconds, lengths as a fraction of torso length (mid-shoulder to mid-hip).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Units = Literal["deg", "s", "torso", "ratio"]
Compare = Literal["above", "below"]
Sides = Literal["none", "per_side", "alternating"]
Severity = Literal["fault", "info"]
Leg = Literal["same", "opposite"]
Limbs = Literal["signal", "arm_and_leg", "both_arms"]

UNITS: tuple[str, ...] = ("deg", "s", "torso", "ratio")
UNIT_SYMBOLS: dict[str, str] = {"deg": "°", "s": " s", "torso": " torso lengths", "ratio": ""}
LEGS: tuple[str, ...] = ("same", "opposite")
LIMBS: tuple[str, ...] = ("signal", "arm_and_leg", "both_arms")

#: The group of an exercise whose file names none.
DEFAULT_GROUP = "generic"

#: The catalog's exercise for any repeated movement it does not know (no form rules).
GENERIC_EXERCISE = "generic"

#: The coach's short call at each moment of a rep, where the exercise's ``[exercise.calls]``
#: says nothing else: ``moving`` as a rep starts, ``hold`` at the top, ``hold_done`` when
#: the hold has lasted, ``return`` on the way back, ``tuck`` when the tuck is reached. An
#: empty text says nothing at that moment.
DEFAULT_CALLS: dict[str, str] = {
    "moving": "Go.",
    "hold": "Hold.",
    "hold_done": "And back.",
    "return": "And back.",
    "tuck": "Hold.",
}


@dataclass(frozen=True)
class Rule:
    """One measurable form rule.

    A fault fires when ``measure`` (optionally as a change from its baseline in the
    set-up position) is ``compare`` the ``threshold`` during ``phase``.
    """

    id: str
    name: str
    measure: str
    threshold: float
    units: Units
    compare: Compare
    phase: str
    cue: str
    baseline: bool = False
    severity: Severity = "fault"
    keypoints: tuple[str, ...] = ()
    priority: int = 5
    fault_when: str = ""

    def limit_sentence(self) -> str:
        """When the fault fires, in words: "the hips sag more than 15° below ...".

        From ``fault_when``, its ``{limit}`` replaced by the threshold (unsigned) with its
        unit; a rule without one (a user's own) falls back to its measure's name.
        """
        limit = f"{abs(self.threshold):g}{UNIT_SYMBOLS[self.units]}"
        if self.fault_when:
            return self.fault_when.replace("{limit}", limit)
        op = "more than" if self.compare == "above" else "less than"
        base = " from the set-up position" if self.baseline else ""
        signed = f"{self.threshold:g}{UNIT_SYMBOLS[self.units]}"
        return f"{self.measure.replace('_', ' ')}{base} is {op} {signed}"

    def is_fault(self, value: float) -> bool:
        """Return True when ``value`` (in ``units``) breaks this rule."""
        if self.compare == "above":
            return value > self.threshold
        return value < self.threshold

    def describe(self, value: float) -> str:
        """Say the measured value against the threshold, e.g. ``"14.0° > 10°"``."""
        sym = UNIT_SYMBOLS[self.units]
        op = ">" if self.compare == "above" else "<"
        return f"{value:.1f}{sym} {op} {self.threshold:g}{sym}"


@dataclass(frozen=True)
class RepSignal:
    """How one repetition shows in the landmarks.

    ``signal`` names a measure that rises from ``rest`` towards ``peak`` in every rep
    (degrees unless the measure says otherwise). A rep starts when the signal leaves the
    rest zone by ``enter_fraction`` of the way to the peak, counts when it reaches
    ``count_fraction`` and ends back below ``exit_fraction``.
    """

    signal: str
    rest: float
    peak: float
    enter_fraction: float = 0.25
    count_fraction: float = 0.8
    exit_fraction: float = 0.2
    min_dwell_s: float = 0.1
    # Analysis settings (docs/measures.md): gaps up to ``max_gap_s`` are interpolated,
    # ``smooth_s`` is the smoothing window, the set-up position counts as stable once the
    # signal stayed within ``setup_tolerance`` (signal units; or twice the noise measured
    # in the set's signal, if more: upright.motion.setup) for ``setup_s`` at rest;
    # a hold lasts while the limbs stay within ``peak_zone`` of their peak; the tuck while
    # elbow or hand is within ``tuck_distance`` torso lengths of the opposite knee; a
    # two-arm rep whose quieter arm moved less than ``one_arm_share`` of the other was one
    # arm working (another exercise), not a rep; where ``leg_opens`` is above 0 (degrees),
    # a rep whose working leg's hip opened less than that while the arm was up was an arm
    # lift alone (a bird dog's opposite leg must move too); where ``hand_stays`` is above
    # 0 (a share), a one-arm rep whose other hand kept less than that share of its drop
    # below its shoulder while the arm was up lifted both hands off the floor: not a rep
    # made on all fours.
    max_gap_s: float = 0.4
    smooth_s: float = 0.2
    setup_s: float = 0.8
    setup_tolerance: float = 12.0
    peak_zone: float = 10.0
    tuck_distance: float = 0.25
    min_visibility: float = 0.3
    one_arm_share: float = 0.4
    leg_opens: float = 0.0
    hand_stays: float = 0.0
    # What a rep is made of beyond the signal: ``tuck`` true when the return ends in a
    # tuck, elbow drawn to the opposite knee and held (a bird dog); ``leg`` the working
    # leg of a side, the arm's own ("same") or the other one ("opposite", a bird dog's
    # diagonal); ``limbs`` what must stay at its peak for a hold: the signal alone, the
    # arm and the working leg (also timed against each other: arm_leg_lag), or both arms.
    tuck: bool = False
    leg: Leg = "same"
    limbs: Limbs = "signal"


@dataclass(frozen=True)
class Dosage:
    """Prescription defaults: sets, reps (per side where the exercise has sides), holds."""

    sets: int
    reps_min: int
    reps_max: int
    rest_s: float
    raise_s: float
    return_s: float
    hold_s: float = 0.0
    hold_max_s: float = 0.0
    tuck_hold_s: float = 0.0
    squeeze_s: float = 0.0
    per_side: bool = False


@dataclass(frozen=True)
class ProgressionStep:
    """One step of progression: what changes, by how much, and up to what."""

    change: Literal["load", "hold_s", "reps", "variant"]
    step: float = 0.0
    up_to: float = 0.0
    to_exercise: str = ""
    note: str = ""


@dataclass(frozen=True)
class FitName:
    """The exercise's name in the FIT profile, where it has one."""

    category: str
    name: str = ""


@dataclass(frozen=True)
class Placement:
    """Where the planner puts an exercise: its group's place in a session and its own.

    ``rank`` is the planner's preference inside the group, 1 first (the simplest set-up);
    0 means the planner never picks it (a variant reached by progression, the generic
    counter). The rest is the group's (``[groups.<name>]``): ``order`` its place in a
    session, lower first; ``needs`` what a runner must get to cover it ("a mat (bird
    dog)"); ``purpose`` what it trains, said with the starting session; ``second`` true
    when a short session may take a second exercise of the group.
    """

    rank: int = 0
    order: int = 100
    needs: str = ""
    purpose: str = ""
    second: bool = False


@dataclass(frozen=True)
class Exercise:
    """One exercise of the program, with its dosage, cues and form rules."""

    id: str
    name: str
    group: str
    equipment: tuple[str, ...]
    sides: Sides
    view: str
    dosage: Dosage
    rep: RepSignal
    setup: tuple[str, ...]
    cues: tuple[str, ...]
    rules: tuple[Rule, ...]
    progression: tuple[ProgressionStep, ...] = ()
    variant_of: str = ""
    fit: FitName | None = None
    summary: str = ""
    calls: tuple[tuple[str, str], ...] = tuple(DEFAULT_CALLS.items())
    plan: Placement = Placement()
    source: str = field(default="", compare=False)

    def call(self, moment: str) -> str:
        """The short call for ``moment`` (a key of `DEFAULT_CALLS`); "" if none."""
        return dict(self.calls).get(moment, "")

    def side_words(self, side: str) -> str:
        """How a side is said: "left side", or "left arm with right leg" on a diagonal."""
        if side not in ("left", "right"):
            return ""
        if self.rep.leg == "opposite":
            other = "right" if side == "left" else "left"
            return f"{side} arm with {other} leg"
        return f"{side} side"

    def rule(self, rule_id: str) -> Rule:
        """Return the rule called ``rule_id``; ``KeyError`` naming the choices if absent."""
        for r in self.rules:
            if r.id == rule_id:
                return r
        raise KeyError(f"{self.id} has no rule {rule_id!r}; it has {[r.id for r in self.rules]}")
