"""Annotated videos: the input video (or a stick figure) with the analysis drawn on it.

Written as WebM (VP8 by default, VP9 on request) with OpenCV, which browsers play; the
opencv-python-headless wheel has no H.264 encoder. Each frame gets a status bar below the
picture (see `upright.report.overlay`).

The VP8 encoder is nearly all the cost (about 25 ms a 900x900 frame on one core, and
OpenCV passes it no speed options), so an annotated video is cheap to make in three
ways: the frames are encoded on a thread of their own while the next ones are decoded
and drawn (OpenCV releases the GIL in both); a video faster than its landmarks (a 50 fps
video read at 25 Hz) keeps only the frames that have landmarks, at their rate; and a
picture larger than 960x540 is scaled down to that many pixels (the encoder costs
about 40 ms a million pixels: 960x540 and its status bar encode at 30 frames/s on one
core with room to spare).
"""

from __future__ import annotations

import math
import queue
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from upright.catalog import Exercise
from upright.errors import UprightError
from upright.motion.landmarks import Landmarks
from upright.motion.result import Analysis
from upright.report.overlay import Frame, annotate_frame, bar_height
from upright.report.timeline import FAULT_SHOW_S, Timeline

CODECS = ("VP80", "VP90")
MAX_PIXELS = 960 * 540  # an annotated picture larger than this is scaled down to it
WRITE_AHEAD = 4  # drawn frames waiting for the encoder; more only costs memory
STICK_BACKGROUND = (60, 54, 50)


class VideoError(UprightError, OSError):
    """A video could not be read or written; the message names the file."""


@dataclass(frozen=True)
class VideoInfo:
    """What was written: path, frame count, frames per second and frame size in pixels."""

    path: Path
    frames: int
    fps: float
    width: int
    height: int


def _even(n: int) -> int:
    return n + (n % 2)


class _Writer:
    """A WebM writer that checks its path and codec, counts frames and encodes on a thread.

    `write` hands the frame to an encoder thread through a small bounded queue, so the
    caller decodes and draws the next frame while this one is encoded; an encoder error
    is raised by the next `write` or by `close`.
    """

    def __init__(self, path: Path, fps: float, width: int, height: int, codec: str) -> None:
        if codec not in CODECS:
            raise VideoError(f"{path}: codec expected one of {CODECS}, got {codec!r}")
        if path.suffix.lower() != ".webm":
            raise VideoError(f"{path}: expected a .webm file name, got suffix {path.suffix!r}")
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path, self.fps, self.size = path, fps, (_even(width), _even(height))
        self._w = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*codec), fps, self.size)
        if not self._w.isOpened():
            raise VideoError(f"{path}: OpenCV could not open a {codec} WebM writer")
        self.frames = 0
        self._queue: queue.Queue[Frame | None] = queue.Queue(maxsize=WRITE_AHEAD)
        self._error: BaseException | None = None
        self._thread = threading.Thread(
            target=self._encode, name="upright-video-writer", daemon=True
        )
        self._thread.start()

    def _encode(self) -> None:
        while (frame := self._queue.get()) is not None:
            if self._error is not None:
                continue  # drain what is queued; the error is raised on the caller's side
            try:
                self._w.write(frame)
            except BaseException as exc:  # handed to the caller by write or close
                self._error = exc

    def _raise_error(self) -> None:
        if self._error is not None:
            raise VideoError(f"{self.path}: writing the video failed: {self._error}")

    def write(self, frame: Frame) -> None:
        self._raise_error()
        h, w = frame.shape[:2]
        if (w, h) != self.size:
            padded = np.zeros((self.size[1], self.size[0], 3), np.uint8)
            padded[:h, :w] = frame
            frame = padded
        self._queue.put(frame)
        self.frames += 1

    def close(self) -> VideoInfo:
        self._queue.put(None)
        self._thread.join()
        self._w.release()
        self._raise_error()
        return VideoInfo(self.path, self.frames, self.fps, self.size[0], self.size[1])


def _picture_size(width: int, height: int) -> tuple[int, int]:
    """The annotated picture's size: ``width`` x ``height`` scaled to `MAX_PIXELS` at most."""
    if width * height <= MAX_PIXELS:
        return width, height
    scale = math.sqrt(MAX_PIXELS / (width * height))
    return _even(round(width * scale)), _even(round(height * scale))


def _open(video_path: str | Path) -> tuple[cv2.VideoCapture, float]:
    """An open capture of ``video_path`` and its frames per second."""
    cap = cv2.VideoCapture(str(video_path))
    if not cap.isOpened():
        raise VideoError(f"{video_path}: OpenCV could not open this video")
    fps = float(cap.get(cv2.CAP_PROP_FPS))
    if not fps > 0:
        cap.release()
        raise VideoError(f"{video_path}: expected a frame rate above 0, got {fps}")
    return cap, fps


def _frames(cap: cv2.VideoCapture, step: int = 1) -> Iterator[Frame]:
    """Frames 0, ``step``, ``2 * step``, ... of ``cap`` (released at the end).

    The frames in between are decoded but not converted to pixels.
    """
    try:
        while True:
            ok, frame = cap.read()
            if not ok:
                return
            yield np.asarray(frame, dtype=np.uint8)
            for _ in range(step - 1):
                if not cap.grab():
                    return
    finally:
        cap.release()


def read_frames(video_path: str | Path) -> tuple[float, Iterator[Frame]]:
    """Frames per second of a video file and an iterator over its BGR frames."""
    cap, fps = _open(video_path)
    return fps, _frames(cap)


def landmark_index(landmarks: Landmarks, t: float) -> int | None:
    """Index of the landmark frame nearest time ``t`` (seconds), None beyond half a frame."""
    n = len(landmarks)
    if n == 0:
        return None
    i = int(np.searchsorted(landmarks.t, t))
    i = min((k for k in (i - 1, i) if 0 <= k < n), key=lambda k: abs(landmarks.t[k] - t))
    return i if abs(landmarks.t[i] - t) <= 0.5 / landmarks.fps + 1e-9 else None


def annotate_video(
    video_path: str | Path,
    landmarks: Landmarks,
    analysis: Analysis,
    out_path: str | Path,
    exercise: Exercise | None = None,
    codec: str = "VP80",
    show_s: float = FAULT_SHOW_S,
) -> VideoInfo:
    """Write the input video with skeleton, rep counts, hold timer and fault labels.

    Parameters
    ----------
    video_path
        The video the landmarks were taken from.
    landmarks
        Its landmarks; frame ``i`` of the video is matched to the landmark frame nearest
        ``landmarks.t[0] + i / fps`` seconds.
    analysis
        The analysis drawn (reps, holds, faults).
    out_path
        A ``.webm`` path.
    exercise
        Catalog exercise, for rule names and the keypoints of each rule.
    codec
        ``"VP80"`` (fast) or ``"VP90"``.
    show_s
        Seconds each fault label stays on screen.

    Returns
    -------
    VideoInfo
        The input's fps and frame count, or those of its frames with landmarks when
        the landmarks were taken at a lower rate (every second frame of a 50 fps video);
        height grows by the status bar, and a picture over `MAX_PIXELS` is scaled down.
    """
    cap, fps = _open(video_path)
    # a video faster than its landmarks keeps the frames that have landmarks, at their rate
    step = max(1, round(fps / landmarks.fps)) if len(landmarks) else 1
    frames = _frames(cap, step)
    timeline = Timeline(analysis, exercise, show_s)
    t0 = float(landmarks.t[0]) if len(landmarks) else 0.0
    writer: _Writer | None = None
    try:
        for k, frame in enumerate(frames):
            i = k * step
            h, w = frame.shape[:2]
            if writer is None:
                pw, ph = _picture_size(w, h)
                writer = _Writer(Path(out_path), fps / step, pw, ph + bar_height(pw), codec)
            if (w, h) != (pw, ph):
                frame = np.asarray(
                    cv2.resize(frame, (pw, ph), interpolation=cv2.INTER_AREA), np.uint8
                )
            t = t0 + i / fps
            j = landmark_index(landmarks, t)
            points = vis = None
            if j is not None:
                t = float(landmarks.t[j])
                scale = np.array([pw / landmarks.width, ph / landmarks.height])
                points, vis = landmarks.image[j, :, :2] * scale, landmarks.visibility[j]
            writer.write(annotate_frame(frame, timeline.state(t), points, vis))
    finally:
        info = writer.close() if writer is not None else None
    if info is None:
        raise VideoError(f"{video_path}: the video has no frames")
    return info


def stick_canvas_size(landmarks: Landmarks, max_width: int = 960) -> tuple[int, int]:
    """Width and height in pixels of a stick-figure frame for these landmarks (even)."""
    scale = min(1.0, max_width / landmarks.width)
    return _even(round(landmarks.width * scale)), _even(round(landmarks.height * scale))


def stick_frame(
    landmarks: Landmarks, index: int, timeline: Timeline, max_width: int = 960
) -> Frame:
    """One annotated stick-figure frame (picture plus status bar) for landmark frame ``index``."""
    w, h = stick_canvas_size(landmarks, max_width)
    canvas = np.empty((h, w, 3), np.uint8)
    canvas[:] = STICK_BACKGROUND
    scale = np.array([w / landmarks.width, h / landmarks.height])
    points = landmarks.image[index, :, :2] * scale
    return annotate_frame(
        canvas, timeline.state(float(landmarks.t[index])), points, landmarks.visibility[index]
    )


def render_stick_video(
    landmarks: Landmarks,
    analysis: Analysis,
    out_path: str | Path,
    exercise: Exercise | None = None,
    codec: str = "VP80",
    max_width: int = 960,
    show_s: float = FAULT_SHOW_S,
) -> VideoInfo:
    """Write a stick-figure video from landmarks alone (e.g. a simulated set).

    One frame per landmark frame at ``landmarks.fps``; the picture is the landmarks'
    ``width`` x ``height`` scaled down to at most ``max_width`` pixels, with the same
    status bar as `annotate_video`.
    """
    if len(landmarks) == 0:
        raise VideoError(f"{out_path}: no landmark frames to draw")
    timeline = Timeline(analysis, exercise, show_s)
    w, h = stick_canvas_size(landmarks, max_width)
    writer = _Writer(Path(out_path), landmarks.fps, w, h + bar_height(w), codec)
    try:
        for i in range(len(landmarks)):
            writer.write(stick_frame(landmarks, i, timeline, max_width))
    finally:  # the encoder thread ends with the file, whatever happened
        info = writer.close()
    return info
