"""Scale-out: two ``upright serve`` processes on one PostgreSQL server, on loopback.

Starts a throw-away PostgreSQL (``tests/pg_server.py``) and two servers on free
127.0.0.1 ports sharing it and one data folder, each with ``--workers`` analysis
workers. Then, bounded in time: uploads ``--videos`` clips for analysis, alternating
between the servers, while a client logs one-set guided sessions on both in turn. The
analyses table is polled every 50 ms to see which worker held each job.

With ``--kills K`` (default 3), K times during the run the server whose worker holds
a running analysis is killed with SIGKILL and started again on the same port: each
server runs in its own session, and the seconds until no process of it is left (worker
and all) are recorded.

Checks: every analysis done, each finished exactly once (one "done" line in all the
servers' logs, whichever servers' workers held it), workers of both servers used, no
process left 5 s after a kill; every set a server answered as saved is stored, at most
the set in flight at each kill more. Without kills, also that no analysis was ever
held by two workers or queued again. Writes ``bench/scale_out.json`` and prints one
summary line.
"""

from __future__ import annotations

import argparse
import json
import os
import re
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

GONE_WITHIN_S = 5.0


class Server:
    """One ``upright serve`` in its own session, its output appended to a log file."""

    def __init__(self, port: int, db: str, data: Path, workers: int, log: Path) -> None:
        self.port, self.db, self.data, self.workers, self.log = port, db, data, workers, log
        self.base = f"http://127.0.0.1:{port}"
        self.proc = self._start()

    def _start(self) -> subprocess.Popen[str]:
        env = {k: v for k, v in os.environ.items() if k != "UPRIGHT_DB"}
        with self.log.open("a") as out:
            return subprocess.Popen(
                [str(Path(sys.executable).with_name("upright")), "serve", "--port", str(self.port)]
                + ["--db", self.db, "--data-dir", str(self.data), "--workers", str(self.workers)],
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
                text=True,
            )

    def processes(self) -> list[int]:
        """Live processes of this server's session (itself and its workers)."""
        return session_pids(self.proc.pid)

    def kill_and_restart(self) -> float:
        """SIGKILL the server alone; seconds until none of its processes is left; start anew."""
        t0 = time.monotonic()
        self.proc.kill()
        self.proc.wait()
        while self.processes() and time.monotonic() - t0 < 30:
            time.sleep(0.02)
        gone = time.monotonic() - t0
        self.proc = self._start()
        return gone


def session_pids(sid: int) -> list[int]:
    """Live (not zombie) processes of session ``sid``."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == sid and fields[0] != "Z":
            pids.append(int(entry.name))
    return pids


def holder(db: str, servers: list[Server]) -> Server | None:
    """The server whose worker holds a running analysis now, if any."""
    from sqlalchemy import select

    from upright.store import open_store
    from upright.store.models import Analysis

    with open_store(db) as store, store.session() as s:
        workers = s.scalars(select(Analysis.worker).where(Analysis.status == "running")).all()
    for worker in workers:
        pid = int((worker or "::").split(":")[1] or 0)
        for srv in servers:
            if pid in srv.processes():
                return srv
    return None


def killer(
    db: str, servers: list[Server], kills: int, stop: threading.Event, gone: list[float]
) -> None:
    """Kill a server mid-analysis ``kills`` times (waiting for its restart in between)."""
    while len(gone) < kills and not stop.is_set():
        target = holder(db, servers)
        if target is None:
            time.sleep(0.1)
            continue
        time.sleep(0.5)  # some way into the job
        gone.append(round(target.kill_and_restart(), 2))
        wait_ready(target.base)
        time.sleep(2.0)


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
    parser.add_argument("--videos", type=int, default=10)
    parser.add_argument("--workers", type=int, default=1, help="workers per server")
    parser.add_argument("--kills", type=int, default=3, help="server kills during the run")
    parser.add_argument("--timeout", type=float, default=600.0)
    parser.add_argument("--out", type=Path, default=HERE / "scale_out.json")
    args = parser.parse_args()
    if not binaries_present():
        raise SystemExit("PostgreSQL binaries are missing (Debian package postgresql)")
    import test_bad_inputs as helpers

    clip = helpers.pose_fixtures().walking_clip()
    pg = PostgresServer().start()
    servers: list[Server] = []
    try:
        db = pg.create_database("scale")
        with tempfile.TemporaryDirectory() as d:
            for k in range(2):
                log = Path(d) / f"server{k}.log"
                servers.append(Server(free_port(), db, Path(d) / "data", args.workers, log))
            run = run_load(args, db, servers, clip)
            logs = stop_all(servers)
        from sqlalchemy import func, select

        from upright.store import open_store
        from upright.store.models import Analysis, ExerciseSet

        with open_store(db) as store, store.session() as s:
            stored_sets = s.execute(select(func.count()).select_from(ExerciseSet)).scalar()
            rows = s.execute(select(Analysis.id, Analysis.status, Analysis.worker)).all()
    finally:
        pg.stop()
    report = summary(args, run, logs, rows, int(stored_sets or 0))
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    print(
        f"scale_out: {report['analyses_done']}/{report['analyses']} analyses done in "
        f"{report['seconds_to_finish']} s by {report['worker_processes_used']} workers with "
        f"{len(report['kill_seconds_until_gone'])} server kills (all gone within "
        f"{max(report['kill_seconds_until_gone'], default=0)} s); "
        f"{report['analyses_lost']} lost, {len(report['analyses_done_twice'])} done twice; "
        f"sets {report['sets_reported']} saved / {stored_sets} stored; "
        f"{'ok' if report['ok'] else 'FAILED'}"
    )
    return 0 if report["ok"] else 1


def upload_all(servers: list[Server], clip: Path, n: int) -> list[int]:
    """Upload ``n`` clips, alternating between the servers; their analysis ids."""
    ids = []
    for i in range(n):
        with clip.open("rb") as fh:
            r = httpx.post(
                servers[i % 2].base + "/analyze",
                data={"exercise": "y_raise"},
                files={"video": ("clip.mp4", fh, "video/mp4")},
                timeout=60,
            )
        assert r.status_code == 303, r.text
        ids.append(int(r.headers["location"].rsplit("/", 1)[-1]))
    return ids


def statuses_now(servers: list[Server], ids: list[int]) -> dict[int, str] | None:
    """Each analysis's status from whichever server answers; None when none does."""
    for srv in servers:
        try:
            return {
                i: httpx.get(f"{srv.base}/api/analyses/{i}", timeout=30).json()["status"]
                for i in ids
            }
        except httpx.HTTPError:
            continue
    return None


def run_load(args: argparse.Namespace, db: str, servers: list[Server], clip: Path) -> dict:
    """Uploads, set logging and kills until every analysis is finished (or the timeout)."""
    for srv in servers:
        wait_ready(srv.base)
    stop, seen, requeued = threading.Event(), {}, set()
    saved: list[str] = []
    errors: list[str] = []
    gone: list[float] = []
    bases = [srv.base for srv in servers]
    threads = [
        threading.Thread(target=watch, args=(db, stop, seen, requeued)),
        threading.Thread(target=log_sets, args=(bases, stop, saved, errors)),
    ]
    for t in threads:
        t.start()
    ids = upload_all(servers, clip, args.videos)
    kills = threading.Thread(target=killer, args=(db, servers, args.kills, stop, gone))
    kills.start()
    t0, statuses = time.monotonic(), {}
    while time.monotonic() - t0 < args.timeout:
        statuses = statuses_now(servers, ids) or statuses
        if len(statuses) == len(ids) and all(s in ("done", "failed") for s in statuses.values()):
            break
        time.sleep(1.0)
    seconds = round(time.monotonic() - t0, 1)
    time.sleep(0.5)
    stop.set()
    for t in (*threads, kills):
        t.join(timeout=60)
    return {
        "ids": ids,
        "seconds": seconds,
        "seen": seen,
        "requeued": requeued,
        "gone": gone,
        "saved": saved,
    }


def stop_all(servers: list[Server]) -> list[str]:
    """Stop the servers as a user would (SIGTERM); every log written in the run."""
    for srv in servers:
        srv.proc.send_signal(signal.SIGTERM)
    for srv in servers:
        try:
            srv.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            srv.proc.kill()
            srv.proc.wait()
    return [srv.log.read_text() for srv in servers]


def summary(args: argparse.Namespace, run: dict, logs: list[str], rows: list, sets: int) -> dict:
    """The figures and the verdict."""
    ids, text = run["ids"], "\n".join(logs)
    done_lines = {i: len(re.findall(rf"analysis {i} done by ", text)) for i in ids}
    status = {aid: st for aid, st, _w in rows}
    pids = {w.split(":")[1] for _a, _s, w in rows if w}
    report = {
        "servers": 2,
        "workers_per_server": args.workers,
        "analyses": len(ids),
        "analyses_done": sum(status.get(i) == "done" for i in ids),
        "analyses_failed": sum(status.get(i) == "failed" for i in ids),
        "seconds_to_finish": run["seconds"],
        "kill_seconds_until_gone": run.get("gone", []),
        "analyses_lost": sum(status.get(i) not in ("done", "failed") for i in ids),
        "analyses_done_twice": sorted(i for i, n in done_lines.items() if n > 1),
        "analyses_taken_over": sorted(a for a, w in run["seen"].items() if len(w) > 1),
        "analyses_requeued": sorted(run["requeued"]),
        "worker_processes_used": len(pids),
        "sets_reported": len(run.get("saved", [])),
        "sets_stored": sets,
        "server_tracebacks": text.count("Traceback"),
        "leaked_semaphore_warnings": text.count("leaked semaphore"),
    }
    kills = len(report["kill_seconds_until_gone"])
    report["ok"] = (
        report["analyses_done"] == len(ids)
        and report["analyses_lost"] == 0
        and not report["analyses_done_twice"]
        and all(n == 1 for n in done_lines.values())
        and kills == args.kills
        and all(g < GONE_WITHIN_S for g in report["kill_seconds_until_gone"])
        and (kills > 0 or not (report["analyses_taken_over"] or report["analyses_requeued"]))
        and report["worker_processes_used"] >= 2
        and report["sets_reported"] <= sets <= report["sets_reported"] + kills
        and report["server_tracebacks"] == 0
        and report["leaked_semaphore_warnings"] == 0
    )
    return report


if __name__ == "__main__":
    raise SystemExit(main())
