"""Arm raises seen from in front, behind or at an angle, in image points only.

The bird dog and the Y-raise lift a hanging arm forward: the elbow rises from an upper
arm's length below the shoulder to its height, which every level camera sees whole,
while the arm-to-trunk angle in the picture folds as the arm swings towards or away
from the camera (`upright.motion.front_signal`). Sets from `upright.sim.simulate`, whose
truth says how many reps were done.
"""

from __future__ import annotations

import pytest

from upright.catalog import get_exercise
from upright.motion import analyze
from upright.sim import simulate

VIEWS = ["front", "back", "front_left", "front_right", "back_left", "back_right"]


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("exercise", ["bird_dog", "bird_dog_line", "y_raise"])
def test_every_arm_raise_is_counted_from_views_that_are_not_side_on(exercise, view):
    for seed, more in ((3, {}), (4, {"lift": True}), (5, {"pause": "top:1.2"})):
        sim = simulate(exercise, reps=4, view=view, noise_px=1.0, seed=seed, points="image", **more)
        a = analyze(sim.landmarks, get_exercise(exercise))
        assert len(a.reps) == len(sim.truth.reps), (seed, more, a.view, a.not_counted)
        # each rep's raise ends inside a true rep of its side, each true rep once (a
        # tuck counted as a rep of its own would land in the rep it belongs to)
        truth = sim.truth.reps
        peaks = [next(p.end for p in r.phases if p.name == "raise") for r in a.reps]
        hit = [[k for k, t in enumerate(truth) if t.start <= p <= t.end] for p in peaks]
        assert all(len(h) == 1 for h in hit), (seed, more, peaks)
        assert len({h[0] for h in hit}) == len(a.reps), (seed, more, peaks)
        assert [truth[h[0]].side for h in hit] == [r.side for r in a.reps]
