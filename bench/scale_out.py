"""Scale-out: two ``upright serve`` processes on one PostgreSQL server, on loopback.

Starts a throw-away PostgreSQL (``tests/pg_server.py``) and two servers on free
127.0.0.1 ports sharing it and one data folder, each with ``--workers`` analysis
workers. Then, bounded in time: uploads ``--videos`` clips for analysis, alternating
between the servers, while a client logs one-set guided sessions on both in turn. The
analyses table is polled every 50 ms to see which worker held each job.

Checks: every analysis done, each taken by exactly one worker (never seen with two
workers, never queued again), workers of both servers used; every set a server
answered as saved is stored, none twice. Writes ``bench/scale_out.json`` and prints one
summary line.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))
sys.path.insert(0, str(HERE.parent / "tests" / "hardening"))

from pg_server import PostgresServer, binaries_present, free_port  # noqa: E402


def start_server(port: int, db: str, data: Path, workers: int) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if k != "UPRIGHT_DB"}
    return subprocess.Popen(
        [str(Path(sys.executable).with_name("upright")), "serve", "--port", str(port)]
        + ["--db", db, "--data-dir", str(data), "--workers", str(workers)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_ready(base: str, timeout: float = 90) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            if httpx.get(base + "/api/athletes", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise SystemExit(f"{base} did not start")


def log_sets(bases: list[str], stop: threading.Event, saved: list[str], errors: list[str]):
    """One-set guided sessions on each server in turn (the kill test's client)."""
    from test_kills import _post_sets

    k = 0
    while not stop.is_set():
        one = threading.Event()
        got: list[str] = []
        timer = threading.Timer(2.0, one.set)
        timer.start()
        _post_sets(bases[k % len(bases)], one, got)
        timer.cancel()
        saved += got
        k += 1


def watch(db: str, stop: threading.Event, seen: dict[int, set[str]], requeued: set[int]) -> None:
    """Which workers held each analysis while it ran; which went back to the queue."""
    from sqlalchemy import select

    from upright.store import open_store
    from upright.store.models import Analysis

    last: dict[int, str] = {}
    with open_store(db) as store:
        while not stop.is_set():
            with store.session() as s:
                for aid, status, worker in s.execute(
                    select(Analysis.id, Analysis.status, Analysis.worker)
                ).all():
                    if status == "running" and worker:
                        seen.setdefault(aid, set()).add(worker)
                    if status == "queued" and last.get(aid) == "running":
                        requeued.add(aid)
                    last[aid] = status
            time.sleep(0.05)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--videos", type=int, default=6)
    parser.add_argument("--workers", type=int, default=1, help="workers per server")
    parser.add_argument("--timeout", type=float, default=600.0)
    parser.add_argument("--out", type=Path, default=HERE / "scale_out.json")
    args = parser.parse_args()
    if not binaries_present():
        raise SystemExit("PostgreSQL binaries are missing (Debian package postgresql)")
    import test_bad_inputs as helpers

    clip = helpers.pose_fixtures().walking_clip()
    pg = PostgresServer().start()
    servers: list[subprocess.Popen[str]] = []
    try:
        db = pg.create_database("scale")
        with tempfile.TemporaryDirectory() as d:
            ports = [free_port(), free_port()]
            bases = [f"http://127.0.0.1:{p}" for p in ports]
            for port in ports:
                servers.append(start_server(port, db, Path(d) / "data", args.workers))
            for base in bases:
                wait_ready(base)
            stop, seen, requeued = threading.Event(), {}, set()
            saved: list[str] = []
            errors: list[str] = []
            watcher = threading.Thread(target=watch, args=(db, stop, seen, requeued))
            watcher.start()
            logger = threading.Thread(target=log_sets, args=(bases, stop, saved, errors))
            logger.start()
            ids = []
            for i in range(args.videos):
                with clip.open("rb") as fh:
                    r = httpx.post(
                        bases[i % 2] + "/analyze",
                        data={"exercise": "y_raise"},
                        files={"video": ("clip.mp4", fh, "video/mp4")},
                        timeout=60,
                    )
                assert r.status_code == 303, r.text
                ids.append(int(r.headers["location"].rsplit("/", 1)[-1]))
            t0, statuses = time.monotonic(), {}
            while time.monotonic() - t0 < args.timeout:
                statuses = {
                    i: httpx.get(f"{bases[i % 2]}/api/analyses/{i}", timeout=30).json()["status"]
                    for i in ids
                }
                if all(s in ("done", "failed") for s in statuses.values()):
                    break
                time.sleep(1.0)
            seconds = round(time.monotonic() - t0, 1)
            time.sleep(0.5)
            stop.set()
            logger.join(timeout=60)
            watcher.join(timeout=30)
    finally:
        errs = []
        for srv in servers:
            srv.send_signal(signal.SIGINT)
        for srv in servers:
            try:
                errs.append(srv.communicate(timeout=30)[1])
            except subprocess.TimeoutExpired:
                srv.kill()
                errs.append(srv.communicate()[1])
        from sqlalchemy import func, select

        from upright.store import open_store
        from upright.store.models import Analysis, ExerciseSet

        with open_store(db) as store, store.session() as s:
            stored_sets = s.execute(select(func.count()).select_from(ExerciseSet)).scalar()
            workers = dict(s.execute(select(Analysis.id, Analysis.worker)).all())
        pg.stop()
    pids = {w.split(":")[1] for w in workers.values() if w}
    report = {
        "servers": 2,
        "workers_per_server": args.workers,
        "analyses": len(ids),
        "analyses_done": sum(s == "done" for s in statuses.values()),
        "analyses_failed": sum(s == "failed" for s in statuses.values()),
        "seconds_to_finish": seconds,
        "analyses_seen_with_two_workers": sorted(a for a, w in seen.items() if len(w) > 1),
        "analyses_requeued": sorted(requeued),
        "worker_processes_used": len(pids),
        "sets_reported": len(saved),
        "sets_stored": stored_sets,
        "server_tracebacks": sum(e.count("Traceback") for e in errs),
    }
    report["ok"] = (
        report["analyses_done"] == len(ids)
        and not report["analyses_seen_with_two_workers"]
        and not report["analyses_requeued"]
        and report["worker_processes_used"] >= 2
        and report["sets_stored"] == report["sets_reported"]
        and report["server_tracebacks"] == 0
    )
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    print(
        f"scale_out: {report['analyses_done']}/{len(ids)} analyses done in {seconds} s by "
        f"{report['worker_processes_used']} workers, "
        f"{len(report['analyses_seen_with_two_workers'])} taken twice; sets "
        f"{report['sets_reported']} saved / {stored_sets} stored; "
        f"{'ok' if report['ok'] else 'FAILED'}"
    )
    return 0 if report["ok"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
