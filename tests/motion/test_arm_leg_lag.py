"""The bird dog's arm-leg lag (`together`): read with its error, and only when both limbs
reach out.

The lag is the time between arm and leg reaching 80 % of their rise. An arm that stops
well short of reaching out (the simulator's ``arm_reach:130``, a fault of its own)
reaches 80 % of its short rise at a time that says nothing of moving together: that rep's
lag is not read. A leg truly late still fires.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from upright.catalog import get_exercise
from upright.motion.analyze import run_engine
from upright.motion.robust import level_time, level_time_error
from upright.sim import FaultSpec, simulate

EX = get_exercise("bird_dog")


def _matched(engine, truth):
    """Engine rep index per truth rep, by largest overlap in time, same side."""
    out = []
    for tr in truth.reps:
        best = max(
            (i for i, r in enumerate(engine.reps) if r.side == tr.side),
            key=lambda i: min(engine.reps[i].end, tr.end) - max(engine.reps[i].start, tr.start),
        )
        out.append(best)
    return out


@pytest.mark.parametrize(("view", "points"), [("side", "world"), ("side", "image")])
def test_an_arm_that_stops_short_leaves_the_lag_unread(view, points):
    sim = simulate(
        EX,
        reps=3,
        view=view,
        noise_px=1.0,
        seed=5,
        points=points,
        faults=[FaultSpec("arm_reach", 130.0, 1)],
    )
    engine, _ = run_engine(sim.landmarks, EX)
    assert len(engine.reps) == len(sim.truth.reps)
    idx = _matched(engine, sim.truth)
    lags = [engine.rep_values[i]["rule:together"] for i in idx]
    assert math.isnan(lags[1])
    assert all(np.isfinite(lag) for k, lag in enumerate(lags) if k != 1)
    assert not any(f.rule == "together" for f in engine.reps[idx[1]].faults)


def test_a_late_leg_still_fires():
    sim = simulate(
        EX, reps=3, view="side", noise_px=1.0, seed=6, faults=[FaultSpec("together", 0.6, 2)]
    )
    engine, _ = run_engine(sim.landmarks, EX)
    idx = _matched(engine, sim.truth)
    fired = [
        k for k, i in enumerate(idx) if any(f.rule == "together" for f in engine.reps[i].faults)
    ]
    assert fired == [2]


def test_level_time_error_is_the_spread_of_the_reading():
    """A 1 s min-jerk rise from 0 to 1 at 30 fps, held, with independent noise of 0.05:
    the error `level_time_error` reads is the spread of `level_time` over noise draws
    (within a factor of two: it is itself read from one draw's scatter)."""
    fps, dur, start = 30.0, 1.0, 1.0
    t = np.arange(0.0, 4.0, 1.0 / fps)
    s = np.clip((t - start) / dur, 0.0, 1.0)
    clean = 10 * s**3 - 15 * s**4 + 6 * s**5
    peak = int(np.searchsorted(t, 2.5))
    rng = np.random.default_rng(0)
    times, errors = [], []
    for _ in range(60):
        v = clean + rng.normal(0.0, 0.05, len(t))
        times.append(level_time(v, t, peak, 0.0, 1.0, 0.8))
        errors.append(level_time_error(v, t, peak, 0.0, 1.0, 0.8))
    spread = float(np.std(times))
    assert abs(float(np.mean(times)) - (start + 0.6734 * dur)) < 0.02
    assert 0.5 * spread <= float(np.median(errors)) <= 2.0 * spread
