"""A phone propped crooked: the picture turned about its axis (bench/sim_accuracy.py
phone grid, condition "roll")."""

import math

import numpy as np
import pytest

from testkit import grid_set
from upright.catalog import get_exercise
from upright.motion import analyze
from upright.motion.picture_rise import picture_down


@pytest.mark.parametrize(
    ("points", "seed", "fault", "roll"),
    [
        ("image", 23356, "y_reach", -9.91),
        ("image", 23357, "spine_neutral", 8.34),
        ("blazepose", 24132, "y_reach", 10.35),
        ("blazepose", 24133, "spine_neutral", 11.25),
    ],
)
def test_a_y_raise_from_in_front_keeps_even_arms_even_with_the_camera_rolled(
    points, seed, fault, roll
):
    # With the picture turned 8-11 deg, the elbows' heights read along image y mixed
    # in the arms' sideways reach: two arms raised alike read 12-16 deg apart against
    # the rule's 15, and even_arms fired on clean reps.
    sim = grid_set("y_raise", "front", points, seed, fault, 2, {"roll": roll})
    down = picture_down(sim.landmarks.image)
    tilt = math.degrees(math.atan2(-down[0], down[1]))
    assert abs(abs(tilt) - abs(roll)) < 2.0, tilt
    a = analyze(sim.landmarks, get_exercise("y_raise"))
    assert len(a.reps) == len(sim.truth.reps)
    clean = [r for r in sim.truth.reps if r.measures["even_arms"] < 10.0]
    assert len(clean) == len(sim.truth.reps)
    assert not [f.value for r in a.reps for f in r.faults if f.rule == "even_arms"]


def test_a_level_camera_reads_image_y_as_down():
    sim = grid_set("y_raise", "front", "image", 23356, "y_reach", 2)
    down = picture_down(sim.landmarks.image)
    assert np.allclose(down, [0.0, 1.0], atol=math.sin(math.radians(2.0)))


def test_side_on_the_picture_is_taken_as_level():
    # side on, the shoulder and hip lines are too short to read a tilt from
    sim = grid_set("y_raise", "side", "image", 23356, "y_reach", 2, {"roll": 9.0})
    assert np.array_equal(picture_down(sim.landmarks.image), [0.0, 1.0])
