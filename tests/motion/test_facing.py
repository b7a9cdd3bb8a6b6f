"""The chest side and the view, from cues that agree over the whole set.

Sets from `upright.sim.simulate`, edited (`sim_edit`): the athlete stands with the arms
hanging a little behind the body, bends over fast and rows at once, seen from cameras
all round them, with world landmarks and with image points only.
"""

from __future__ import annotations

import functools

import numpy as np
import pytest

from upright.catalog import get_exercise
from upright.motion.analyze import analyze
from upright.motion.body import make_baseline, mid
from upright.motion.facing import facing_sign
from upright.motion.measures import trunk_lean_back
from upright.motion.preprocess import tracks
from upright.sim import simulate

from .sim_edit import arms_back, observe_again, quick_start, turn

UP = np.array([0.0, -1.0, 0.0])
# Turns of a left-side camera (azimuth 90: 0 in front, 90 on the athlete's left) and the
# view they give, as a person names it.
TURNS = {
    0: "left",
    180: "right",
    90: "back",
    -90: "front",
    -70: "front-left oblique",  # 20 deg off the front, like a phone propped up in front
    -110: "front-right oblique",
    65: "back-left oblique",  # 25 deg off the back
    115: "back-right oblique",
    -45: "front-left oblique",
    -135: "front-right oblique",
}


@functools.cache
def _standing_start(exercise: str, seed: int):
    """The simulated set and its frames with the quick start, made once: every turn and
    space of a test edits the same set (read only), 44 tests from 3 sets."""
    sim = simulate(exercise, reps=3, view="side_left", noise_px=1.0, seed=seed)
    return sim, quick_start(sim)


def _set(exercise: str, deg: float, space: str, seed: int = 0):
    """An edited set (see module doc), its true forward at the start, its first rep frame."""
    sim, frames = _standing_start(exercise, seed)
    world = turn(sim.clean_world[frames], deg)
    first = int(np.searchsorted(sim.landmarks.t[frames], sim.truth.reps[0].start))
    world = arms_back(world, first, 0.03)
    hip = world[0, 24] - world[0, 23]  # right hip - left hip
    forward = np.cross(UP, hip)
    lm = observe_again(sim, world, frames, space, seed=seed)
    return lm, forward / np.linalg.norm(forward), first


@pytest.mark.parametrize("space", ["world", "image"])
@pytest.mark.parametrize("deg", [0, 180, 65, 115, -45, -135])
@pytest.mark.parametrize("exercise", ["bent_over_row", "one_arm_one_leg_cable_row"])
def test_the_chest_side_is_the_sets_not_the_standing_frames(exercise, deg, space):
    """Arms hanging behind a standing trunk point the wrong way; the set's cues do not."""
    ex = get_exercise(exercise)
    lm, forward, first = _set(exercise, deg, space)
    planar = space == "image"
    pts = tracks(lm, ex.rep, space).pts
    want = forward if not planar else np.array([np.sign(forward[0]), 0.0, 0.0])
    if planar and abs(forward[0]) < 0.3:
        pytest.skip("straight on: the chest faces the camera, no side in the picture")
    standing = pts[5:30]
    guessed = make_baseline(standing, planar)  # the old way: from these frames alone
    assert float(np.dot(guessed.ventral, want)) < 0, "the edit no longer fools a guess"
    facing = facing_sign(pts, planar)
    base = make_baseline(standing, planar, facing)
    assert float(np.dot(base.ventral, want)) > 0.5
    # in the working position the trunk leans forward of standing (negative), by the
    # angle between the two trunk lines
    working = pts[first - 3 : first]
    trunk = np.nanmean(mid(working, "shoulder") - mid(working, "hip"), axis=0)
    bend = np.degrees(np.arccos(np.dot(trunk, base.trunk) / np.linalg.norm(trunk)))
    lean = float(np.nanmedian(trunk_lean_back(working, "both", base, planar)))
    assert lean == pytest.approx(-bend, abs=3.0)
    if exercise == "bent_over_row":  # bent well over: read with the guess, it leans back
        assert bend > 20.0
        assert float(np.nanmedian(trunk_lean_back(working, "both", guessed, planar))) > 20.0


@pytest.mark.parametrize("space", ["world", "image"])
@pytest.mark.parametrize("deg", sorted(TURNS))
def test_views_are_named_from_where_the_camera_stands(deg, space):
    lm, _, _ = _set("bent_over_row", deg, space, seed=1)
    a = analyze(lm, get_exercise("bent_over_row"))
    want = TURNS[deg]
    assert a.view == want
    assert not any("the oblique" in w for w in a.warnings)
    if want in ("front", "back"):  # the exercise is filmed from the side
        phrase = "from the front" if want == "front" else "from behind"
        assert any(f"filmed {phrase};" in w for w in a.warnings), a.warnings
