"""Rows filmed the way a phone propped up by a runner films them (bench/sim_accuracy.py's
phone grid, seeds of its cells).

A portrait frame puts the camera farther off a bent-over body; from behind at an angle
the hanging weight then reads 0.3-0.4 of the way up in the picture. The rise's rest
must still be read on the frames the arm works (`front_signal._working`), not on the
support arm's or the standing set-up's. A cable row's two arms reach alike, even where
the far one is seen bent throughout.
"""

from __future__ import annotations

import numpy as np
import pytest

from testkit import grid_set
from upright.catalog import get_exercise
from upright.motion import analyze
from upright.motion.front_signal import MAX_REST_RISE, WORKING_RISE, _working

PORTRAIT = {"width": 720, "height": 1280}
FAR_NOISE3 = {"fill": (0.25, 0.4), "noise_px": 3.0}

PHONE = [
    ("one_arm_dumbbell_row", "back_left", "image", PORTRAIT, 55853, "stretch_bottom", 3),
    ("one_arm_dumbbell_row", "back_left", "blazepose", PORTRAIT, 56628, "tempo_raise", 4),
    ("chest_supported_row", "back_left", "blazepose", PORTRAIT, 44213, "full_pull", 1),
    ("bent_over_row", "back_left", "blazepose", PORTRAIT, 38004, "stretch_bottom", 0),
]
# One-arm rows whose working arm rose again after its side was over (putting the weight
# down, a camera turned 5-10 deg): read from its first pull to that last rise, the arm
# "worked" through the other side's turn too, the straight support arm on the bench set
# its rest, the hanging weight read a third of the way up and its whole side was lost
# (5 of 10), or the set-down was a rep (11 of 10). Each pull's frames are its own.
ROLLED = [
    ("one_arm_dumbbell_row", "front_right", "image", {"roll": 5.48}, 57501, "pelvis_square", 1),
    ("one_arm_dumbbell_row", "front_right", "image", {"roll": 10.0}, 57501, "pelvis_square", 1),
    ("one_arm_dumbbell_row", "front", "blazepose", {"noise_px": 3.0}, 55367, "stretch_bottom", 7),
    ("one_arm_dumbbell_row", "front", "image", FAR_NOISE3, 54687, "pelvis_square", 2),
]
# A seated cable row whose far arm reads bent on every frame: only the near arm is seen
# reaching forward (`front_signal.elbow_falls`, `wrist_rise_flexion`).
CABLE = [
    ("seated_cable_row", "front_right", "blazepose", PORTRAIT, 33349, "stretch_bottom", 4),
    ("seated_cable_row", "back_left", "image", {"fps": 60.0}, 30924, "stretch_bottom", 4),
]


@pytest.mark.parametrize(
    ("exercise", "view", "points", "more", "seed", "fault", "rep"), PHONE + ROLLED + CABLE
)
def test_rows_filmed_by_a_phone_are_counted(exercise, view, points, more, seed, fault, rep):
    sim = grid_set(exercise, view, points, seed, fault, rep, more)
    a = analyze(sim.landmarks, get_exercise(exercise))
    assert [r.side for r in a.reps] == [r.side for r in sim.truth.reps], a.not_counted


def test_an_arm_resting_a_third_of_the_way_up_works_around_its_own_pulls():
    """Three pulls from a rest 0.35 up (under `MAX_REST_RISE`), then 10 s of support."""
    fps = 10
    rest = 0.35
    pull = np.concatenate(
        [np.linspace(rest, 1.1, 10), np.linspace(1.1, rest, 20), np.full(10, rest)]
    )
    rise = np.concatenate([np.full(2 * fps, rest), pull, pull, pull, np.full(10 * fps, 0.0)])
    assert rest < MAX_REST_RISE < WORKING_RISE
    work = _working(rise)
    first = int(np.argmax(rise >= WORKING_RISE))
    assert work[first - 20] and not work[first - 21]
    assert not work[-8 * fps :].any()  # the support frames are left out
    assert np.percentile(rise[work], 10) == pytest.approx(rest, abs=0.02)


def test_an_arm_works_around_each_of_its_pulls_not_from_the_first_to_the_last():
    """Three pulls from a rest 0.2 up, 20 s of support, then one rise (the set-down)."""
    fps = 10
    rest = 0.2
    pull = np.concatenate(
        [np.linspace(rest, 1.1, 10), np.linspace(1.1, rest, 20), np.full(10, rest)]
    )
    down = np.concatenate([np.linspace(0.0, 0.6, 10), np.linspace(0.6, 0.0, 10)])
    support = np.full(20 * fps, 0.0)
    rise = np.concatenate([pull, pull, pull, support, down, np.full(2 * fps, 0.0)])
    work = _working(rise)
    turn = slice(3 * pull.size + 5 * fps, 3 * pull.size + 15 * fps)
    assert not work[turn].any()  # the other side's turn: the support arm, not this one
    assert work[: 3 * pull.size].all()  # the pulls and the rests between them
