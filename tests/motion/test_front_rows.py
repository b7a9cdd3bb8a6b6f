"""Rows seen from in front or behind in image points are counted by the wrist's rise.

Sets from `upright.sim.simulate` filmed from the front, turned (`sim_edit.turn`) to
cameras straight on, 20-25 deg off the front and off the back, seen as image points only.
"""

from __future__ import annotations

import numpy as np
import pytest

from upright.catalog import get_exercise
from upright.motion import analyze
from upright.sim import simulate

from .sim_edit import observe_again, turn


def _front(exercise: str, deg: float, seed: int, **more):
    sim = simulate(exercise, reps=5, view="front", noise_px=1.0, seed=seed, **more)
    frames = np.arange(len(sim.landmarks.t))
    return sim, observe_again(sim, turn(sim.clean_world, deg), frames, "image", seed=seed)


@pytest.mark.parametrize("deg", [0, 20, -25, 180, 160, -155])
@pytest.mark.parametrize("exercise", ["bent_over_row", "chest_supported_row"])
def test_every_rep_is_counted_from_in_front_or_behind(exercise, deg):
    for seed in (0, 1):
        sim, lm = _front(exercise, deg, seed)
        a = analyze(lm, get_exercise(exercise))
        assert len(a.reps) == len(sim.truth.reps), (seed, a.view, a.warnings)
        # the hand's rise is not the elbow's timing: tempo is not judged, nor faulted
        assert {"tempo_raise", "tempo_return"} <= set(a.summary["not_judged"])
        assert not {f.rule for r in a.reps for f in r.faults} & set(a.summary["not_judged"])


@pytest.mark.parametrize("deg", [0, 180])
def test_a_pull_stopping_half_way_is_not_counted_from_the_front(deg):
    sim, lm = _front("bent_over_row", deg, 3, partial_reps=1)
    a = analyze(lm, get_exercise("bent_over_row"))
    assert len(sim.truth.partial) == 1
    assert len(a.reps) == len(sim.truth.reps)
    p = sim.truth.partial[0]
    assert not any(r.start < p.end and r.end > p.start for r in a.reps)
