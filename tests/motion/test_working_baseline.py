"""Posture baselines come from the working position of the set, never the set-up.

Sets from `upright.sim.simulate`, edited (`sim_edit`): the athlete bends over fast and
rows at once, reps back to back, so the still frames before the first rep are the
standing and the bending over, and there is no still rest between reps.
"""

from __future__ import annotations

import functools

import numpy as np
import pytest

from upright.catalog import get_exercise
from upright.motion import analyze
from upright.sim import FaultSpec, simulate

from .sim_edit import no_pauses, observe_again, quick_start, turn


@functools.cache
def _back_to_back(exercise: str, seed: int, faults: tuple = ()):
    """The simulated set and its frames, quick start and no pauses, made once for every
    turn and space (read only)."""
    sim = simulate(exercise, reps=4, view="side_left", noise_px=1.0, seed=seed, faults=faults)
    return sim, no_pauses(sim, quick_start(sim))


def _edited(exercise: str, deg: float, space: str, seed: int, faults=()):
    sim, frames = _back_to_back(exercise, seed, tuple(faults))
    return sim, observe_again(sim, turn(sim.clean_world[frames], deg), frames, space, seed=seed)


@pytest.mark.parametrize("space", ["world", "image"])
@pytest.mark.parametrize("deg", [0, 45, -45, 180])
@pytest.mark.parametrize("exercise", ["bent_over_row", "chest_supported_row"])
def test_a_still_trunk_is_still_from_the_first_rep(exercise, deg, space):
    """The first rep's trunk is not compared with the standing before the set."""
    for seed in (0, 1):
        sim, lm = _edited(exercise, deg, space, seed)
        a = analyze(lm, get_exercise(exercise))
        assert len(a.reps) == len(sim.truth.reps)
        fired = [r.index for r in a.reps if any(f.rule == "trunk_still" for f in r.faults)]
        assert fired == [], (seed, fired)


@pytest.mark.parametrize("space", ["world", "image"])
@pytest.mark.parametrize("deg", [0, -45])
def test_a_trunk_that_heaves_is_still_found_with_reps_back_to_back(deg, space):
    sim, lm = _edited("bent_over_row", deg, space, 2, [FaultSpec("trunk_still", 25.0, 1)])
    a = analyze(lm, get_exercise("bent_over_row"))
    fired = [r.index for r in a.reps if any(f.rule == "trunk_still" for f in r.faults)]
    assert fired == [2]
    value = next(f.value for f in a.reps[1].faults if f.rule == "trunk_still")
    assert np.isfinite(value) and value > 15.0
