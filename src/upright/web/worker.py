"""Video analysis in worker processes, fed from the store's analysis queue.

The server only queues (`upright.store.analyses.queue_analysis`); each worker process
claims the oldest queued row, runs the analysis pipeline on it, and records the outcome.
Because the queue lives in the database, a restart loses nothing that was queued, and
several servers on one PostgreSQL share the work (each row goes to one worker).
Progress of the running job is written to ``progress.json`` in its output folder.
"""

from __future__ import annotations

import json
import multiprocessing as mp
import os
import signal
import socket
import time
import traceback
from dataclasses import asdict
from multiprocessing.synchronize import Event
from pathlib import Path
from typing import Any

from upright.web.settings import WebSettings

POLL_S = 0.5


def output_dir(settings: WebSettings, analysis_id: int) -> Path:
    """Folder of one analysis's outputs (landmarks, JSON, report, annotated video)."""
    return settings.outputs_dir / str(int(analysis_id))


def write_progress(folder: Path, stage: str, done: int = 0, total: int = 0) -> None:
    """Record how far the job is (atomically, so a reader never sees half a file)."""
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / "progress.json.tmp"
    tmp.write_text(json.dumps({"stage": stage, "done": done, "total": total}))
    os.replace(tmp, folder / "progress.json")


def read_progress(folder: Path) -> dict[str, Any]:
    """The job's last recorded progress, or an empty dict."""
    try:
        return dict(json.loads((folder / "progress.json").read_text()))
    except (OSError, ValueError):
        return {}


def run_one(settings: WebSettings, store: Any, worker: str) -> bool:
    """Claim and run one queued analysis; return False when the queue was empty."""
    from upright.store.analyses import claim_analysis, finish_analysis
    from upright.web.analysis_job import analyze_video_files

    job = claim_analysis(store, worker)
    if job is None:
        return False
    folder = output_dir(settings, job.id)

    def progress(stage: str, done: int = 0, total: int = 0) -> None:
        write_progress(folder, stage, done, total)

    try:
        progress("starting")
        if job.video_path is None:
            raise ValueError(f"analysis {job.id}: expected a video_path, got none")
        exercise_id = job.exercise_id or "generic"
        out = analyze_video_files(Path(job.video_path), exercise_id, folder, progress=progress)
        finish_analysis(
            store,
            job.id,
            json_path=str(out.json_path),
            landmark_path=str(out.landmark_path),
            schema_version=out.schema_version,
        )
        progress("done")
    except Exception as exc:  # noqa: BLE001 - any failure is the job's, not the worker's
        (folder / "error.txt").write_text(traceback.format_exc())
        finish_analysis(store, job.id, error=f"{type(exc).__name__}: {exc}")
        progress("failed")
    return True


def worker_name(index: int) -> str:
    """``HOST:PID:INDEX`` of this process, as recorded on the jobs it claims."""
    return f"{socket.gethostname()}:{os.getpid()}:{index}"


def worker_main(settings_dict: dict[str, Any], index: int, stop: Event) -> None:
    """Entry point of a worker process: claim and run jobs until ``stop`` is set."""
    from upright.store import open_store

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent stops us through ``stop``
    settings = WebSettings(**settings_dict)
    name = worker_name(index)
    with open_store(settings.db_url) as store:
        while not stop.is_set():
            if not run_one(settings, store, name):
                stop.wait(POLL_S)


class WorkerPool:
    """``n`` worker processes (spawned, so they share nothing with the server's loop)."""

    def __init__(self, settings: WebSettings, n: int):
        self.settings = settings
        self.n = n
        self._ctx = mp.get_context("spawn")
        self._stop = self._ctx.Event()
        self._procs: list[Any] = []

    def start(self) -> None:
        """Put back jobs of workers that died with an earlier server, then start workers."""
        from upright.store import open_store, requeue_orphans

        if self.n == 0:
            return
        with open_store(self.settings.db_url) as store:
            requeue_orphans(store, socket.gethostname())
        settings_dict = asdict(self.settings)
        for i in range(self.n):
            proc = self._ctx.Process(
                target=worker_main,
                args=(settings_dict, i, self._stop),
                name=f"upright-worker-{i}",
                daemon=True,
            )
            proc.start()
            self._procs.append(proc)

    def stop(self, timeout_s: float = 5.0) -> None:
        """Ask the workers to stop after their current job; terminate them after ``timeout_s``."""
        self._stop.set()
        deadline = time.monotonic() + timeout_s
        for proc in self._procs:
            proc.join(max(0.0, deadline - time.monotonic()))
            if proc.is_alive():
                proc.terminate()
                proc.join(1.0)
        self._procs.clear()
