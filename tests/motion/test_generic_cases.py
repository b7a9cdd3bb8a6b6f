"""The generic counter on generated recordings of exercises it was not written for.

Recordings come from `generic_motions.py` (a stick person of its own, filmed by a
pinhole camera with BlazePose-like errors), each with its answer key: every full rep
counts, alternating lunges one per leg, partial reps (15-40 % of the usual range) never.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).parent))

from generic_body import Errors  # noqa: E402
from generic_motions import Case, grid, make  # noqa: E402

from upright.motion.generic import count_generic  # noqa: E402

MILD = Errors(jitter=0.002, wobble=0.001, far_side=True)


def _count(case: Case) -> int:
    return len(count_generic(make(case).landmarks).reps)


@pytest.mark.parametrize(
    ("kind", "view"),
    [
        ("squat", 90.0),
        ("pushup", 90.0),
        ("pullup", 0.0),
        ("situp", 90.0),
        ("jumping_jack", 0.0),
        ("front_raise", 90.0),
        ("lateral_raise", 0.0),
        ("bicep_curl", 45.0),
        ("shoulder_press", 0.0),
        ("lunge", 90.0),
    ],
)
def test_counts_each_kind_of_movement(kind, view):
    case = Case(kind=kind, sets=(7,), seed=3, view_deg=view, errors=MILD, tempo_s=2.0)
    assert _count(case) == 7


@pytest.mark.parametrize("n", [1, 2, 3])
def test_one_to_three_reps_without_periodicity(n):
    for kind in ("squat", "front_raise"):
        case = Case(kind=kind, sets=(n,), seed=11, errors=MILD, view_deg=90.0)
        assert _count(case) == n, kind


def test_sets_with_rests_standing_up_and_walking():
    case = Case(kind="pushup", sets=(12, 10, 8), seed=5, rest_s=25.0, getup=True, errors=MILD)
    assert _count(case) == 30


def test_partial_reps_are_reported_not_counted():
    case = Case(kind="squat", sets=(9,), seed=7, partials=2, errors=MILD, view_deg=90.0)
    res = count_generic(make(case).landmarks)
    assert len(res.reps) == 9
    assert len(res.not_counted) >= 2
    assert all("partial" in n.reason for n in res.not_counted)


@pytest.mark.xfail(
    strict=True,
    reason="known: with dropouts the set's first rep falls in a 1 s burst of lost frames "
    "(a rep at a set's edge is not inferred from the rhythm)",
)
def test_same_count_whatever_the_file_format():
    base = Case(kind="jumping_jack", sets=(15,), seed=2, errors=MILD, tempo_s=1.0, view_deg=0.0)
    want = _count(base)
    assert want == 15
    for variant in (
        replace(base, normalised=True),
        replace(base, fps=12.0),
        replace(base, fps=60.0),
        replace(base, fps=29.97, declared_fps=25.0),
        replace(base, missing=0.05),
        replace(base, errors=replace(MILD, dropout=0.1, bursts=2, swap_per_s=0.3)),
    ):
        assert _count(variant) == want, variant


def test_slow_and_fast_reps():
    assert _count(Case(kind="squat", sets=(5,), seed=4, tempo_s=6.0, errors=MILD)) == 5
    fast = Case(kind="jumping_jack", sets=(40,), seed=4, tempo_s=0.6, errors=MILD, view_deg=0)
    assert _count(fast) == 40


def test_standing_still_counts_nothing():
    rec = make(Case(kind="front_raise", sets=(1,), seed=9, errors=MILD))
    lm = rec.landmarks
    a, b = rec.reps[0]
    still = lm.slice(0, int(np.searchsorted(lm.t, a)))  # the lead-in only: no rep in it
    assert len(still) > 20
    assert count_generic(still).reps == ()


def test_getting_down_into_position_is_not_a_rep():
    # Three quick push-ups after walking in and getting down to the floor (a development
    # case of the bench grid): the slow get-down ends in the plank the reps start from.
    case = grid(1, start=172)[0]
    assert (case.kind, case.sets, case.getup) == ("pushup", (3,), True)
    res = count_generic(make(case).landmarks)
    assert len(res.reps) == 3
    assert any("getting in place" in n.reason for n in res.not_counted)


@pytest.mark.parametrize(
    ("kind", "view"),
    [
        ("front_raise", 90.0),
        ("lateral_raise", 0.0),
        ("shoulder_press", 0.0),
        ("bicep_curl", 45.0),
        ("squat", 90.0),
    ],
)
def test_reps_held_at_the_top_longer_than_the_rest_between_them(kind, view):
    # Each rep holds about 3 s at the top and rests 0.3 s at the bottom: the person is
    # stillest at the top, but the set starts and ends at the bottom, so the holds are
    # reps and the short rests between them are not.
    case = Case(
        kind=kind,
        sets=(6,),
        seed=2,
        view_deg=view,
        errors=MILD,
        tempo_s=1.5,
        top_pause_s=3.0,
        bottom_pause_s=0.3,
    )
    assert _count(case) == 6
