"""A phone across the room: the person small in the frame, 3 px of landmark noise.

bench/sim_accuracy.py's phone grid, 3 px of noise, with the camera across the room (the
person fills 25-40 % of a 720p frame) or not: a segment's length read as the 95th
percentile of its lengths in the picture came out 10-40 % long (a 27 px forearm read
38 px), so a hanging hand read a quarter of the way up to the top of a row (the start
position never read as rest: whole sets counted 0) and the rises were squashed and
shifted against the levels that start and end a rep (reps split in two).
`front_signal.seen_length` takes off what the noise adds.
"""

import numpy as np
import pytest

from testkit import grid_set
from upright.catalog import get_exercise
from upright.motion.analyze import analyze
from upright.motion.front_signal import seen_length

FAR_NOISE3 = {"fill": (0.25, 0.4), "noise_px": 3.0}


def _lengths(noise_px: float, fps: float = 30.0) -> np.ndarray:
    """A 30 px segment seen whole for 2 s, then foreshortened to 20 px for 2 s, ten times.

    The change of length takes 0.5 s each way; the noise is white, ``noise_px`` SD.
    """
    n_cycle = round(4.0 * fps)
    t = np.arange(10 * n_cycle) / fps
    phase = np.mod(t, 4.0)
    short = np.clip(np.minimum(phase - 2.0, 4.0 - phase) / 0.5 + 0.5, 0.0, 1.0)
    true = 30.0 - 10.0 * np.where(phase >= 1.75, short, 0.0)
    return true + noise_px * np.random.default_rng(3).standard_normal(t.size)


def test_clean_lengths_read_as_their_95th_percentile():
    lengths = _lengths(0.0)
    assert seen_length(lengths, 30.0) == pytest.approx(np.percentile(lengths, 95))


@pytest.mark.parametrize("fps", [15.0, 30.0, 60.0])
def test_noise_does_not_lengthen_a_segment(fps):
    lengths = _lengths(4.0, fps)
    assert np.percentile(lengths, 95) > 35.0  # what the plain percentile reads
    assert seen_length(lengths, fps) == pytest.approx(30.0, abs=1.5)


def test_lost_frames_are_left_out():
    lengths = _lengths(4.0)
    lengths[::7] = np.nan
    assert seen_length(lengths, 30.0) == pytest.approx(30.0, abs=1.5)
    assert np.isnan(seen_length(np.full(50, np.nan), 30.0))


NOISE3 = {"noise_px": 3.0}


@pytest.mark.parametrize(
    ("exercise", "view", "points", "seed", "fault", "rep", "more"),
    [
        # counted 0, 5 and 4 of 10 (the start position read as a pull under way)
        ("one_arm_dumbbell_row", "back_left", "blazepose", 56919, "pelvis_square", 1, NOISE3),
        ("one_arm_dumbbell_row", "front", "blazepose", 55366, "full_pull", 3, NOISE3),
        ("one_arm_dumbbell_row", "front_right", "image", 57694, "full_pull", 8, NOISE3),
        ("pushup_to_row", "back_left", "blazepose", 63126, "tempo_raise", 2, NOISE3),  # 12
        ("bird_dog", "front", "image", 11231, "tempo_raise", 0, FAR_NOISE3),  # 17 of 10
    ],
)
def test_reps_seen_in_the_picture_are_counted_through_3_px_of_noise(
    exercise, view, points, seed, fault, rep, more
):
    sim = grid_set(exercise, view, points, seed, fault, rep, more)
    a = analyze(sim.landmarks, get_exercise(exercise))
    assert [r.side for r in a.reps] == [r.side for r in sim.truth.reps], a.warnings


@pytest.mark.parametrize(
    ("exercise", "view", "points", "seed", "fault", "rep", "more"),
    [
        # the first one to three reps made before the start position read as steady
        ("pushup_to_row", "front_right", "image", 63902, "full_pull", 2, NOISE3),
        ("pushup_to_row", "front", "image", 60895, "plank_sag", 3, FAR_NOISE3),
        ("one_arm_dumbbell_row", "back_left", "blazepose", 56918, "trunk_still", 8, NOISE3),
        ("one_arm_dumbbell_row", "front", "image", 54688, "full_pull", 2, FAR_NOISE3),
        ("one_arm_dumbbell_row", "front", "blazepose", 55463, "stretch_bottom", 4, FAR_NOISE3),
    ],
)
def test_a_still_start_position_is_told_through_the_noise_of_the_set(
    exercise, view, points, seed, fault, rep, more
):
    sim = grid_set(exercise, view, points, seed, fault, rep, more)
    a = analyze(sim.landmarks, get_exercise(exercise))
    assert a.reps and a.reps[0].start < sim.truth.reps[0].end, a.not_counted[:3]
    assert [r.side for r in a.reps] == [r.side for r in sim.truth.reps], a.warnings


def test_the_set_up_tolerance_follows_the_noise_taken_out_of_the_signal():
    """A signal still at 20 deg whose raw values jitter +-10 deg about it (SD 14.8 from
    the median size 10): steady within 29.7 deg; with none taken out, the catalog's."""
    from upright.motion.setup import SETUP_NOISE_K, SetupDetector

    rep = get_exercise("one_arm_dumbbell_row").rep
    det = SetupDetector(rep, 30.0)
    for i in range(60):
        det.step(i, i / 30.0, (20.0,), (20.0 + (10.0 if i % 2 else -10.0),))
    assert det.noise() == pytest.approx(14.826)
    assert det.tolerance() == pytest.approx(SETUP_NOISE_K * 14.826)
    quiet = SetupDetector(rep, 30.0)
    for i in range(60):
        quiet.step(i, i / 30.0, (20.0,), (20.0,))
    assert quiet.tolerance() == rep.setup_tolerance
