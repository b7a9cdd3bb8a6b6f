"""The live analyser fed in batches gives the events it gives frame by frame.

A web client sends several landmark rows a message; `LiveAnalyzer.add` takes each row and
`advance` analyses them in one pass. The events must be the same ones, in the same order,
as `push` after every row, and the analyser must not keep the whole set in memory.
"""

from __future__ import annotations

import pytest

from testkit import live_events
from upright.catalog import get_exercise
from upright.motion import LiveAnalyzer
from upright.sim import simulate


def _per_row(ex_id: str, lm) -> list:
    return live_events(get_exercise(ex_id), lm)


@pytest.mark.parametrize(("ex_id", "batch"), [("y_raise", 3), ("bird_dog", 7), ("y_raise", 40)])
def test_batches_give_the_same_events_as_single_rows(ex_id: str, batch: int) -> None:
    sim = simulate(ex_id, reps=2, noise_px=2.0, dropout_rate=0.05, seed=4)
    lm = sim.landmarks
    live = LiveAnalyzer(get_exercise(ex_id), lm.fps, lm.width, lm.height)
    events = []
    for a in range(0, len(lm), batch):
        for i in range(a, min(a + batch, len(lm))):
            live.add(float(lm.t[i]), lm.image[i], lm.world[i], lm.visibility[i])
        events += live.advance()
    events += live.finish()
    want = _per_row(ex_id, lm)
    assert [e.kind for e in want].count("rep_counted") == len(sim.truth.reps)
    assert events == want


def test_the_analyser_keeps_only_the_rows_its_window_needs() -> None:
    lm = simulate("y_raise", reps=3, seed=1).landmarks
    live = LiveAnalyzer(get_exercise("y_raise"), lm.fps, lm.width, lm.height)
    kept = []
    for i in range(len(lm)):
        live.push(float(lm.t[i]), lm.image[i], lm.world[i], lm.visibility[i])
        kept.append(len(live._raw))
    assert len(lm) > 300
    assert max(kept) <= 3 * live.lag + 2  # the cleaning window, not the set
    assert kept[-1] == kept[len(lm) // 2]  # flat once the window is full


@pytest.mark.parametrize("fps", [15.0, 30.0, 60.0])
def test_cleaning_the_rows_asked_for_gives_the_whole_window_s_numbers(fps: float) -> None:
    """`LiveAnalyzer._clean` cleans only the rows a frame's cleaning reads: the values
    are those of gap filling and smoothing the whole window kept, bit for bit (gaps short
    and long, rows at either end, times with jitter and out of order)."""
    import numpy as np

    from upright.motion.preprocess import fill_gaps, smooth

    live = LiveAnalyzer(get_exercise("bird_dog"), fps)
    gap = live.exercise.rep.max_gap_s
    rng = np.random.default_rng(11)
    for case in range(400):
        n = int(rng.integers(1, 100))
        pts = rng.normal(size=(n, 33, 3))
        pts[rng.random((n, 33)) < rng.choice([0.0, 0.05, 0.3, 0.7])] = np.nan
        t = 5.0 + np.arange(n) / fps + (rng.normal(size=n) * 0.01 if case % 3 == 0 else 0.0)
        k0 = int(rng.integers(0, n))
        k1 = int(rng.integers(k0 + 1, n + 1))
        whole = smooth(fill_gaps(pts, t, gap), live._smooth)[k0:k1]
        assert np.array_equal(live._clean(pts, t, k0, k1), whole, equal_nan=True), case
