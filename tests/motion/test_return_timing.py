"""The return is timed whole, from leaving the top to settling at the bottom.

A rep signal with a known return (elbow flexion of a row: 15 deg at rest, 100 at the
top, 2 deg of noise) is timed by `TempoReader.timing`; the return's duration is the
time from the last frame at the top to the first frame at rest.
"""

from __future__ import annotations

import numpy as np
import pytest

from upright.catalog import get_exercise
from upright.motion.robust import odd_frames, rolling_median
from upright.motion.tempo import TempoReader, Window

FPS = 30.0


def _min_jerk(s: np.ndarray) -> np.ndarray:
    s = np.clip(s, 0.0, 1.0)
    return 10 * s**3 - 15 * s**4 + 6 * s**5


def _timed_return(profile, seconds: float, seed: int) -> float:
    """The return duration read on one rep whose return follows ``profile`` (0..1)."""
    ex = get_exercise("bent_over_row")
    reader = TempoReader(ex, fps=FPS, zone=ex.rep.peak_zone)
    t = np.arange(0.0, 4.5 + seconds + 1.5, 1.0 / FPS)
    v = np.full(len(t), 15.0)
    up = (t >= 1.5) & (t < 2.5)
    v[up] = 15.0 + 85.0 * _min_jerk(t[up] - 1.5)
    v[(t >= 2.5) & (t < 3.0)] = 100.0
    down = (t >= 3.0) & (t < 3.0 + seconds)
    v[down] = 100.0 - 85.0 * profile((t[down] - 3.0) / seconds)
    v += np.random.default_rng(seed).normal(0.0, 2.0, len(v))
    sm = rolling_median(v, odd_frames(0.4, FPS))
    top = sm >= 100.0 - reader.zone
    z0, z1 = int(np.argmax(top)), len(sm) - 1 - int(np.argmax(top[::-1]))
    w = Window(0, z0, int(np.argmax(sm)), z1, len(v) - 1, len(v) - 1)
    return reader.timing(sm, t, w).down


@pytest.mark.parametrize("seconds", [0.6, 1.0, 1.5, 2.0])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_a_smooth_return_is_timed_whole(seconds, seed):
    assert _timed_return(_min_jerk, seconds, seed) == pytest.approx(seconds, rel=0.06)


@pytest.mark.parametrize("seconds", [1.0, 1.5])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_a_return_with_a_long_settle_is_timed_whole(seconds, seed):
    """Quick from the top, slow into the stretch: the settle is part of the return."""
    got = _timed_return(lambda s: _min_jerk(s**0.6), seconds, seed)
    assert got == pytest.approx(seconds, rel=0.12)
