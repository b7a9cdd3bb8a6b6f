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


def _two_phase_set(
    reps: int, other_pose: float, rest_between: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """A rep that reaches out (held 2 s), passes through rest, then tucks (held 2 s).

    Both phases rise 1.0 along the rep signal; the second column is the pose that tells
    them apart: 0 when reaching, ``other_pose`` when tucking (0: the two look alike).
    Reps rest 12 frames between them, the phases ``rest_between`` frames more than the
    6 at the end of each bump.
    """
    x, pose = [np.zeros(30)], [np.zeros(30)]
    for _ in range(reps):
        for level, rest in ((0.0, rest_between), (other_pose, 12)):
            b = np.concatenate([_bump(1.2, hold_s=2.0), np.zeros(rest)])
            x.append(b)
            pose.append(np.where(b > 0.5, level, 0.0))
    x.append(np.zeros(30))
    pose.append(np.zeros(30))
    sig = np.concatenate(x)
    return sig, np.stack([sig, np.concatenate(pose)], axis=1)


PHASES_PERIOD_S = (2 * len(_bump(1.2, hold_s=2.0)) + 12) / FPS


def _pick_phases(x: np.ndarray, z: np.ndarray, period_s: float, mirror=None):
    t = np.arange(len(x)) / FPS
    c = excursions(x, 0.1, 0.4 * 1.2 * FPS)
    return pick(x, z, t, c, np.zeros(len(x), bool), period_s * FPS, mirror)


def _sides(z: np.ndarray, first: tuple, second: tuple) -> np.ndarray:
    """[T, 2, 2] each side's pose: ``first`` (left, right) in the first phase's excursions
    (second column 0), ``second`` in the second's, zeros at rest."""
    out = np.zeros((len(z), 2, 2))
    up = z[:, 0] > 0.5
    out[up & (z[:, 1] == 0)] = first
    out[up & (z[:, 1] != 0)] = second
    return out


def test_a_rep_that_reaches_then_tucks_counts_once():
    # Each rep is two excursions in two poses; the movement as a whole repeats once per
    # rep (two excursions), so each pair is one rep, timed from reach to tuck.
    x, z = _two_phase_set(6, other_pose=2.0)
    period_s = PHASES_PERIOD_S
    p = _pick_phases(x, z, period_s)
    assert len(p.reps) == 6
    assert all(r.end - r.start > 0.8 * period_s for r in p.reps)


def test_excursions_that_look_alike_each_count_whatever_the_period():
    # The same timing with one pose: a period read twice too long (a harmonic) must
    # not pair up reps that look alike.
    x, z = _two_phase_set(6, other_pose=0.0)
    period_s = PHASES_PERIOD_S
    assert len(_pick_phases(x, z, period_s).reps) == 12


def test_a_reach_then_a_tuck_on_one_side_is_one_rep_and_one_side_then_the_other_two():
    x, z = _two_phase_set(6, other_pose=2.0)
    period_s = PHASES_PERIOD_S
    # Reach: left arm out, right leg back; tuck: both drawn in (not the reach mirrored).
    tuck = _sides(z, ((1.0, 0.0), (0.0, 1.0)), ((-1.0, 0.0), (0.0, -1.0)))
    assert len(_pick_phases(x, z, period_s, tuck).reps) == 6
    # The left arm rows, then the right: the second pose is the first one mirrored.
    rows = _sides(z, ((1.0, 0.0), (0.0, 0.0)), ((0.0, 0.0), (1.0, 0.0)))
    assert len(_pick_phases(x, z, period_s, rows).reps) == 12


def test_two_poses_with_a_rest_between_them_are_two_reps():
    # Resting between the two poses as long as between the pairs: each is a rep.
    x, z = _two_phase_set(6, other_pose=2.0, rest_between=12)
    period_s = PHASES_PERIOD_S + 12 / FPS
    assert len(_pick_phases(x, z, period_s).reps) == 12
