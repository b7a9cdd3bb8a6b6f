"""Short reps (whole reps with a short range) count; partial reps do not; the tuck is whole.

Simulated sets (`upright.sim`) whose truth says which movements are reps, plus the
verdict helpers of `upright.motion.own_range` on hand-made numbers.
"""

from __future__ import annotations

import numpy as np
import pytest

from testkit import live_events
from upright.catalog import get_exercise
from upright.motion import analyze
from upright.motion.own_range import OWN_FRACTION, UsualRange, held_top_s, short_verdict
from upright.sim import FaultSpec, simulate

BIRD = get_exercise("bird_dog")
ROW = get_exercise("seated_cable_row")


def test_usual_range_is_the_median_of_recent_full_reps():
    usual = UsualRange()
    assert usual.usual() is None
    for e in (80.0, 90.0, 200.0, float("nan"), -5.0):
        usual.add(e)
    assert usual.usual() == 90.0  # NaN and negative excursions are not reps
    for e in (10.0, 10.0, 10.0, 10.0):
        usual.add(e)
    assert usual.usual() == 10.0  # only the last five


def test_held_top_is_timed_within_the_peak_zone():
    fps = 30.0
    up = np.linspace(90.0, 130.0, 30)  # 1 s raise
    hold = 130.0 + np.where(np.arange(90) == 45, -20.0, 0.0)  # 3 s, one bad frame
    values = np.concatenate([up, hold, up[::-1]])
    # the 3 s hold plus the top 10 deg of the raise and return (0.25 s each)
    assert held_top_s(values, 10.0, fps) == pytest.approx(3.5, abs=0.1)
    assert held_top_s(np.full(5, np.nan), 10.0, fps) == 0.0


def test_short_verdicts_say_what_was_missing():
    rep = BIRD.rep  # count level 150 deg
    held = short_verdict(rep, "arm", (131.0, 90.0), 3.2, 3.0, None)
    assert held.counts is True
    v = short_verdict(rep, "arm", (131.0, 90.0), 0.4, 3.0, 80.0, tucks=True)
    assert v.counts is False
    assert v.reason == (
        "arm reached 131°, needs 150°, a 3 s hold at the top (held 0.4 s) or the tuck after it"
    )
    row = ROW.rep  # no hold: the person's own range decides
    assert short_verdict(row, "elbow", (70.0, 15.0), 0.5, 0.0, None).counts is None
    assert short_verdict(row, "elbow", (70.0, 15.0), 0.5, 0.0, 90.0).counts is True
    low = short_verdict(row, "elbow", (50.0, 15.0), 0.5, 0.0, 90.0)
    needs = 15.0 + OWN_FRACTION * 90.0
    assert low.counts is False
    assert low.reason == f"elbow reached 50°, needs {needs:.0f}° (60% of your usual range)"


@pytest.mark.parametrize(("view", "seed", "at"), [("side", 2, 0), ("45", 5, 7)])
def test_a_held_short_reach_counts_and_its_fault_is_named(view, seed, at):
    fault = FaultSpec("arm_reach", 130.0, at)
    sim = simulate(BIRD, reps=4, faults=[fault], view=view, noise_px=2.0, seed=seed)
    a = analyze(sim.landmarks, BIRD)
    assert [r.side for r in a.reps] == [r.side for r in sim.truth.reps]
    fired = [r.index - 1 for r in a.reps if any(f.rule == "arm_reach" for f in r.faults)]
    assert fired == [at]
    assert not a.not_counted


def _count_level(ex):
    return ex.rep.rest + ex.rep.count_fraction * (ex.rep.peak - ex.rep.rest)


@pytest.mark.parametrize(
    ("ex_id", "seed"), [("seated_cable_row", 7), ("bent_over_row", 8), ("pushup_to_row", 4)]
)
def test_a_short_pull_counts_even_as_the_first_rep(ex_id, seed):
    # The first rep stops short of the trunk, below the catalog's count level: before any
    # full rep sets the person's range, its verdict waits for the next one.
    ex = get_exercise(ex_id)
    sim = simulate(ex, reps=4, faults=[FaultSpec("full_pull", -0.1, 0)], noise_px=1.0, seed=seed)
    a = analyze(sim.landmarks, ex)
    assert len(a.reps) == len(sim.truth.reps)
    assert a.reps[0].peak < _count_level(ex)
    assert a.reps[0].start < sim.truth.reps[0].end  # in time order, the short one first
    assert [f.rule for f in a.reps[0].faults if f.rule == "full_pull"] == ["full_pull"]


def test_live_judges_a_waiting_short_rep_like_the_file():
    sim = simulate(ROW, reps=4, faults=[FaultSpec("full_pull", -0.1, 0)], noise_px=1.0, seed=7)
    lm = sim.landmarks
    events = live_events(ROW, lm)
    whole = analyze(lm, ROW)
    assert len(whole.reps) == 4 and whole.reps[0].peak < _count_level(ROW)
    assert [e.rep for e in events if e.kind == "rep_counted"] == list(whole.reps)


@pytest.mark.parametrize(
    ("ex_id", "seed"), [("bird_dog", 1), ("bird_dog_line", 2), ("y_raise", 3), ("bent_over_row", 5)]
)
def test_partial_reps_are_not_counted_and_say_why(ex_id, seed):
    # (a partial rep that stays below the level where a movement starts is not reported)
    ex = get_exercise(ex_id)
    sim = simulate(ex, reps=3, partial_reps=2, view="45", noise_px=2.0, seed=seed)
    a = analyze(sim.landmarks, ex)
    assert len(a.reps) == len(sim.truth.reps)
    said = [n for p in sim.truth.partial for n in a.not_counted if n.start < p.end < n.end + 3]
    assert said, "a partial rep that left rest is reported"
    for nc in said:  # "arm reached 121°, needs 150°, a 3 s hold at the top (held 1.0 s) ..."
        assert "reached" in nc.reason and "needs" in nc.reason, nc.reason


@pytest.mark.parametrize(("view", "seed"), [("side", 3), ("45", 6)])
def test_a_noisy_tuck_is_timed_whole(view, seed):
    # Far-side elbow noise crosses the tuck distance for single frames; the tuck goes on.
    sim = simulate(BIRD, reps=3, view=view, noise_px=2.0, seed=seed)
    a = analyze(sim.landmarks, BIRD)
    for got, want in zip(a.reps, sim.truth.reps, strict=True):
        assert got.tuck_hold_s == pytest.approx(want.tuck_hold_s, abs=0.4)
