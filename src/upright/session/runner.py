"""The loop that runs an engine in real time: clock, keys, camera feed, sound, saving.

Front ends (the terminal command, a script) call `run_session`; it ticks the engine on a
`ScaledClock` (session seconds = wall seconds x ``speed``), feeds it keys and camera
events, plays its cues and sounds, and hands each finished set to ``on_set`` at once.
"""

from __future__ import annotations

import os
import select
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Any, TextIO

from upright.session.engine import SessionEngine
from upright.session.events import (
    Phase,
    Rate,
    RepDone,
    Say,
    SetFinished,
    SkipSet,
    Sound,
    Start,
    TogglePause,
    UserEvent,
)
from upright.session.results import SetResult
from upright.session.speech import AudioOut
from upright.session.stream import CameraFeed

#: Keys of the terminal session and what they do.
KEYS: dict[str, UserEvent] = {
    " ": RepDone(),
    "\n": Start(),
    "\r": Start(),
    "p": TogglePause(),
    "s": SkipSet(),
    "1": Rate("clean"),
    "2": Rate("some_faults"),
    "3": Rate("struggled"),
}
QUIT_KEYS = frozenset("q")


class StopSession(Exception):  # noqa: N818 - a signal to stop, not an error
    """The runner asked to stop (q key); sets already saved stay saved."""


class ScaledClock:
    """Session seconds since the start, running ``speed`` times faster than the wall."""

    def __init__(
        self,
        speed: float = 1.0,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.speed = speed
        self._monotonic = monotonic
        self._sleep = sleep
        self._t0 = monotonic()

    def now(self) -> float:
        """Session time, seconds."""
        return (self._monotonic() - self._t0) * self.speed

    def sleep(self, wall_s: float) -> None:
        """Wait ``wall_s`` seconds of wall time."""
        self._sleep(wall_s)


class KeyReader:
    """Single key presses from a terminal, without waiting; nothing when not a terminal."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream if stream is not None else sys.stdin
        self.enabled = bool(self.stream) and self.stream.isatty()

    @contextmanager
    def active(self) -> Iterator[KeyReader]:
        """Put the terminal in character mode for the block (restored afterwards)."""
        if not self.enabled:
            yield self
            return
        import termios
        import tty

        fd = self.stream.fileno()
        saved = termios.tcgetattr(fd)
        try:
            tty.setcbreak(fd)
            yield self
        finally:
            termios.tcsetattr(fd, termios.TCSADRAIN, saved)

    def poll(self) -> list[str]:
        """Keys pressed since the last call."""
        if not self.enabled:
            return []
        keys = []
        fd = self.stream.fileno()
        while select.select([fd], [], [], 0)[0]:
            ch = os.read(fd, 1).decode(errors="ignore")
            if not ch:
                break
            keys.append(ch)
        return keys


def handle_key(engine: SessionEngine, key: str, now: float) -> None:
    """Pass one key press to the engine; `StopSession` for q."""
    if key.lower() in QUIT_KEYS:
        raise StopSession
    event = KEYS.get(key.lower())
    if event is not None:
        engine.handle(replace(event, t=now))


def carry_out(
    engine: SessionEngine, audio: AudioOut | None, on_set: Callable[[SetResult], Any] | None
) -> None:
    """Do what the engine asked: speak cues, play sounds, save finished sets."""
    for effect in engine.drain():
        if isinstance(effect, SetFinished):
            if on_set is not None:
                on_set(effect.result)
        elif audio is None:
            continue
        elif isinstance(effect, Say):
            audio.say(effect.spoken.cue.text)
        elif isinstance(effect, Sound):
            audio.sound(effect.name)


def run_session(
    engine: SessionEngine,
    clock: ScaledClock,
    *,
    audio: AudioOut | None = None,
    feed: CameraFeed | None = None,
    keys: KeyReader | None = None,
    on_set: Callable[[SetResult], Any] | None = None,
    on_frame: Callable[[dict[str, Any]], Any] | None = None,
    step_s: float = 0.05,
) -> list[SetResult]:
    """Run ``engine`` until the session is done; the finished sets.

    ``step_s`` is the wall time between two updates (seconds). Raises `StopSession`
    when q is pressed, and lets KeyboardInterrupt through: every set handed to
    ``on_set`` before then is kept.
    """
    while True:
        now = clock.now()
        if feed is not None:
            feed.step(engine, now)
        for key in keys.poll() if keys is not None else ():
            handle_key(engine, key, now)
        engine.tick(now)
        carry_out(engine, audio, on_set)
        if on_frame is not None:
            on_frame(engine.snapshot())
        if engine.phase is Phase.DONE:
            return list(engine.results)
        clock.sleep(step_s)
