"""Camera frames sent as pictures: decoding a JPEG, and writing frames to a WebM file.

The Live page sends each camera frame as a JPEG; these turn it into the uint8 BGR
[H, W, 3] array `PoseTracker` reads, and, only when the runner asked to record, keep the
frames in a VP8 WebM.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from upright.pose.errors import PoseError

#: Largest JPEG frame accepted, bytes, and largest picture side, pixels.
MAX_FRAME_BYTES = 2_000_000
MAX_FRAME_SIDE = 1920


class FrameError(PoseError, ValueError):
    """A frame that is not a picture we accept; the message says why."""


def decode_jpeg(data: bytes) -> np.ndarray:
    """A JPEG (or PNG) frame as uint8 BGR [H, W, 3]; `FrameError` when it is not one."""
    if len(data) > MAX_FRAME_BYTES:
        raise FrameError(f"frame: expected at most {MAX_FRAME_BYTES} bytes, got {len(data)}")
    image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
    if image is None:
        raise FrameError(f"frame: expected a JPEG image, got {len(data)} undecodable bytes")
    if max(image.shape[:2]) > MAX_FRAME_SIDE:
        raise FrameError(
            f"frame: expected at most {MAX_FRAME_SIDE} pixels a side, "
            f"got {image.shape[1]}x{image.shape[0]}"
        )
    return image


class FrameRecording:
    """Frames written to a WebM (VP8) file in ``folder``, under a fresh random name.

    Parameters
    ----------
    folder
        Where the file goes (created if missing).
    fps
        Frame rate written in the file, frames/s.
    """

    def __init__(self, folder: Path, fps: float) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / f"live-{secrets.token_hex(8)}.webm"
        self.fps = fps
        self._writer: Any = None
        self._size: tuple[int, int] | None = None

    def write(self, frame_bgr: np.ndarray) -> None:
        """Add one frame (frames of another size are scaled to the first one's)."""
        h, w = frame_bgr.shape[:2]
        if self._writer is None:
            self._size = (w, h)
            fourcc = cv2.VideoWriter.fourcc(*"VP80")
            self._writer = cv2.VideoWriter(str(self.path), fourcc, self.fps, self._size)
        if self._size != (w, h):
            frame_bgr = cv2.resize(frame_bgr, self._size)
        self._writer.write(frame_bgr)

    def close(self) -> None:
        """Finish the file."""
        if self._writer is not None:
            self._writer.release()
            self._writer = None
