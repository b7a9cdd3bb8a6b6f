"""Getting into and out of position around a set is no attempted rep (issue 17).

A bent-over row filmed from the front-left in image points counted 5 of 5, then listed
standing up and walking off as three "not counted" movements ("elbow reached 37°,
needs 73°"): the hands rise in the picture as the trunk comes up. Movements before the
first rep and after the last one made out of the working position (the set-up: lifting
the weights, bending over, lying onto the ball; the set-down: standing up, putting the
weights down, walking off) are left out of that list; pulls cut short in the working
position, inside the set or at either end of it, stay listed.
"""

from __future__ import annotations

import pytest

from upright.catalog import get_exercise
from upright.motion import analyze
from upright.sim import simulate


def _around(sim) -> list[tuple[float, float]]:
    """The truth's set-up and set-down spans: getting in and out of position, walking off."""
    spans = [(a, b) for _, a, b in sim.truth.not_reps]
    if sim.truth.walk_off is not None:
        spans.append(sim.truth.walk_off)
    return spans


def _overlaps(start: float, end: float, spans: list[tuple[float, float]]) -> bool:
    return any(start < b and a < end for a, b in spans)


def test_the_set_down_after_a_front_left_bent_over_row_is_not_listed():
    sim = simulate("bent_over_row", reps=5, view="front_left", points="image", seed=0)
    a = analyze(sim.landmarks, get_exercise("bent_over_row"))
    assert len(a.reps) == 5
    after = [n for n in a.not_counted if n.start > a.reps[-1].end]
    assert after == [], after


@pytest.mark.parametrize(
    ("exercise", "view", "points", "lift", "seed"),
    [
        ("bent_over_row", "front_left", "image", False, 1),
        ("bent_over_row", "front_right", "blazepose", True, 1),
        ("bent_over_row", "back", "image", False, 1),
        ("one_arm_dumbbell_row", "front_left", "image", True, 0),
        ("one_arm_dumbbell_row", "front_right", "image", True, 1),
        ("one_arm_dumbbell_row", "back", "blazepose", False, 1),
        ("y_raise", "front_right", "image", True, 0),  # lying onto the ball and off it
        ("bird_dog", "front_left", "image", True, 1),  # onto all fours and up again
        ("seated_cable_row", "back_left", "image", True, 0),
    ],
)
def test_set_up_and_set_down_movements_are_not_listed(exercise, view, points, lift, seed):
    sim = simulate(
        exercise,
        reps=5,
        view=view,
        points=points,
        seed=seed,
        noise_px=1.0,
        dropout_rate=0.02,
        lift=lift,
    )
    a = analyze(sim.landmarks, get_exercise(exercise))
    assert a.reps
    first, last = a.reps[0].start, max(r.end for r in a.reps)
    outside = [n for n in a.not_counted if n.end < first or n.start > last]
    assert not [n for n in outside if _overlaps(n.start, n.end, _around(sim))], outside


@pytest.mark.parametrize(
    ("exercise", "view", "lift", "seed"),
    [
        ("bent_over_row", "front_left", False, 0),  # one before the first rep
        ("bent_over_row", "front_left", False, 1),  # two inside the set
        ("bent_over_row", "front_left", False, 3),  # one after the last rep
        ("bent_over_row", "front_left", True, 4),  # two after the last, then set down
        ("bent_over_row", "back", False, 5),
        ("one_arm_dumbbell_row", "front_left", True, 4),
        ("one_arm_dumbbell_row", "back", True, 0),
    ],
)
def test_pulls_cut_short_in_position_stay_listed(exercise, view, lift, seed):
    sim = simulate(
        exercise,
        reps=5,
        view=view,
        points="image",
        seed=seed,
        noise_px=1.0,
        dropout_rate=0.02,
        partial_reps=2,
        lift=lift,
    )
    a = analyze(sim.landmarks, get_exercise(exercise))
    assert len(a.reps) == len(sim.truth.reps)
    spans = [(n.start, n.end) for n in a.not_counted]
    for p in sim.truth.partial:
        assert _overlaps(p.start, p.end, spans), (p, a.not_counted)
