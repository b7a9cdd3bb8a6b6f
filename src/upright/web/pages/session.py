"""Session: the guided session in the browser (timers, reps per side, cues, rating).

When the runner left a session unfinished, the page says how far they got and offers to
continue it (the terminal's ``--resume``) or to start over. Starting, continuing,
recording and closing are `upright.workflows.sessions`' calls, as in the terminal.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse
from pydantic import BaseModel
from starlette.requests import HTTPConnection

from upright.plan import SessionPrescription
from upright.web.app import page
from upright.web.deps import AthleteDep, CurrentAthlete, SettingsDep
from upright.web.forms import FormError, NotHere
from upright.web.guided import GuidedSession, GuidedSessions, clamp_speed, guided_sessions
from upright.web.settings import WebSettings
from upright.workflows.plans import next_sessions
from upright.workflows.sessions import (
    ResumeError,
    SessionAlreadyOpen,
    SessionRun,
    find_unfinished,
    planned_prescription,
    start_session,
)
from upright.workflows.sessions import resume_session as continue_stored

router = APIRouter()

AUDIO_NAME = re.compile(r"^([0-9a-f]{24}|sound-(go|hold_end|rest_end))\.wav$")
ACTIONS = ("rep_done", "start", "pause", "resume", "toggle_pause", "skip_set", "rate")
RATINGS = ("clean", "some_faults", "struggled")
ELSEWHERE_S = 15.0  # an engine polled this recently is taken to be open in another tab


class NewSession(BaseModel):
    """Body of ``POST /api/sessions``: the clock speed (1 = real time).

    ``start_over`` names an unfinished stored session to close as abandoned first.
    """

    speed: float = 1.0
    start_over: int | None = None


class ResumeBody(BaseModel):
    """Body of ``POST /api/sessions/resume``: the stored session the page offered."""

    session: int
    speed: float = 1.0


class SessionInput(BaseModel):
    """Body of ``POST /api/sessions/{id}/events``: a button press."""

    action: str
    rating: str | None = None


def get_guided(conn: HTTPConnection) -> GuidedSessions:
    """The guided sessions running on this server (Session and Live pages)."""
    return guided_sessions(conn.app)


GuidedDep = Annotated[GuidedSessions, Depends(get_guided)]


def todays_prescription(athlete: CurrentAthlete) -> SessionPrescription:
    """Today's planned session, else the next one, else the program's starting session.

    The Session page and the Live page run the same one.
    """
    now, later = next_sessions(athlete.plan(weeks=2), date.today())
    chosen = now or later
    return planned_prescription(chosen.prescription if chosen else None)


def audio_dir(settings: WebSettings) -> Path:
    """Where the rendered cues and sounds are kept."""
    return settings.data_dir / "audio"


@router.get("/session", response_class=HTMLResponse)
def session_page(
    request: Request, athlete: AthleteDep, guided: GuidedDep, speed: float = 1.0
) -> HTMLResponse:
    """The guided-session screen (``?speed=`` runs its clock faster, for trying it out)."""
    unfinished, problem, elsewhere = None, None, False
    try:
        unfinished = find_unfinished(athlete.store, athlete.name)
    except ResumeError as exc:
        problem = str(exc)
    if unfinished is not None:
        seen = guided.last_seen_s(unfinished.session_id)
        elsewhere = seen is not None and seen < ELSEWHERE_S
    return page(
        request,
        "session.html",
        "session",
        session=todays_prescription(athlete),
        speed=clamp_speed(speed),
        unfinished=unfinished,
        unfinished_line=unfinished.summary() if unfinished else "",
        resume_problem=problem,
        elsewhere=elsewhere,
    )


@router.post("/api/sessions", response_model=None)
def new_session(
    athlete: AthleteDep, guided: GuidedDep, settings: SettingsDep, body: NewSession
) -> dict[str, Any] | JSONResponse:
    """Start today's session (closing ``start_over`` first); returns its id and first state.

    While the athlete has another session open to continue, nothing starts: the answer
    is 409 with that session's id (``unfinished``), for the page to offer it.
    """
    store, name = athlete.store, athlete.name
    prescription = todays_prescription(athlete)
    audio = audio_dir(settings)
    try:
        if body.start_over is None:
            run = start_session(store, name, prescription)
            return guided.add(_maker(audio, run, body.speed, guided.monotonic)).state()
        old = body.start_over

        def make(session_id: str) -> GuidedSession:
            # after take_over stopped any engine of the old session still in memory
            run = start_session(store, name, prescription, start_over=old)
            return _maker(audio, run, body.speed, guided.monotonic)(session_id)

        return guided.take_over(old, make).state()
    except SessionAlreadyOpen as exc:
        return JSONResponse(
            {"error": str(exc), "unfinished": exc.point.session_id}, status_code=409
        )


@router.post("/api/sessions/resume")
def resume_session(
    athlete: AthleteDep, guided: GuidedDep, settings: SettingsDep, body: ResumeBody
) -> dict[str, Any]:
    """Continue the unfinished stored session ``body.session`` at its next set."""
    audio = audio_dir(settings)

    def make(session_id: str) -> GuidedSession:
        # read after take_over stopped any engine of this session still in memory
        run = continue_stored(athlete.store, athlete.name, body.session)
        return _maker(audio, run, body.speed, guided.monotonic)(session_id)

    return guided.take_over(body.session, make).state()


def _maker(
    audio: Path, run: SessionRun, speed: float, monotonic: Callable[[], float]
) -> Callable[[str], GuidedSession]:
    """Build a self-paced session on ``run``'s sets that stores them through ``run``.

    ``monotonic`` is the registry's wall clock (seconds).
    """

    def make(session_id: str) -> GuidedSession:
        return GuidedSession(
            id=session_id,
            engine=run.engine(camera=False),
            athlete_id=run.athlete_id,
            store_session_id=run.session_id,
            speed=clamp_speed(speed),
            audio_dir=audio,
            on_set=lambda gs, result: run.record(result),
            on_finish=lambda gs, status: run.end(status),
            sets_before=run.sets_before,
            monotonic=monotonic,
        )

    return make


def _get(guided: GuidedSessions, session_id: str) -> GuidedSession:
    gs = guided.get(session_id)
    if gs is None:
        raise NotHere(f"no running session {session_id!r} on this server")
    return gs


@router.get("/api/sessions/{session_id}")
def session_state(guided: GuidedDep, session_id: str, since: int = 0) -> dict[str, Any]:
    """The session's state now, and the cues and sounds after ``since``."""
    return _get(guided, session_id).state(since)


@router.post("/api/sessions/{session_id}/events")
def session_event(
    guided: GuidedDep, session_id: str, body: SessionInput, since: int = 0
) -> dict[str, Any]:
    """A button press: rep done, start, pause/resume, skip set, or the set's rating."""
    if body.action not in ACTIONS:
        raise FormError(f"action: expected one of {', '.join(ACTIONS)}, got {body.action!r}")
    if body.action == "rate" and body.rating not in RATINGS:
        raise FormError(f"rating: expected one of {', '.join(RATINGS)}, got {body.rating!r}")
    gs = _get(guided, session_id)
    gs.handle(body.action, body.rating)
    return gs.state(since)


@router.post("/api/sessions/{session_id}/abandon")
def session_abandon(guided: GuidedDep, session_id: str) -> dict[str, Any]:
    """Stop the session now; the sets already done stay in the log."""
    gs = _get(guided, session_id)
    gs.abandon()
    return {"id": session_id, "abandoned": True}


@router.get("/audio/{name}")
def audio(settings: SettingsDep, name: str) -> FileResponse:
    """A rendered cue or sound (WAV), from the server's audio cache."""
    if not AUDIO_NAME.fullmatch(name):
        raise NotHere(f"audio: no file called {name!r}")
    path = audio_dir(settings) / name
    if not path.is_file():
        raise NotHere(f"audio: {name} was never rendered")
    return FileResponse(path, media_type="audio/wav", headers={"Cache-Control": "max-age=86400"})
