"""The analysis worker ends with its server, however the server ends, and no job is lost.

Real ``upright serve`` processes (each in its own session, so every process it starts
can be found in ``/proc``), a real video analysed by the real pose model, SIGKILL and
SIGTERM sent from outside. After a kill of the server alone, nothing of it may be left
after 5 s (no worker, no resource tracker), its job must be back in the queue, and the
next server must finish that job exactly once. The servers are forked from a pre-imported
``upright`` (``tests/zygote.py``, as in the other kill tests): each is a real process,
spared the seconds of imports of a cold start; its workers start as they always do.
"""

from __future__ import annotations

import os
import re
import signal
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import httpx
import pytest

from demo_clips import walking_clip
from pg_server import free_port
from upright import store as st
from zygote import Zygote

GONE_WITHIN_S = 5.0


@pytest.fixture(scope="module")
def zygote() -> Iterator[Zygote]:
    zyg = Zygote(env={k: v for k, v in os.environ.items() if k != "UPRIGHT_DB"})
    yield zyg
    zyg.close()


def clip() -> Path:
    """A 6 s walking clip (the pose fixtures' demo), long enough to be killed mid-way."""
    from test_bad_inputs import needs_models

    needs_models()
    return walking_clip(seconds=6.0)


def session_pids(sid: int) -> list[int]:
    """Live (not zombie) processes of session ``sid``."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[3]) == sid and fields[0] != "Z":
            pids.append(int(entry.name))
    return pids


class Server:
    """One ``upright serve`` in a new session, its output in a log file."""

    def __init__(self, tmp: Path, name: str, db: str, zyg: Zygote, workers: int = 1) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = tmp / f"{name}.log"
        self.zygote = zyg
        self.returncode: int | None = None
        args = ["serve", "--port", str(self.port), "--db", db]
        args += ["--data-dir", str(tmp / "data"), "--workers", str(workers)]
        self.pid = zyg.spawn(args, self.log, new_session=True)
        end = time.monotonic() + 120
        while time.monotonic() < end:
            try:
                if httpx.get(self.base + "/api/athletes", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.1)
        raise AssertionError(f"{name} did not start: {self.text()}")

    def wait(self, timeout: float) -> None:
        """Wait up to ``timeout`` s for the server to end, then reap it (its exit code kept)."""
        end = time.monotonic() + timeout
        while _running(self.pid):
            assert time.monotonic() < end, f"the server did not end: {self.text()}"
            time.sleep(0.05)
        self.returncode = self.zygote.wait(self.pid)["code"]

    def text(self) -> str:
        return self.log.read_text()

    def processes(self) -> list[int]:
        return session_pids(self.pid)  # the server leads its own session

    def upload(self, video: Path) -> int:
        with video.open("rb") as fh:
            r = httpx.post(
                self.base + "/analyze",
                data={"exercise": "y_raise"},
                files={"video": ("walk.mp4", fh, "video/mp4")},
                timeout=60,
            )
        assert r.status_code == 303, r.text
        return int(r.headers["location"].rsplit("/", 1)[1])

    def status(self, analysis_id: int) -> dict:
        return httpx.get(f"{self.base}/api/analyses/{analysis_id}", timeout=30).json()

    def wait_posing(self, analysis_id: int, frames: int = 5, timeout: float = 120) -> None:
        """Wait until the worker is ``frames`` frames into the pose stage."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            data = self.status(analysis_id)
            progress = data.get("progress") or {}
            if progress.get("stage") == "pose" and progress.get("done", 0) >= frames:
                return
            assert data["status"] in ("queued", "running"), data
            time.sleep(0.05)
        raise AssertionError(f"analysis {analysis_id} never got going: {self.text()}")

    def wait_finished(self, analysis_id: int, timeout: float = 300) -> dict:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            data = self.status(analysis_id)
            if data["status"] in ("done", "failed"):
                return data
            time.sleep(0.2)
        raise AssertionError(f"analysis {analysis_id} not finished: {self.text()}")

    def signal_and_wait_gone(self, sig: int) -> float:
        """Send ``sig`` to the server alone; seconds until none of its processes is left."""
        before = self.processes()
        assert len(before) >= 2, before  # the server and its worker
        t0 = time.monotonic()
        os.kill(self.pid, sig)
        while self.processes() and time.monotonic() - t0 < 30:
            time.sleep(0.05)
        self.wait(30)
        return time.monotonic() - t0


def _running(pid: int) -> bool:
    """Is ``pid`` still running (not ended, nor a zombie waiting to be reaped)?"""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def row(db: str, analysis_id: int) -> st.AnalysisRecord:
    with st.open_store(db) as store:
        return st.get_analysis(store, analysis_id)


def done_lines(log: str, analysis_id: int) -> int:
    return len(re.findall(rf"analysis {analysis_id} done by ", log))


def test_sigkill_of_the_server_ends_its_worker_and_the_next_server_finishes_the_job(
    tmp_path: Path, zygote: Zygote
) -> None:
    video = clip()
    db = f"sqlite:///{tmp_path / 'jobs.sqlite3'}"
    first = Server(tmp_path, "first", db, zygote)
    job = first.upload(video)
    first.wait_posing(job)
    gone_s = first.signal_and_wait_gone(signal.SIGKILL)
    print(f"kill -9 of the server: its processes gone after {gone_s:.2f} s")  # pytest -s
    assert gone_s < GONE_WITHIN_S, (gone_s, first.processes())
    assert first.processes() == []
    log = first.text()
    assert f"stopping: its server is gone; analysis {job} put back in the queue" in log, log
    assert "leaked semaphore" not in log and "Traceback" not in log, log
    back = row(db, job)
    assert (back.status, back.worker, back.lease_until) == ("queued", None, None)

    second = Server(tmp_path, "second", db, zygote)
    data = second.wait_finished(job)
    assert data["status"] == "done", data
    assert data["summary"] is not None and data["report_url"]
    finished = row(db, job)
    assert finished.worker is not None
    assert finished.worker.split(":")[1] in map(str, second.processes())
    gone_s = second.signal_and_wait_gone(signal.SIGTERM)
    assert gone_s < GONE_WITHIN_S + 5  # uvicorn's grace for open connections
    assert done_lines(first.text(), job) == 0
    assert done_lines(second.text(), job) == 1  # finished once, by the second server
    assert "Upright stopped (1 analysis worker(s) ended)." in second.text()
    assert row(db, job).finished_at == finished.finished_at  # nobody finished it again


def test_sigterm_mid_analysis_puts_the_job_back_and_says_so(tmp_path: Path, zygote: Zygote) -> None:
    video = clip()
    db = f"sqlite:///{tmp_path / 'jobs.sqlite3'}"
    server = Server(tmp_path, "server", db, zygote)
    job = server.upload(video)
    server.wait_posing(job)
    gone_s = server.signal_and_wait_gone(signal.SIGTERM)
    print(f"SIGTERM of the server: its processes gone after {gone_s:.2f} s")  # pytest -s
    assert gone_s < GONE_WITHIN_S + 5, gone_s
    assert server.returncode == 0, server.text()
    log = server.text()
    assert f"asked to stop (SIGTERM); analysis {job} put back in the queue" in log, log
    assert "Upright stopped (1 analysis worker(s) ended)." in log
    assert "Traceback" not in log and "leaked semaphore" not in log, log
    assert row(db, job).status == "queued"


def test_a_worker_that_vanishes_without_a_word_loses_its_job_when_the_lease_passes(
    tmp_path: Path, zygote: Zygote
) -> None:
    """SIGKILL of the whole process group: the worker cannot put its job back."""
    video = clip()
    db = f"sqlite:///{tmp_path / 'jobs.sqlite3'}"
    server = Server(tmp_path, "server", db, zygote)
    job = server.upload(video)
    server.wait_posing(job)
    os.killpg(server.pid, signal.SIGKILL)
    server.wait(10)
    end = time.monotonic() + GONE_WITHIN_S
    while server.processes() and time.monotonic() < end:
        time.sleep(0.05)
    assert server.processes() == []
    held = row(db, job)
    assert held.status == "running" and held.lease_until is not None  # nobody put it back
    with st.open_store(db) as store:
        assert st.claim_analysis(store, "other-host:1:0", now=held.lease_until) is None
        late = held.lease_until + timedelta(seconds=1)
        taken = st.claim_analysis(store, "other-host:1:0", now=late)
    assert taken is not None and taken.id == job  # another machine takes it over
