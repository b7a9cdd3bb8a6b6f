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

PHONE = [
    ("one_arm_dumbbell_row", "back_left", "image", PORTRAIT, 55853, "stretch_bottom", 3),
    ("one_arm_dumbbell_row", "back_left", "blazepose", PORTRAIT, 56628, "tempo_raise", 4),
    ("chest_supported_row", "back_left", "blazepose", PORTRAIT, 44213, "full_pull", 1),
    ("bent_over_row", "back_left", "blazepose", PORTRAIT, 38004, "stretch_bottom", 0),
]
# A seated cable row whose far arm reads bent on every frame: only the near arm is seen
# reaching forward (`front_signal.elbow_falls`, `wrist_rise_flexion`).
CABLE = [
    ("seated_cable_row", "front_right", "blazepose", PORTRAIT, 33349, "stretch_bottom", 4),
    ("seated_cable_row", "back_left", "image", {"fps": 60.0}, 30924, "stretch_bottom", 4),
]


@pytest.mark.parametrize(
    ("exercise", "view", "points", "more", "seed", "fault", "rep"), PHONE + CABLE
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
