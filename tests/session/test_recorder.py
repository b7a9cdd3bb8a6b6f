"""Sets go to the store as they end; a stopped session resumes with the next set."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from upright.session import SessionEngine, expand
from upright.session.program import narrow, remaining
from upright.session.recorder import (
    ResumeError,
    StoreRecorder,
    latest_open_session,
    set_entries,
)
from upright.store import get_session, open_store


@pytest.fixture
def store(tmp_path):
    with open_store(f"sqlite:///{tmp_path / 'upright.sqlite3'}") as s:
        yield s


def run_sets(engine, recorder, fake_clock, stop_after=None):
    clock = fake_clock(engine, step=0.25, confirm=True)
    saved = 0
    while engine.phase.value != "done":
        clock.run_until(clock.t + 0.25)
        for result in [e.result for e in clock.effects if hasattr(e, "result")][saved:]:
            recorder.record(result)
            saved += 1
            if stop_after is not None and saved >= stop_after:
                return


def test_sets_saved_at_once_and_resumed(store, catalog, fake_clock, make_prescription):
    rx = make_prescription(("bird_dog", 2, 2), ("y_raise", 1, 3))
    recorder = StoreRecorder(store, "ana", rx)
    engine = SessionEngine(expand(rx, catalog), camera=False, auto_rating="some_faults")
    run_sets(engine, recorder, fake_clock, stop_after=2)  # "killed" after the 2nd set
    record = get_session(store, recorder.session_id)
    assert record.status == "in_progress"
    # a per-side set is one row a side, each with its own reps: 2 a side, never 4
    assert [(s.exercise_id, s.side, s.reps, s.rating) for s in record.sets] == [
        ("bird_dog", "left", 2, "some_faults"),
        ("bird_dog", "right", 2, "some_faults"),
        ("bird_dog", "left", 2, "some_faults"),
        ("bird_dog", "right", 2, "some_faults"),
    ]
    assert record.sets[0].hold_s == pytest.approx(6.0)  # 2 reps held 3 s
    assert [r.side for r in record.sets[0].rep_log] == ["left", "left"]
    assert [r.side for r in record.sets[1].rep_log] == ["right", "right"]

    point = latest_open_session(store, "ana")
    assert point.session_id == recorder.session_id
    assert point.done == {(0, 0), (0, 1)}
    left = remaining(expand(point.prescription, catalog), point.done)
    assert [(p.exercise.id, p.set_index) for p in left] == [("y_raise", 0)]
    again = StoreRecorder(store, "ana", point.prescription, resume=point)
    later = datetime.now(UTC) + timedelta(hours=1)  # resumed after the first engine's sets
    engine = SessionEngine(left, camera=False, auto_rating="clean", wall_clock=lambda: later)
    run_sets(engine, again, fake_clock)
    again.finish()
    record = get_session(store, recorder.session_id)
    assert record.status == "completed"
    assert [(s.exercise_id, s.reps) for s in record.sets] == [
        ("bird_dog", 2),
        ("bird_dog", 2),
        ("bird_dog", 2),
        ("bird_dog", 2),
        ("y_raise", 3),
    ]
    with pytest.raises(ResumeError, match="no unfinished session"):
        latest_open_session(store, "ana")


def test_set_entry_keeps_faults_with_value_and_threshold(make_engine, fake_clock, ev, fault):
    engine = make_engine(("y_raise", 1, 1), camera=True)
    clock = fake_clock(engine)
    clock.send(ev("ready", 1.0))
    clock.send(ev("fault", 5.0, fault=fault("spine_neutral", 12.5, 10.0, at=5.0)))
    clock.send(ev("rep_counted", 7.0, side="both", rep=0, hold_s=3.4))
    (entry,) = set_entries(engine.results[0])
    assert entry.side == "none"
    assert entry.source == "camera"
    assert entry.rating == "struggled"  # the only rep had a fault
    (rep,) = entry.rep_log
    assert rep.hold_s == pytest.approx(3.4)
    assert [(f.rule, f.value, f.threshold, f.at_s) for f in rep.faults] == [
        ("spine_neutral", 12.5, 10.0, 5.0)
    ]


def test_narrow_cuts_the_prescription(catalog, make_prescription):
    rx = make_prescription(("bird_dog", 2, 8), ("y_raise", 2, 8))
    small = narrow(rx, ["y_raise"], sets=1, reps=3)
    assert [(e.exercise_id, e.sets, e.reps) for e in small.exercises] == [("y_raise", 1, 3)]
    with pytest.raises(Exception, match="seated_cable_row"):
        narrow(rx, ["seated_cable_row"])


def test_a_session_opens_resumable_in_one_write(store, make_prescription):
    """The session row is written with its resume state: a process killed right after
    the start never leaves an open session that `--resume` cannot find."""
    from sqlalchemy import event

    rx = make_prescription(("bird_dog", 1, 2))
    statements: list[str] = []

    def seen(conn, cursor, statement, parameters, context, executemany) -> None:
        statements.append(statement.split()[0].upper())

    event.listen(store.engine, "before_cursor_execute", seen)
    try:
        recorder = StoreRecorder(store, "ana", rx)
    finally:
        event.remove(store.engine, "before_cursor_execute", seen)
    # the new session is never updated afterwards to make it resumable
    assert "UPDATE" not in statements
    point = latest_open_session(store, "ana")
    assert point.session_id == recorder.session_id
    assert point.done == set()
