"""The generic counter on movements it was not written for: arm raises, squats, jacks.

Each recording is built from `pose()` (conftest.py) with a known number of reps, random
tempo (0.8-2.5 s a rep), pauses, a rest between sets, noise and dropped frames.
"""

from __future__ import annotations

import numpy as np
import pytest

from upright.catalog import get_exercise
from upright.motion import Landmarks, analyze

GENERIC = get_exercise("generic")


def _excursion(sets, fps, rng, partial_at=()):
    """0..1 per frame: ``sets`` of reps with random tempo; rest 4-8 s between sets."""
    xs = [np.zeros(int(rng.uniform(1, 3) * fps))]
    k = 0
    for n in sets:
        for _ in range(n):
            up, down = rng.uniform(0.4, 1.2), rng.uniform(0.4, 1.3)
            top = 0.3 if k in partial_at else rng.uniform(0.85, 1.0)
            u = np.linspace(0, 1, int(up * fps))
            d = np.linspace(0, 1, int(down * fps))
            xs += [
                top * (0.5 - 0.5 * np.cos(np.pi * u)),
                np.full(int(rng.uniform(0, 0.4) * fps), top),
                top * (0.5 + 0.5 * np.cos(np.pi * d)),
                np.zeros(int(rng.uniform(0, 0.5) * fps)),
            ]
            k += 1
        xs.append(np.zeros(int(rng.uniform(4, 8) * fps)))
    return np.concatenate(xs)


def _movement(kind, e):
    if kind == "front_raise":
        return dict(arm=(10 + 150 * e, 10 + 150 * e), hip=(180, 180), knee=(0, 0), pitch_deg=-90)
    if kind == "squat":
        return dict(
            arm=(90, 90),
            hip=(180 - 90 * e, 180 - 90 * e),
            knee=(100 * e, 100 * e),
            pitch_deg=-90 + 30 * e,
        )
    if kind == "pushup":
        return dict(
            arm=(90 - 10 * e, 90 - 10 * e),
            elbow=(90 * e, 90 * e),
            hip=(178, 178),
            knee=(0, 0),
            pitch_deg=10 * e,
        )
    return dict(
        arm=(10 + 160 * e, 10 + 160 * e), hip=(180, 180), knee=(0, 0), pitch_deg=-90
    )  # jumping jack seen side-on: the arms sweep


def _recording(synth, kind, sets, fps=30.0, seed=0, drop_rate=0.0, normalise=False, partial_at=()):
    rng = np.random.default_rng(seed)
    e = _excursion(sets, fps, rng, partial_at)
    world = np.array([synth.pose(**_movement(kind, x)) for x in e])
    drop = rng.random(world.shape[:2]) < drop_rate if drop_rate else None
    lm = synth.to_landmarks(world, fps, space="image", noise_m=0.004, seed=seed, drop=drop)
    if normalise:  # coordinates 0..1 of the frame, as some tools write them
        img = lm.image.copy()
        img[..., 0] /= lm.width
        img[..., 1] /= lm.height
        lm = Landmarks.create(img, visibility=lm.visibility, fps=fps, width=1, height=1)
    return lm


@pytest.mark.parametrize("kind", ["front_raise", "squat", "pushup", "jack"])
@pytest.mark.parametrize("sets", [[1], [6], [10, 8]])
def test_counts_repeated_movements(synth, kind, sets):
    lm = _recording(synth, kind, sets, seed=len(sets) * 7 + sum(sets))
    assert len(analyze(lm, GENERIC).reps) == sum(sets)


def test_hundred_reps(synth):
    lm = _recording(synth, "squat", [50, 50], fps=24.0, seed=5)
    assert len(analyze(lm, GENERIC).reps) == 100


def test_dropped_frames_normalised_coordinates_and_other_fps(synth):
    lm = _recording(synth, "front_raise", [8], fps=60.0, seed=2, drop_rate=0.15, normalise=True)
    assert len(analyze(lm, GENERIC).reps) == 8


def test_partial_rep_reported_not_counted(synth):
    lm = _recording(synth, "front_raise", [7], seed=4, partial_at=(3,))
    a = analyze(lm, GENERIC)
    assert len(a.reps) == 6
    assert len(a.not_counted) == 1 and "partial" in a.not_counted[0].reason


def test_standing_still_counts_nothing(synth):
    lm = _recording(synth, "squat", [], seed=1)
    a = analyze(lm, GENERIC)
    assert a.reps == () and "no repeated movement" in a.warnings[0]
