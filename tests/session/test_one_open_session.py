"""One open session per athlete in the terminal; a resumed session keeps its own sets.

The real ``upright session`` command (run in this process by Typer's runner, with no
input) on a real SQLite store, with simulated landmark files as the camera; the
unfinished session is made by the same `StoreRecorder` the command uses, as a killed
session leaves it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from testkit import FakeWall, terminal_clock_on
from upright.cli import app
from upright.session.recorder import (
    SessionAlreadyOpen,
    StoreRecorder,
    latest_open_session,
    read_resume_state,
)
from upright.store import athlete_id, get_session, last_sessions, open_store


@dataclass
class Ran:
    """What a command did: its exit code and what it wrote to stdout and stderr."""

    returncode: int
    stdout: str
    stderr: str


def upright(*args: str) -> Ran:
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": "200"}, input="")
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Ran(result.exit_code, result.stdout, result.stderr)


@pytest.fixture(autouse=True)
def _fake_wall(monkeypatch: pytest.MonkeyPatch) -> None:
    """The sessions' timers on a `FakeWall`: the same steps, without the waiting."""
    terminal_clock_on(monkeypatch, FakeWall())


@pytest.fixture
def landmark_files(tmp_path: Path) -> list[str]:
    from upright.sim import simulate

    return [
        str(simulate("y_raise", reps=2, seed=60 + i).save(tmp_path, f"set{i}")[0]) for i in range(3)
    ]


@pytest.fixture
def url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'u.sqlite3'}"


def open_one(url: str, make_prescription, sets: int = 3) -> int:  # type: ignore[no-untyped-def]
    """An unfinished session of ``sets`` y-raise sets of 2 reps, no set done yet."""
    with open_store(url) as store:
        return StoreRecorder(store, "me", make_prescription(("y_raise", sets, 2))).session_id


def sessions(url: str) -> list:  # type: ignore[type-arg]
    with open_store(url) as store:
        return last_sessions(store, athlete_id(store, "me"), n=10)


def said(proc: Ran) -> str:
    return " ".join((proc.stdout + proc.stderr).split())


def test_a_second_start_is_refused_and_names_the_ways_on(
    url: str, landmark_files: list[str], make_prescription
) -> None:
    first = open_one(url, make_prescription)
    proc = upright(
        "session", "--db", url, "--exercise", "y_raise", "--mute", "--speed", "200",
        "--landmarks", landmark_files[0],
    )  # fmt: skip
    out = said(proc)
    assert proc.returncode == 2, out
    assert "me has an unfinished session." in out and "no set was finished" in out
    assert "upright session --resume" in out and "upright session --start-over" in out
    assert "Traceback" not in out
    assert [s.id for s in sessions(url)] == [first]  # nothing new was opened


def test_the_recorder_refuses_a_second_open_session(tmp_path: Path, make_prescription) -> None:
    with open_store(f"sqlite:///{tmp_path / 'u.sqlite3'}") as store:
        rx = make_prescription(("y_raise", 2, 2))
        first = StoreRecorder(store, "me", rx, exclusive=True)
        with pytest.raises(SessionAlreadyOpen, match="unfinished session") as info:
            StoreRecorder(store, "me", rx, exclusive=True)
        assert info.value.point.session_id == first.session_id
        other = StoreRecorder(store, "you", rx, exclusive=True)  # another athlete may
        first.finish()
        second = StoreRecorder(store, "me", rx, exclusive=True)  # once it is closed
        assert len({first.session_id, other.session_id, second.session_id}) == 3


def test_resume_keeps_the_sets_the_session_started_with(
    url: str, landmark_files: list[str], make_prescription
) -> None:
    """The plan now says 2 sets of 5 (--sets/--reps): the resumed session still does 3 of 2."""
    first = open_one(url, make_prescription, sets=3)
    proc = upright(
        "session", "--db", url, "--resume", "--exercise", "y_raise", "--sets", "2",
        "--reps", "5", "--mute", "--speed", "200", "--rating", "clean",
        *(x for f in landmark_files for x in ("--landmarks", f)),
    )  # fmt: skip
    out = said(proc)
    assert proc.returncode == 0, out
    assert f"Continuing session {first} with the sets it started with" in out
    with open_store(url) as store:
        record = get_session(store, first)
    assert record.status == "completed"
    assert len(record.sets) == 3  # all three of the session's own sets, not the plan's two
    exercises = read_resume_state(record).prescription.exercises
    assert [(e.exercise_id, e.sets, e.reps) for e in exercises] == [("y_raise", 3, 2)]


def test_start_over_closes_the_open_one_and_keeps_its_sets(
    url: str, landmark_files: list[str], make_prescription
) -> None:
    first = open_one(url, make_prescription)
    proc = upright(
        "session", "--db", url, "--start-over", "--exercise", "y_raise", "--mute",
        "--speed", "200", "--rating", "clean", "--landmarks", landmark_files[0],
    )  # fmt: skip
    out = said(proc)
    assert proc.returncode == 0, out
    assert f"Session {first} closed as abandoned" in out
    newest, old = sessions(url)[:2]
    assert old.id == first and old.status == "abandoned"
    assert newest.status == "completed" and len(newest.sets) == 1
    with open_store(url) as store, pytest.raises(Exception, match="no unfinished session"):
        latest_open_session(store, "me")
