"""Which excursions of the generic counter's signal are reps (hand-made signals)."""

from __future__ import annotations

import numpy as np

from upright.motion.generic_reps import pick
from upright.motion.generic_signal import excursions

FPS = 30.0


def _bump(seconds: float, top: float = 1.0, hold_s: float = 0.0) -> np.ndarray:
    """One excursion 0 -> ``top`` -> 0 taking ``seconds``, held ``hold_s`` at the top."""
    n = int(seconds * FPS / 2)
    up = top * (0.5 - 0.5 * np.cos(np.pi * np.linspace(0, 1, n)))
    return np.concatenate([up, np.full(int(hold_s * FPS), top), up[::-1], np.zeros(6)])


def _pick(x: np.ndarray, missing: np.ndarray | None = None):
    t = np.arange(len(x)) / FPS
    c = excursions(x, 0.1, 0.4 * 1.2 * FPS)
    return pick(x, x[:, None], t, c, np.zeros(len(x), bool) if missing is None else missing)


def test_reps_of_one_size_all_count():
    x = np.concatenate([np.zeros(30)] + [_bump(1.2) for _ in range(9)] + [np.zeros(30)])
    p = _pick(x)
    assert len(p.reps) == 9 and p.not_counted == ()
    assert abs(p.period_s - (1.2 + 6 / FPS)) < 0.1


def test_standing_up_between_sets_is_a_rest_not_a_rep():
    # Six reps, then the athlete rises to the top level and stays there 12 s, then four.
    x = np.concatenate(
        [np.zeros(30)]
        + [_bump(1.2) for _ in range(6)]
        + [_bump(2.0, hold_s=12.0)]
        + [_bump(1.2) for _ in range(4)]
        + [np.zeros(30)]
    )
    p = _pick(x)
    assert len(p.reps) == 10
    assert [n.reason for n in p.not_counted] == ["stays up far longer than a rep: a rest, a hold"]


def test_a_slow_rep_with_a_pause_at_the_top_still_counts():
    # A rep held 1.5 s at the top among 1.2 s reps (a pause rep) is slow, not a rest.
    x = np.concatenate([np.zeros(30)] + [_bump(1.2) for _ in range(5)] + [_bump(1.6, hold_s=1.5)])
    assert len(_pick(np.concatenate([x, _bump(1.2), np.zeros(30)])).reps) == 7


def test_partial_rep_is_reported():
    x = np.concatenate(
        [np.zeros(30)] + [_bump(1.2) for _ in range(4)] + [_bump(1.2, top=0.3)] + [_bump(1.2)] * 3
    )
    p = _pick(x)
    assert len(p.reps) == 7
    assert len(p.not_counted) == 1 and "partial" in p.not_counted[0].reason


def test_small_attempt_within_a_set_is_reported_but_a_fidget_in_a_rest_is_not():
    # A 20 % attempt between reps is a partial rep; the same movement 20 s into a rest
    # (far from any rep) is a fidget, not worth a line.
    reps = [_bump(1.2) for _ in range(4)]
    x = np.concatenate(
        [np.zeros(30)]
        + reps
        + [_bump(1.2, top=0.2)]
        + reps
        + [np.zeros(600), _bump(1.2, top=0.2), np.zeros(600)]
        + reps
    )
    p = _pick(x)
    assert len(p.reps) == 12
    assert len(p.not_counted) == 1 and "20 %" in p.not_counted[0].reason
    assert 4 < p.not_counted[0].start < 7


def test_steps_about_between_sets_from_a_raised_level_are_not_reps():
    # Between two sets the body stays part-way up (0.7 of a rep, standing about) and
    # shifts its weight four times by a rep's size. The inner two neither start nor end
    # at rest; the first and last are joined to the rest level by the move up or down,
    # so they still count (a known limit).
    reps = [_bump(1.2) for _ in range(8)]
    steps = [0.7 + _bump(1.2)[:-6] for _ in range(4)]
    x = np.concatenate([np.zeros(30), *reps, np.full(60, 0.7), *steps, np.full(60, 0.7), *reps])
    p = _pick(np.concatenate([x, np.zeros(30)]))
    assert len(p.reps) == 18
    off = [n for n in p.not_counted if "away from rest" in n.reason]
    assert len(off) == 2 and all(14 < n.start < 18 for n in off)
