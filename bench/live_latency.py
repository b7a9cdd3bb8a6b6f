"""Live coaching latency: real frames over the WebSocket on loopback, as the Live page sends them.

Starts ``upright``'s web app (uvicorn, 127.0.0.1 only, a throw-away data folder) in a
child process, then plays the Sports2D demo clip (a real person; 480x270 JPEG at quality
70, what the page sends) to ``/ws/live`` at 15 and then 30 frames/s, looping the clip.
The client behaves like the page: at most two frames in flight, a frame due while two are
in flight is not sent. Measured per rate: latency from frame sent to result received
(p50/p95/p99/max, and p50/p95 minute by minute to see any growth), frames answered,
frames the client skipped, frames the server dropped (latest frame wins), the server's
own processing time (also minute by minute, with the machine's load average, to tell
growth inside the server from other work on the machine), and the server process's CPU
use (% of one core).

With ``--background``, the server also runs one analysis worker (as ``upright serve``
does) and, for the whole measurement, one video analysis is running in it: a real video
(`pose_common.cuts_video`, 1280x720 real people with cuts, or ``--background-video``) is
uploaded through the Analyze page's form and uploaded again as soon as its analysis is
done, so the live frames always share the machine with a background job. Target: p95 at
15 frames/s at most 100 ms (also with ``--background``). Figures of a run record the
machine's load average, since the machine may be shared.

Run: ``.venv/bin/python bench/live_latency.py`` (5 minutes at 15 frames/s, 1 minute at
30; bounded and self-stopping; ``--quick`` for 20 s each). Writes
``bench/live_latency.json`` (``bench/live_latency_background.json`` with
``--background``) and prints a one-line summary.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import socket
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import cv2
import numpy as np

HERE = Path(__file__).parent
ROOT = HERE.parent
HEADER = struct.Struct("<Id")
MAX_INFLIGHT = 2
SERVER = """
import sys, uvicorn
from pathlib import Path
from upright.web.app import create_app
from upright.web.settings import WebSettings
from upright.web.worker import WorkerPool
root = Path(sys.argv[1])
settings = WebSettings(data_dir=root / "data", db_url=f"sqlite:///{root / 'db.sqlite3'}")
app = create_app(settings)
pool = WorkerPool(settings, int(sys.argv[3]))
pool.start()
try:
    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[2]), log_level="warning")
finally:
    pool.stop()
"""
TARGET_P95_MS = 100.0


def clip_frames(width: int = 480, quality: int = 70) -> list[bytes]:
    """The demo clip's frames as JPEG bytes, ``width`` pixels wide."""
    sys.path.insert(0, str(ROOT / "tests"))
    from demo_clips import demo_video  # the tests' cached real clip

    cap = cv2.VideoCapture(str(demo_video()))
    frames = []
    while True:
        ok, frame = cap.read()
        if not ok:
            break
        h = round(frame.shape[0] * width / frame.shape[1])
        small = cv2.resize(frame, (width, h), interpolation=cv2.INTER_AREA)
        frames.append(cv2.imencode(".jpg", small, [cv2.IMWRITE_JPEG_QUALITY, quality])[1].tobytes())
    cap.release()
    return frames


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of process ``pid`` (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def within(pairs: list[tuple[float, float]], minute: int) -> list[float]:
    """The values of (seconds, value) ``pairs`` in minute ``minute`` (0-based)."""
    return [v for t, v in pairs if minute * 60 <= t < (minute + 1) * 60]


def pct(values: list[float], q: float) -> float | None:
    return round(float(np.percentile(values, q)), 1) if values else None


async def run_rate(url: str, frames: list[bytes], fps: float, seconds: float, pid: int) -> dict:
    """Send frames at ``fps`` for ``seconds``; the figures of that run."""
    import websockets

    sent_at: dict[int, float] = {}
    lat: list[tuple[float, float]] = []  # (seconds since start, latency ms)
    server_ms: list[tuple[float, float]] = []  # (seconds since start, processing ms)
    load: list[tuple[float, float]] = []  # (seconds since start, 1-minute load average)
    state = {"acked": 0, "last": 0, "dropped": 0, "skipped": 0, "results": 0, "errors": 0}
    async with websockets.connect(url, max_size=2**22) as ws:
        json.loads(await ws.recv())  # hello
        t0 = time.perf_counter()
        cpu0 = cpu_seconds(pid)

        async def reader() -> None:
            async for raw in ws:
                msg = json.loads(raw)
                now = time.perf_counter()
                if isinstance(msg.get("id"), int):
                    state["acked"] = max(state["acked"], msg["id"])
                if msg.get("type") == "error":
                    state["errors"] += 1
                    continue
                if msg.get("type") == "result" and msg.get("id") in sent_at:
                    state["results"] += 1
                    state["dropped"] = msg.get("dropped", 0)
                    lat.append((now - t0, 1000 * (now - sent_at.pop(msg["id"]))))
                    server_ms.append((now - t0, float(msg.get("server_ms", 0.0))))

        task = asyncio.create_task(reader())
        n = 0
        while (due := t0 + n / fps) < t0 + seconds:
            await asyncio.sleep(max(0.0, due - time.perf_counter()))
            n += 1
            if n % round(fps * 10) == 0:
                load.append((time.perf_counter() - t0, os.getloadavg()[0]))
            if state["last"] - state["acked"] >= MAX_INFLIGHT:
                state["skipped"] += 1
                continue
            now = time.perf_counter()
            sent_at[n] = now
            await ws.send(HEADER.pack(n, 1000 * now) + frames[n % len(frames)])
            state["last"] = n
        await asyncio.sleep(1.0)  # let the last answers arrive
        cpu = cpu_seconds(pid) - cpu0
        wall = time.perf_counter() - t0
        task.cancel()
    minutes = []
    for m in range(int(np.ceil(seconds / 60))):
        ms, srv, avg = (within(pairs, m) for pairs in (lat, server_ms, load))
        row = {"minute": m + 1, "p50_ms": pct(ms, 50), "p95_ms": pct(ms, 95), "n": len(ms)}
        row |= {"server_p50_ms": pct(srv, 50), "server_p95_ms": pct(srv, 95)}
        row["load_avg"] = round(float(np.mean(avg)), 2) if avg else None
        minutes.append(row)
    values = [v for _, v in lat]
    return {
        "fps_asked": fps,
        "seconds": seconds,
        "frames_due": n,
        "frames_sent": n - state["skipped"],
        "results": state["results"],
        "results_per_s": round(state["results"] / seconds, 2),
        "client_skipped": state["skipped"],
        "server_dropped": state["dropped"],
        "errors": state["errors"],
        "latency_ms": {q: pct(values, q) for q in (50, 95, 99)} | {"max": pct(values, 100)},
        "server_ms": {q: pct([v for _, v in server_ms], q) for q in (50, 95)},
        "server_cpu_pct_of_one_core": round(100 * cpu / wall, 1),
        "by_minute": minutes,
    }


class Background:
    """Keeps one analysis of ``video`` running in the server's worker, through the web form."""

    def __init__(self, base: str, video: Path) -> None:
        self.base = base
        self.video = video
        self.done: list[float] = []  # seconds each finished analysis took, upload to done
        self.failed = 0
        self.stage = ""  # the running analysis's last progress, as the page shows it
        self._stop = asyncio.Event()

    async def _one(self, client: object) -> None:
        import httpx

        assert isinstance(client, httpx.AsyncClient)
        t0 = time.perf_counter()
        files = {"video": (self.video.name, self.video.read_bytes(), "video/mp4")}
        r = await client.post("/analyze", files=files, data={"exercise": "generic"})
        analysis = int(str(r.headers["location"]).rstrip("/").rsplit("/", 1)[1])
        while not self._stop.is_set():
            state = (await client.get(f"/api/analyses/{analysis}")).json()
            progress = state.get("progress") or {}
            self.stage = f"{state['status']} {progress.get('stage', '')}".strip()
            if state["status"] == "done":
                self.done.append(time.perf_counter() - t0)
                return
            if state["status"] == "failed":
                self.failed += 1
                raise RuntimeError(f"the background analysis failed: {state['error']}")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stop.wait(), 0.25)

    async def run(self) -> None:
        """Upload, wait until done, upload again at once, until `stop`."""
        import httpx

        async with httpx.AsyncClient(base_url=self.base, timeout=60.0) as client:
            while not self._stop.is_set():
                await self._one(client)

    def stop(self) -> None:
        self._stop.set()


def worker_pids(server: int) -> list[int]:
    """Process ids of the server's children (its analysis workers)."""
    path = Path(f"/proc/{server}/task/{server}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


async def session(
    url: str, runs: list[tuple[float, float]], frames: list[bytes], pid: int, bg: Background | None
) -> list[dict]:
    """`run_rate` for each (fps, seconds); ``bg`` keeps a background analysis running."""
    task = asyncio.create_task(bg.run()) if bg is not None else None
    if bg is not None:
        await asyncio.sleep(3.0)  # the upload is in and the worker has started on it
    results = []
    try:
        for fps, seconds in runs:
            workers = worker_pids(pid)
            cpu0 = sum(cpu_seconds(w) for w in workers)
            done0, t0 = len(bg.done) if bg else 0, time.perf_counter()
            row = await run_rate(f"{url}&fps={fps:g}", frames, fps, seconds, pid)
            if bg is not None:
                if task is not None and task.done():
                    task.result()  # a failed analysis stops the benchmark
                cpu = sum(cpu_seconds(w) for w in workers) - cpu0
                row["background"] = {
                    "video": bg.video.name,
                    "analyses_done": len(bg.done) - done0,
                    "seconds_per_analysis": [round(x, 1) for x in bg.done[done0:]],
                    "stage_at_end": bg.stage,
                    "worker_cpu_pct_of_one_core": round(100 * cpu / (time.perf_counter() - t0), 1),
                }
            results.append(row)
    finally:
        if bg is not None and task is not None:
            bg.stop()
            await task
    return results


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(port: int, timeout_s: float = 60.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"the server did not listen on 127.0.0.1:{port} within {timeout_s} s")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds-15", type=float, default=300.0, help="length of the 15 fps run")
    ap.add_argument("--seconds-30", type=float, default=60.0, help="length of the 30 fps run")
    ap.add_argument("--quick", action="store_true", help="20 s at each rate")
    ap.add_argument("--exercise", default="bird_dog")
    ap.add_argument(
        "--background",
        action="store_true",
        help="keep one video analysis running in the server's worker while measuring",
    )
    ap.add_argument("--background-video", type=Path, help="video to analyse in the background")
    args = ap.parse_args()
    runs = [(15.0, args.seconds_15), (30.0, args.seconds_30)]
    if args.quick:
        runs = [(15.0, 20.0), (30.0, 20.0)]
    runs = [(fps, seconds) for fps, seconds in runs if seconds > 0]
    frames = clip_frames()
    video = args.background_video
    if args.background and video is None:
        sys.path.insert(0, str(HERE))
        from pose_common import cuts_video

        video = cuts_video()
    port = free_port()
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        workers = "1" if args.background else "0"
        server = subprocess.Popen([sys.executable, "-c", SERVER, tmp, str(port), workers])
        try:
            wait_for(port)
            url = f"ws://127.0.0.1:{port}/ws/live?exercise={args.exercise}&sets=10&reps=50"
            bg = Background(f"http://127.0.0.1:{port}", video) if video else None
            results = asyncio.run(session(url, runs, frames, server.pid, bg))
        finally:
            server.terminate()
            server.wait(10)
    out = {
        "clip": "Sports2D demo, 480x270 JPEG q70, looped",
        "cores": os.cpu_count(),
        "max_in_flight": MAX_INFLIGHT,
        "background": args.background,
        "load_avg_before": [round(x, 2) for x in load_before],
        "load_avg_after": [round(x, 2) for x in os.getloadavg()],
        "target_p95_ms_at_15_fps": TARGET_P95_MS,
        "runs": results,
    }
    name = "live_latency_background" if args.background else "live_latency"
    (HERE / f"{name}.json").write_text(json.dumps(out, indent=1) + "\n")
    parts = []
    for r in results:
        mins = [m["p95_ms"] for m in r["by_minute"] if m["p95_ms"] is not None]
        parts.append(
            f"{r['fps_asked']:g} fps: p50 {r['latency_ms'][50]} ms, p95 {r['latency_ms'][95]} ms "
            f"(per-minute p95 {mins}), {r['results_per_s']} results/s, "
            f"{r['client_skipped']} skipped, {r['server_dropped']} dropped, "
            f"server CPU {r['server_cpu_pct_of_one_core']}%"
        )
        if "background" in r:
            b = r["background"]
            parts[-1] += (
                f", background worker CPU {b['worker_cpu_pct_of_one_core']}% "
                f"({b['analyses_done']} analyses done)"
            )
    print(f"{name}: " + "; ".join(parts) + f"; load {out['load_avg_before'][0]}")


if __name__ == "__main__":
    main()
