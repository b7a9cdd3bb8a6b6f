"""Fault requests: which rule to break, by how much, in which rep.

``size`` is in the rule's units (see ``docs/measures.md``). For a rule whose measure is a
change from the set-up position (``baseline = true``: pelvis_twist, spine_neutral,
lean_back, trunk_still, pelvis_square, hips_still) it is that change; for every other
rule it is the value the measure should take in the faulty rep: ``tempo_raise:0.3`` is a
0.3 s raise, ``hold_length:1.5`` a 1.5 s hold, ``arm_reach:130`` an arm that stops at
130 degrees, ``full_pull:-0.1`` an elbow 0.1 torso lengths in front of the trunk,
``plank_sag:-25`` hips 25 degrees of bend below the set-up plank line (``plank_pike:25``
above it), ``together:0.6`` a leg 0.6 s behind the arm.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from upright.errors import UprightError

_SPEC = re.compile(r"^\s*([a-z_]+)\s*:\s*([-+]?[0-9]*\.?[0-9]+)\s*(?:@\s*([0-9]+))?\s*$")

# An example size per rule that clearly breaks it with the catalog's thresholds.
EXAMPLE_SIZES: dict[str, float] = {
    "tempo_raise": 0.3,
    "tempo_return": 0.3,
    "hold_length": 1.5,
    "hold_too_long": 8.0,
    "tuck_hold": 1.0,
    "together": 0.6,
    "pelvis_twist": 15.0,
    "spine_neutral": 15.0,
    "leg_height": 25.0,
    "arm_reach": 130.0,
    "leg_reach": 130.0,
    "lean_back": 22.0,
    "trunk_still": 22.0,
    "full_pull": -0.1,
    "stretch_bottom": 130.0,
    "plank_sag": -25.0,
    "plank_pike": 25.0,
    "pelvis_square": 22.0,
    "y_reach": 30.0,
    "hips_still": 0.3,
    "even_arms": 25.0,
}


class SimError(UprightError, ValueError):
    """A simulation request cannot be met; the message says what was expected."""


@dataclass(frozen=True)
class FaultSpec:
    """Break ``rule`` by ``size`` (rule units) in rep ``rep`` (0-based; None = random)."""

    rule: str
    size: float
    rep: int | None = None

    @classmethod
    def parse(cls, text: str) -> FaultSpec:
        """Read ``"rule:size"`` or ``"rule:size@rep"``, e.g. ``"pelvis_twist:15@3"``."""
        m = _SPEC.match(text)
        if not m:
            raise SimError(
                f"fault {text!r}: expected RULE:SIZE or RULE:SIZE@REP, e.g. pelvis_twist:15@3"
            )
        rep = int(m.group(3)) if m.group(3) is not None else None
        return cls(m.group(1), float(m.group(2)), rep)

    def __str__(self) -> str:
        at = "" if self.rep is None else f"@{self.rep}"
        return f"{self.rule}:{self.size:g}{at}"
