"""The plan of one rep: its side, phase durations (with human variation) and faults.

Durations start from the exercise's dosage and vary per rep (a person is not a
metronome); a fault on a tempo or hold rule overrides the matching duration.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from upright.catalog import Dosage, Exercise
from upright.sim.body import Person
from upright.sim.kinematics import Rig


@dataclass
class RepPlan:
    """What one rep (or partial rep) should look like. Times in seconds."""

    index: int
    side: str
    raise_s: float
    hold_s: float
    return_s: float
    pause_s: float
    tuck_in_s: float = 0.0
    tuck_hold_s: float = 0.0
    tuck_out_s: float = 0.0
    faults: dict[str, float] = field(default_factory=dict)
    fraction: float = 1.0
    jitter: dict[str, float] = field(default_factory=dict)

    @property
    def partial(self) -> bool:
        """True for a rep that stops short and must not count."""
        return self.fraction < 1.0


@dataclass
class Ctx:
    """What every move of a set shares: person, exercise, randomness, set-up posture."""

    person: Person
    exercise: Exercise
    rng: np.random.Generator
    setup: dict[str, float]
    rig: Rig
    info: dict[str, Any] = field(default_factory=dict)
    # Reps exactly at the dosage's tempo and hold (demonstrations), not varied as a
    # person would do them.
    prescribed: bool = False


def _vary(rng: np.random.Generator, nominal: float, lo: float = 0.85, hi: float = 1.25) -> float:
    return float(nominal * rng.uniform(lo, hi))


# Fixed durations of what the dosage does not prescribe (seconds), for `Ctx.prescribed`.
PRESCRIBED_PAUSE_S = 1.0
PRESCRIBED_TUCK_MOVE_S = 1.2


def _prescribe(plan: RepPlan, d: Dosage) -> None:
    """Set the rep's durations to the dosage's: its tempo, its shortest hold and tuck hold.

    The random draws were made all the same, so a prescribed set has the same person,
    camera and peaks as the varied one with the same seed.
    """
    plan.raise_s, plan.return_s = d.raise_s, d.return_s
    plan.hold_s = d.hold_s if d.hold_s > 0 else max(d.squeeze_s, 0.3)
    plan.pause_s = PRESCRIBED_PAUSE_S
    if plan.tuck_hold_s:
        plan.tuck_hold_s = d.tuck_hold_s
        plan.tuck_in_s = plan.tuck_out_s = PRESCRIBED_TUCK_MOVE_S


def sample_rep(
    ctx: Ctx, index: int, side: str, faults: dict[str, float], fraction: float = 1.0
) -> RepPlan:
    """Draw one rep's durations from the dosage, then apply tempo and hold faults.

    ``hold_s`` is the still time at the top; the ``peak_hold`` measure is a little longer
    because the limb is already within 10 degrees of its peak near the end of the raise
    and the start of the return (the set builder corrects for that on hold faults).
    """
    rng, d = ctx.rng, ctx.exercise.dosage
    raise_s = _vary(rng, d.raise_s)
    return_s = _vary(rng, d.return_s)
    if d.hold_s > 0:
        hold = float(rng.uniform(d.hold_s + 0.3, max(d.hold_s + 0.4, d.hold_max_s - 0.2)))
    else:
        hold = _vary(rng, max(d.squeeze_s, 0.3), 0.6, 1.4)
    tuck = 0.0
    if d.tuck_hold_s > 0:
        tuck = float(rng.uniform(d.tuck_hold_s + 0.3, d.tuck_hold_s + 1.5))
    plan = RepPlan(
        index=index,
        side=side,
        raise_s=raise_s,
        hold_s=hold,
        return_s=return_s,
        pause_s=float(rng.uniform(0.4, 1.8)),
        tuck_in_s=_vary(rng, 1.2) if tuck else 0.0,
        tuck_hold_s=tuck,
        tuck_out_s=_vary(rng, 1.0) if tuck else 0.0,
        faults=dict(faults),
        fraction=fraction,
    )
    if ctx.prescribed:
        _prescribe(plan, d)
    if "tempo_raise" in faults:
        plan.raise_s = max(faults["tempo_raise"], 0.1)
    if "tempo_return" in faults:
        plan.return_s = max(faults["tempo_return"], 0.1)
    if "tuck_hold" in faults:
        plan.tuck_hold_s = max(faults["tuck_hold"], 0.0)
    if plan.partial:
        plan.hold_s = float(rng.uniform(0.0, 0.4))
        plan.tuck_in_s = plan.tuck_hold_s = plan.tuck_out_s = 0.0
    return plan
