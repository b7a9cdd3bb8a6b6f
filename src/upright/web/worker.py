"""Video analysis in worker processes, fed from the store's analysis queue.

The server only queues (`upright.store.analyses.queue_analysis`); each worker process
claims the oldest queued row, runs the analysis pipeline on it, and records the outcome.
Because the queue lives in the database, a restart loses nothing that was queued, and
several servers on one PostgreSQL share the work (each row goes to one worker).
Progress of the running job is written to ``progress.json`` in its output folder.
A video the browser cannot play (an AVI, an MPEG-4 Part 2 or HEVC video) gets a WebM
copy, made after its result is recorded so the result does not wait for it.

A worker lives exactly as long as its server. It is a plain child process (not
``multiprocessing``: no resource tracker or semaphores to outlive anyone) that holds the
read end of a pipe whose only writer is the server, plus a parent-death signal on
Linux. When the server ends in any way (SIGTERM, Ctrl-C, ``kill -9``) the pipe reads
end-of-file; the worker then puts its job back in the queue and exits within a moment.
While it works it renews the job's lease, so a job whose worker vanished without a
word (a machine that lost power) is taken over once the lease passes.

A worker runs at a lower OS priority than its server, with one pose-model thread, so
live coaching on the same machine keeps its pace while a video is analysed.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import re
import select
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import asdict, fields
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from upright.web.settings import WebSettings

if TYPE_CHECKING:  # at run time the functions below import the store where they use it
    from upright.store import AnalysisRecord, Store

POLL_S = 0.5
SWEEP_EVERY_S = 600.0  # how often an idle worker removes uploads of old failed analyses
FAILED_UPLOAD_KEEP = timedelta(days=1)
PR_SET_PDEATHSIG = 1  # from <sys/prctl.h>
WORKER_NICE = 10  # live coaching in the server comes first when both want the CPU
SETTINGS_ENV = "UPRIGHT_WORKER_SETTINGS"
# A path with at least one folder in it, as it may appear in an error message.
EXCEPTION_NAME = re.compile(r"^[A-Z]\w*(?:Error|Exception): ")
ABSOLUTE_PATH = re.compile(r"(?:[A-Za-z]:)?[/\\](?:[^\s'\"/\\:]+[/\\])*([^\s'\"/\\:]+)")


def output_dir(settings: WebSettings, analysis_id: int) -> Path:
    """Folder of one analysis's outputs (landmarks, JSON, report, a copy to play)."""
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


def public_error(text: str, video_path: str | None, name: str | None) -> str:
    """An error message fit to show: the server's paths reduced to file names.

    The uploaded video's stored path becomes the name the user gave it; any other
    absolute path becomes its last part.
    """
    if video_path:
        text = text.replace(video_path, name or Path(video_path).name)
    text = EXCEPTION_NAME.sub("", text)  # rows failed by older versions: "NoPersonError: ..."
    return ABSOLUTE_PATH.sub(lambda m: m.group(1), text)


class Lifeline:
    """What a worker shares between its job loop and its control thread.

    ``job`` is the id of the analysis the loop holds (None between jobs); ``lock`` is
    held while the loop claims or finishes one, so the control thread never puts back
    a job that is being recorded as finished, nor finishes one it has put back.
    """

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.job: int | None = None
        self.stopping = threading.Event()


def run_one(
    settings: WebSettings, store: Store, worker: str, lifeline: Lifeline | None = None
) -> bool:
    """Claim and run one queued analysis; return False when the queue was empty."""
    from upright.store.analyses import claim_analysis

    life = lifeline or Lifeline()
    with life.lock:
        if life.stopping.is_set():
            return False
        job = claim_analysis(store, worker, lease_s=settings.job_lease_s)
        life.job = job.id if job is not None else None
    if job is None:
        return False
    copy_from: Path | None = None
    try:
        copy_from = _run_job(settings, store, worker, job, life)
    finally:
        with life.lock:
            life.job = None
    if copy_from is not None:  # the result is out: the job is no longer held for this
        _copy_for_browser(copy_from, output_dir(settings, job.id), job.id)
    return True


def _copy_for_browser(video: Path, folder: Path, analysis_id: int) -> None:
    """Make the WebM copy of an analysed video the browser cannot play as it is."""
    from upright.workflows.playback import make_copy

    started = time.monotonic()
    try:
        make_copy(video, folder)
    except Exception as exc:  # noqa: BLE001 - the analysis stands; the page says it cannot play
        _say(f"analysis {analysis_id}: no copy for the browser ({exc})")
        return
    _say(f"analysis {analysis_id}: copy for the browser in {time.monotonic() - started:.1f} s")


def resume_copies(settings: WebSettings, store: Store) -> int:
    """Make the browser copies a stopped worker left unfinished; return how many.

    A worker stopped while copying leaves its folder marked as waiting for the copy,
    and the page would wait for ever.
    """
    from upright.store import NotFound, get_analysis
    from upright.workflows.playback import PENDING_FILE

    made = 0
    for mark in sorted(settings.outputs_dir.glob(f"*/{PENDING_FILE}")):
        folder = mark.parent
        try:
            rec = get_analysis(store, int(folder.name))
        except (NotFound, ValueError):
            mark.unlink(missing_ok=True)
            continue
        if rec.status == "done" and rec.video_path:
            _copy_for_browser(Path(rec.video_path), folder, rec.id)
            made += 1
        else:
            mark.unlink(missing_ok=True)
    return made


def _run_job(
    settings: WebSettings, store: Store, worker: str, job: AnalysisRecord, life: Lifeline
) -> Path | None:
    """Run one claimed analysis and record its outcome (while still this worker's).

    Returns the video to copy for the browser once the job is let go, if any.
    """
    from upright.catalog import GENERIC_EXERCISE
    from upright.store.analyses import finish_analysis
    from upright.workflows.analysis import analyse_into, keep_analysis, plain_error
    from upright.workflows.playback import PENDING_FILE, needs_copy

    folder = output_dir(settings, job.id)
    source = job.video_path or job.landmark_path
    name = (job.params or {}).get("name") or Path(source or "upload").name

    def progress(stage: str, done: int = 0, total: int = 0) -> None:
        write_progress(folder, stage, done, total)

    try:
        progress("starting")
        if source is None:
            raise ValueError(f"analysis {job.id}: expected a video or landmark file, got none")
        exercise_id = job.exercise_id or GENERIC_EXERCISE
        out = analyse_into(Path(source), exercise_id, folder, progress, source_name=name)
        # marked before the result shows, so the page knows a copy is on its way
        copy = out.video_path is not None and needs_copy(out.video_path, folder)
        with life.lock:
            if life.stopping.is_set():
                return None  # the control thread puts the job back
            done = keep_analysis(
                store,
                job.id,
                out,
                exercise_id=exercise_id,
                uploaded_at=job.queued_at,
                worker=worker,
            )
        if done:
            progress("done")
            _say(f"analysis {job.id} done by {worker}")
            return out.video_path if copy else None
        (folder / PENDING_FILE).unlink(missing_ok=True)
    except Exception as exc:  # noqa: BLE001 - any failure is the job's, not the worker's
        with contextlib.suppress(OSError):
            (folder / "error.txt").write_text(traceback.format_exc())
        error = public_error(plain_error(exc, name), source, name)
        with life.lock:
            if life.stopping.is_set():
                return None
            failed = finish_analysis(store, job.id, error=error, worker=worker)
        if failed:
            with contextlib.suppress(OSError):
                progress("failed")
            _say(f"analysis {job.id} failed in {worker}: {error}")
    return None


def _say(line: str) -> None:
    """One line on the server's log (the worker's stderr is the server's)."""
    print(f"upright worker {os.getpid()}: {line}", file=sys.stderr, flush=True)


def sweep_failed_uploads(settings: WebSettings, store: Store, now: datetime | None = None) -> int:
    """Remove uploads and outputs of analyses that failed over a day ago; return how many.

    The analysis row stays, so its page still says what went wrong.
    """
    from sqlalchemy import select

    from upright.store.models import Analysis

    cutoff = (now or datetime.now(UTC)) - FAILED_UPLOAD_KEEP
    with store.reading() as s:
        rows = s.execute(
            select(Analysis.id, Analysis.video_path)
            .where(Analysis.status == "failed")
            .where(Analysis.finished_at < cutoff)
        ).all()
    removed = 0
    uploads = settings.uploads_dir.resolve()
    for analysis_id, video_path in rows:
        gone = False
        if video_path:
            path = Path(video_path)
            # only files under this server's uploads folder, never a path named elsewhere
            if path.resolve().is_relative_to(uploads) and path.is_file():
                path.unlink(missing_ok=True)
                gone = True
        folder = output_dir(settings, analysis_id)
        if folder.is_dir():
            shutil.rmtree(folder, ignore_errors=True)
            gone = True
        removed += gone
    return removed


def worker_name(index: int) -> str:
    """``HOST:PID:INDEX`` of this process, as recorded on the jobs it claims."""
    return f"{socket.gethostname()}:{os.getpid()}:{index}"


def settings_to_json(settings: WebSettings) -> str:
    """The settings as one JSON string (for a worker's command line)."""
    return json.dumps(asdict(settings), default=str)


def settings_from_json(text: str) -> WebSettings:
    """Inverse of `settings_to_json`."""
    raw = json.loads(text)
    kinds = {f.name: f.type for f in fields(WebSettings)}
    raw["data_dir"] = Path(raw["data_dir"])
    raw["allowed_hosts"] = tuple(raw.get("allowed_hosts") or ())
    return WebSettings(**{k: v for k, v in raw.items() if k in kinds})


def die_with_parent() -> None:
    """Ask Linux to send this process SIGTERM when its parent ends (a no-op elsewhere)."""
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)


def background_priority() -> None:
    """Run this worker's analyses behind live coaching: lower OS priority, one pose thread."""
    with contextlib.suppress(OSError, AttributeError):  # os.nice is not on every platform
        os.nice(WORKER_NICE)
    from upright.pose.litert import set_default_threads

    set_default_threads(1)


def _control(
    settings: WebSettings, store: Store, name: str, life: Lifeline, alive_fd: int, wake_fd: int
) -> None:
    """Renew the held job's lease; on the server's end or a signal, put it back and exit.

    ``alive_fd`` reads end-of-file when the server is gone; ``wake_fd`` gets a byte for
    each SIGTERM or SIGINT (`signal.set_wakeup_fd`).
    """
    from upright.store.analyses import release_analysis, renew_lease

    every = max(0.05, settings.job_lease_s / 3)
    reason = ""
    while not reason:
        ready, _, _ = select.select([alive_fd, wake_fd], [], [], every)
        if alive_fd in ready and not os.read(alive_fd, 1):
            reason = "its server is gone"
        elif wake_fd in ready:
            got = os.read(wake_fd, 16)
            if _server_gone(alive_fd):  # the parent-death signal, not someone asking
                reason = "its server is gone"
            elif got:
                reason = f"asked to stop ({signal.Signals(got[-1]).name})"
            else:
                reason = "asked to stop"
        else:
            job = life.job
            if job is not None and not renew_lease(store, job, name, lease_s=settings.job_lease_s):
                _say(f"analysis {job}: lease lost to another worker")
    with life.lock:
        life.stopping.set()
        job = life.job
        put_back = job is not None and _release(release_analysis, store, job, name)
    tail = f"; analysis {job} put back in the queue" if put_back else ""
    _say(f"stopping: {reason}{tail}")
    os._exit(0)


def _server_gone(alive_fd: int) -> bool:
    """Whether the server's end of the lifeline pipe is closed (read now, without waiting)."""
    ready, _, _ = select.select([alive_fd], [], [], 0.2)
    return bool(ready) and not os.read(alive_fd, 1)


def _release(release: Callable[[Store, int, str], bool], store: Store, job: int, name: str) -> bool:
    """Put ``job`` back; a store that cannot be reached leaves it to the lease."""
    try:
        return bool(release(store, job, name))
    except Exception as exc:  # noqa: BLE001 - the lease expires anyway; say so and go
        _say(f"could not put analysis {job} back ({exc}); its lease will pass")
        return False


# What an analysis imports (the pose runtime, the analysis, the report's plotting).
WARM_MODULES = ("upright.workflows.analysis", "upright.pose", "upright.motion", "upright.report")


def warm_up() -> None:
    """Import what an analysis needs while idle, so the first upload does not wait for it."""
    import importlib

    for module in WARM_MODULES:
        try:
            importlib.import_module(module)
        except Exception as exc:  # noqa: BLE001 - the job that needs it will say what is wrong
            _say(f"could not load {module} ahead of time ({exc})")


def worker_main(settings_json: str, index: int, parent: int, alive_fd: int) -> None:
    """A worker process: claim and run jobs until its server ends or it is signalled."""
    die_with_parent()
    if os.getppid() != parent:  # the server ended before the signal was armed
        return
    background_priority()
    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_w, False)
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: None)  # the control thread acts, woken by wake_w
    signal.set_wakeup_fd(wake_w)
    from upright.store import open_store

    settings = settings_from_json(settings_json)
    name = worker_name(index)
    life = Lifeline()
    with open_store(settings.db_url) as store:
        threading.Thread(
            target=_control,
            args=(settings, store, name, life, alive_fd, wake_r),
            name="upright-worker-control",
            daemon=True,
        ).start()
        _say(f"started as {name}")
        warm_up()
        if index == 0:  # one worker of the server, so no copy is made twice
            with contextlib.suppress(Exception):
                resume_copies(settings, store)
        swept = 0.0
        while not life.stopping.is_set():
            if run_one(settings, store, name, life):
                continue
            if time.monotonic() - swept > SWEEP_EVERY_S:
                swept = time.monotonic()
                with contextlib.suppress(Exception):
                    sweep_failed_uploads(settings, store)
            life.stopping.wait(POLL_S)
        while True:  # the control thread ends the process
            time.sleep(1)


class WorkerPool:
    """``n`` worker processes that end with this one, however it ends."""

    def __init__(self, settings: WebSettings, n: int):
        self.settings = settings
        self.n = n
        self._procs: list[subprocess.Popen[bytes]] = []
        self._alive_w: int | None = None

    def start(self) -> None:
        """Put back jobs of workers that died with an earlier server, then start workers."""
        from upright.store import open_store, requeue_orphans

        if self.n == 0:
            return
        with open_store(self.settings.db_url) as store:
            requeue_orphans(store, socket.gethostname())
        alive_r, self._alive_w = os.pipe()  # neither end is inherited unless passed
        try:
            # the settings (with the token's hash) go by environment, not the visible argv
            env = {**os.environ, SETTINGS_ENV: settings_to_json(self.settings)}
            for i in range(self.n):
                cmd = [sys.executable, "-m", "upright.web.worker"]
                cmd += [str(i), str(os.getpid()), str(alive_r)]
                self._procs.append(
                    subprocess.Popen(cmd, pass_fds=(alive_r,), stdin=subprocess.DEVNULL, env=env)
                )
        finally:
            os.close(alive_r)

    def stop(self, timeout_s: float = 5.0) -> int:
        """Stop the workers (each puts its job back); kill any left after ``timeout_s``.

        Returns how many workers were running.
        """
        for proc in self._procs:
            if proc.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    proc.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + timeout_s
        for proc in self._procs:
            try:
                proc.wait(max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(1.0)
        if self._alive_w is not None:
            os.close(self._alive_w)
            self._alive_w = None
        count = len(self._procs)
        self._procs.clear()
        return count

    @property
    def pids(self) -> list[int]:
        """Process ids of the workers started."""
        return [p.pid for p in self._procs]


def main(argv: list[str] | None = None) -> None:
    """``python -m upright.web.worker INDEX PARENT_PID ALIVE_FD`` (the pool runs it).

    The settings come as JSON in ``$UPRIGHT_WORKER_SETTINGS``.
    """
    index, parent, alive_fd = argv or sys.argv[1:]
    settings_json = os.environ.pop(SETTINGS_ENV)
    worker_main(settings_json, int(index), int(parent), int(alive_fd))


if __name__ == "__main__":
    main()
