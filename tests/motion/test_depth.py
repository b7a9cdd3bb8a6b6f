"""Squeezed world depth (BlazePose facing the camera) is set aside for the picture.

Sets from `upright.sim.simulate` whose world points are true ("world") or have their
depth along the camera's axis squeezed to 0.3-0.6 and noisy ("blazepose"), filmed from
in front, behind and the obliques, where the arms and legs swing along that axis.
"""

from __future__ import annotations

import numpy as np
import pytest

from upright.catalog import get_exercise
from upright.motion import analyze
from upright.motion.depth import MIN_DEPTH_SHARE, depth_share, trust_depth
from upright.sim import simulate


def _sim(exercise: str, view: str, points: str, seed: int, **more):
    return simulate(
        exercise,
        reps=5,
        view=view,
        points=points,
        noise_px=1.0,
        dropout_rate=0.02,
        seed=seed,
        **more,
    )


@pytest.mark.parametrize("view", ["front", "back_left", "front_right"])
def test_true_depth_is_trusted_and_squeezed_depth_is_not(view):
    true = _sim("bird_dog", view, "world", 5).landmarks.world
    squeezed = _sim("bird_dog", view, "blazepose", 5).landmarks.world
    assert depth_share(np.asarray(true, float)) > MIN_DEPTH_SHARE + 0.1
    assert trust_depth(np.asarray(true, float))
    assert depth_share(np.asarray(squeezed, float)) < MIN_DEPTH_SHARE
    assert not trust_depth(np.asarray(squeezed, float))


@pytest.mark.parametrize(
    ("exercise", "view", "seed", "more"),
    [
        # each counted 0 of 10 in world space: the set-up never read as held still, or
        # the reaching arm's angle, squeezed, never reached the count level
        ("bird_dog", "front_right", 1, {}),
        ("bird_dog", "front", 2, {"pause": "top:1.2"}),
        ("bird_dog_line", "back_right", 3, {"pause": "bottom:1.5"}),
        ("bird_dog_line", "front", 10685, {"lift": True}),
    ],
)
def test_sets_with_squeezed_depth_are_counted_in_the_picture(exercise, view, seed, more):
    sim = _sim(exercise, view, "blazepose", seed, **more)
    a = analyze(sim.landmarks, get_exercise(exercise))
    assert len(a.reps) == len(sim.truth.reps), (a.view, a.warnings, a.not_counted)
    assert a.summary["space"] == "image"


def test_side_on_the_world_points_stay_in_use_even_squeezed():
    sim = _sim("bird_dog", "side", "blazepose", 6)
    a = analyze(sim.landmarks, get_exercise("bird_dog"))
    assert a.summary["space"] == "world"
    assert len(a.reps) == len(sim.truth.reps)
