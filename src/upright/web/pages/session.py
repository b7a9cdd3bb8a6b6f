"""Session: the guided session in the browser (timers, reps per side, cues, rating)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse
from pydantic import BaseModel

from upright.catalog import default_catalog
from upright.plan import default_session
from upright.session import SessionEngine, expand
from upright.session.recorder import StoreRecorder
from upright.store import end_session
from upright.web.app import page
from upright.web.context import athlete_name, get_store
from upright.web.forms import FormError, NotHere
from upright.web.guided import GuidedSession, GuidedSessions, clamp_speed
from upright.web.pages.today import plan_for, todays_session

router = APIRouter()

AUDIO_NAME = re.compile(r"^([0-9a-f]{24}|sound-(go|hold_end|rest_end))\.wav$")
ACTIONS = ("rep_done", "start", "pause", "resume", "toggle_pause", "skip_set", "rate")
RATINGS = ("clean", "some_faults", "struggled")


class NewSession(BaseModel):
    """Body of ``POST /api/sessions``: the clock speed (1 = real time)."""

    speed: float = 1.0


class SessionInput(BaseModel):
    """Body of ``POST /api/sessions/{id}/events``: a button press."""

    action: str
    rating: str | None = None


def _sessions(request: Request) -> GuidedSessions:
    state = request.app.state
    if getattr(state, "guided", None) is None:
        state.guided = GuidedSessions()
    guided: GuidedSessions = state.guided
    return guided


def _prescription(request: Request) -> Any:
    """Today's planned session, else the next one, else the program's starting session."""
    now, later = todays_session(plan_for(request, weeks=2), date.today())
    chosen = now or later
    return chosen.prescription if chosen else default_session(default_catalog())


@router.get("/session", response_class=HTMLResponse)
def session_page(request: Request, speed: float = 1.0) -> HTMLResponse:
    """The guided-session screen (``?speed=`` runs its clock faster, for trying it out)."""
    return page(
        request, "session.html", "session", session=_prescription(request), speed=clamp_speed(speed)
    )


@router.post("/api/sessions")
def new_session(request: Request, body: NewSession) -> dict[str, Any]:
    """Start today's session; returns its id and first state."""
    store = get_store(request)
    prescription = _prescription(request)
    plans = expand(prescription, default_catalog())
    recorder = StoreRecorder(store, athlete_name(request), prescription)
    audio_dir = request.app.state.settings.data_dir / "audio"

    def on_finish(gs: GuidedSession, status: str) -> None:
        if status == "completed":
            recorder.finish()
        else:
            end_session(store, recorder.session_id, status="abandoned")

    def make(session_id: str) -> GuidedSession:
        return GuidedSession(
            id=session_id,
            engine=SessionEngine(plans, camera=False),
            athlete_id=recorder.athlete_id,
            store_session_id=recorder.session_id,
            speed=clamp_speed(body.speed),
            audio_dir=audio_dir,
            on_set=lambda gs, result: recorder.record(result),
            on_finish=on_finish,
        )

    return _sessions(request).add(make).state()


def _get(request: Request, session_id: str) -> GuidedSession:
    gs = _sessions(request).get(session_id)
    if gs is None:
        raise NotHere(f"no running session {session_id!r} on this server")
    return gs


@router.get("/api/sessions/{session_id}")
def session_state(request: Request, session_id: str, since: int = 0) -> dict[str, Any]:
    """The session's state now, and the cues and sounds after ``since``."""
    return _get(request, session_id).state(since)


@router.post("/api/sessions/{session_id}/events")
def session_event(
    request: Request, session_id: str, body: SessionInput, since: int = 0
) -> dict[str, Any]:
    """A button press: rep done, start, pause/resume, skip set, or the set's rating."""
    if body.action not in ACTIONS:
        raise FormError(f"action: expected one of {', '.join(ACTIONS)}, got {body.action!r}")
    if body.action == "rate" and body.rating not in RATINGS:
        raise FormError(f"rating: expected one of {', '.join(RATINGS)}, got {body.rating!r}")
    gs = _get(request, session_id)
    gs.handle(body.action, body.rating)
    return gs.state(since)


@router.post("/api/sessions/{session_id}/abandon")
def session_abandon(request: Request, session_id: str) -> dict[str, Any]:
    """Stop the session now; the sets already done stay in the log."""
    gs = _get(request, session_id)
    gs.abandon()
    return {"id": session_id, "abandoned": True}


@router.get("/audio/{name}")
def audio(request: Request, name: str) -> FileResponse:
    """A rendered cue or sound (WAV), from the server's audio cache."""
    if not AUDIO_NAME.fullmatch(name):
        raise NotHere(f"audio: no file called {name!r}")
    path = request.app.state.settings.data_dir / "audio" / name
    if not path.is_file():
        raise NotHere(f"audio: {name} was never rendered")
    return FileResponse(path, media_type="audio/wav", headers={"Cache-Control": "max-age=86400"})
