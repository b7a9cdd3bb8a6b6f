"""Reps hidden by a short loss of the body mid-set are counted from the rhythm; rests are not."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))

from generic_body import Errors  # noqa: E402
from generic_motions import Case, make  # noqa: E402

from upright.catalog import get_exercise  # noqa: E402
from upright.motion import Landmarks, analyze  # noqa: E402
from upright.motion.generic import count_generic  # noqa: E402
from upright.motion.generic_unseen import unseen_reps  # noqa: E402


def _mask(n: int, *runs: tuple[int, int]) -> np.ndarray:
    m = np.zeros(n, dtype=bool)
    for a, b in runs:
        m[a:b] = True
    return m


def test_one_rep_lost_in_a_regular_set_is_found():
    # Peaks every 30 frames; the one at 150 fell in frames 135-165, which were lost.
    peaks = np.array([0, 30, 60, 90, 120, 180, 210, 240])
    found = unseen_reps(peaks, _mask(300, (135, 165)))
    assert [(u.after, u.n, u.start, u.end) for u in found] == [(4, 1, 135, 164)]


def test_two_reps_lost_are_found_but_not_three():
    peaks = np.array([0, 30, 60, 90, 180, 210, 240])
    assert [u.n for u in unseen_reps(peaks, _mask(300, (100, 170)))] == [2]
    peaks = np.array([0, 30, 60, 90, 210, 240, 270])
    assert unseen_reps(peaks, _mask(300, (100, 200))) == []


def test_rest_between_sets_out_of_view_adds_nothing():
    # Two sets 3.3 periods apart (not a whole number) and a gap seen whole: no reps.
    peaks = np.array([0, 30, 60, 90, 190, 220, 250])
    assert unseen_reps(peaks, _mask(300, (100, 180))) == []
    peaks = np.array([0, 30, 60, 90, 150, 180, 210])
    assert unseen_reps(peaks, _mask(300)) == []


def test_irregular_gaps_give_no_period():
    # Peaks that alternate short and long gaps do not show one rhythm: nothing inferred.
    peaks = np.array([0, 12, 43, 55, 77])
    assert unseen_reps(peaks, _mask(100, (56, 72))) == []


def test_counter_counts_a_rep_hidden_by_a_dropout():
    case = Case(kind="squat", sets=(12,), seed=6, tempo_s=1.6, view_deg=90.0, errors=Errors())
    rec = make(case)
    lm = rec.landmarks
    a, b = rec.reps[6]
    lost = (lm.t > a + 0.05) & (lm.t < b - 0.05)  # the whole 7th rep out of view
    img = lm.image.copy()
    img[lost] = np.nan
    vis = lm.visibility.copy()
    vis[lost] = 0.0
    hidden = Landmarks.create(
        img, visibility=vis, t=lm.t, fps=lm.fps, width=lm.width, height=lm.height
    )
    assert len(count_generic(lm).reps) == 12
    res = count_generic(hidden)
    assert len(res.reps) == 12
    assert len(res.unseen) == 1 and a - 0.5 < res.reps[res.unseen[0] - 1].start < b
    # The analysis tells the runner which rep was inferred and when.
    (warning,) = (w for w in analyze(hidden, get_exercise("generic")).warnings if "sight" in w)
    assert f"#{res.unseen[0]} at " in warning, warning
