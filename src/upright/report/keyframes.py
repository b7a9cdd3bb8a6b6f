"""Key frames: a small annotated picture at the moment each fault fired."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from upright.catalog import Exercise
from upright.motion.landmarks import Landmarks
from upright.motion.result import Analysis
from upright.report.overlay import Frame, annotate_frame
from upright.report.timeline import Timeline
from upright.report.video import landmark_index, read_frames, stick_frame

MAX_KEYFRAMES = 12


@dataclass(frozen=True)
class KeyFrame:
    """One fault's picture: time in seconds, its label, and JPEG bytes."""

    t: float
    label: str
    jpeg: bytes


def _video_frames(video_path: str | Path, landmarks: Landmarks, times: list[float]) -> list[Frame]:
    """The video frames nearest each time, read in one pass (seeking is unreliable)."""
    fps, frames = read_frames(video_path)
    t0 = float(landmarks.t[0]) if len(landmarks) else 0.0
    indices = [max(round((t - t0) * fps), 0) for t in times]
    wanted = set(indices)
    found: dict[int, Frame] = {}
    last: Frame | None = None
    for i, frame in enumerate(frames):
        last = frame
        if i in wanted:
            found[i] = frame
            if len(found) == len(wanted):
                break
    if last is None:
        return []
    # A time past the end of the video gets the last frame.
    return [found.get(i, last) for i in indices]


def _shrink(frame: Frame, width: int) -> Frame:
    h, w = frame.shape[:2]
    if w <= width:
        return frame
    small = cv2.resize(frame, (width, round(h * width / w)), interpolation=cv2.INTER_AREA)
    return np.asarray(small, dtype=np.uint8)


def fault_keyframes(
    landmarks: Landmarks,
    analysis: Analysis,
    exercise: Exercise | None = None,
    video_path: str | Path | None = None,
    max_frames: int = MAX_KEYFRAMES,
    width: int = 360,
) -> list[KeyFrame]:
    """One annotated thumbnail (``width`` pixels wide) at each fault, in time order.

    From the video when ``video_path`` is given, else a stick figure from the landmarks.
    At most ``max_frames`` (the first ones).
    """
    timeline = Timeline(analysis, exercise)
    windows = timeline.windows[:max_frames]
    if not windows or len(landmarks) == 0:
        return []
    times = [w.start_s for w in windows]
    pictures = _video_frames(video_path, landmarks, times) if video_path else []
    out = []
    for k, window in enumerate(windows):
        j = landmark_index(landmarks, window.start_s)
        j = int(np.argmin(np.abs(landmarks.t - window.start_s))) if j is None else j
        if pictures:
            frame = pictures[k]
            h, w = frame.shape[:2]
            scale = np.array([w / landmarks.width, h / landmarks.height])
            image = annotate_frame(
                frame,
                timeline.state(window.start_s),
                landmarks.image[j, :, :2] * scale,
                landmarks.visibility[j],
            )
        else:
            image = stick_frame(landmarks, j, timeline)
        ok, buf = cv2.imencode(".jpg", _shrink(image, width), [cv2.IMWRITE_JPEG_QUALITY, 85])
        if ok:
            out.append(KeyFrame(window.start_s, window.label, buf.tobytes()))
    return out
