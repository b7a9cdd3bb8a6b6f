"""Live coaching of one runner: camera frames or landmark rows in, what a live page shows out.

A `LiveCoach` runs the guided session's engine (`upright.session.SessionEngine`, camera
mode) on the stream's own clock: session seconds are the seconds since the first row, so
a frame's capture time puts it on the same clock as the engine's countdowns. Each set
gets a fresh `upright.motion.LiveAnalyzer`, as the terminal's ``--camera`` path does,
and its events go to the engine. The session it drives (`LiveSession`) is the front
end's: it carries out the engine's effects (cues with their audio, sounds, finished
sets, saved the moment a set ends). Nothing here counts reps or picks cues itself.

A camera frame (JPEG bytes) is decoded and run through the streaming pose tracker by
`upright.pose`, then dropped; it is written to disk only when the runner asked to record
(`open_live_coach`'s ``recordings``). A coach is used by one thread at a time.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from upright.errors import UprightError
from upright.motion import LiveAnalyzer
from upright.pose.frames import FrameRecording, decode_jpeg
from upright.session import SessionEngine
from upright.session.cue_list import session_cue_texts
from upright.session.events import WATCH_PHASES
from upright.session.framing import Framing, FramingCheck
from upright.session.speech import SpeechError, render_cue_wav, render_sound_wav

#: Pose runs on this many frames at once in the whole process (each inference uses two
#: threads): more only makes the model's threads fight for the cores the pages need,
#: and a connection whose frame waits answers fewer frames (its newest frame wins).
POSE_AT_ONCE = max(1, (os.cpu_count() or 2) // 2)
_pose_slots = threading.BoundedSemaphore(POSE_AT_ONCE)


class LiveInputError(UprightError, ValueError):
    """A frame or landmark row that cannot be used; the message says which and why."""


class LiveSession(Protocol):
    """The running session a coach drives, as the front end keeps it.

    ``stream_s`` is its clock (stream seconds since the first row, set by the coach);
    ``lock`` guards the engine; ``state(since)`` ticks the engine to ``clock()`` and
    returns ``{"seq", "snapshot", "effects", "stopped", ...}`` with the effects after
    sequence number ``since``.
    """

    engine: SessionEngine
    lock: threading.Lock
    stream_s: float
    finished: bool

    def clock(self) -> float:
        """Session seconds now."""
        ...

    def handle(self, action: str, rating: str | None = None) -> None:
        """A button press (a `upright.session.UserAction` name) at the current time."""
        ...

    def state(self, since: int = 0) -> dict[str, Any]:
        """Tick to now; the snapshot and the effects after ``since`` (see the class)."""
        ...

    def abandon(self) -> None:
        """Stop the session here; the sets already saved stay saved."""
        ...


class PoseStream(Protocol):
    """What the coach needs of a streaming pose tracker (`upright.pose.PoseTracker`)."""

    def update(self, image: np.ndarray, t_s: float) -> Any:
        """The landmark row (``image``, ``world``, ``visibility``) of a BGR frame at ``t_s``."""
        ...

    def reset(self) -> None:
        """Forget the last frame's region (another camera)."""
        ...


def live_cue_texts(engine: SessionEngine) -> list[str]:
    """Every cue the camera session can say, so their audio can be rendered before it is needed.

    A "not counted" reason is known only when said: its audio is rendered then.
    """
    return session_cue_texts(engine.plans, camera=True)


def prerender(texts: list[str], audio_dir: Path) -> threading.Thread:
    """Render the audio of ``texts`` (and the sounds) in a background thread."""

    def work() -> None:
        for name in ("go", "hold_end", "rest_end"):
            try:
                render_sound_wav(name, audio_dir)
            except (SpeechError, OSError):
                return
        for text in texts:
            try:
                render_cue_wav(text, audio_dir)
            except (SpeechError, OSError):
                return  # no espeak-ng: cues are still shown

    thread = threading.Thread(target=work, name="upright-live-audio", daemon=True)
    thread.start()
    return thread


def open_live_coach(
    session: LiveSession,
    fps: float,
    tracker_factory: Callable[[], PoseStream],
    audio_dir: Path,
    recordings: Path | None = None,
) -> LiveCoach:
    """A coach for ``session``: its cue audio warming up, its frames kept if asked.

    ``recordings`` is the folder the camera frames are written to (a WebM a
    connection), or None to keep no frame.
    """
    prerender(live_cue_texts(session.engine), audio_dir)
    recording = FrameRecording(recordings, fps) if recordings is not None else None
    return LiveCoach(session, fps, tracker_factory, recording)


def _row_arrays(row: dict[str, Any]) -> tuple[float, np.ndarray, np.ndarray, np.ndarray]:
    """The arrays of a landmark row sent as JSON (null stands for NaN)."""
    try:
        t = float(row["t"])
        image = np.array(row["image"], dtype=np.float64).reshape(33, 3)
        world = np.array(row.get("world") or np.full((33, 3), np.nan), np.float64).reshape(33, 3)
        vis = np.array(row["visibility"], dtype=np.float64).reshape(33)
    except (KeyError, TypeError, ValueError) as exc:
        raise LiveInputError(
            f"landmark row: expected t, image [33][3], world [33][3] and visibility [33], got {exc}"
        ) from None
    return t, image, world, vis


class LiveCoach:
    """The per-connection coach (see the module docstring).

    Parameters
    ----------
    guided
        The session (engine, store callbacks, audio) whose clock the stream sets.
    fps
        Nominal frame rate of the stream, frames/s (the analysers' time base).
    tracker_factory
        Builds the pose tracker on first use (so a landmark-only client never loads it).
    recording
        Where frames go when the runner asked to record; None keeps no frame.
    """

    def __init__(
        self,
        guided: LiveSession,
        fps: float,
        tracker_factory: Callable[[], PoseStream],
        recording: FrameRecording | None = None,
    ) -> None:
        self.guided = guided
        self.fps = fps
        self._tracker_factory = tracker_factory
        self._tracker: PoseStream | None = None
        self.recording = recording
        plan = guided.engine.plan
        self.framing = FramingCheck(plan.exercise.view if plan else "any")
        self._t0: float | None = None
        self._last_t = -np.inf
        self._set_no = -1
        self._analyzer: LiveAnalyzer | None = None
        self._seq = 0
        self._size: tuple[int, int] = (1, 1)
        self.frames = 0

    # ----- inputs ------------------------------------------------------------------
    def frame(self, jpeg: bytes, t_s: float) -> dict[str, Any]:
        """One camera frame (JPEG bytes) captured at ``t_s`` seconds: pose, then analysis."""
        started = time.perf_counter()
        image = decode_jpeg(jpeg)
        h, w = image.shape[:2]
        if self._tracker is None:
            self._tracker = self._tracker_factory()
        if (w, h) != self._size and self.frames:
            self._tracker.reset()  # another camera: the last frame's region means nothing
        if t_s <= self._last_t:
            raise LiveInputError(f"frame time: expected after {self._last_t} s, got {t_s} s")
        with _pose_slots:
            row = self._tracker.update(image, t_s)
        if self.recording is not None:
            self.recording.write(image)
        self._take(t_s, row.image, row.world, row.visibility, w, h)
        out = self._settle(row.image, row.visibility)
        out["server_ms"] = round(1000 * (time.perf_counter() - started), 1)
        return out

    def rows(self, rows: list[dict[str, Any]], width: int, height: int) -> dict[str, Any]:
        """Landmark rows (as JSON) played into the same path a camera frame takes.

        The rows are checked first (a bad one changes nothing), taken one by one, then
        analysed together: one pass of the analyser per message, however many rows.
        """
        if not rows:
            raise LiveInputError("rows: expected at least one landmark row, got none")
        parsed = [_row_arrays(row) for row in rows]
        last_t = self._last_t
        for t, *_ in parsed:
            if t <= last_t:
                raise LiveInputError(f"landmark row time: expected after {last_t} s, got {t}")
            last_t = t
        for t, image, world, vis in parsed:
            self._take(t, image, world, vis, width, height)
        _t, image, _world, vis = parsed[-1]
        return self._settle(image, vis)

    def action(self, name: str) -> dict[str, Any]:
        """A button on the page (start now, skip set, pause), at the latest stream time."""
        self.guided.handle(name)
        return self.current()

    def current(self) -> dict[str, Any]:
        """The session's state now, with no new row."""
        return self._result(None, None)

    def close(self) -> None:
        """The page went away: stop the session unless it finished; close the recording."""
        if not self.guided.finished:
            self.guided.abandon()
        if self.recording is not None:
            self.recording.close()

    # ----- the shared per-row path ---------------------------------------------------
    def _take(
        self, t: float, image: np.ndarray, world: np.ndarray, vis: np.ndarray, w: int, h: int
    ) -> None:
        """Take one landmark row at ``t`` seconds: the clock, framing, the set's analyser.

        The row is only added to the analyser here; `_settle` analyses what was added.
        """
        engine = self.guided.engine
        if self._t0 is None:
            self._t0 = t
            engine.camera_offset_s = -t  # stream seconds since the first row
        self._last_t = t
        self._size = (w, h)
        self.frames += 1
        self.guided.stream_s = t - self._t0
        self.framing.add(t, image, world, vis)
        with self.guided.lock:
            engine.tick(self.guided.clock())
            if engine.phase in WATCH_PHASES and engine.plan is not None:
                number = len(engine.results)
                if number != self._set_no or self._analyzer is None:
                    self._analyse()  # what the last set's analyser still holds
                    self._set_no = number
                    plan = engine.plan
                    reps = plan.reps * len(plan.sides)
                    self._analyzer = LiveAnalyzer(plan.exercise, self.fps, w, h, reps=reps)
                self._analyzer.add(t, image, world, vis)

    def _analyse(self) -> None:
        """Run the rows added to the set's analyser; its events go to the engine.

        Called with the session's lock held. Events stop at the end of the set: later
        rows belong to the next one.
        """
        engine = self.guided.engine
        if self._analyzer is None:
            return
        for event in self._analyzer.advance():
            if engine.phase not in WATCH_PHASES or len(engine.results) != self._set_no:
                break
            engine.handle(event)

    def _settle(self, image: np.ndarray, vis: np.ndarray) -> dict[str, Any]:
        """Analyse the rows taken; the result for the latest one (``image``, ``vis``)."""
        with self.guided.lock:
            self._analyse()
        shown = image if np.isfinite(image[:, :2]).all() else None
        return self._result(shown, vis, self.framing.verdict(*self._size))

    def _result(
        self, image: np.ndarray | None, vis: np.ndarray | None, framing: Framing | None = None
    ) -> dict[str, Any]:
        """The message for the page: the session's state, the latest landmarks, framing."""
        state = self.guided.state(self._seq)
        self._seq = state["seq"]
        w, h = self._size
        points = None
        if image is not None and vis is not None:
            pts = np.column_stack([image[:, 0] / w, image[:, 1] / h, np.clip(vis, 0, 1)])
            points = np.round(pts, 4).tolist()
        hold = self._analyzer.state.hold_s if self._analyzer is not None else 0.0
        return {
            "type": "result",
            "t": round(self.guided.stream_s, 3),
            "present": points is not None,
            "landmarks": points,
            "size": [w, h],
            "framing": framing.to_dict() if framing is not None else None,
            "state": state["snapshot"],
            "hold_seen_s": round(float(hold), 2),
            "effects": state["effects"],
            "finished": self.guided.finished,
            "stopped": state["stopped"],  # taken over by the Session page's Continue
        }
