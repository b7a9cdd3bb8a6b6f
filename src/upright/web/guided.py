"""Guided sessions running for browsers: one `SessionEngine` per session, on a server clock.

The browser polls the engine's snapshot and posts the runner's buttons; this module ticks
the engine with the session clock (wall time since the start times ``speed``, so a test
can run a session fast), turns its effects into things a browser does (show and play a
cue, play a sound), and writes each set to the store the moment it ends. An engine lives
in this process's memory while its session runs; every finished set is in the database.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from upright.session import (
    Say,
    SessionEngine,
    SessionFinished,
    SetFinished,
    SetResult,
    Sound,
    UserEvent,
)
from upright.session.speech import SpeechError, render_cue_wav, render_sound_wav

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
    on_finish: Callable[[GuidedSession, str], None]
    started: float = field(default_factory=time.monotonic)
    effects: list[dict[str, Any]] = field(default_factory=list)
    seq: int = 0
    finished: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)

    def clock(self) -> float:
        """Session-clock seconds now (wall seconds since the start times ``speed``)."""
        return (time.monotonic() - self.started) * self.speed

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
            self.engine.tick(self.clock())
            self._carry_out()
            return {
                "id": self.id,
                "speed": self.speed,
                "snapshot": self.engine.snapshot(),
                "effects": [e for e in self.effects if e["seq"] > since],
                "seq": self.seq,
            }

    def handle(self, action: str, rating: str | None = None) -> None:
        """Pass a button press (a `UserEvent` action) to the engine at the current time."""
        with self.lock:
            self.engine.handle(
                UserEvent(action=action, rating=rating),  # type: ignore[arg-type]
                now=self.clock(),
            )
            self._carry_out()

    def abandon(self) -> None:
        """Stop the session here; the sets already saved stay saved."""
        with self.lock:
            if not self.finished:
                self.finished = True
                self.on_finish(self, "abandoned")


class GuidedSessions:
    """The sessions running in this server process, by id."""

    def __init__(self) -> None:
        self._items: dict[str, GuidedSession] = {}
        self._lock = threading.Lock()

    def add(self, make: Callable[[str], GuidedSession]) -> GuidedSession:
        """Create a session with a fresh id through ``make(id)`` and keep it."""
        session_id = secrets.token_hex(12)
        session = make(session_id)
        with self._lock:
            self._items = {k: v for k, v in self._items.items() if not v.finished}
            self._items[session_id] = session
        return session

    def get(self, session_id: str) -> GuidedSession | None:
        """The session of ``session_id``, or None."""
        with self._lock:
            return self._items.get(session_id)


def clamp_speed(speed: float) -> float:
    """``speed`` within the accepted range (0.1x to 200x)."""
    return min(MAX_SPEED, max(MIN_SPEED, speed))
