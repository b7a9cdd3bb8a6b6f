"""What a browser needs to draw an analysis over the original video, as compact JSON.

The web page draws the skeleton, the rep counts, the hold timer and the fault labels
on a canvas over the uploaded video, at the video's playback time, instead of the
server writing an annotated video. `overlay_data` turns the stored landmarks and
analysis into that drawing's data: the body keypoints of every frame (image pixels,
rounded to whole pixels) with the frame times, and the reps, holds and fault labels
with their times (seconds on the landmark clock, rounded to milliseconds). The state
at a time ``t`` is the one `upright.report.timeline.Timeline` gives the annotated video.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

from upright.catalog import KEYPOINT_INDEX
from upright.catalog.keypoints import MIN_VISIBILITY, SKELETON

if TYPE_CHECKING:
    from upright.catalog import Exercise
    from upright.motion import Analysis, Landmarks

OVERLAY_VERSION = 1

# Bones drawn: the annotated video's figure.
BONES = SKELETON
POINTS: tuple[str, ...] = tuple(
    sorted({n for b in BONES for n in b}, key=KEYPOINT_INDEX.__getitem__)
)


def _side(name: str) -> str:
    return name.split("_", 1)[0] if name.startswith(("left_", "right_")) else "centre"


def _ms(t: float) -> float:
    return round(float(t), 3)


def frame_points(landmarks: Landmarks) -> list[list[int | None] | None]:
    """Per frame, x and y (whole pixels) of each of `POINTS` in turn, None where unseen.

    A frame with no joint visible is None as a whole.
    """
    index = [KEYPOINT_INDEX[n] for n in POINTS]
    xy = landmarks.image[:, index, :2]
    seen = (landmarks.visibility[:, index] >= MIN_VISIBILITY) & (
        (xy == xy).all(axis=2)  # not NaN
    )
    frames: list[list[int | None] | None] = []
    for pts, ok in zip(xy.tolist(), seen.tolist(), strict=True):
        if not any(ok):
            frames.append(None)
            continue
        flat: list[int | None] = []
        for (x, y), shown in zip(pts, ok, strict=True):
            flat += [round(x), round(y)] if shown else [None, None]
        frames.append(flat)
    return frames


def overlay_data(
    landmarks: Landmarks, analysis: Analysis, exercise: Exercise | None = None
) -> dict[str, Any]:
    """The drawing data of one analysis (see the module docstring), JSON-ready.

    Keys: ``version``; ``fps``, ``width``, ``height`` (pixels of the analysed frames);
    ``t`` (seconds of each frame); ``points`` (keypoint names) and ``bones`` (pairs of
    indices into ``points`` with the side, ``left``, ``right`` or ``centre``); ``xy``
    (`frame_points`); ``sides`` (the count's sides, in order); ``reps`` (side, start,
    end); ``holds`` (kind, start, end); ``faults`` (label, rule, value, start, end and
    the indices into ``points`` of the rule's keypoints).
    """
    from upright.report.timeline import Timeline

    timeline = Timeline(analysis, exercise)
    where = {n: i for i, n in enumerate(POINTS)}
    return {
        "version": OVERLAY_VERSION,
        "fps": float(landmarks.fps),
        "width": int(landmarks.width),
        "height": int(landmarks.height),
        "t": [_ms(t) for t in landmarks.t.tolist()],
        "points": list(POINTS),
        "bones": [[where[a], where[b], _side(b)] for a, b in BONES],
        "xy": frame_points(landmarks),
        "sides": list(timeline.sides),
        "reps": [
            {"index": r.index, "side": r.side, "start": _ms(r.start), "end": _ms(r.end)}
            for r in analysis.reps
        ],
        "holds": [
            {"kind": h.kind, "side": h.side, "start": _ms(h.start), "end": _ms(h.end)}
            for h in analysis.holds
        ],
        "faults": [
            {
                "label": w.label,
                "rule": w.fault.rule,
                "value": round(w.fault.value, 2) if math.isfinite(w.fault.value) else None,
                "start": _ms(w.start_s),
                "end": _ms(w.end_s),
                "points": [where[k] for k in w.keypoints if k in where],
            }
            for w in timeline.windows
        ],
    }


def stored_overlay(landmark_path: Path, json_path: Path, exercise_id: str | None) -> dict[str, Any]:
    """`overlay_data` of an analysis kept on disk (its landmark file and analysis JSON).

    Reads only. Raises `OSError` or `ValueError` (the files' own errors) when they
    cannot be read.
    """
    from upright.catalog import default_catalog
    from upright.motion import Analysis
    from upright.motion.landmark_file import load_npz

    landmarks = load_npz(landmark_path)
    analysis = Analysis.from_json(json_path.read_text(encoding="utf-8"), str(json_path))
    exercise = default_catalog().get(exercise_id or "")
    return overlay_data(landmarks, analysis, exercise)
