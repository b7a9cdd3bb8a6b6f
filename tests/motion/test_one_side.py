"""A recording of one side's set of a one-arm exercise (the other side filmed apart).

Runners film one arm's five rows, stop, and film the other. The simulator used to film
both sides in one recording, where each arm works in its turn; with one side only the
free arm never pulls. Its rest was read at its lowest (standing before the set), so a
support hand on the bench read above the level that starts a rep and the start position
was never still (0 of 5 counted). A cable row's free arm hanging at the side reads as
no position of the exercise (NaN) nearly all set, and the set-up waited for it to the
end (0 of 5): a side the recording hardly reads is left out.
"""

import numpy as np
import pytest

from testkit import grid_set
from upright.catalog import get_exercise
from upright.motion import analyze


@pytest.mark.parametrize(
    ("exercise", "view", "points", "side", "seed"),
    [
        ("one_arm_dumbbell_row", "back", "blazepose", "right", 7221),
        ("one_arm_dumbbell_row", "back_left", "blazepose", "left", 79714),
        ("one_arm_one_leg_cable_row", "front", "blazepose", "left", 7676),
        ("one_arm_one_leg_cable_row", "front_right", "blazepose", "right", 7923),
    ],
)
def test_one_sides_set_is_counted_whole(exercise, view, points, side, seed):
    ex = get_exercise(exercise)
    rule = [r.id for r in ex.rules][seed % len(ex.rules)]
    rep = int(np.random.default_rng(seed).integers(5))
    sim = grid_set(exercise, view, points, seed, rule, rep, {"one_side": side})
    assert [r.side for r in sim.truth.reps] == [side] * 5
    a = analyze(sim.landmarks, ex)
    assert [r.side for r in a.reps] == [side] * 5, (a.warnings, a.not_counted[:3])
    for got, want in zip(a.reps, sim.truth.reps, strict=True):
        assert got.start < want.end and want.start < got.end  # where it was done
