"""A rushed move is timed between the levels right beside it, with an honest error.

Sets of bench/sim_accuracy.py's conditions grid (1 px of noise, 2 % dropouts; its seeds,
one rep with a 0.3 s raise or return) where the rushed move read long or uncertain:

- a Y-raise from the front-right oblique in image points whose arms arrive at the top
  and then creep up a few more degrees while held: timed up to the level held over the
  whole top, the 0.3 s raise read 0.67 s;
- a Y-raise from the front-left oblique whose rest before the raise wanders down and up
  again by 10 degrees (smoothed landmark noise): walked down to the bottom of that
  wander, the raise read 0.84 s;
- a bird dog side-on whose arm sags 5 degrees in its hold before the return: timed from
  the whole hold's level, the 0.3 s return read 0.42 s;
- a bird dog (line) from the back-left oblique whose 0.3 s return read 0.31 s, with an
  error of 0.23 s when the residuals' correlation was read over half a second of rest
  and top as well (their slow wander drove it to its cap).

Each rushed move fires; reps clearly clean (0.3 s past the limit) do not.
"""

from __future__ import annotations

import numpy as np
import pytest

from testkit import grid_set
from upright.catalog import get_exercise
from upright.motion.analyze import run_engine

# (exercise, view, points, set-up, seed): the grid's job; the rushed rep and the rule
# follow from the seed as in bench/sim_accuracy.py's cond_one
CASES = [
    ("y_raise", "front_right", "image", {}, 21840),
    ("y_raise", "front_left", "world", {}, 20288),
    ("bird_dog", "side", "world", {"pause": "bottom:1.5"}, 793),
    ("bird_dog_line", "back_left", "world", {"lift": True}, 14565),
]


@pytest.mark.parametrize(("exercise", "view", "points", "more", "seed"), CASES)
def test_a_rushed_move_fires_between_the_levels_beside_it(exercise, view, points, more, seed):
    ex = get_exercise(exercise)
    rule = ex.rules[seed % len(ex.rules)]
    assert rule.id in ("tempo_raise", "tempo_return")
    n_reps = 5 * (2 if ex.sides in ("per_side", "alternating") else 1)
    rep = int(np.random.default_rng(seed).integers(n_reps))
    sim = grid_set(exercise, view, points, seed, rule.id, rep, more)
    engine, _ = run_engine(sim.landmarks, ex)
    assert len(engine.reps) == len(sim.truth.reps)
    for k, tr in enumerate(sim.truth.reps):
        got = max(
            engine.reps,
            key=lambda r, tr=tr: min(r.end, tr.end) - max(r.start, tr.start),
        )
        fired = rule.id in {f.rule for f in got.faults}
        true_value = tr.measures[rule.id]
        if k == rep:
            assert rule.is_fault(true_value)
            assert fired, (rule.id, true_value)
        elif true_value > rule.threshold + 0.3:
            assert not fired, (k, rule.id, true_value)
