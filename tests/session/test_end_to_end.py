"""Whole sessions played from simulated landmark files whose truth is known.

`upright session --landmarks FILE --speed 20 --quiet` runs the real command: live
analysis (`upright.motion`), the engine, the store. The logged sets must match the
simulator's truth, and must equal what the batch analysis finds in the same files (the
live path loses nothing).
"""

from __future__ import annotations

import subprocess

import pytest

from testkit import session_command
from upright.catalog import get_exercise
from upright.motion import analyze, load_npz
from upright.sim import FaultSpec, simulate
from upright.store import athlete_id, last_sessions, open_store


@pytest.fixture(scope="module")
def played(tmp_path_factory):
    """Bird dog 1 x 2 a side (pelvis twist in rep 2) then Y-raise 1 x 3, at 20x speed.

    The two commands run at once, each on a database of its own (one athlete has one
    session open at a time): each plays its file in real time, and waits as much as it
    computes.
    """
    d = tmp_path_factory.mktemp("e2e")
    bird = simulate("bird_dog", reps=2, seed=1, faults=[FaultSpec("pelvis_twist", 15.0, 1)])
    yr = simulate("y_raise", reps=3, seed=2)
    files = [bird.save(d, "bird")[0], yr.save(d, "yraise")[0]]
    started = []
    for path, ex, reps in ((files[0], "bird_dog", 2), (files[1], "y_raise", 3)):
        db = f"sqlite:///{d / f'{ex}.sqlite3'}"
        proc = subprocess.Popen(
            session_command(db, "sim", ex, reps, path),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            stdin=subprocess.DEVNULL,
        )
        started.append((db, proc))
    runs = []
    sets: dict[str, list] = {}
    for db, proc in started:
        out, err = proc.communicate(timeout=120)
        runs.append(subprocess.CompletedProcess(proc.args, proc.returncode, out, err))
        with open_store(db) as store:
            sessions = last_sessions(store, athlete_id(store, "sim"))
        for sess in sessions:
            for s in sess.sets:
                sets.setdefault(s.exercise_id, []).append(s)
    return {"bird": bird, "yr": yr, "files": files, "runs": runs, "sets": sets}


def test_commands_finish_and_log_every_set(played):
    for proc in played["runs"]:
        assert proc.returncode == 0, proc.stdout + proc.stderr
        assert "Session done: 1 set saved." in proc.stdout
    assert set(played["sets"]) == {"bird_dog", "y_raise"}
    assert all(s.source == "camera" for rows in played["sets"].values() for s in rows)
    # a per-side set is one row a side, each holding only its own side's reps
    assert [(s.side, s.reps) for s in played["sets"]["bird_dog"]] == [("left", 2), ("right", 2)]
    assert [(s.side, s.reps) for s in played["sets"]["y_raise"]] == [("none", 3)]


def test_reps_per_side_match_the_truth(played):
    for key, ex in (("bird", "bird_dog"), ("yr", "y_raise")):
        truth = played[key].truth
        rows = played["sets"][ex]
        want = sorted(r.side for r in truth.reps)
        got = sorted(
            r.side if r.side in ("left", "right") else "both" for s in rows for r in s.rep_log
        )
        assert got == want, ex
        assert sum(s.reps for s in rows) == len(truth.reps)


def test_logged_set_equals_the_batch_analysis_of_the_same_file(played):
    for path, ex in zip(played["files"], ("bird_dog", "y_raise"), strict=True):
        batch = analyze(load_npz(path), get_exercise(ex))
        logged = [r for s in played["sets"][ex] for r in s.rep_log]
        assert [round(r.hold_s or 0.0, 3) for r in logged] == [
            round(r.hold_s, 3) for r in batch.reps
        ]
        assert sorted(f.rule for r in logged for f in r.faults) == sorted(
            f.rule for f in batch.all_faults()
        )


def test_holds_and_faults_match_the_truth(played):
    for key, ex in (("bird", "bird_dog"), ("yr", "y_raise")):
        truth = played[key].truth
        logged = [r for s in played["sets"][ex] for r in s.rep_log]
        for want, got in zip(truth.reps, logged, strict=True):
            assert got.hold_s == pytest.approx(want.hold_s, abs=0.3)
        want_faults = sorted((f.rule, f.rep_index + 1) for f in truth.faults)
        # reps are numbered within their side's row: the set's rep n is its place overall
        got_faults = sorted((f.rule, n + 1) for n, r in enumerate(logged) for f in r.faults)
        assert got_faults == want_faults
