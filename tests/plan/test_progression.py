"""Progression from history: two clean up one thing, two faulty back, taper holds."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from plan_fixtures import logged

from upright.catalog import default_catalog
from upright.plan.evidence import default_evidence
from upright.plan.persist import side_reps
from upright.plan.progression import (
    LoggedExercise,
    changed_quantities,
    next_prescription,
    outcome,
)
from upright.store import RepEntry, SetRecord

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
    return logged(
        D0 + timedelta(days=3 * i),
        ex,
        sets=3,
        reps=reps,
        hold_s=hold,
        load_kg=load,
        done=done,
        faulty=faulty,
        total=total,
    )


def nxt(logs, ex="seated_cable_row", **kw):
    return next_prescription(CAT[ex], CAT, logs, ev=EV, **kw)


def test_outcomes():
    assert outcome(log(0), EV) == "clean"
    assert outcome(log(0, faulty=9), EV) == "faulty"  # 9/24 > 1/3
    assert outcome(log(0, faulty=8), EV) == "mixed"  # exactly a third is not more
    assert outcome(log(0, done=7), EV) == "mixed"
    rated = logged(D0, "y_raise", hold_s=3.0, rated_clean=True)
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


# ----- the rules as invariants over random histories (hypothesis) ---------------------


FAMILIES = ("bird_dog", "y_raise", "seated_cable_row", "bent_over_row")
#: What a session at the prescribed dose turned out: (outcome, share of reps done).
SESSION = st.sampled_from(["clean", "faulty", "mixed", "short"])


def _done(p, kind: str, i: int) -> LoggedExercise:
    """A session done at prescription ``p``: clean, faulty (half the reps), mixed, short."""
    per = 2 if p.per_side else 1
    total = p.sets * p.reps * per
    return logged(
        D0 + timedelta(days=3 * i),
        p.exercise_id,
        sets=p.sets,
        reps=p.reps,
        hold_s=p.hold_s,
        load_kg=p.load_kg,
        done=p.reps - 1 if kind == "short" else None,
        faulty={"faulty": total // 2, "mixed": 1}.get(kind, 0),
        total=total,
    )


def _walk(family: str, kinds: list[str], load: float | None):
    """Prescriptions session by session: the runner does each as ``kinds`` says."""
    p = nxt([], ex=family)
    p = replace_load(p, load)
    logs, out = [], [p]
    for i, kind in enumerate(kinds):
        logs.append(_done(p, kind, i))
        p = nxt(logs, ex=family)
        out.append(p)
    return logs, out


def replace_load(p, load):
    from dataclasses import replace

    return replace(p, load_kg=load if CAT[p.exercise_id].group == "rows" else None)


def _quantities(p) -> tuple[str, int, float, float]:
    return p.exercise_id, p.reps, p.hold_s, p.load_kg or 0.0


@settings(max_examples=150, deadline=None)
@given(
    family=st.sampled_from(FAMILIES),
    kinds=st.lists(SESSION, max_size=40),
    load=st.sampled_from([None, 20.0, 32.5]),
)
def test_one_change_at_a_time_within_the_catalog_and_only_after_two_clean(family, kinds, load):
    logs, rx = _walk(family, kinds, load)
    for k, (before, after) in enumerate(zip(rx, rx[1:], strict=False)):
        ex = CAT[after.exercise_id]
        d = ex.dosage
        # never beyond the catalog's ranges (the bird dog never past 10 a side)
        assert d.reps_min <= after.reps <= d.reps_max
        if d.hold_s > 0:
            assert d.hold_s <= after.hold_s <= max(d.hold_max_s, d.hold_s)
        changed = [a != b for a, b in zip(_quantities(before), _quantities(after), strict=True)]
        if after.exercise_id != before.exercise_id:
            continue  # a variant change resets the dose to the new exercise's start
        went_up = (
            after.reps > before.reps
            or after.hold_s > before.hold_s
            or ((after.load_kg or 0) > (before.load_kg or 0))
        )
        if went_up:
            # exactly one thing, or (double progression) load up with reps back to the start
            assert sum(changed) == 1 or (
                changed[3] and after.reps == d.reps_min and after.hold_s == before.hold_s
            ), (before, after)
            # only after two clean sessions running at this very dose
            assert kinds[k] == "clean" and k >= 1 and kinds[k - 1] == "clean", kinds[: k + 1]
            assert logs[k - 1].step == logs[k].step
        if sum(changed) and not went_up:
            # a step back follows two faulty sessions running
            assert kinds[k] == "faulty" and kinds[k - 1] == "faulty", kinds[: k + 1]


@settings(max_examples=60, deadline=None)
@given(reps=st.integers(1, 40), hold=st.floats(0.0, 20.0), family=st.sampled_from(FAMILIES))
def test_a_logged_dose_out_of_range_is_read_within_it(reps, hold, family):
    """An override or an old two-sided row (16 'reps') never becomes the prescription."""
    logs = [log(0, family, reps=reps, hold=hold, load=None)]
    p = nxt(logs, ex=family)
    d = CAT[p.exercise_id].dosage
    assert d.reps_min <= p.reps <= d.reps_max
    if d.hold_s > 0:
        assert d.hold_s <= p.hold_s <= max(d.hold_max_s, d.hold_s)


def test_the_reported_bug_one_clean_session_of_8_a_side_stays_2_x_8_hold_3():
    """After one clean 2 x 8 a side, hold 3 s: the same dose, not 2 x 16 with hold 4 s."""
    one = logged(D0, "bird_dog", hold_s=3.0, total=32)
    p = nxt([one], ex="bird_dog")
    assert (p.sets, p.reps, p.hold_s) == (2, 8, 3.0)
    assert "1 of 2 clean" in p.note


def test_step_back_goes_one_rung_down_not_to_a_higher_older_dose():
    """Up to 4 s, back to 3 s after two faulty, then two faulty at 3 s: hold at 3 s."""
    logs = [log(i, "bird_dog", hold=3.0, load=None, total=16) for i in range(2)]
    logs += [log(2 + i, "bird_dog", hold=4.0, load=None, total=16, faulty=8) for i in range(2)]
    back = nxt(logs, ex="bird_dog")
    assert (back.reps, back.hold_s) == (8, 3.0) and "one step back" in back.note
    logs += [log(4 + i, "bird_dog", hold=3.0, load=None, total=16, faulty=8) for i in range(2)]
    again = nxt(logs, ex="bird_dog")
    assert (again.reps, again.hold_s) == (8, 3.0) and "hold here" in again.note


def test_the_line_variant_steps_back_to_the_top_of_the_bird_dog():
    logs = [log(i, "bird_dog_line", hold=3.0, load=None, total=16, faulty=8) for i in range(2)]
    back = nxt(logs, ex="bird_dog")
    assert (back.exercise_id, back.reps, back.hold_s) == ("bird_dog", 10, 5.0)


def test_side_reps_reads_an_old_two_sided_row_as_per_side_counts():
    from datetime import UTC, datetime

    t = datetime(2026, 3, 2, 7, tzinfo=UTC)
    reps = tuple(
        RepEntry(index=i + 1, side="left" if i < 8 else "right", start_s=i, end_s=i + 0.5)
        for i in range(15)
    )
    row = SetRecord(
        id=1,
        session_id=1,
        exercise_id="bird_dog",
        side="both",
        started_at=t,
        ended_at=t,
        reps=15,
        rep_log=reps,
    )
    assert side_reps(row, per_side=True) == [8, 7]
    assert side_reps(row, per_side=False) == [15]
