"""Whole sources to a `Landmarks` file: a video file, or a camera for a while.

Both feed their frames through `PoseTracker`, the same object the live paths use, so a
file and a stream of the same frames give the same landmarks. Every frame taken gives a
row (a video of 50 frames/s or more is taken at a steady 25-30 Hz, see `analysis_step`);
a frame with no person is all-NaN with visibility 0.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Iterable
from contextlib import closing
from dataclasses import replace
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

# The slowest steady rate a video's frames are taken at when it has more (`analysis_step`).
MIN_ANALYSIS_HZ = 25.0
# Frames looked at, spread evenly over a video, before reading it all: a video where the
# pose model finds nobody in any of them says so within seconds instead of after minutes.
PROBE_FRAMES = 12


def probe_for_person(
    path: str | os.PathLike[str],
    info: VideoInfo,
    backend: PoseBackend,
    first: np.ndarray | None = None,
) -> None:
    """Raise `NoPersonError` when nobody is found in frames spread over the whole video.

    Looks at `PROBE_FRAMES` frames, from the first to the last, and stops at the first
    one with a person. ``first``, the first frame when the caller has it decoded
    already, saves opening and seeking the file in the usual case of a person from the
    start. A video with fewer frames, or whose length is not known, or that cannot be
    sought, is left to the full read. The backend is reset afterwards, so the full read
    starts as on a new stream.
    """
    count = info.frame_count
    if count is None or count <= PROBE_FRAMES:
        return
    spread = np.linspace(0, count - 1, PROBE_FRAMES).round().astype(int)
    seen = 0
    try:
        if first is not None:
            seen += 1
            if backend.process(np.ascontiguousarray(first), 0.0).present:
                return
            spread = spread[1:]
        cap = cv2.VideoCapture(str(path))
        try:
            for k in spread:
                cap.set(cv2.CAP_PROP_POS_FRAMES, int(k))
                ok, frame = cap.read()
                if not ok:
                    return
                seen += 1
                if backend.process(np.ascontiguousarray(frame), float(k) / info.fps).present:
                    return
        finally:
            cap.release()
    finally:
        backend.reset()
    span = (count - 1) / info.fps
    raise NoPersonError(
        f"{path}: no person found in {seen} frames spread over its {span:.1f} s, so the "
        "rest was not read; film with the whole body in the picture and try again"
    )


def analysis_step(fps: float) -> int:
    """Every how many frames of a ``fps`` video the pose is found: at least 25 a second.

    Movement this app judges (reps of a second and more, holds) is fully seen at 25
    frames a second, so a faster video is read at the largest whole step that keeps 25:
    every second frame of a 50 or 60 fps video (25 or 30 Hz), every fourth of a 100 or
    120 fps one. Videos under 50 fps keep every frame.
    """
    return max(1, math.floor(fps / MIN_ANALYSIS_HZ + 1e-9))


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


def _taken_every(info: VideoInfo, step: int) -> VideoInfo:
    """What reading every ``step``-th frame of ``info``'s video gives: rate and count."""
    if step == 1:
        return info
    count = None if info.frame_count is None else -(-info.frame_count // step)
    return replace(info, fps=info.fps / step, frame_count=count)


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
    """Landmarks of the person in a video file, one row per frame taken.

    Every frame is taken from a video under 50 frames/s; from a faster one, every
    `analysis_step`-th frame, and the landmarks' ``fps`` is the rate taken (25 for a
    50 fps video), their times those of the frames in the file.

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
    with VideoFile(path) as video:
        tracker = PoseTracker(backend, on_warning=on_warning)
        probe_for_person(path, video.info, tracker.backend, video.first_frame)
        step = analysis_step(video.info.fps)
        info = _taken_every(video.info, step)
        # The reader thread starts after the probe and is joined (closing) before the
        # video is released.
        with closing(read_ahead(video.frames(step))) as frames:
            rows = _collect(frames, info, tracker, progress)
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
