"""Progression from history: two clean up one thing, two faulty back, taper holds."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from upright.catalog import default_catalog
from upright.plan.evidence import default_evidence
from upright.plan.progression import (
    LoggedExercise,
    changed_quantities,
    next_prescription,
    outcome,
)

CAT = default_catalog()
EV = default_evidence()
D0 = date(2026, 3, 2)


def log(
    i: int,
    ex: str = "seated_cable_row",
    *,
    reps: int = 8,
    hold: float = 0.0,
    load: float | None = 20.0,
    faulty: int = 0,
    total: int = 24,
    done: int | None = None,
) -> LoggedExercise:
    return LoggedExercise(
        D0 + timedelta(days=3 * i),
        ex,
        sets=3,
        reps=reps,
        hold_s=hold,
        load_kg=load,
        sets_done=3,
        reps_done_min=reps if done is None else done,
        faulty_reps=faulty,
        total_reps=total,
    )


def nxt(logs, ex="seated_cable_row", **kw):
    return next_prescription(CAT[ex], CAT, logs, ev=EV, **kw)


def test_outcomes():
    assert outcome(log(0), EV) == "clean"
    assert outcome(log(0, faulty=9), EV) == "faulty"  # 9/24 > 1/3
    assert outcome(log(0, faulty=8), EV) == "mixed"  # exactly a third is not more
    assert outcome(log(0, done=7), EV) == "mixed"
    rated = LoggedExercise(D0, "y_raise", 2, 8, 3.0, None, 2, 8, rated_clean=True)
    assert outcome(rated, EV) == "clean"


def test_no_history_starts_light():
    p = nxt([])
    assert (p.reps, p.load_kg) == (8, None) and "Starting dose" in p.note


def test_one_clean_session_holds_two_progress_reps():
    assert nxt([log(0)]).reps == 8
    p = nxt([log(0), log(1)])
    assert (p.reps, p.load_kg) == (9, 20.0) and "2 clean" in p.note


def test_top_of_range_adds_the_smallest_load_step_and_resets_reps():
    p = nxt([log(0, reps=12), log(1, reps=12)])
    assert (p.reps, p.load_kg) == (8, 21.0)  # cable: one pin, EXERCISES.md
    db = nxt(
        [log(0, "bent_over_row", reps=12), log(1, "bent_over_row", reps=12)], ex="bent_over_row"
    )
    assert db.load_kg == 22.5


def test_clean_sessions_at_an_older_step_do_not_count():
    logs = [log(0, reps=8), log(1, reps=8), log(2, reps=9)]
    assert nxt(logs).reps == 9


def test_two_faulty_step_back_one_faulty_holds():
    logs = [log(0, reps=8), log(1, reps=8), log(2, reps=9, faulty=12), log(3, reps=9, faulty=12)]
    back = nxt(logs)
    assert back.reps == 8 and "faulty" in back.note
    assert nxt(logs[:3]).reps == 9
    start = nxt([log(0, faulty=12), log(1, faulty=12)])
    assert start.reps == 8 and "hold" in start.note


def test_holds_then_reps_then_variant_for_the_bird_dog():
    steps = []
    logs: list[LoggedExercise] = []
    reps, hold, ex = 8, 3.0, "bird_dog"
    for i in range(0, 40, 2):
        logs += [
            log(i, ex, reps=reps, hold=hold, load=None, total=16),
            log(i + 1, ex, reps=reps, hold=hold, load=None, total=16),
        ]
        p = nxt(logs, ex="bird_dog")
        steps.append((p.exercise_id, p.reps, p.hold_s))
        reps, hold, ex = p.reps, p.hold_s, p.exercise_id
        if ex == "bird_dog_line":
            break
    assert steps[:3] == [("bird_dog", 8, 4.0), ("bird_dog", 8, 5.0), ("bird_dog", 9, 5.0)]
    assert steps[-1] == ("bird_dog_line", 8, 3.0)


def test_taper_holds_even_after_two_clean():
    p = nxt([log(0), log(1)], may_increase=False)
    assert p.reps == 8 and "Taper" in p.note


@pytest.mark.parametrize(
    "history",
    [
        [log(0), log(1)],
        [log(0, reps=12), log(1, reps=12)],
    ],
)
def test_never_two_things_up_at_once(history):
    from dataclasses import replace

    from upright.plan.prescription import starting_prescription

    before = replace(
        starting_prescription(CAT["seated_cable_row"], history[-1].load_kg), reps=history[-1].reps
    )
    assert len(changed_quantities(before, nxt(history))) == 1
