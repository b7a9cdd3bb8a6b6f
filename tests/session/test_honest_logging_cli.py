"""The real `upright session` and `upright plan` over two clean bird-dog sessions.

The commands run in this process (Typer's runner, with their own HOME and no input):
what is tested is what they log and say, not the process; the kill tests and
``test_cli.py`` run the console script itself.

Simulated landmarks of 8 reps a side (known truth) are played twice as the camera with
``--rating clean``; each session must be stored one row a side with 8 reps each, and the
plan must hold the dose after one clean session and go up by exactly one step (the hold,
3 s -> 4 s) after two: never 2 x 16, never reps and hold at once.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from testkit import FakeWall, terminal_clock_on
from upright.cli import app
from upright.sim import simulate
from upright.store import UnknownAthlete, athlete_id, last_sessions, open_store


@dataclass
class Ran:
    """What a command did: its exit code and what it wrote to stdout and stderr."""

    returncode: int
    stdout: str
    stderr: str
    json_path: Path | None = None


def _run(args: list[str], home: Path) -> Ran:
    env: dict[str, str | None] = {
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "XDG_DATA_HOME": str(home / "data"),
        "UPRIGHT_PROFILE": None,
        "UPRIGHT_DB": None,
    }
    result = CliRunner().invoke(app, args, env=env, input="")
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Ran(result.exit_code, result.stdout, result.stderr)


def _bird_dog(plan_json: Path) -> dict[str, object]:
    """The bird dog of the plan's first session (weeks are calendar weeks: the one holding
    today may have nothing left in it)."""
    data = json.loads(plan_json.read_text())
    first = next(s for week in data["weeks"] for s in week["sessions"])
    return next(e for e in first["exercises"] if e["exercise_id"] == "bird_dog")


@pytest.fixture(scope="module")
def two_sessions(tmp_path_factory):
    """Play 1 set of the simulated bird dog twice; the plan (as JSON) after each."""
    home = tmp_path_factory.mktemp("honest")
    sim = simulate("bird_dog", reps=8, seed=3)
    assert [r.side for r in sim.truth.reps].count("left") == 8
    npz = sim.save(home, "bird")[0]
    db = f"sqlite:///{home / 'u.sqlite3'}"
    runs, plans = [], []
    with pytest.MonkeyPatch.context() as mp:
        terminal_clock_on(mp, FakeWall())  # the sessions' timers, without the waiting
        for k in range(2):
            session = [
                "session",
                "--db",
                db,
                "--exercise",
                "bird_dog",
                "--sets",
                "1",
                "--landmarks",
                str(npz),
                "--rating",
                "clean",
                "--speed",
                "100",
                "--mute",
            ]
            runs.append(_run(session, home))
            out = home / f"plan{k}.json"
            plans.append(_run(["plan", "--db", db, "--weeks", "2", "--json", str(out)], home))
            plans[-1].json_path = out
    return {"db": db, "runs": runs, "plans": plans, "home": home}


def test_each_session_is_stored_one_row_a_side_with_its_own_reps(two_sessions):
    for proc in two_sessions["runs"]:
        assert proc.returncode == 0, proc.stdout + proc.stderr
        assert "Session done: 1 set saved." in proc.stdout
        assert "saved, set 2" not in proc.stdout  # no store id beside "set 1"
    with open_store(two_sessions["db"]) as store:
        sessions = last_sessions(store, athlete_id(store, "me"))
    assert len(sessions) == 2
    for sess in sessions:
        rows = [(s.exercise_id, s.side, s.reps, s.rating, s.source) for s in sess.sets]
        assert rows == [
            ("bird_dog", "left", 8, "clean", "camera"),
            ("bird_dog", "right", 8, "clean", "camera"),
        ]
        assert all({r.side for r in s.rep_log} == {s.side} for s in sess.sets)
        # the session keeps the dose it ran: 1 set of 8 a side, hold 3 s
        (dose,) = sess.resume_state["exercises"]
        assert (dose["sets"], dose["reps"], dose["hold_s"]) == (1, 8, 3.0)


def test_one_clean_session_holds_the_dose(two_sessions):
    proc = two_sessions["plans"][0]
    assert proc.returncode == 0, proc.stdout + proc.stderr
    bird = _bird_dog(proc.json_path)
    assert (bird["sets"], bird["reps"], bird["hold_s"]) == (2, 8, 3.0)
    assert "1 of 2 clean sessions" in bird["note"]


def test_two_clean_sessions_raise_the_hold_only(two_sessions):
    proc = two_sessions["plans"][1]
    assert proc.returncode == 0, proc.stdout + proc.stderr
    bird = _bird_dog(proc.json_path)
    assert (bird["sets"], bird["reps"], bird["hold_s"]) == (2, 8, 4.0)
    assert "hold 3 s -> 4 s" in bird["note"]


def test_no_camera_and_no_keys_logs_nothing(tmp_path):
    """`--rating clean` with no input must not invent full sets: it is refused up front."""
    db = f"sqlite:///{tmp_path / 'u.sqlite3'}"
    proc = _run(["session", "--db", db, "--rating", "clean", "--mute"], tmp_path)
    assert proc.returncode == 2
    words = " ".join(re.sub(r"[│╭╮╰╯─]", " ", proc.stdout + proc.stderr).split())
    assert "nothing could count the reps" in words
    # not even the athlete was created: nothing was logged
    with open_store(db) as store, pytest.raises(UnknownAthlete):
        athlete_id(store, "me")


def test_a_wrong_landmark_file_stops_the_session_before_it_starts(tmp_path):
    """A GPX given as --landmarks used to open the session screen, then fail inside it."""
    db = f"sqlite:///{tmp_path / 'u.sqlite3'}"
    route = tmp_path / "route.gpx"
    route.write_text("<gpx><rte/></gpx>\n")
    labelled = tmp_path / "plank.csv"  # a labelled data set's rows: a label, then numbers
    labelled.write_text("label,nose_x,nose_y\nC,0.5,0.4\n")
    for path, expected in ((route, "expected a .npz or .csv landmark file, got '.gpx'"),
                           (labelled, "line 2, column 1 ('label') holds labels")):  # fmt: skip
        proc = _run(["session", "--db", db, "--landmarks", str(path), "--mute"], tmp_path)
        assert proc.returncode == 2, proc.stdout
        words = " ".join(re.sub(r"[│╭╮╰╯─]", " ", proc.stdout + proc.stderr).split())
        assert "--landmarks" in words and path.name in words and expected in words
        assert "coach" not in proc.stdout  # the session screen never opened
    with open_store(db) as store, pytest.raises(UnknownAthlete):
        athlete_id(store, "me")  # nothing logged
