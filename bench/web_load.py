"""Load on the web app, loopback only: live WebSocket clients plus page requests.

Starts ``upright serve`` on a free 127.0.0.1 port with a fresh data folder and SQLite
file, then for ``--seconds`` (60) runs at once:

- 20 live clients on ``/ws/live`` at 10 messages/s each: most play a simulated Y-raise
  set (2 reps) as landmark rows (0.1 s of rows a message, the path a camera frame takes after
  pose), ``--frame-clients`` of them send real JPEG frames of the Sports2D walking clip
  through pose. A client whose set ends reconnects for the next one.
- 100 page requests/s (open loop, at most 32 in flight) over the pages and their APIs.

It then checks: no 5xx, the pages served at 95 % or more of the rate asked (requests
the server could not take in time count against it), every set a client saw saved is in
the database (and no more), and the server's RSS grew less than 10 % from the end of the
warm-up (``--warmup``, the same load) to the end. The live clients' achieved message
rates and reply times are reported too (a client sends its next message once answered).
Everything is bounded in time and count and stops by itself. Writes
``bench/web_load.json`` and prints one summary line.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import websockets

HERE = Path(__file__).resolve().parent
PAGES = (
    "/",
    "/plan",
    "/session",
    "/analyze",
    "/history",
    "/import",
    "/athletes",
    "/live",
    "/api/today",
    "/api/plan",
    "/api/athletes",
    "/static/upright.css",
)
HEADER_FMT = "<Id"  # frame number uint32, capture time ms float64 (upright.web.live)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def cpu_s(pid: int) -> float:
    """CPU seconds (user + system) the process ``pid`` has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def rows_messages(reps: int, seed: int) -> list[str]:
    """A simulated Y-raise set as ``rows`` messages of 0.1 s each."""
    from upright.sim import simulate

    lm = simulate("y_raise", reps=reps, seed=seed).landmarks
    step = max(1, round(lm.fps / 10))

    def listed(arr: np.ndarray) -> list[Any]:
        return np.where(np.isfinite(arr), arr, None).tolist()

    out = []
    for a in range(0, len(lm.t), step):
        rows = [
            {
                "t": float(lm.t[i]),
                "image": listed(lm.image[i]),
                "world": listed(lm.world[i]),
                "visibility": lm.visibility[i].tolist(),
            }
            for i in range(a, min(a + step, len(lm.t)))
        ]
        out.append(
            json.dumps({"type": "rows", "rows": rows, "width": lm.width, "height": lm.height})
        )
    return out


def jpeg_frames() -> list[bytes]:
    """Real frames of a person (the pose tests' cached Sports2D clip), 480x270 JPEGs."""
    import cv2

    sys.path.insert(0, str(HERE.parent / "tests"))
    from demo_clips import walking_clip  # the tests' cached real clip

    cap = cv2.VideoCapture(str(walking_clip()))
    out = []
    while (got := cap.read())[0]:
        out.append(cv2.imencode(".jpg", cv2.resize(got[1], (480, 270)))[1].tobytes())
    cap.release()
    return out


class Tally:
    """Counts shared by the load tasks."""

    def __init__(self) -> None:
        self.status: dict[int, int] = {}
        self.latency_ms: list[float] = []
        self.errors: list[str] = []
        self.ws_sent = self.ws_results = self.ws_connects = self.sets_saved = 0
        self.ws_sent_frames = 0  # of ws_sent, JPEG frames (the rest are rows messages)
        self.ws_reply_ms: list[float] = []
        self.ws_errors: list[str] = []
        self.not_sent = 0


async def live_client(url: str, messages: list[Any], end: float, tally: Tally, frames: bool):
    """Play ``messages`` at 10/s; reconnect for another set when one is saved."""
    import struct

    while time.monotonic() < end:
        try:
            async with websockets.connect(url, open_timeout=10, max_size=2**24) as ws:
                tally.ws_connects += 1
                json.loads(await asyncio.wait_for(ws.recv(), 10))  # hello
                for i, msg in enumerate(messages * (20 if frames else 1)):  # frames loop
                    if time.monotonic() >= end:
                        return
                    tick = time.monotonic()
                    await ws.send(struct.pack(HEADER_FMT, i, i * 100.0) + msg if frames else msg)
                    tally.ws_sent += 1
                    tally.ws_sent_frames += frames
                    reply = json.loads(await asyncio.wait_for(ws.recv(), 30))
                    tally.ws_reply_ms.append((time.monotonic() - tick) * 1000)
                    tally.ws_results += reply.get("type") == "result"
                    saved = [e for e in reply.get("effects", []) if e["type"] == "set_saved"]
                    tally.sets_saved += len(saved)
                    if saved or reply.get("finished"):
                        break
                    await asyncio.sleep(max(0.0, 0.1 - (time.monotonic() - tick)))
        except (TimeoutError, OSError, websockets.WebSocketException) as exc:
            tally.ws_errors.append(f"{type(exc).__name__}: {exc}"[:200])
            await asyncio.sleep(0.5)


async def page_load(base: str, rate: float, end: float, tally: Tally) -> None:
    """Open-loop requests at ``rate``/s over `PAGES`, at most 32 in flight."""
    limit = asyncio.Semaphore(32)
    tasks = []
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:

        async def one(path: str) -> None:
            async with limit:
                if time.monotonic() > end:  # due while the server lagged: never sent
                    tally.not_sent += 1
                    return
                t0 = time.monotonic()
                try:
                    r = await client.get(path)
                    tally.status[r.status_code] = tally.status.get(r.status_code, 0) + 1
                    tally.latency_ms.append((time.monotonic() - t0) * 1000)
                except httpx.HTTPError as exc:
                    tally.errors.append(f"{path}: {type(exc).__name__}")

        k, start = 0, time.monotonic()
        while (now := time.monotonic()) < end:
            due = start + k / rate
            if due > now:
                await asyncio.sleep(due - now)
            tasks.append(asyncio.create_task(one(PAGES[k % len(PAGES)])))
            k += 1
        await asyncio.gather(*tasks)


async def run_load(base: str, ws_url: str, args: argparse.Namespace, pid: int) -> dict[str, Any]:
    tally = Tally()
    rows = [rows_messages(2, seed) for seed in range(4)]
    frames = jpeg_frames() if args.frame_clients else []
    warm_end = time.monotonic() + args.warmup
    end = warm_end + args.seconds
    clients = [
        live_client(
            f"{ws_url}?exercise=y_raise&sets=1&reps=2&fps=10",
            frames if i < args.frame_clients else rows[i % len(rows)],
            end,
            tally,
            i < args.frame_clients,
        )
        for i in range(args.clients)
    ]
    rss: list[tuple[float, int]] = []
    cpu: list[tuple[float, float, float]] = []  # time, server CPU s, this client's CPU s

    async def sample() -> None:
        while time.monotonic() < end:
            rss.append((time.monotonic(), rss_kb(pid)))
            cpu.append((time.monotonic(), cpu_s(pid), time.process_time()))
            await asyncio.sleep(1.0)

    await asyncio.wait_for(
        asyncio.gather(page_load(base, args.rate, end, tally), sample(), *clients),
        timeout=args.warmup + args.seconds + 90,  # bounded even if the server hangs
    )
    warm = [kb for t, kb in rss if t <= warm_end] or [rss[0][1]]
    c0 = next((c for c in cpu if c[0] >= warm_end), cpu[0])
    c1 = cpu[-1]
    wall = max(c1[0] - c0[0], 1e-9)
    rss_start, rss_end = warm[-1], rss[-1][1]  # at the end of the warm-up, and at the end
    lat = sorted(tally.latency_ms) or [0.0]
    ws_lat = sorted(tally.ws_reply_ms) or [0.0]
    requests = sum(tally.status.values())
    total_s = args.seconds + args.warmup
    rows_clients = args.clients - args.frame_clients
    return {
        "seconds": args.seconds,
        "page_requests": requests,
        "page_rate_per_s": round(requests / total_s, 1),
        "page_rate_asked_per_s": args.rate,
        "status": {str(k): v for k, v in sorted(tally.status.items())},
        "http_5xx": sum(v for k, v in tally.status.items() if k >= 500),
        "http_errors": len(tally.errors),
        "http_error_samples": tally.errors[:5],
        "page_requests_not_sent_in_time": tally.not_sent,
        "latency_ms_p50": round(statistics.median(lat), 1),
        "latency_ms_p95": round(lat[int(0.95 * (len(lat) - 1))], 1),
        "live_clients": args.clients,
        "live_frame_clients": args.frame_clients,
        "ws_connects": tally.ws_connects,
        "ws_messages_sent": tally.ws_sent,
        "ws_rows_messages_per_client_per_s": round(
            (tally.ws_sent - tally.ws_sent_frames) / total_s / max(rows_clients, 1), 2
        ),
        "ws_frames_per_client_per_s": round(
            tally.ws_sent_frames / total_s / max(args.frame_clients, 1), 2
        ),
        "ws_reply_ms_p50": round(statistics.median(ws_lat), 1),
        "ws_reply_ms_p95": round(ws_lat[int(0.95 * (len(ws_lat) - 1))], 1),
        "ws_results": tally.ws_results,
        "ws_errors": tally.ws_errors[:20],
        "sets_saved_seen": tally.sets_saved,
        "server_cpu_cores_used": round((c1[1] - c0[1]) / wall, 2),  # after the warm-up
        "load_client_cpu_cores_used": round((c1[2] - c0[2]) / wall, 2),
        "rss_kb_after_warmup": rss_start,
        "rss_kb_end": rss_end,
        "rss_kb_peak": max(kb for _t, kb in rss),
        "rss_growth_pct": round(100 * (rss_end - rss_start) / rss_start, 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--warmup", type=float, default=15.0, help="load before RSS is taken")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--frame-clients", type=int, default=4)
    parser.add_argument("--rate", type=float, default=100.0, help="page requests per second")
    parser.add_argument("--out", type=Path, default=HERE / "web_load.json")
    args = parser.parse_args()
    port = free_port()
    base, ws_url = f"http://127.0.0.1:{port}", f"ws://127.0.0.1:{port}/ws/live"
    with tempfile.TemporaryDirectory() as d:
        db = f"sqlite:///{Path(d) / 'load.sqlite3'}"
        env = {k: v for k, v in os.environ.items() if k != "UPRIGHT_DB"}
        server = subprocess.Popen(
            [str(Path(sys.executable).with_name("upright")), "serve", "--port", str(port)]
            + ["--db", db, "--data-dir", str(Path(d) / "data"), "--workers", "0"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            deadline = time.monotonic() + 90
            while True:
                try:
                    if httpx.get(base + "/api/athletes", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("the server did not start")
                time.sleep(0.2)
            report = asyncio.run(run_load(base, ws_url, args, server.pid))
            time.sleep(1.0)  # let the last sets' transactions finish
        finally:
            server.send_signal(signal.SIGINT)
            try:
                _out, err = server.communicate(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                _out, err = server.communicate()
        from sqlalchemy import func, select

        from upright.store import open_store
        from upright.store.models import ExerciseSet

        with open_store(db) as store, store.session() as s:
            stored = s.execute(select(func.count()).select_from(ExerciseSet)).scalar()
    report["sets_stored"] = stored
    report["sets_lost"] = max(0, report["sets_saved_seen"] - stored)
    report["server_tracebacks"] = err.count("Traceback")
    ok = (
        report["http_5xx"] == 0
        and report["sets_lost"] == 0
        and report["rss_growth_pct"] < 10
        and report["server_tracebacks"] == 0
        and report["page_rate_per_s"] >= 0.95 * args.rate  # the load was served, not shed
    )
    report["ok"] = ok
    report["load_average_1min_at_end"] = os.getloadavg()[0]  # the machine is shared
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    print(
        f"web_load: {report['page_requests']} page requests ({report['page_rate_per_s']}/s, "
        f"p95 {report['latency_ms_p95']} ms), {report['http_5xx']} 5xx; "
        f"{args.clients} live clients sent {report['ws_messages_sent']} messages; "
        f"sets {report['sets_saved_seen']} seen / {stored} stored; RSS "
        f"{report['rss_growth_pct']:+} %; {'ok' if ok else 'FAILED'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
