"""A trunk swung out of the picture, and a hip line read turned by depth noise.

A push-up to row's trunk that swings 22 deg in the horizontal plane with one arm's pull,
filmed side-on in image points, stays on the same line in the picture: its angle there
changes 2 deg, and trunk_still missed it (the three misses of bench/sim_accuracy.py's
conditions grid, 3 seeds a cell: recall 0.727 with image points side-on). Its line in
the picture shrinks to cos 22 deg = 0.93 of the rest's: the tilt is read from that,
held over the top and beyond the line's own noise (`RepEvaluator._tilt_out`).

The hip turn (pelvis_square) at 45 deg with true depth and 2 px of noise is still a
known false fault (strict xfail): the hip line's depth component carries twice the
noise of its width, and over one rep's top (52 frames) its median sat 7 cm nearer than
over the rest around it, so a clean 4 deg turn read 21.5 deg (its standard error from
the blocks of the top and rest, 4.3 deg, puts that 4 errors out; the rule asks for a
quarter of one).
"""

from __future__ import annotations

import pytest

from testkit import grid_set, matched_reps
from upright.catalog import get_exercise
from upright.motion import analyze
from upright.sim import FaultSpec, simulate

LIFT = {"lift": True}
PAUSE_TOP = {"pause": "top:1.2"}
PAUSE_BOTTOM = {"pause": "bottom:1.5"}


@pytest.mark.parametrize(
    ("seed", "rep", "more"),
    [(66169, 9, LIFT), (66267, 6, PAUSE_TOP), (66365, 2, PAUSE_BOTTOM)],
)
def test_a_push_up_to_rows_trunk_swinging_towards_a_side_camera_is_found(seed, rep, more):
    ex = get_exercise("pushup_to_row")
    sim = grid_set(ex.id, "side", "image", seed, "trunk_still", rep, more)
    a = analyze(sim.landmarks, ex)
    assert a.summary["space"] == "image"
    assert "trunk_still" not in a.summary["not_judged"]
    assert len(a.reps) == len(sim.truth.reps)
    fired = [
        tr.index
        for tr, r in matched_reps(a, sim.truth)
        if "trunk_still" in {f.rule for f in r.faults}
    ]
    assert fired == [rep]


def test_a_two_arm_rows_shoulder_blades_are_not_a_trunk_tilt():
    """Both blades slide along the trunk with the pull: the trunk line shrinks 1-3.5 %."""
    ex = get_exercise("chest_supported_row")
    sim = grid_set(ex.id, "side", "image", 41630, "tempo_raise", 0)
    a = analyze(sim.landmarks, ex)
    assert len(a.reps) == len(sim.truth.reps)
    assert not any(f.rule == "trunk_still" for r in a.reps for f in r.faults)


@pytest.mark.xfail(strict=True, reason="depth noise held over a short top reads as a hip turn")
def test_a_clean_push_up_to_row_at_45_deg_with_true_depth_keeps_its_hips_square():
    """bench/sim_accuracy.py's first grid: 45 deg, 2 px, 5 % dropouts, seed 9, combo 7."""
    ex = get_exercise("pushup_to_row")
    faults = [FaultSpec("plank_sag", -25.0, 9), FaultSpec("plank_sag", -7.0, 7)]
    sim = simulate(ex, reps=5, faults=faults, view="45", noise_px=2.0, dropout_rate=0.05, seed=9)
    a = analyze(sim.landmarks, ex)
    assert a.summary["space"] == "world"
    assert len(a.reps) == len(sim.truth.reps)
    for tr, rep in matched_reps(a, sim.truth):
        if tr.measures["pelvis_square"] < 13.0:  # every rep: truly turned 1-4 deg
            assert "pelvis_square" not in {f.rule for f in rep.faults}, tr.index
