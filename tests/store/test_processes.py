"""Real processes: SIGKILL in the middle of logging sets, and two writers at once.

Both run ``setlogger.py`` (beside this file), which prints ``SET <id> ...`` after each
committed set, so the test knows exactly what must have survived. The processes are
forked from a zygote (``tests/zygote.py``) that imported the script once; each is a real
process with its own connections, killed from outside.
"""

from __future__ import annotations

import os
import random
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from upright import store as st
from upright.store.models import Athlete, ExerciseSet, Fault, Rep
from zygote import Zygote

KILLS = 20
SEED = 20260302
LOGGER = Path(__file__).with_name("setlogger.py")


@pytest.fixture(scope="module")
def zygote(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Zygote]:
    env = {k: v for k, v in os.environ.items() if k != "UPRIGHT_DB"}
    env["XDG_DATA_HOME"] = str(tmp_path_factory.mktemp("xdg-data"))  # never the real one
    zyg = Zygote(LOGGER, env=env)
    yield zyg
    zyg.close()


def _wait_for(out: Path, sets: int, timeout: float = 60.0) -> str:
    """The logger's output once it said READY and then ``sets`` committed sets (or
    whatever it said by the timeout)."""
    end = time.monotonic() + timeout
    while True:
        text = out.read_text() if out.exists() else ""
        lines = text.splitlines()
        if "READY" in lines and len(_committed(text)) >= sets:
            return text
        if time.monotonic() > end:
            return text
        time.sleep(0.002)


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


def test_sigkill_never_loses_a_committed_set(db_url: str, zygote: Zygote, tmp_path: Path) -> None:
    rng = random.Random(SEED)
    reported: dict[int, str] = {}
    for kill in range(KILLS):
        log = tmp_path / f"k{kill}.log"
        pid = zygote.spawn(["--db", db_url, "--athlete", "crash", "--tag", f"k{kill}"], log)
        # at a moment measured from the logger's own writes: after its session started and
        # 0 to 3 sets it reported committed, then a little more (a write in flight)
        ready = _wait_for(log, kill % 4)
        assert "READY" in ready.splitlines(), ready
        time.sleep(rng.uniform(0.0, 0.03))
        status = zygote.kill(pid)
        assert status["signal"] == signal.SIGKILL
        reported |= _committed(log.read_text())
        with st.open_store(db_url) as store:
            stored = _check_complete(store, reported)
            if store.engine.dialect.name == "sqlite":
                with store.engine.connect() as conn:
                    assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    assert len(reported) > KILLS  # the kills did land mid-stream, not only between runs
    assert stored >= len(reported)


def test_two_writers_lose_nothing_and_duplicate_nothing(
    db_url: str, zygote: Zygote, tmp_path: Path
) -> None:
    per_process = 60
    procs = []
    for own, tag in (("a", "A"), ("b", "B")):
        args = ["--db", db_url, "--athlete", own, "--athlete", "shared"]
        log = tmp_path / f"{tag}.log"
        procs.append((zygote.spawn([*args, "--count", str(per_process), "--tag", tag], log), log))
    outs = []
    for pid, log in procs:
        status = zygote.wait(pid)
        assert status["code"] == 0, log.read_text()
        outs.append(_committed(log.read_text()))
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
