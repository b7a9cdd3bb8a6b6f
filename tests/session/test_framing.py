"""Set-up help: what the runner is told before a live set, from landmark rows.

The rows are a simulated person kneeling on all fours for the bird dog (`upright.sim`),
seen side-on by a 1280x720 camera during the still set-up; the cases move the picture's
frame or turn the view so the right advice is known in advance.
"""

from __future__ import annotations

import numpy as np
import pytest

from upright.catalog import KEYPOINT_INDEX
from upright.session.framing import FramingCheck, missing_parts

sim = pytest.importorskip("upright.sim")


@pytest.fixture(scope="module")
def still_rows():
    """One second of rows from the simulated bird-dog set-up (the person kneels still)."""
    result = sim.simulate("bird_dog", reps=1, view="side", seed=3, noise_px=0.5)
    lm, truth = result.landmarks, result.truth
    a, b = truth.setup
    idx = np.flatnonzero((lm.t >= a) & (lm.t <= b))
    assert len(idx) >= 20, "the simulated set-up should last more than two thirds of a second"
    return lm, idx


def run(check: FramingCheck, lm, idx, shift_px=(0.0, 0.0), width=None, height=None):
    out = None
    for i in idx:
        image = lm.image[i].copy()
        image[:, 0] += shift_px[0]
        image[:, 1] += shift_px[1]
        out = check.update(
            float(lm.t[i]),
            image,
            lm.world[i],
            lm.visibility[i],
            width or lm.width,
            height or lm.height,
        )
    return out


def test_whole_body_side_on_and_still_gets_the_green_light(still_rows) -> None:
    lm, idx = still_rows
    framing = run(FramingCheck("side"), lm, idx)
    assert framing.status == "ready" and framing.green
    assert framing.view == "side"


def test_feet_out_of_the_picture_means_step_back(still_rows) -> None:
    lm, idx = still_rows
    pts = lm.image[idx]
    feet_names = ("left_ankle", "right_ankle", "left_heel", "right_heel", "left_foot_index")
    feet_x = pts[:, [KEYPOINT_INDEX[n] for n in feet_names], 0]
    knees_x = pts[:, [KEYPOINT_INDEX["left_knee"], KEYPOINT_INDEX["right_knee"]], 0]
    # on all fours, side-on, the feet lie beyond the knees: end the picture between them
    if np.nanmean(feet_x) > np.nanmean(knees_x):
        cut = 0.5 * (np.nanmax(knees_x) + np.nanmin(feet_x))
        framing = run(FramingCheck("side"), lm, idx, width=int(cut))
    else:
        cut = 0.5 * (np.nanmax(feet_x) + np.nanmin(knees_x))
        framing = run(FramingCheck("side"), lm, idx, shift_px=(-cut, 0.0))
    assert framing.status == "out_of_frame"
    assert framing.missing == ("feet",)
    assert "feet" in framing.message and framing.message.startswith("Step back")


def test_a_face_on_view_for_a_side_on_exercise_means_turn(still_rows) -> None:
    lm, idx = still_rows
    front = sim.simulate("bird_dog", reps=1, view="front", seed=3, noise_px=0.5).landmarks
    a = np.flatnonzero(np.isfinite(front.image[:, 0, 0]))[:30]
    framing = run(FramingCheck("side"), front, a)
    assert framing.status == "turn" and framing.view == "front"
    assert framing.message == "Turn side-on to the camera."
    assert run(FramingCheck("any"), lm, idx).status == "ready"


def test_moving_about_is_not_steady(still_rows) -> None:
    lm, idx = still_rows
    check = FramingCheck("side")
    framing = None
    for k, i in enumerate(idx):
        image = lm.image[i].copy()
        image[:, 0] += 8.0 * k  # sliding across the picture, 8 px a frame
        framing = check.update(float(lm.t[i]), image, lm.world[i], lm.visibility[i], 4000, 720)
    assert framing is not None and framing.status == "steady"


def test_no_person_and_every_part_missing() -> None:
    check = FramingCheck("side")
    nan = np.full((33, 3), np.nan)
    assert check.update(0.0, nan, nan, np.zeros(33), 640, 360).status == "no_person"
    far = np.full((33, 3), -50.0)
    assert missing_parts(far, np.ones(33), 640, 360) == (
        "head",
        "shoulders",
        "hips",
        "knees",
        "feet",
    )
