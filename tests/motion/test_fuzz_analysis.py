"""Fuzzing the analyser with broken simulated sets: it always answers, never raises.

Each case takes a clean simulated set (`upright.sim.simulate`) and breaks it the way
real files are broken: the tail cut anywhere (a rep ending on the last frame), stretches
where no person was found (all NaN), frames dropped down to one frame per rep, and
single-frame spikes to a rep's peak. The analysis must come back JSON-ready and sane.
"""

from __future__ import annotations

import json
from functools import cache

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from upright.catalog import get_exercise
from upright.motion import Landmarks, analyze
from upright.sim import simulate

FUZZ = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
EXERCISES = ["bent_over_row", "one_arm_one_leg_cable_row", "y_raise", "bird_dog", "generic"]
SPACES = ["world", "image"]


@cache
def _set(exercise: str) -> tuple[Landmarks, int]:
    """A clean set of ``exercise`` (generic: a bent-over row) and its true rep count."""
    ex = "bent_over_row" if exercise == "generic" else exercise
    sim = simulate(ex, reps=2, view="45", noise_px=0.5, seed=7)
    return sim.landmarks, len(sim.truth.reps)


def _landmarks(lm: Landmarks, keep: np.ndarray, shown: np.ndarray, space: str) -> Landmarks:
    """Frames at times ``lm.t[keep]`` showing frames ``shown`` of ``lm`` (-1: nobody)."""
    gone = shown < 0
    image, world, vis = (
        x[np.where(gone, 0, shown)].copy() for x in (lm.image, lm.world, lm.visibility)
    )
    image[gone], world[gone], vis[gone] = np.nan, np.nan, 0.0
    if space == "image":
        world[:] = np.nan
    return Landmarks(image, world, vis, lm.t[keep], lm.fps, lm.width, lm.height)


def _check(lm: Landmarks, exercise: str, most: int) -> None:
    a = analyze(lm, get_exercise(exercise))
    json.dumps(a.to_dict(), allow_nan=False)
    assert len(a.reps) <= most
    for r in a.reps:
        assert lm.t[0] - 1e-6 <= r.start <= r.end <= lm.t[-1] + 1e-6


@FUZZ
@given(
    exercise=st.sampled_from(EXERCISES),
    space=st.sampled_from(SPACES),
    share=st.floats(0.05, 1.0),
)
def test_any_truncated_tail(exercise, space, share):
    lm, n = _set(exercise)
    keep = np.arange(max(2, round(share * len(lm.t))))
    _check(_landmarks(lm, keep, keep, space), exercise, n)


@FUZZ
@given(
    exercise=st.sampled_from(EXERCISES),
    space=st.sampled_from(SPACES),
    stretches=st.lists(st.tuples(st.floats(0.0, 1.0), st.integers(1, 90)), max_size=4),
)
def test_all_nan_stretches(exercise, space, stretches):
    lm, n = _set(exercise)
    keep = np.arange(len(lm.t))
    shown = keep.copy()
    for at, length in stretches:
        a = round(at * (len(keep) - 1))
        shown[a : a + length] = -1
    _check(_landmarks(lm, keep, shown, space), exercise, 2 * n + 2)


@FUZZ
@given(
    exercise=st.sampled_from(EXERCISES), space=st.sampled_from(SPACES), stride=st.integers(8, 60)
)
def test_frames_dropped_to_single_frame_reps(exercise, space, stride):
    """Every ``stride``-th frame only (times kept): a rep spans one or two frames."""
    lm, n = _set(exercise)
    keep = np.arange(0, len(lm.t), stride)
    _check(_landmarks(lm, keep, keep, space), exercise, n)


@FUZZ
@given(
    exercise=st.sampled_from(EXERCISES),
    space=st.sampled_from(SPACES),
    spikes=st.lists(st.tuples(st.floats(0.0, 1.0), st.floats(0.0, 1.0)), min_size=1, max_size=5),
)
def test_single_frame_spikes(exercise, space, spikes):
    """One frame copied from anywhere in the set (a peak among rest): no extra crash."""
    lm, n = _set(exercise)
    keep = np.arange(len(lm.t))
    shown = keep.copy()
    for dst, src in spikes:
        shown[round(dst * (len(keep) - 1))] = round(src * (len(keep) - 1))
    _check(_landmarks(lm, keep, shown, space), exercise, n + len(spikes))
