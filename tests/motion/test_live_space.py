"""Live analysis reads the space, and counts the reps, that the file analysis does.

`analyze` reads world points only when `upright.motion.depth.depth_trusted` trusts their
depth, and counts a row or arm raise seen from in front or behind with image points by
the rise in the picture. `LiveAnalyzer` decides the same on the set's first frames and
counts as the file does, fed frame by frame or in batches (sim sets of the conditions
grid in bench/sim_accuracy.py: image points only, and BlazePose-like squeezed depth).
A set counted by the rise in the picture reads its levels (lengths, rest, reach) on the
frames so far once they have shown them, so its events are not held back.
"""

from __future__ import annotations

from typing import Any

import pytest

from upright.catalog import get_exercise
from upright.motion import LiveAnalyzer, analyze
from upright.motion.analyze import run_engine
from upright.motion.events import MotionEvent
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


def _sim_set(ex_id: str, view: str, points: str, **more: Any) -> Landmarks:
    sim = simulate(
        ex_id, reps=5, view=view, noise_px=1.0, dropout_rate=0.02, seed=7, points=points, **more
    )
    return sim.landmarks


@pytest.mark.parametrize(
    ("ex_id", "view", "points", "more"),
    [
        # a cable row reaches at rest: its reach is only known once a pull has shown it
        ("seated_cable_row", "front", "image", {}),
        ("seated_cable_row", "back", "image", {"pause": "top:1.2"}),
        ("seated_cable_row", "front_right", "blazepose", {"lift": True}),
        ("seated_cable_row", "back_left", "image", {"pause": "bottom:1.5"}),
        # one arm at a time: the resting arm has no levels until its turn
        ("one_arm_one_leg_cable_row", "front", "image", {}),
        ("one_arm_one_leg_cable_row", "front_left", "blazepose", {"lift": True}),
        ("one_arm_dumbbell_row", "front", "image", {"pause": "top:1.2"}),
        ("bent_over_row", "back_right", "image", {"lift": True}),
    ],
)
def test_live_counts_a_rise_counted_set_as_the_file_does(
    ex_id: str, view: str, points: str, more: dict[str, Any]
) -> None:
    lm = _sim_set(ex_id, view, points, **more)
    ex = get_exercise(ex_id)
    engine, _ = run_engine(lm, ex)
    assert engine.wrist_rise
    for batch in (1, 7):
        live, counted = _live(ex_id, lm, batch)
        assert live._engine is not None and live._engine.wrist_rise
        assert counted == len(engine.reps), batch


@pytest.mark.parametrize(
    ("ex_id", "view"),
    [
        ("seated_cable_row", "front"),
        # from behind at an angle the hand rests well above the catalog's rest between reps
        ("bent_over_row", "back_left"),
    ],
)
def test_a_rise_counted_rep_is_told_within_2_s_of_its_end(ex_id: str, view: str) -> None:
    """A rep ends when the machines close it, as from any view: its return and the settle
    time after it (`upright.motion.reps.SETTLE_S`), or the next rep's start (the event's
    ``t``). Live, the event comes less than 2 s later, from the second rep on; the first
    comes once the second has shown the set's levels, less than 2 s after that one ends.
    """
    lm = _sim_set(ex_id, view, "image")
    live = LiveAnalyzer(get_exercise(ex_id), lm.fps, lm.width, lm.height)
    told: list[tuple[float, MotionEvent]] = []
    for i in range(len(lm)):
        events = live.push(float(lm.t[i]), lm.image[i], lm.world[i], lm.visibility[i])
        told += [(float(lm.t[i]), e) for e in events if e.kind == "rep_counted"]
    assert len(told) == 5
    assert live._engine is not None and live._engine.wrist_rise
    late = [round(at - e.t, 2) for at, e in told[1:]]
    assert max(late) < 2.0, late
    first_at, second = told[0][0], told[1][1]
    assert second.rep is not None
    assert first_at - second.rep.end < 2.0


@pytest.mark.parametrize("ex_id", ["seated_cable_row", "bent_over_row"])
def test_a_set_planned_as_one_rep_is_counted_before_it_ends(ex_id: str) -> None:
    """Two movements show a set's levels; a set of one shows them in its one rep."""
    sim = simulate(ex_id, reps=1, view="back", points="image", noise_px=1.0, seed=7)
    lm = sim.landmarks
    counted = {}
    for reps in (None, 1):
        live = LiveAnalyzer(get_exercise(ex_id), lm.fps, lm.width, lm.height, reps=reps)
        events = []
        for i in range(len(lm)):
            events += live.push(float(lm.t[i]), lm.image[i], lm.world[i], lm.visibility[i])
        assert live._engine is not None and live._engine.wrist_rise
        counted[reps] = sum(e.kind == "rep_counted" for e in events)
    assert counted == {None: 0, 1: 1}  # without the plan, the one rep waits for the end
