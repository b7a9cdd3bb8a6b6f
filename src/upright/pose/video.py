"""Frame sources: video files and cameras through OpenCV, with their true times.

A file's frame rate is kept as recorded (29.97 stays 29.97) and frame ``i`` is at
``i / fps`` seconds; OpenCV turns frames upright by the file's rotation metadata, so
``width`` and ``height`` are those of the turned frames. A camera's frames carry the
seconds elapsed since it opened. Every problem becomes a `VideoError` that names the
file and what is wrong with it.
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Self

import cv2
import numpy as np

from upright.pose.errors import VideoError

VIDEO_SUFFIXES = frozenset(
    {".mp4", ".m4v", ".mov", ".avi", ".mkv", ".webm", ".mpg", ".mpeg", ".wmv", ".y4m"}
)
MAX_FPS = 1000.0
TRUNCATED_SHARE = 0.9  # fewer decoded frames than this share of the announced count


def is_video_path(path: str | os.PathLike[str]) -> bool:
    """True when the file name ends with a video suffix (``.mp4``, ``.webm``, ...)."""
    return Path(path).suffix.lower() in VIDEO_SUFFIXES


@dataclass(frozen=True)
class VideoInfo:
    """What a frame source announces: size of the (upright) frames and timing."""

    source: str
    width: int
    height: int
    fps: float
    frame_count: int | None  # None when unknown (cameras, some streams)

    @property
    def duration_s(self) -> float | None:
        """Announced length in seconds, when the frame count is known."""
        return None if self.frame_count is None else self.frame_count / self.fps


class _Capture:
    """An open OpenCV capture: released on `close` or at the end of a ``with`` block."""

    _cap: cv2.VideoCapture | None = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Release the decoder or camera."""
        if self._cap is not None:
            self._cap.release()
            self._cap = None


class VideoFile(_Capture):
    """Frames of a video file, each with its time in seconds.

    Opening checks the file exists, is not empty, decodes to at least one frame and has
    a frame rate; iterating raises `VideoError` when decoding stops well before the
    announced end (a truncated or damaged file).
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        if not self.path.exists():
            raise VideoError(f"{self.path}: no such file")
        if not self.path.is_file():
            raise VideoError(f"{self.path}: expected a video file, got a directory")
        if self.path.stat().st_size == 0:
            raise VideoError(f"{self.path}: the file is empty (0 bytes)")
        cap = cv2.VideoCapture(str(self.path))
        ok, first = cap.read() if cap.isOpened() else (False, None)
        if not ok or first is None:
            cap.release()
            raise VideoError(f"{self.path}: not a video OpenCV can decode (no frame could be read)")
        fps = float(cap.get(cv2.CAP_PROP_FPS))
        if not (math.isfinite(fps) and 0 < fps <= MAX_FPS):
            cap.release()
            raise VideoError(
                f"{self.path}: expected a frame rate between 0 and {MAX_FPS:g} "
                f"frames/s, got {fps!r}"
            )
        count = int(cap.get(cv2.CAP_PROP_FRAME_COUNT))
        h, w = first.shape[:2]
        self.info = VideoInfo(str(self.path), w, h, fps, count if count > 0 else None)
        self._cap: cv2.VideoCapture | None = cap
        self._first: np.ndarray | None = first

    @property
    def first_frame(self) -> np.ndarray | None:
        """The first frame (decoded when the file was opened), until the video is read."""
        return self._first

    def __iter__(self) -> Iterator[tuple[np.ndarray, float]]:
        """Yield ``(frame_bgr, t_s)`` for every frame, once."""
        return self.frames()

    def frames(self, step: int = 1) -> Iterator[tuple[np.ndarray, float]]:
        """Yield ``(frame_bgr, t_s)`` for frames 0, ``step``, ``2 * step``, ..., once.

        The frames in between are decoded (H.264 needs them) but never converted to
        BGR pixels, which is most of what skipping them saves.
        """
        cap, first = self._cap, self._first
        if cap is None or first is None:
            raise VideoError(f"{self.path}: the video was already read or closed")
        if step < 1:
            raise VideoError(f"{self.path}: expected a frame step of 1 or more, got {step}")
        self._first = None
        fps = self.info.fps
        yield first, 0.0
        n = 1
        while True:
            if n % step:
                if not cap.grab():
                    break
                n += 1
                continue
            ok, frame = cap.read()
            if not ok:
                break
            yield frame, n / fps
            n += 1
        self.close()
        announced = self.info.frame_count
        if announced is not None and n < TRUNCATED_SHARE * announced and announced - n >= 2:
            raise VideoError(
                f"{self.path}: truncated or damaged: the file announces "
                f"{announced} frames but decoding stopped after {n}"
            )


class Camera(_Capture):
    """Frames of a camera (``cv2.VideoCapture(index)``), timed from when it opened."""

    def __init__(self, index: int = 0) -> None:
        self.index = index
        cap = cv2.VideoCapture(index)
        ok, first = cap.read() if cap.isOpened() else (False, None)
        if not ok or first is None:
            cap.release()
            raise VideoError(f"camera {index}: could not be opened or gave no frame")
        self._start = time.monotonic()
        fps = float(cap.get(cv2.CAP_PROP_FPS))
        fps = fps if math.isfinite(fps) and 0 < fps <= MAX_FPS else 30.0
        h, w = first.shape[:2]
        self.info = VideoInfo(f"camera {index}", w, h, fps, None)
        self._cap: cv2.VideoCapture | None = cap
        self._first: np.ndarray | None = first

    def __iter__(self) -> Iterator[tuple[np.ndarray, float]]:
        """Yield ``(frame_bgr, t_s)`` until the camera stops or is closed."""
        if self._first is not None:
            yield self._first, 0.0
            self._first = None
        while self._cap is not None:
            ok, frame = self._cap.read()
            if not ok:
                break
            yield frame, time.monotonic() - self._start
