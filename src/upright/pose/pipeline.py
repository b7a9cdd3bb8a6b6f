"""Whole sources to a `Landmarks` file: a video file, or a camera for a while.

Both feed their frames through `PoseTracker`, the same object the live paths use, so a
file and a stream of the same frames give the same landmarks. Every frame gives a row;
a frame with no person is all-NaN with visibility 0.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from contextlib import closing
from typing import TYPE_CHECKING

import cv2
import numpy as np

from upright.pose.blazepose import PoseBackend, PoseFrame
from upright.pose.errors import NoPersonError, VideoError
from upright.pose.reader import read_ahead
from upright.pose.tracker import PoseTracker
from upright.pose.video import Camera, VideoFile, VideoInfo

if TYPE_CHECKING:  # the analysis core loads when the rows are gathered, not before the frames
    from upright.motion import Landmarks

Progress = Callable[[int, int | None], None]
"""Called after each frame with (frames done, frames announced or None)."""

# Frames looked at, spread evenly over a video, before reading it all: a video where the
# pose model finds nobody in any of them says so within seconds instead of after minutes.
PROBE_FRAMES = 12


def probe_for_person(path: str | os.PathLike[str], info: VideoInfo, backend: PoseBackend) -> None:
    """Raise `NoPersonError` when nobody is found in frames spread over the whole video.

    Looks at `PROBE_FRAMES` frames, from the first to the last, and stops at the first
    one with a person. A video with fewer frames, or whose length is not known, or that
    cannot be sought, is left to the full read. The backend is reset afterwards, so the
    full read starts as on a new stream.
    """
    count = info.frame_count
    if count is None or count <= PROBE_FRAMES:
        return
    cap = cv2.VideoCapture(str(path))
    seen = 0
    try:
        for k in np.linspace(0, count - 1, PROBE_FRAMES).round().astype(int):
            cap.set(cv2.CAP_PROP_POS_FRAMES, int(k))
            ok, frame = cap.read()
            if not ok:
                return
            seen += 1
            if backend.process(np.ascontiguousarray(frame), float(k) / info.fps).present:
                return
    finally:
        cap.release()
        backend.reset()
    span = (count - 1) / info.fps
    raise NoPersonError(
        f"{path}: no person found in {seen} frames spread over its {span:.1f} s, so the "
        "rest was not read; film with the whole body in the picture and try again"
    )


def _collect(
    frames: Iterable[tuple[np.ndarray, float]],
    info: VideoInfo,
    tracker: PoseTracker,
    progress: Progress | None,
    max_frames: int | None = None,
) -> list[PoseFrame]:
    rows: list[PoseFrame] = []
    total = info.frame_count if max_frames is None else max_frames
    for frame, t in frames:
        rows.append(tracker.update(frame, t))
        if progress is not None:
            progress(len(rows), total)
        if max_frames is not None and len(rows) >= max_frames:
            break
    return rows


def _to_landmarks(rows: list[PoseFrame], info: VideoInfo) -> Landmarks:
    from upright.motion import Landmarks

    return Landmarks.create(
        np.stack([r.image for r in rows]),
        world=np.stack([r.world for r in rows]),
        visibility=np.stack([r.visibility for r in rows]),
        t=np.array([r.t for r in rows], np.float64),
        fps=info.fps,
        width=info.width,
        height=info.height,
    )


def video_to_landmarks(
    path: str | os.PathLike[str],
    progress: Progress | None = None,
    *,
    backend: PoseBackend | None = None,
    on_warning: Callable[[str], None] | None = None,
) -> Landmarks:
    """Landmarks of the person in a video file, one row per frame.

    Parameters
    ----------
    path
        The video file (anything OpenCV decodes: MP4, WebM, AVI, ...).
    progress
        Called after each frame with (frames done, frames announced or None).
    backend
        Pose backend (default: `BlazePose` with smoothing).
    on_warning
        Receives the one-time message when a second person comes into view.

    Raises
    ------
    VideoError
        The file is missing, empty, not a video, truncated, or shorter than 2 frames.
    NoPersonError
        No frame shows a person, or none of the frames spread over the video that are
        looked at first (`probe_for_person`).
    """
    # The reader thread is joined (closing) before the video is released.
    with VideoFile(path) as video, closing(read_ahead(video)) as frames:
        tracker = PoseTracker(backend, on_warning=on_warning)
        probe_for_person(path, video.info, tracker.backend)  # before the reader starts
        rows = _collect(frames, video.info, tracker, progress)
        info = video.info
    if len(rows) < 2:
        raise VideoError(
            f"{path}: expected a video of at least 2 frames, got {len(rows)}; movement needs time"
        )
    if tracker.frames_with_person == 0:
        raise NoPersonError(f"{path}: no person found in any of its {len(rows)} frames")
    return _to_landmarks(rows, info)


def camera_to_landmarks(
    index: int = 0,
    seconds: float = 10.0,
    progress: Progress | None = None,
    *,
    backend: PoseBackend | None = None,
    on_warning: Callable[[str], None] | None = None,
) -> Landmarks:
    """Landmarks from camera ``index`` for about ``seconds`` seconds (times as measured)."""
    with Camera(index) as camera:
        tracker = PoseTracker(backend, on_warning=on_warning)
        max_frames = max(2, round(seconds * camera.info.fps))
        rows = _collect(camera, camera.info, tracker, progress, max_frames)
        info = camera.info
    if len(rows) < 2:
        raise VideoError(f"{info.source}: gave {len(rows)} frame(s); expected at least 2")
    return _to_landmarks(rows, info)
