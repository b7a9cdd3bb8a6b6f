"""Real processes: SIGKILL in the middle of logging sets, and two writers at once.

Both run ``setlogger.py`` (beside this file), which prints ``SET <id> ...`` after each
committed set, so the test knows exactly what must have survived.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import func, select, text

from upright import store as st
from upright.store.models import Athlete, ExerciseSet, Fault, Rep

KILLS = 20
SEED = 20260302
LOGGER = [sys.executable, str(Path(__file__).with_name("setlogger.py"))]


def _spawn(db_url: str, *args: str) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if k != "UPRIGHT_DB"}
    return subprocess.Popen(
        [*LOGGER, "--db", db_url, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def _committed(stdout: str) -> dict[int, str]:
    """Set id -> exercise id of every set the process reported as committed."""
    out = {}
    for line in stdout.splitlines():
        if line.startswith("SET "):
            _, set_id, _athlete, exercise = line.split()
            out[int(set_id)] = exercise
    return out


def _check_complete(store: st.Store, reported: dict[int, str]) -> int:
    """Every reported set is there with its 6 reps and 1 fault; no set is half-written."""
    with store.session() as s:
        rows = dict(s.execute(select(ExerciseSet.id, ExerciseSet.exercise_id)).all())
        reps = dict(s.execute(select(Rep.set_id, func.count()).group_by(Rep.set_id)).all())
        faults = dict(s.execute(select(Fault.set_id, func.count()).group_by(Fault.set_id)).all())
    missing = {i: e for i, e in reported.items() if rows.get(i) != e}
    assert not missing, f"committed sets lost after a kill: {missing}"
    assert all(reps.get(i) == 6 and faults.get(i) == 1 for i in rows), "a set is half-written"
    return len(rows)


def test_sigkill_never_loses_a_committed_set(db_url: str) -> None:
    rng = random.Random(SEED)
    reported: dict[int, str] = {}
    for kill in range(KILLS):
        proc = _spawn(db_url, "--athlete", "crash", "--tag", f"k{kill}")
        assert proc.stdout is not None
        ready = proc.stdout.readline()
        assert ready.strip() == "READY", proc.stderr.read() if proc.stderr else ready
        time.sleep(rng.uniform(0.0, 0.25))
        proc.send_signal(signal.SIGKILL)
        out, _err = proc.communicate(timeout=30)
        assert proc.returncode == -signal.SIGKILL
        reported |= _committed(out)
        with st.open_store(db_url) as store:
            stored = _check_complete(store, reported)
            if store.engine.dialect.name == "sqlite":
                with store.engine.connect() as conn:
                    assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    assert len(reported) > KILLS  # the kills did land mid-stream, not only between runs
    assert stored >= len(reported)


def test_two_writers_lose_nothing_and_duplicate_nothing(db_url: str) -> None:
    per_process = 60
    procs = [
        _spawn(
            db_url,
            "--athlete",
            own,
            "--athlete",
            "shared",
            "--count",
            str(per_process),
            "--tag",
            tag,
        )
        for own, tag in (("a", "A"), ("b", "B"))
    ]
    outs = []
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
        outs.append(_committed(out))
    assert not set(outs[0]) & set(outs[1]), "two processes were given the same set id"
    reported = outs[0] | outs[1]
    assert len(reported) == 2 * per_process
    with st.open_store(db_url) as store:
        _check_complete(store, reported)
        with store.session() as s:
            exercises = list(s.scalars(select(ExerciseSet.exercise_id)))
            by_athlete = dict(
                s.execute(
                    select(Athlete.name, func.count(ExerciseSet.id))
                    .join(ExerciseSet, ExerciseSet.athlete_id == Athlete.id)
                    .group_by(Athlete.name)
                ).all()
            )
    assert len(exercises) == len(set(exercises)) == 2 * per_process  # no duplicate, no loss
    assert by_athlete == {"a": 30, "b": 30, "shared": 60}
