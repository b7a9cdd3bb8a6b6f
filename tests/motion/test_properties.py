"""Invariants: the count does not depend on frame rate, scale, position, mirroring, noise."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from upright.catalog import KEYPOINT_NAMES, get_exercise
from upright.motion import Landmarks, analyze

BIRD = get_exercise("bird_dog")
SWAP = [
    KEYPOINT_NAMES.index(n.replace("left", "@").replace("right", "left").replace("@", "right"))
    for n in KEYPOINT_NAMES
]
PROPS = settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _plan(synth, n_left, n_right):
    return synth.Plan([("left", 1.0, 3.0)] * n_left + [("right", 1.0, 3.0)] * n_right)


@PROPS
@given(fps=st.floats(24, 60), n=st.integers(1, 4), space=st.sampled_from(["world", "image"]))
def test_count_unchanged_by_frame_rate(synth, fps, n, space):
    a = analyze(synth.bird_dog(_plan(synth, n, 1), fps=fps, space=space), BIRD)
    assert a.reps_per_side() == {"left": n, "right": 1}


@PROPS
@given(scale=st.floats(0.3, 3.0), dx=st.floats(-200, 200), dy=st.floats(-100, 100))
def test_count_unchanged_by_scale_and_translation(synth, scale, dx, dy):
    lm = synth.bird_dog(_plan(synth, 2, 2), space="image")
    img = lm.image.copy()
    img[..., :2] = img[..., :2] * scale + np.array([dx, dy])
    moved = Landmarks.create(img, fps=lm.fps, width=2000, height=2000)
    assert analyze(moved, BIRD).reps_per_side() == {"left": 2, "right": 2}


@PROPS
@given(
    n_left=st.integers(1, 3), n_right=st.integers(0, 2), space=st.sampled_from(["world", "image"])
)
def test_mirroring_swaps_sides(synth, n_left, n_right, space):
    lm = synth.bird_dog(_plan(synth, n_left, n_right), space=space)
    img, wld = lm.image[:, SWAP].copy(), lm.world[:, SWAP].copy()
    img[..., 0] = lm.width - img[..., 0]
    wld[..., 0] = -wld[..., 0]
    mirrored = Landmarks(img, wld, lm.visibility[:, SWAP], lm.t, lm.fps, lm.width, lm.height)
    want = {k: v for k, v in (("right", n_left), ("left", n_right)) if v}
    assert analyze(mirrored, BIRD).reps_per_side() == want


@PROPS
@given(noise=st.floats(0.0, 0.006), seed=st.integers(0, 1000))
def test_count_unchanged_by_small_noise(synth, noise, seed):
    lm = synth.bird_dog(_plan(synth, 3, 2), noise_m=noise, seed=seed)
    assert analyze(lm, BIRD).reps_per_side() == {"left": 3, "right": 2}


@PROPS
@given(twist=st.floats(0, 30))
def test_pelvis_fault_iff_above_threshold(synth, twist):
    plan = synth.Plan([("left", 1.0, 3.0)], faults={"pelvis_twist": twist})
    found = [
        f for f in analyze(synth.bird_dog(plan), BIRD).all_faults() if f.rule == "pelvis_twist"
    ]
    if twist > 11:
        assert len(found) == 1
    elif twist < 9:
        assert not found
