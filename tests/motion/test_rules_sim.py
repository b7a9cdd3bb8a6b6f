"""Rule values against the simulator's truth, on sets built to break one reading each."""

from __future__ import annotations

import numpy as np
import pytest

from upright.catalog import get_exercise
from upright.motion.analyze import run_engine
from upright.sim import FaultSpec, simulate


def _matched(sim, ex):
    """(truth rep, analysed values, analysed rep) for each truth rep, by overlap in time."""
    engine, _ = run_engine(sim.landmarks, ex)
    out = []
    for tr in sim.truth.reps:
        best = max(
            range(len(engine.reps)),
            key=lambda i: min(engine.reps[i].end, tr.end) - max(engine.reps[i].start, tr.start),
        )
        out.append((tr, engine.rep_values[best], engine.reps[best]))
    assert len(engine.reps) == len(sim.truth.reps)
    return out


@pytest.mark.parametrize("seed", [0, 1])
def test_every_rep_is_timed_even_after_a_short_pause(seed):
    """Y-raise pauses (0.4-1.8 s) are shorter than a rep's settle time: raises still timed."""
    ex = get_exercise("y_raise")
    sim = simulate(ex, reps=5, view="side", noise_px=0.5, seed=seed)
    for tr, vals, _ in _matched(sim, ex):
        for rule in ("tempo_raise", "tempo_return"):
            got, want = vals[f"rule:{rule}"], tr.measures[rule]
            assert np.isfinite(got), (rule, tr.index)
            assert got == pytest.approx(want, rel=0.15), (rule, tr.index)


def test_arms_stopping_short_on_the_last_rep_is_a_missing_stretch():
    """Standing up after the last rep straightens the arms: that is not its stretch."""
    ex = get_exercise("bent_over_row")
    sim = simulate(
        ex, reps=4, view="side", noise_px=0.5, seed=2, faults=[FaultSpec("stretch_bottom", 130, 3)]
    )
    rows = _matched(sim, ex)
    fired = ["stretch_bottom" in {f.rule for f in rep.faults} for _, _, rep in rows]
    assert fired == [False, False, False, True]
    # the return of the short rep is timed to where it stopped, not to the standing arms
    tr, vals, _ = rows[-1]
    assert vals["rule:tempo_return"] == pytest.approx(tr.measures["tempo_return"], rel=0.2)


def test_rep_after_a_short_one_times_its_whole_return():
    """A rep that starts short of the rest (arms not let long before) returns further."""
    ex = get_exercise("chest_supported_row")
    sim = simulate(
        ex, reps=4, view="45", noise_px=0.5, seed=0, faults=[FaultSpec("stretch_bottom", 130, 1)]
    )
    tr, vals, _ = _matched(sim, ex)[2]
    assert vals["rule:tempo_return"] == pytest.approx(tr.measures["tempo_return"], rel=0.2)


def test_pelvis_square_is_judged_at_the_top_of_the_pull():
    ex = get_exercise("one_arm_one_leg_cable_row")
    faults = [FaultSpec("pelvis_square", 22, 1), FaultSpec("pelvis_square", 7, 3)]
    sim = simulate(ex, reps=3, view="45", noise_px=0.5, seed=4, faults=faults)
    for tr, vals, rep in _matched(sim, ex):
        want = tr.measures["pelvis_square"]
        assert vals["rule:pelvis_square"] == pytest.approx(want, abs=3.0)
        assert ("pelvis_square" in {f.rule for f in rep.faults}) == (want > 15), tr.index


def test_a_raise_made_while_the_person_was_lost_is_not_read_as_slow():
    # bench/sim_accuracy.py's first grid (45 deg, 0.5 px, 5 % dropped frames, seed 10):
    # the last rep's 0.3 s raise falls in a run of 11 frames where the pose model found
    # no one. The gap is filled with a straight line, which the timing read as a clean
    # 0.66 s raise. Seen only at rest before and at the top after, it is not timed.
    ex = get_exercise("bent_over_row")
    faults = [FaultSpec("tempo_raise", 0.3, 4), FaultSpec("tempo_raise", 0.8, 1)]
    sim = simulate(ex, reps=5, faults=faults, view="45", noise_px=0.5, dropout_rate=0.05, seed=10)
    gone = ~np.isfinite(sim.landmarks.world).any(axis=(1, 2))
    rushed = sim.truth.reps[4]
    t = sim.landmarks.t
    assert gone[(t > rushed.start) & (t < rushed.start + 0.3)].all()  # the raise unseen
    matched = _matched(sim, ex)
    _, vals, rep = matched[4]
    assert not np.isfinite(vals["rule:tempo_raise"]) or "tempo_raise" in {
        f.rule for f in rep.faults
    }
    # the raises seen are timed as before
    for tr, vals, _ in matched[:4]:
        assert vals["rule:tempo_raise"] == pytest.approx(tr.measures["tempo_raise"], abs=0.25)
