"""Live camera coaching: the Live page and its WebSocket.

The socket's query names the set (``exercise``, ``sets``, ``reps``, ``fps``, ``record``)
and opens its session through `upright.workflows.sessions`, as the Session page does:
while the athlete has a session to continue it starts nothing, answers ``{"type":
"error", "message", "unfinished": id}`` and closes with 4409, unless ``start_over=id``
asks to close that session as abandoned first. Bad parameters close it with 4400.

The page sends camera frames over ``/ws/live`` as binary messages: a 12-byte header
(frame number, uint32 little-endian; capture time in milliseconds, float64
little-endian) then the JPEG. Text messages are JSON: ``{"type": "action", "action":
"start" | "skip_set" | "toggle_pause"}`` for the buttons, and ``{"type": "rows",
"rows": [{t, image, world, visibility}, ...], "width": W, "height": H}`` to play
landmark rows into the same per-row path (tests and recorded streams).

The coaching is the use case `upright.workflows.live`: this module checks the query,
opens the session, decodes each message and calls the connection's `LiveCoach`.
Every processed input is answered with a ``result`` message (`LiveCoach`'s dict plus
``id``, ``sent_ms`` and ``dropped``). Back-pressure: frames wait in a one-frame slot;
a frame that arrives while another still waits replaces it (counted in ``dropped``), so
a slow machine answers fewer frames, never older ones. The work runs, in order, on
threads all connections share (`upright.web.live_pools`), so the event loop keeps
reading the socket. Control messages and rows are never dropped. The socket answers
only loopback clients, or others with the token (`upright.web.auth.AccessGuard`).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import math
import struct
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import anyio
from fastapi import APIRouter, Request, WebSocket
from fastapi.responses import HTMLResponse
from starlette.websockets import WebSocketDisconnect

from upright.catalog import Exercise, default_catalog
from upright.errors import UprightError
from upright.web.app import page
from upright.web.deps import AthleteDep, CurrentAthlete, SettingsDep
from upright.web.guided import GuidedSessions
from upright.web.live_coach import LiveGuided
from upright.web.live_pools import InOrder
from upright.web.pages.session import GuidedDep, audio_dir, todays_prescription
from upright.web.settings import WebSettings
from upright.workflows.live import LiveCoach, LiveInputError, PoseStream, open_live_coach
from upright.workflows.sessions import (
    ResumeError,
    SessionAlreadyOpen,
    find_unfinished,
    first_exercise,
    start_session,
)

router = APIRouter()

HEADER = struct.Struct("<Id")  # frame number, capture time (ms)
FPS_CHOICES = (5.0, 10.0, 15.0, 20.0, 30.0)
MAX_SETS, MAX_REPS = 10, 50
ACTIONS = ("start", "skip_set", "toggle_pause")


def _exercises() -> list[Exercise]:
    return list(default_catalog().values())


@router.get("/live", response_class=HTMLResponse)
def live_page(request: Request, athlete: AthleteDep) -> HTMLResponse:
    """The Live page: camera, skeleton overlay, counters, cues.

    It offers today's first planned exercise at its planned sets and reps. While the
    runner has a session to continue, it says so (as the Session page does) and starts
    a new one only when the runner ticks closing the old one.
    """
    first = first_exercise(todays_prescription(athlete))
    unfinished, problem = None, None
    try:
        unfinished = find_unfinished(athlete.store, athlete.name)
    except ResumeError as exc:
        problem = str(exc)
    return page(
        request,
        "live.html",
        "live",
        exercises=_exercises(),
        chosen=first.exercise_id,
        sets=first.sets,
        reps=first.reps,
        fps_choices=FPS_CHOICES,
        unfinished=unfinished,
        unfinished_line=unfinished.summary() if unfinished else "",
        resume_problem=problem,
    )


@dataclass(frozen=True)
class LiveParams:
    """The socket's query parameters, checked."""

    exercise: Exercise
    sets: int
    reps: int
    fps: float
    record: bool
    start_over: int | None = None  # the unfinished session to close as abandoned first

    @classmethod
    def parse(cls, query: dict[str, str]) -> LiveParams:
        """Read ``exercise``, ``sets``, ``reps``, ``fps``, ``record``, ``start_over``.

        `LiveInputError` names a bad one.
        """
        catalog = default_catalog()
        ex_id = query.get("exercise", "")
        if ex_id not in catalog:
            raise LiveInputError(f"exercise: expected one of {', '.join(catalog)}, got {ex_id!r}")
        exercise = catalog[ex_id]
        try:
            sets = int(query.get("sets", "1"))
            reps = int(query.get("reps", str(exercise.dosage.reps_min)))
            fps = float(query.get("fps", "15"))
            start_over = int(query["start_over"]) if query.get("start_over") else None
        except ValueError as exc:
            raise LiveInputError(f"sets, reps, fps, start_over: expected numbers ({exc})") from None
        if not 1 <= sets <= MAX_SETS or not 1 <= reps <= MAX_REPS:
            raise LiveInputError(
                f"sets 1..{MAX_SETS} and reps 1..{MAX_REPS} expected, got {sets} and {reps}"
            )
        if not 1.0 <= fps <= 60.0:
            raise LiveInputError(f"fps: expected 1..60 frames/s, got {fps}")
        record = query.get("record", "") in ("1", "true", "on")
        return cls(exercise, sets, reps, fps, record, start_over)


@dataclass(frozen=True)
class LiveServer:
    """What a Live connection needs of the server: the athlete, settings, running sessions.

    ``pose_tracker`` makes the pose tracker (the app's ``pose_tracker_factory`` when a
    test set one, else the real model).
    """

    athlete: CurrentAthlete
    settings: WebSettings
    guided: GuidedSessions
    pose_tracker: Callable[[], PoseStream]


def make_coach(server: LiveServer, params: LiveParams) -> LiveCoach:
    """A coach for one connection: the session opened in the store, cue audio warming up.

    The set runs today's planned dose of the chosen exercise (its hold and load), with
    the sets and reps asked for, and is started, stored and closed by the same
    `upright.workflows.sessions` calls as the terminal's and the Session page's:
    `SessionAlreadyOpen` while the athlete has a session to continue, unless
    ``params.start_over`` names it.
    """
    store, name = server.athlete.store, server.athlete.name
    today = todays_prescription(server.athlete)
    registry = server.guided
    settings = server.settings
    audio = audio_dir(settings)

    def begin(start_over: int | None) -> LiveGuided:
        run = start_session(
            store,
            name,
            today,
            exercise_ids=[params.exercise.id],
            sets=params.sets,
            reps=params.reps,
            start_over=start_over,
        )
        return LiveGuided(
            id=f"live-{run.session_id}",
            engine=run.engine(camera=True),
            athlete_id=run.athlete_id,
            store_session_id=run.session_id,
            speed=1.0,
            audio_dir=audio,
            on_set=lambda gs, result: run.record(result),
            on_finish=lambda gs, status: run.end(status),
            monotonic=registry.monotonic,
        )

    old = params.start_over
    if old is None:
        guided = begin(None)
        # Known to the Session page's take-overs: Continue there stops this engine first.
        registry.adopt(guided)
    else:
        # after take_over stopped any engine of the old session still in memory
        guided = registry.take_over(old, lambda session_id: begin(old))
    recordings = settings.data_dir / "recordings" if params.record else None
    return open_live_coach(guided, params.fps, server.pose_tracker, audio, recordings)


def _pose_tracker() -> PoseStream:
    from upright.pose import PoseTracker

    return PoseTracker(on_warning=lambda message: None)


@dataclass
class _Inbox:
    """What waits for the worker: ordered control messages, and the latest frame only."""

    control: deque[dict[str, Any]] = field(default_factory=deque)
    frame: tuple[int, float, bytes] | None = None
    dropped: int = 0
    closed: bool = False
    wake: asyncio.Event = field(default_factory=asyncio.Event)

    def put_frame(self, data: bytes) -> None:
        if len(data) < HEADER.size:
            self.control.append({"type": "bad", "message": "frame: shorter than its header"})
        else:
            number, t_ms = HEADER.unpack_from(data)
            if self.frame is not None:
                self.dropped += 1  # latest frame wins
            self.frame = (number, t_ms, data[HEADER.size :])
        self.wake.set()

    def take(self) -> dict[str, Any] | tuple[int, float, bytes] | None:
        if self.control:
            return self.control.popleft()
        item, self.frame = self.frame, None
        return item


def _finite(value: Any) -> Any:
    """``value`` with every NaN or infinity replaced by None (JSON has neither)."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value


def _dumps(message: dict[str, Any]) -> str:
    """``message`` as JSON, NaN and infinity as null (walked only when it has one)."""
    try:
        return json.dumps(message, allow_nan=False)
    except ValueError:
        return json.dumps(_finite(message), allow_nan=False)


def _handle(coach: LiveCoach, item: dict[str, Any] | tuple[int, float, bytes]) -> dict[str, Any]:
    """Run one input through the coach (on a shared thread); the message to send."""
    try:
        if isinstance(item, tuple):
            number, t_ms, jpeg = item
            out = coach.frame(jpeg, t_ms / 1000.0)
            return {**out, "id": number, "sent_ms": t_ms}
        kind = item.get("type")
        if kind == "rows":
            out = coach.rows(item.get("rows") or [], int(item["width"]), int(item["height"]))
        elif kind == "action" and item.get("action") in ACTIONS:
            out = coach.action(str(item["action"]))
        else:
            raise LiveInputError(
                item.get("message") or f"message: expected type rows or action, got {kind!r}"
            )
        return {**out, "id": item.get("id")}
    except (UprightError, KeyError, TypeError, ValueError) as exc:
        ident = item[0] if isinstance(item, tuple) else item.get("id")
        return {"type": "error", "id": ident, "message": str(exc)}


async def _work(websocket: WebSocket, coach: LiveCoach, inbox: _Inbox, calls: InOrder) -> None:
    while True:
        await inbox.wake.wait()
        inbox.wake.clear()
        while not inbox.closed and (item := inbox.take()) is not None:
            kind = "pose" if isinstance(item, tuple) else "live"
            reply = await calls.run(kind, _handle, coach, item)
            reply["dropped"] = inbox.dropped
            try:
                await websocket.send_text(_dumps(reply))
            except (WebSocketDisconnect, RuntimeError):
                return  # the page went away while we worked
        if inbox.closed:
            return


async def _read(websocket: WebSocket, inbox: _Inbox) -> None:
    while True:
        message = await websocket.receive()
        if message["type"] == "websocket.disconnect":
            return
        if message.get("bytes") is not None:
            inbox.put_frame(message["bytes"])
            continue
        try:
            parsed = json.loads(message.get("text") or "")
        except json.JSONDecodeError:
            parsed = None
        if not isinstance(parsed, dict):
            parsed = {"type": "bad", "message": "message: expected a JSON object"}
        inbox.control.append(parsed)
        inbox.wake.set()


@router.websocket("/ws/live")
async def live_socket(
    websocket: WebSocket, athlete: AthleteDep, settings: SettingsDep, guided: GuidedDep
) -> None:
    """Frames and landmark rows in, results out (see the module docstring)."""
    await websocket.accept()
    calls = InOrder()
    factory = getattr(websocket.app.state, "pose_tracker_factory", None) or _pose_tracker
    server = LiveServer(athlete, settings, guided, factory)
    try:
        params = LiveParams.parse(dict(websocket.query_params))
        coach = await calls.run("live", make_coach, server, params)
    except SessionAlreadyOpen as exc:
        # As the Session page's 409: nothing starts; the page offers to continue it.
        refusal = {
            "type": "error",
            "message": f"{exc}: continue it on the Session page, or close it on this page "
            "(reload it if the box is missing) and start again",
            "unfinished": exc.point.session_id,
        }
        await websocket.send_text(json.dumps(refusal))
        await websocket.close(code=4409)
        return
    except UprightError as exc:
        await websocket.send_text(json.dumps({"type": "error", "message": str(exc)}))
        await websocket.close(code=4400)
        return
    inbox = _Inbox()
    worker: asyncio.Task[None] | None = None
    try:
        hello = await calls.run("live", coach.current)
        await websocket.send_text(_dumps({**hello, "type": "hello"}))
        worker = asyncio.create_task(_work(websocket, coach, inbox, calls))
        await _read(websocket, inbox)
    except WebSocketDisconnect:
        pass
    finally:
        inbox.closed = True
        inbox.frame = None
        inbox.control.clear()
        inbox.wake.set()
        if worker is not None:
            worker.cancel()
        # The session is closed on the shared threads (after any message in progress),
        # so it closes even when this handler is itself being cancelled, as when a server
        # shuts down or a client leaves before the handler reaches this point. The
        # handler waits for it, shielded, so the runner's next session (one open per
        # athlete) never finds this one still open.
        closed = calls.then(coach.close)
        with anyio.CancelScope(shield=True), contextlib.suppress(Exception):
            await asyncio.wrap_future(closed)
