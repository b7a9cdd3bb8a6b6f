"""The streaming tracker: one frame and its time in, one landmark row out.

`PoseTracker` is what the live paths (webcam, browser camera) and the video-file path
share, so a file and a stream of the same frames give the same landmarks. It checks
each frame and timestamp, keeps a frame with no person as a NaN row, and says once, with
the time, when a second person is in view (the backend keeps following the first).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable

import cv2
import numpy as np

from upright.pose.blazepose import BlazePose, PoseBackend, PoseFrame
from upright.pose.errors import PoseError


class MultiplePeopleWarning(UserWarning):
    """More than one person is in view; the tracker keeps following the first."""


def _warn(message: str) -> None:
    warnings.warn(message, MultiplePeopleWarning, stacklevel=3)


def as_bgr(frame: np.ndarray, source: str = "frame") -> np.ndarray:
    """``frame`` as contiguous uint8 [H, W, 3] BGR; grey and BGRA are converted."""
    arr = np.asarray(frame)
    if arr.dtype != np.uint8:
        raise PoseError(f"{source}: expected uint8 pixels, got {arr.dtype}")
    if arr.ndim == 2:
        return cv2.cvtColor(arr, cv2.COLOR_GRAY2BGR)
    if arr.ndim == 3 and arr.shape[2] == 4:
        return cv2.cvtColor(arr, cv2.COLOR_BGRA2BGR)
    if arr.ndim != 3 or arr.shape[2] != 3 or arr.shape[0] < 2 or arr.shape[1] < 2:
        raise PoseError(f"{source}: expected an image [H, W, 3], got shape {list(arr.shape)}")
    return np.ascontiguousarray(arr)


class PoseTracker:
    """Landmarks of one person, frame by frame.

    Parameters
    ----------
    backend
        The pose backend; a `BlazePose` with default settings when None.
    on_warning
        Called with a message the first time more than one person is in view (default:
        a `MultiplePeopleWarning` through the `warnings` module).
    """

    def __init__(
        self, backend: PoseBackend | None = None, on_warning: Callable[[str], None] | None = None
    ) -> None:
        self.backend: PoseBackend = backend if backend is not None else BlazePose()
        self._on_warning = on_warning or _warn
        self._last_t = -math.inf
        self._warned = False
        self._followed = False
        self.frames = 0
        self.frames_with_person = 0

    def reset(self) -> None:
        """Start again as for a new stream."""
        self.backend.reset()
        self._last_t = -math.inf
        self._warned = False
        self._followed = False
        self.frames = 0
        self.frames_with_person = 0

    def update(self, frame_bgr: np.ndarray, t_s: float) -> PoseFrame:
        """Landmarks for one frame taken at ``t_s`` seconds (strictly increasing)."""
        t = float(t_s)
        if not math.isfinite(t) or t <= self._last_t:
            raise PoseError(
                f"frame time: expected a finite time after {self._last_t} s, got {t_s!r}"
            )
        row = self.backend.process(as_bgr(frame_bgr), t)
        self._last_t = t
        self.frames += 1
        self._check_people(row)
        if row.present:
            self.frames_with_person += 1
            self._followed = True
        return row

    def _check_people(self, row: PoseFrame) -> None:
        if self._warned or row.people is None or row.people < 2:
            return
        self._warned = True
        if self._followed:
            self._on_warning(
                f"another person came into view at {row.t:.2f} s; "
                "still following the person who was there first"
            )
        else:
            self._on_warning(f"{row.people} people in view at {row.t:.2f} s; following the largest")
