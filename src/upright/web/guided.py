"""Guided sessions running for browsers: one `SessionEngine` per session, on a server clock.

The browser polls the engine's snapshot and posts the runner's buttons; this module ticks
the engine with the session clock (wall time since the start times ``speed``, so a test
can run a session fast), turns its effects into things a browser does (show and play a
cue, play a sound), and writes each set to the store the moment it ends. An engine lives
in this process's memory while its session runs; every finished set is in the database.

A session left behind (tab closed, laptop asleep, server killed) is continued from the
store's resume state by a new engine; `GuidedSessions.take_over` first stops any engine
of that stored session still in memory, so no set is ever recorded by two engines.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from starlette.applications import Starlette

from upright.session import (
    Say,
    SessionEngine,
    SessionFinished,
    SetFinished,
    SetResult,
    Sound,
    user_event,
)
from upright.session.speech import SpeechError, render_cue_wav, render_sound_wav
from upright.workflows.sessions import SessionEnd

MIN_SPEED, MAX_SPEED = 0.1, 200.0
MAX_EFFECTS = 200  # effects kept for a browser that missed a poll


@dataclass
class GuidedSession:
    """One running session: its engine, clock, store ids and the effects for the browser."""

    id: str
    engine: SessionEngine
    athlete_id: int
    store_session_id: int
    speed: float
    audio_dir: Path
    on_set: Callable[[GuidedSession, SetResult], object]
    on_finish: Callable[[GuidedSession, SessionEnd], None]
    sets_before: int = 0  # sets of the stored session done before this engine began
    monotonic: Callable[[], float] = time.monotonic  # wall clock, s (a test may pass a fake)
    started: float = field(init=False)  # monotonic s at creation
    seen: float = field(init=False)  # last poll or press, monotonic s
    stopped: bool = False  # abandoned or taken over: the engine no longer runs nor records
    effects: list[dict[str, Any]] = field(default_factory=list)
    seq: int = 0
    finished: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.started = self.seen = self.monotonic()

    def clock(self) -> float:
        """Session-clock seconds now (wall seconds since the start times ``speed``)."""
        return (self.monotonic() - self.started) * self.speed

    def _audio(self, text: str | None = None, sound: str | None = None) -> str | None:
        try:
            path = (
                render_cue_wav(text, self.audio_dir)
                if text is not None
                else render_sound_wav(sound or "", self.audio_dir)
            )
        except (SpeechError, OSError):
            return None  # no espeak-ng: the cue is still shown
        return f"/audio/{path.name}"

    def _emit(self, effect: dict[str, Any]) -> None:
        self.seq += 1
        self.effects.append({"seq": self.seq, **effect})
        del self.effects[:-MAX_EFFECTS]

    def _carry_out(self) -> None:
        for eff in self.engine.drain():
            if isinstance(eff, Say):
                cue = eff.spoken.cue
                self._emit(
                    {
                        "type": "say",
                        "text": cue.text,
                        "kind": cue.kind,
                        "audio": self._audio(text=cue.text),
                    }
                )
            elif isinstance(eff, Sound):
                self._emit(
                    {
                        "type": "sound",
                        "name": eff.name,
                        "audio": self._audio(sound=eff.name),
                    }
                )
            elif isinstance(eff, SetFinished):
                self.on_set(self, eff.result)
                self._emit({"type": "set_saved", "set": eff.result.to_dict()})
            elif isinstance(eff, SessionFinished) and not self.finished:
                self.finished = True
                self.on_finish(self, "completed")
                self._emit({"type": "session_done"})

    def state(self, since: int = 0) -> dict[str, Any]:
        """Tick to now; the snapshot and the effects after sequence number ``since``."""
        with self.lock:
            if not self.stopped:
                self.seen = self.monotonic()
                self.engine.tick(self.clock())
                self._carry_out()
            return {
                "id": self.id,
                "speed": self.speed,
                "snapshot": self.engine.snapshot(),
                "effects": [e for e in self.effects if e["seq"] > since],
                "seq": self.seq,
                "sets_before": self.sets_before,
                "stopped": self.stopped,
            }

    def handle(self, action: str, rating: str | None = None) -> None:
        """Pass a button press (a `UserAction`) to the engine at the current time."""
        with self.lock:
            if self.stopped:
                return
            self.seen = self.monotonic()
            self.engine.handle(
                user_event(action, rating=rating),
                now=self.clock(),
            )
            self._carry_out()

    def abandon(self) -> None:
        """Stop the session here; the sets already saved stay saved."""
        with self.lock:
            self.stopped = True
            if not self.finished:
                self.finished = True
                self.on_finish(self, "abandoned")

    def retire(self) -> None:
        """Stop running and recording, leaving the stored session open for another engine."""
        with self.lock:
            self.stopped = True
            self.finished = True


G = TypeVar("G", bound=GuidedSession)


class GuidedSessions:
    """The sessions running in this server process, by id.

    ``monotonic`` is the wall clock (seconds) the sessions made for this registry run on:
    `time.monotonic`, or a test's fake clock.
    """

    def __init__(self, monotonic: Callable[[], float] = time.monotonic) -> None:
        self.monotonic = monotonic
        self._items: dict[str, GuidedSession] = {}
        self._lock = threading.Lock()
        self._claim = threading.Lock()  # one take-over at a time

    def add(self, make: Callable[[str], G]) -> G:
        """Create a session with a fresh id through ``make(id)`` and keep it."""
        session_id = secrets.token_hex(12)
        session = make(session_id)
        with self._lock:
            self._items = {k: v for k, v in self._items.items() if not v.finished}
            self._items[session_id] = session
        return session

    def adopt(self, session: GuidedSession) -> None:
        """Keep a session made elsewhere (e.g. a live camera one) so take-overs see it."""
        with self._lock:
            self._items = {k: v for k, v in self._items.items() if not v.finished}
            self._items[session.id] = session

    def get(self, session_id: str) -> GuidedSession | None:
        """The session of ``session_id``, or None."""
        with self._lock:
            return self._items.get(session_id)

    def take_over(self, store_session_id: int, make: Callable[[str], G]) -> G:
        """Stop this process's engines of stored session ``store_session_id``, then add one.

        ``make`` runs after the old engines have stopped, so the resume state it reads
        holds every set they saved; take-overs run one at a time, so two clicks on
        Continue never leave two engines recording the same session.
        """
        with self._claim:
            with self._lock:
                keys = [k for k, v in self._items.items() if v.store_session_id == store_session_id]
                old = [self._items.pop(k) for k in keys]
            for gs in old:
                gs.retire()  # waits for a press or poll under way to finish first
            return self.add(make)

    def last_seen_s(self, store_session_id: int) -> float | None:
        """Seconds since a running engine of ``store_session_id`` was polled, or None."""
        now = self.monotonic()
        with self._lock:
            seen = [
                now - v.seen
                for v in self._items.values()
                if v.store_session_id == store_session_id and not v.stopped
            ]
        return min(seen, default=None)


def clamp_speed(speed: float) -> float:
    """``speed`` within the accepted range (0.1x to 200x)."""
    return min(MAX_SPEED, max(MIN_SPEED, speed))


_registry_lock = threading.Lock()


def guided_sessions(app: Starlette) -> GuidedSessions:
    """The app's one registry of running guided sessions (Session page and Live page).

    One registry an app: a take-over (Continue, Start over) must see every engine that
    could still save a set of the same stored session, the live camera's included.
    """
    state = app.state
    with _registry_lock:
        if getattr(state, "guided", None) is None:
            state.guided = GuidedSessions()
    guided: GuidedSessions = state.guided
    return guided
