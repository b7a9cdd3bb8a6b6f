"""The session use cases on a real SQLite store: start, resume, record, finish, start over.

Each test drives the real `SessionEngine` self-paced (the runner's "rep done" after each
rep's hold, every set rated clean), as the Session page does, so the sets stored are the
ones the engine finished.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from upright.catalog import default_catalog
from upright.plan import ExercisePrescription, SessionPrescription, default_session
from upright.session import Phase, RepDone, SetFinished, SkipSet, Start
from upright.session.program import ProgramError
from upright.store import Store, get_session, last_sessions, open_store
from upright.workflows.sessions import (
    ResumeError,
    SessionAlreadyOpen,
    SessionChoiceError,
    SessionRun,
    Unfinished,
    abandon_session,
    find_unfinished,
    first_exercise,
    planned_prescription,
    resume_session,
    start_session,
)

CATALOG = default_catalog()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(f"sqlite:///{tmp_path / 'upright.sqlite3'}") as s:
        yield s


def rx(*items: tuple[str, int, int]) -> SessionPrescription:
    """(exercise id, sets, reps) at the catalog's hold and a 2-second rest."""
    out = []
    for ex_id, sets, reps in items:
        d = CATALOG[ex_id].dosage
        out.append(
            ExercisePrescription(
                exercise_id=ex_id,
                name=CATALOG[ex_id].name,
                sets=sets,
                reps=reps,
                per_side=d.per_side,
                hold_s=d.hold_s,
                rest_s=2.0,
            )
        )
    return SessionPrescription(exercises=tuple(out))


TWO_BY_TWO = rx(("y_raise", 2, 2), ("seated_cable_row", 1, 2))  # three sets


def drive(run: SessionRun, stop_after: int | None = None) -> list[list[int]]:
    """Run ``run`` self-paced, storing each finished set; the row ids of each set stored.

    Stops after ``stop_after`` stored sets (the page closed), else when the engine is done.
    """
    engine = run.engine(camera=False, auto_rating="clean")
    stored: list[list[int]] = []
    t = 0.0
    while engine.phase is not Phase.DONE and t < 3600:
        t += 0.25
        engine.tick(t)
        if engine.phase is Phase.CONFIRM:
            engine.handle(RepDone(), now=t)
        for effect in engine.drain():
            if isinstance(effect, SetFinished):
                stored.append(run.record(effect.result))
                if stop_after is not None and len(stored) >= stop_after:
                    return stored
    return stored


def test_a_started_session_stores_every_set_and_ends_completed(store: Store) -> None:
    run = start_session(store, "ana", TWO_BY_TWO)
    assert [p.title for p in run.plans] == [
        "Prone Y-raise on a ball, set 1 of 2",
        "Prone Y-raise on a ball, set 2 of 2",
        "Seated cable row, set 1 of 1",
    ]
    assert run.sets_before == 0
    stored = drive(run)
    run.end("completed")
    record = get_session(store, run.session_id)
    assert record.status == "completed"
    assert len(stored) == 3 and run.sets_saved == 3
    assert [s.exercise_id for s in record.sets] == ["y_raise", "y_raise", "seated_cable_row"]
    assert all(s.reps == 2 for s in record.sets)


def test_a_second_start_is_refused_while_one_can_be_continued(store: Store) -> None:
    first = start_session(store, "ana", TWO_BY_TWO)
    with pytest.raises(SessionAlreadyOpen) as refused:
        start_session(store, "ana", TWO_BY_TWO)
    assert refused.value.point.session_id == first.session_id
    assert "unfinished session" in str(refused.value)
    assert f"(session {first.session_id}, 0 sets saved)" in str(refused.value)
    # another athlete is not held up
    other = start_session(store, "ben", TWO_BY_TWO)
    assert other.session_id != first.session_id


def test_start_over_closes_the_old_session_as_abandoned_and_keeps_its_sets(store: Store) -> None:
    old = start_session(store, "ana", TWO_BY_TWO)
    drive(old, stop_after=1)
    new = start_session(store, "ana", TWO_BY_TWO, start_over=old.session_id)
    closed = get_session(store, old.session_id)
    assert closed.status == "abandoned"
    assert [s.reps for s in closed.sets] == [2]  # its set stays
    assert get_session(store, new.session_id).status == "in_progress"
    assert len(new.plans) == 3


def test_resume_runs_only_the_sets_left_and_stores_each_once(store: Store) -> None:
    run = start_session(store, "ana", TWO_BY_TWO)
    drive(run, stop_after=1)  # the tab closed after the first set
    again = resume_session(store, "ana", run.session_id)
    assert again.session_id == run.session_id
    assert again.sets_before == 1
    assert [p.title for p in again.plans] == [
        "Prone Y-raise on a ball, set 2 of 2",
        "Seated cable row, set 1 of 1",
    ]
    drive(again)
    again.end("completed")
    record = get_session(store, run.session_id)
    assert record.status == "completed"
    assert [s.exercise_id for s in record.sets] == ["y_raise", "y_raise", "seated_cable_row"]


def test_resume_of_a_session_no_longer_open_names_both_ids(store: Store) -> None:
    with pytest.raises(ResumeError, match="no unfinished session"):
        resume_session(store, "ana")
    old = start_session(store, "ana", TWO_BY_TWO)
    new = start_session(store, "ana", TWO_BY_TWO, start_over=old.session_id)
    with pytest.raises(SessionChoiceError) as wrong:
        resume_session(store, "ana", old.session_id)
    message = str(wrong.value)
    assert f"expected the unfinished session {new.session_id}, got {old.session_id}" in message


def test_an_abandoned_end_keeps_the_sets_and_allows_a_new_start(store: Store) -> None:
    run = start_session(store, "ana", TWO_BY_TWO)
    drive(run, stop_after=2)
    run.end("abandoned")
    record = get_session(store, run.session_id)
    assert record.status == "abandoned" and len(record.sets) == 2
    assert find_unfinished(store, "ana") is None
    assert start_session(store, "ana", TWO_BY_TWO).session_id != run.session_id


def test_find_unfinished_says_how_far_the_runner_got(store: Store) -> None:
    assert find_unfinished(store, "ana") is None
    run = start_session(store, "ana", TWO_BY_TWO)
    left = find_unfinished(store, "ana")
    assert left is not None and left.sets_done == 0 and left.sets_total == 3
    assert left.summary().startswith("You started a session just now")
    drive(run, stop_after=1)
    left = find_unfinished(store, "ana")
    assert isinstance(left, Unfinished)
    assert (left.session_id, left.sets_done, left.sets_total) == (run.session_id, 1, 3)
    assert left.next_title == "Prone Y-raise on a ball, set 2 of 2"
    later = left.stopped_at + timedelta(minutes=40)
    assert left.summary(later) == "You stopped after 1 of 3 sets, 40 min ago."


def test_closing_another_athletes_session_is_refused(store: Store) -> None:
    anas = start_session(store, "ana", TWO_BY_TWO)
    with pytest.raises(SessionChoiceError, match="not ben's"):
        abandon_session(store, "ben", anas.session_id)
    assert get_session(store, anas.session_id).status == "in_progress"
    anas.end("completed")
    abandon_session(store, "ana", anas.session_id)  # already closed: left as it is
    assert get_session(store, anas.session_id).status == "completed"


def test_the_runners_cut_is_applied_and_a_bad_one_opens_nothing(store: Store) -> None:
    run = start_session(store, "ana", TWO_BY_TWO, exercise_ids=["seated_cable_row"], sets=2, reps=5)
    assert [(p.exercise.id, p.reps) for p in run.plans] == [("seated_cable_row", 5)] * 2
    run.end("abandoned")
    # an exercise the plan lacks is added at its catalog starting dose
    added = start_session(store, "ana", TWO_BY_TWO, exercise_ids=["bird_dog"])
    assert {p.exercise.id for p in added.plans} == {"bird_dog"}
    added.end("abandoned")
    before = len(last_sessions(store, get_session(store, run.session_id).athlete_id, 50))
    with pytest.raises(ProgramError, match="handstand"):
        start_session(store, "ana", TWO_BY_TWO, exercise_ids=["handstand"])
    after = len(last_sessions(store, get_session(store, run.session_id).athlete_id, 50))
    assert after == before  # nothing was opened


def test_the_session_to_run_comes_from_the_plan_else_the_programs_start() -> None:
    assert planned_prescription(TWO_BY_TWO) is TWO_BY_TWO
    assert planned_prescription(None) == default_session(CATALOG)


def test_the_first_exercise_comes_from_the_plan_else_the_programs_start() -> None:
    assert first_exercise(TWO_BY_TWO).exercise_id == "y_raise"
    empty = SessionPrescription(exercises=())
    assert first_exercise(empty) == default_session(CATALOG).exercises[0]


def test_a_set_with_no_rep_stores_nothing_and_stays_to_do(store: Store) -> None:
    run = start_session(store, "ana", rx(("y_raise", 1, 2)))
    engine = run.engine(camera=False, auto_rating="clean")
    engine.handle(Start(), now=0.0)
    engine.tick(5.0)
    engine.handle(SkipSet(), now=5.0)  # ended before any rep
    assert not [e for e in engine.drain() if isinstance(e, SetFinished)]
    left = find_unfinished(store, "ana")
    assert (
        left is not None
        and left.sets_done == 0
        and left.next_title == "Prone Y-raise on a ball, set 1 of 1"
    )
    assert datetime.now(UTC) - left.stopped_at < timedelta(minutes=5)
