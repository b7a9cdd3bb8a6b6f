"""Taking a fast video's frames at 25-30 Hz changes no count and no fault.

`video_to_landmarks` finds the pose on every second frame of a 50 or 60 fps video
(`analysis_step`). The simulator's sets at 60 fps, one per exercise with one rule broken
in its second rep (the rules taken in turn), are analysed at their full rate and at the
rate taken; both must count the same reps on each side, time the same holds, and name
the same faults in the same reps with values a frame or a degree apart.
"""

from __future__ import annotations

import pytest

from upright.catalog import get_exercise
from upright.motion import Landmarks
from upright.motion.analyze import analyze
from upright.pose.pipeline import analysis_step
from upright.sim import EXAMPLE_SIZES, SUPPORTED, FaultSpec, simulate

FPS = 60.0
# the most a fault's value may move between the two rates: a frame of time at 30 Hz
# (the phase edges fall on the frames taken) or a degree of angle, in the rule's units
TOLERANCE = {"s": 1.1 / 30.0, "deg": 1.0, "": 0.05}
# a hold's two edges each fall on a frame taken, after smoothing: 3 frames at 30 Hz, half
# the hold timing's own p95 error against the truth (0.2 s, bench/sim_accuracy.json)
HOLD_TOLERANCE_S = 3.01 / 30.0


def _taken(lm: Landmarks, step: int) -> Landmarks:
    """Every ``step``-th row, as `video_to_landmarks` reads a fast video."""
    return Landmarks(
        lm.image[::step],
        lm.world[::step],
        lm.visibility[::step],
        lm.t[::step],
        lm.fps / step,
        lm.width,
        lm.height,
    )


@pytest.mark.parametrize("k", range(len(SUPPORTED)), ids=list(SUPPORTED))
def test_counts_and_faults_are_the_same_at_the_rate_taken(k):
    ex = get_exercise(SUPPORTED[k])
    rule = ex.rules[k % len(ex.rules)].id
    sim = simulate(
        ex,
        reps=4,
        view=("side", "45")[k % 2],
        fps=FPS,
        seed=k,
        faults=[FaultSpec(rule, EXAMPLE_SIZES[rule], 1)],
    )
    step = analysis_step(FPS)
    full, taken = analyze(sim.landmarks, ex), analyze(_taken(sim.landmarks, step), ex)
    assert step == 2 and taken.fps == 30.0
    assert taken.reps_per_side() == full.reps_per_side()
    assert [(h.kind, h.side) for h in taken.holds] == [(h.kind, h.side) for h in full.holds]
    for a, b in zip(full.holds, taken.holds, strict=True):
        assert b.seconds == pytest.approx(a.seconds, abs=HOLD_TOLERANCE_S)
    assert [[f.rule for f in r.faults] for r in taken.reps] == [
        [f.rule for f in r.faults] for r in full.reps
    ]
    assert rule in {f.rule for f in full.all_faults()}, "the broken rule is seen"
    for a, b in zip(full.all_faults(), taken.all_faults(), strict=True):
        tol = TOLERANCE.get(a.units, 1.0)
        assert b.value == pytest.approx(a.value, abs=tol), (a.rule, a.units)
