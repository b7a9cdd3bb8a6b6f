"""Camera analysis during a session: landmark rows in, analysis events to the engine.

The front end opens the camera, the video or the landmark file (through `upright.pose`
or `upright.motion`) and hands over an iterator of landmark rows: objects with ``t``
(seconds on the stream's own clock), ``image`` [33, 3], ``world`` [33, 3] and
``visibility`` [33], such as `upright.pose`'s ``PoseFrame``. `CameraFeed` runs a fresh
live analyser for each set, feeds it the rows as the session clock reaches them (so a
recording plays back in real time, or faster on a faster clock), passes its events to
the engine, and tells the engine when a set's stream runs out.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np
import numpy.typing as npt

from upright.catalog import Exercise
from upright.motion import LiveAnalyzer, load_landmarks
from upright.session.engine import SessionEngine
from upright.session.events import WATCH_PHASES, CameraEvent, StreamEnded


class Row(Protocol):
    """One landmark row (``upright.pose.PoseFrame`` has this shape)."""

    @property
    def t(self) -> float:
        """Seconds on the stream's own clock."""

    @property
    def image(self) -> npt.NDArray[np.float32]:
        """[33, 3] x, y in pixels, z relative."""

    @property
    def world(self) -> npt.NDArray[np.float32]:
        """[33, 3] metres."""

    @property
    def visibility(self) -> npt.NDArray[np.float32]:
        """[33] in 0..1."""


class Analyzer(Protocol):
    """The live analysis: ``upright.motion.LiveAnalyzer``'s shape."""

    def push(
        self,
        t: float,
        image: npt.NDArray[np.float32],
        world: npt.NDArray[np.float32],
        visibility: npt.NDArray[np.float32],
    ) -> Sequence[CameraEvent]:
        """Analyse one row; the events it caused."""

    def finish(self) -> Sequence[CameraEvent]:
        """The stream ran out: the events of what was still being judged."""


@dataclass(frozen=True)
class FileRow:
    """A row of a landmark file."""

    t: float
    image: npt.NDArray[np.float32]
    world: npt.NDArray[np.float32]
    visibility: npt.NDArray[np.float32]


def file_stream(path: str | os.PathLike[str]) -> Stream:
    """The rows of a landmark file (.npz or .csv), as a recorded stream."""
    lm = load_landmarks(path)
    rows = (
        FileRow(float(lm.t[i]), lm.image[i], lm.world[i], lm.visibility[i])
        for i in range(len(lm.t))
    )
    return Stream(rows, float(lm.fps), width=lm.width, height=lm.height)


def live_analyzer(exercise: Exercise, stream: Stream) -> Analyzer:
    """`upright.motion`'s live analyser for one set of ``exercise``."""
    return LiveAnalyzer(exercise, stream.fps, stream.width, stream.height)


@dataclass(frozen=True)
class Stream:
    """The rows of one set, their frame rate (frames/s), and whether they come live.

    A live stream (a camera) keeps one clock for the whole session and is read a few rows
    a step, since reading waits for the next frame; a recording is re-timed to start with
    its set and read as far as the session clock has reached.
    """

    rows: Iterator[Row]
    fps: float
    live: bool = False
    width: int = 1
    height: int = 1


#: Opens the stream of a set: (set number in the session, exercise) -> `Stream`, or None
#: when no stream is left for it.
SourceFactory = Callable[[int, Exercise], "Stream | None"]


def files_source(paths: list[Path]) -> SourceFactory:
    """One landmark file per set, in session order."""

    def open_set(number: int, exercise: Exercise) -> Stream | None:
        return file_stream(paths[number]) if number < len(paths) else None

    return open_set


def shared_source(stream: Stream) -> SourceFactory:
    """One stream (a camera, a video) for every set, read on from where it was."""

    def open_set(number: int, exercise: Exercise) -> Stream | None:
        return stream

    return open_set


#: Rows read at most in one step from a live stream (each read waits for a frame).
LIVE_ROWS_PER_STEP = 2


class CameraFeed:
    """Feeds a landmark stream to the engine through a per-set live analyser.

    Parameters
    ----------
    source
        Opens the stream of each set (`files_source`, `shared_source`).
    make_analyzer
        Builds the analyser of a set (default: `live_analyzer`).
    """

    def __init__(
        self,
        source: SourceFactory,
        make_analyzer: Callable[[Exercise, Stream], Analyzer] = live_analyzer,
    ) -> None:
        self.source = source
        self.make_analyzer = make_analyzer
        self._set_no = -1
        self._rows: Iterator[Row] | None = None
        self._analyzer: Analyzer | None = None
        self._next: Row | None = None
        self._ended = False
        self._live = False
        self._clock_set = False
        self.frames = 0

    def step(self, engine: SessionEngine, now: float) -> None:
        """Feed every row the session clock has reached by ``now`` (seconds)."""
        plan = engine.plan
        if plan is None:
            return
        if engine.phase not in WATCH_PHASES:
            if self._live and self._rows is not None:  # keep a camera's buffer fresh
                for _ in range(LIVE_ROWS_PER_STEP):
                    self._next = next(self._rows, None)
            return
        number = len(engine.results)
        if number != self._set_no:
            self._open(number, plan.exercise, engine, now)
        if not self._ended:
            self._feed(engine, now, number)

    def _feed(self, engine: SessionEngine, now: float, number: int) -> None:
        if self._analyzer is None or self._rows is None:
            return
        budget = LIVE_ROWS_PER_STEP if self._live else None
        while budget is None or budget > 0:
            if budget is not None:
                budget -= 1
            if self._next is None:
                self._next = next(self._rows, None)
                if self._next is None:
                    self._end(engine, now)
                    return
            if self._next.t + engine.camera_offset_s > now:
                return
            row, self._next = self._next, None
            self.frames += 1
            for event in self._analyzer.push(row.t, row.image, row.world, row.visibility):
                engine.handle(event)
            if engine.phase not in WATCH_PHASES or len(engine.results) != number:
                return  # the set ended: the next rows belong to the next set

    def _open(self, number: int, exercise: Exercise, engine: SessionEngine, now: float) -> None:
        self._set_no = number
        self._ended = False
        opened = self.source(number, exercise)
        if opened is None:
            self._rows, self._analyzer = None, None
            self._ended = True
            engine.handle(StreamEnded(t=now))
            return
        self._rows, self._live = opened.rows, opened.live
        self._analyzer = self.make_analyzer(exercise, opened)
        if self._next is None:
            self._next = next(self._rows, None)
        if self._next is not None and not (self._live and self._clock_set):
            engine.camera_offset_s = now - float(self._next.t)
            self._clock_set = True

    def _end(self, engine: SessionEngine, now: float) -> None:
        self._ended = True
        if self._analyzer is not None:
            for event in self._analyzer.finish():
                engine.handle(event)
        if engine.phase in WATCH_PHASES:
            engine.handle(StreamEnded(t=now))
