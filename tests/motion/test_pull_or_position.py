"""A short pull counts; the body moving with hanging arms does not (issue 17).

Seen from in front or behind, a pull stopped short of the trunk (the ``full_pull``
fault) can read 0.55-0.6 of the person's usual pull in the picture, as high as a pull
turned back half-way. What a whole rep done short has and a rep turned back lacks: it
took the time of a whole rep, and the arm made it, the shoulders keeping still. Getting
into position, lifting the weights off the floor, standing up or putting them down raise
or lower the hands as far, but the shoulders travel with them.

Hand-made points and verdicts (`upright.motion.own_range`), then simulated sets of
bench/sim_accuracy.py's conditions grid (its seeds, and other seeds of the same cells)
that counted 4 of 5 before.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from testkit import grid_set
from upright.catalog import KEYPOINT_INDEX, get_exercise
from upright.motion import LiveAnalyzer, analyze
from upright.motion.own_range import (
    BODY_SHARE,
    OWN_FRACTION,
    OWN_HALF,
    OWN_WHOLE,
    body_share,
    short_verdict,
)
from upright.sim import FaultSpec, simulate

ROW = get_exercise("bent_over_row")  # rest 15, peak 100


def _figure(frames: int) -> np.ndarray:
    """A person seen from in front, arms hanging: shoulders 100 px above the hips.

    Image points [frames, 33, 3] (y down): shoulders at y 200, hips at 300, elbows 60
    px and wrists 120 px under the shoulders.
    """
    pts = np.zeros((frames, 33, 3))
    k = KEYPOINT_INDEX
    for side, x in (("left", 260.0), ("right", 340.0)):
        pts[:, k[f"{side}_shoulder"], :2] = (x, 200.0)
        pts[:, k[f"{side}_hip"], :2] = (x, 300.0)
        pts[:, k[f"{side}_elbow"], :2] = (x, 260.0)
        pts[:, k[f"{side}_wrist"], :2] = (x, 320.0)
    return pts


def test_a_pull_moves_the_hand_not_the_shoulders():
    # 10 frames at rest, then the wrists rise 50 px towards still shoulders
    pts = _figure(40)
    rise = np.concatenate([np.zeros(10), np.linspace(0.0, 50.0, 15), np.full(15, 50.0)])
    for side in ("left", "right"):
        pts[:, KEYPOINT_INDEX[f"{side}_wrist"], 1] -= rise
    assert body_share(pts, 10, ("left", "right"), 2) == pytest.approx(0.0)


def test_standing_up_with_hanging_arms_moves_the_shoulders_with_the_hands():
    # the whole figure rises 60 px, the wrists 10 px more (the arms straighten a little)
    pts = _figure(40)
    up = np.concatenate([np.zeros(10), np.linspace(0.0, 60.0, 30)])
    pts[:, :, 1] -= up[:, None]
    for side in ("left", "right"):
        pts[:, KEYPOINT_INDEX[f"{side}_wrist"], 1] -= up / 6.0
    share = body_share(pts, 10, ("left", "right"), 2)
    assert share >= BODY_SHARE
    assert share == pytest.approx(6.0, rel=0.05)


def test_a_body_share_of_points_never_seen_is_not_known():
    pts = _figure(20)
    pts[:, KEYPOINT_INDEX["left_shoulder"]] = np.nan
    pts[:, KEYPOINT_INDEX["right_shoulder"]] = np.nan
    assert math.isnan(body_share(pts, 5, ("left",), 2))
    still = _figure(20)  # nothing moved at all: no hand travel to compare with
    assert math.isnan(body_share(still, 5, ("left", "right"), 2))


def _verdict(top: float, took: float, body: float, rise: bool = True) -> bool | None:
    # the usual excursion 80 deg from a rest of 15, usual reps 3 s long; ``rise``: read
    # by the hand's rise in the picture
    return short_verdict(
        ROW.rep,
        "elbow",
        (top, 15.0),
        0.5,
        0.0,
        80.0,
        seconds=(took, 1.0, 3.0),
        body=body,
        rise=rise,
    ).counts


def test_a_pull_over_half_the_usual_range_counts_when_whole_and_made_by_the_arm():
    band = 15.0 + 0.5 * (OWN_HALF + OWN_FRACTION) * 80.0  # between half and 60 %
    whole = OWN_WHOLE * 3.0 + 0.1
    assert _verdict(band, whole, 0.1) is True
    # turned back early: a pull given up part-way
    assert _verdict(band, OWN_WHOLE * 3.0 - 0.3, 0.1) is False
    # the body moved (or it is not known whether the arm made it)
    assert _verdict(band, whole, BODY_SHARE + 0.1) is False
    assert _verdict(band, whole, math.nan) is False
    # under half the usual range: not a rep, however long
    assert _verdict(15.0 + (OWN_HALF - 0.05) * 80.0, 3.0, 0.1) is False
    # an elbow angle read as it is (side-on, world points) keeps them apart by height
    assert _verdict(band, whole, 0.1, rise=False) is False


def test_a_high_movement_of_the_body_is_not_a_pull_and_says_so():
    v = short_verdict(
        ROW.rep,
        "elbow",
        (70.0, 15.0),
        0.5,
        0.0,
        80.0,
        seconds=(3.0, 1.0, 3.0),
        body=1.5,
        rise=True,
    )
    assert v.counts is False
    assert "shoulders" in v.reason and "not a pull" in v.reason
    # a pull over 60 % of the usual range still counts where the arm made it, or where
    # nothing says what made it
    assert _verdict(70.0, 3.0, 0.2) is True
    assert _verdict(70.0, 3.0, math.nan) is True
    # an elbow angle read as it is bends for a pull, not for the body moving: a rep
    # whose trunk swung with the pull (trunk_still) is a rep
    assert _verdict(70.0, 3.0, 0.7, rise=False) is True


# (exercise, view, points, seed, rep with the short pull, set-up): the conditions grid's
# seeds that counted 4 of 5, the short pull left out at 0.55-0.6 of the usual range
GRID_CELLS = [
    ("bent_over_row", "back_left", "blazepose", 39688, 4, {}),
    ("bent_over_row", "front_right", "image", 38233, 1, {"lift": True}),
    ("bent_over_row", "front", "blazepose", 35323, 0, {"pause": "bottom:1.5"}),
    ("chest_supported_row", "back_right", "image", 48903, 3, {"pause": "bottom:1.5"}),
]


@pytest.mark.parametrize(("exercise", "view", "points", "seed", "rep", "more"), GRID_CELLS)
def test_a_short_pull_counts_in_the_cells_that_missed_it(exercise, view, points, seed, rep, more):
    sim = grid_set(exercise, view, points, seed, "full_pull", rep, more)
    a = analyze(sim.landmarks, get_exercise(exercise))
    assert len(a.reps) == len(sim.truth.reps) == 5, [n.reason for n in a.not_counted]
    short = sim.truth.reps[rep]
    assert any(r.start < short.end and r.end > short.start for r in a.reps)
    # lifting the weights off the floor and putting them down around the set are
    # neither reps nor listed as attempts (motion.set_edges)
    if more.get("lift"):
        first, last = a.reps[0].start, a.reps[-1].end
        assert not [n for n in a.not_counted if n.end <= first or n.start >= last]


# Other seeds of the grid's cells that counted 4 of 5 before: the short pull left out
# under 60 % of the usual range, or refused as one arm moving ("only the left elbow moved
# (48° against 0°)") when each arm was read on the rep's frames alone.
OTHER_SEEDS = [
    ("bent_over_row", "front", "image", 34741, 1, {"lift": True}),
    ("bent_over_row", "front_right", "image", 46055, 2, {}),
    ("bent_over_row", "front", "image", 50676, 0, {"pause": "top:1.2"}),
    ("bent_over_row", "back_left", "image", 47219, 2, {}),
    ("bent_over_row", "back_right", "image", 56399, 0, {"lift": True}),
    ("chest_supported_row", "back", "blazepose", 52263, 0, {}),
    ("chest_supported_row", "front", "image", 58727, 3, {"lift": True}),
    ("chest_supported_row", "back_left", "blazepose", 55949, 1, {"pause": "top:1.2"}),
]


@pytest.mark.parametrize(("exercise", "view", "points", "seed", "rep", "more"), OTHER_SEEDS)
def test_a_short_pull_counts_on_other_seeds_of_those_cells(exercise, view, points, seed, rep, more):
    sim = grid_set(exercise, view, points, seed, "full_pull", rep, more)
    a = analyze(sim.landmarks, get_exercise(exercise))
    assert len(a.reps) == len(sim.truth.reps) == 5, [n.reason for n in a.not_counted]
    assert not any("only the" in n.reason for n in a.not_counted)


# Sets with the weights lifted off the floor before and put down after, where getting
# into position (from standing to bent over) read over 60 % of a pull and counted: 6 of 5.
@pytest.mark.parametrize(("points", "seed", "rep"), [("blazepose", 50967, 2), ("image", 54071, 0)])
def test_getting_into_position_is_not_a_rep(points, seed, rep):
    view = "front" if points == "blazepose" else "front_right"
    sim = grid_set("bent_over_row", view, points, seed, "full_pull", rep, {"lift": True})
    a = analyze(sim.landmarks, ROW)
    assert len(a.reps) == len(sim.truth.reps) == 5, [n.reason for n in a.not_counted]
    into = next(w for w in sim.truth.not_reps if w[0] == "get into position")
    assert not any(r.start < into[2] and r.end > into[1] for r in a.reps)


@pytest.mark.parametrize(
    ("exercise", "view", "points", "seed", "rep", "more"), [GRID_CELLS[0], OTHER_SEEDS[2]]
)
def test_live_counts_the_short_pull_as_the_file_does(exercise, view, points, seed, rep, more):
    # live reads the rise's levels and the shoulders' travel on the frames so far
    sim = grid_set(exercise, view, points, seed, "full_pull", rep, more)
    lm, ex = sim.landmarks, get_exercise(exercise)
    live = LiveAnalyzer(ex, lm.fps, lm.width, lm.height)
    events = []
    for i in range(len(lm)):
        events += live.push(float(lm.t[i]), lm.image[i], lm.world[i], lm.visibility[i])
    events += live.finish()
    counted = [e for e in events if e.kind == "rep_counted"]
    assert len(counted) == len(analyze(lm, ex).reps) == 5


def test_a_rep_whose_trunk_swung_with_the_pull_counts_side_on():
    # bench/sim_accuracy.py's first grid (45 deg, 2 px noise, 5 % dropped frames): the
    # trunk tipped 22 deg with the pull (trunk_still) and the elbow read just under the
    # count level; its shoulders travelled 0.67 of the hand's way. The elbow's angle bent
    # for it: a rep, with its fault.
    faults = [FaultSpec("trunk_still", 22.0, 3), FaultSpec("trunk_still", 7.0, 4)]
    ex = get_exercise("chest_supported_row")
    sim = simulate(ex, reps=5, faults=faults, view="45", noise_px=2.0, dropout_rate=0.05, seed=0)
    a = analyze(sim.landmarks, ex)
    assert len(a.reps) == len(sim.truth.reps) == 5, [n.reason for n in a.not_counted]
    assert "trunk_still" in {f.rule for f in a.reps[3].faults}
