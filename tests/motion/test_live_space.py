"""Live analysis reads the space, and counts the reps, that the file analysis does.

`analyze` reads world points only when `upright.motion.depth.depth_trusted` trusts their
depth, and counts a row or arm raise seen from in front or behind with image points by
the rise in the picture. `LiveAnalyzer` decides the same on the set's first frames and
counts as the file does, fed frame by frame or in batches (sim sets of the conditions
grid in bench/sim_accuracy.py: image points only, and BlazePose-like squeezed depth).
"""

from __future__ import annotations

import pytest

from upright.catalog import get_exercise
from upright.motion import LiveAnalyzer, analyze
from upright.motion.landmarks import Landmarks
from upright.sim import simulate


def _sim(ex_id: str, view: str, points: str) -> Landmarks:
    sim = simulate(ex_id, reps=3, view=view, noise_px=1.0, dropout_rate=0.02, seed=7, points=points)
    return sim.landmarks


def _live(ex_id: str, lm: Landmarks, batch: int) -> tuple[LiveAnalyzer, int]:
    live = LiveAnalyzer(get_exercise(ex_id), lm.fps, lm.width, lm.height)
    events = []
    for a in range(0, len(lm), batch):
        for i in range(a, min(a + batch, len(lm))):
            live.add(float(lm.t[i]), lm.image[i], lm.world[i], lm.visibility[i])
        events += live.advance()
    events += live.finish()
    return live, sum(e.kind == "rep_counted" for e in events)


@pytest.mark.parametrize(
    ("ex_id", "view", "points"),
    [
        ("bent_over_row", "front", "image"),  # the wrist's rise
        ("chest_supported_row", "front", "image"),
        ("y_raise", "front", "image"),  # the elbow's rise
        ("bird_dog_line", "front", "image"),
        ("seated_cable_row", "back_right", "blazepose"),  # squeezed depth set aside
        ("bird_dog", "front", "blazepose"),  # squeezed only once an arm swings forward
        ("y_raise", "back_right", "blazepose"),
    ],
)
def test_live_counts_what_the_file_counts_from_in_front_or_behind(
    ex_id: str, view: str, points: str
) -> None:
    lm = _sim(ex_id, view, points)
    whole = analyze(lm, get_exercise(ex_id))
    assert whole.summary["space"] == "image"
    for batch in (1, 9):
        live, counted = _live(ex_id, lm, batch)
        assert live._space == "image"
        assert counted == len(whole.reps), batch


def test_live_reads_trusted_depth_as_the_file_does() -> None:
    lm = _sim("bent_over_row", "side", "blazepose")
    whole = analyze(lm, get_exercise("bent_over_row"))
    live, counted = _live("bent_over_row", lm, 1)
    assert whole.summary["space"] == live._space == "world"
    assert counted == len(whole.reps) == 3
