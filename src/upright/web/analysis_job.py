"""One analysis, as a worker runs it: landmarks, analysis, report, annotated video.

Each step is a library call (`upright.pose.video_to_landmarks`, `upright.motion.analyze`,
`upright.report.write_report`, `upright.report.annotate_video`); this module only names
the files they write in the job's folder, reports progress between them, says a
failure in plain words, and turns the result into the set it stores (source ``video``).

The input is a video, or a landmark file (``.npz``, or the CSV form of the 33 BlazePose
keypoints that `upright.motion.landmark_file` reads) whose pose step was done elsewhere:
then there is no annotated video.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from upright.catalog import get_exercise
from upright.errors import UprightError
from upright.motion import analyze
from upright.motion.landmark_file import LandmarkFileError, load_landmarks, save_npz
from upright.motion.landmarks import LandmarkError
from upright.motion.result import SCHEMA_VERSION, Analysis, Fault
from upright.pose import video_to_landmarks
from upright.pose.errors import NoPersonError, VideoError
from upright.report import annotate_video, write_report
from upright.store import FaultEntry, Rating, RepEntry, SetEntry, Side

REPORT_FILE = "report.html"
VIDEO_FILE = "annotated.webm"
JSON_FILE = "analysis.json"
LANDMARK_FILE = "landmarks.npz"
LANDMARK_SUFFIXES = (".npz", ".csv")

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class AnalysisFiles:
    """Where one analysis's outputs were written, and what it found."""

    json_path: Path
    landmark_path: Path
    report_path: Path
    video_path: Path | None
    schema_version: int
    reps: int
    result: Analysis


def analyze_video_files(
    video: Path,
    exercise_id: str,
    out_dir: Path,
    progress: Progress | None = None,
    source_name: str | None = None,
) -> AnalysisFiles:
    """Analyse ``video`` (or a landmark file) as ``exercise_id``; write outputs under ``out_dir``.

    ``progress(stage, done, total)`` is called with stages ``pose`` (frames done of
    total; a video only), ``analysis``, ``report`` and ``video`` (a video only).
    ``source_name`` is the name the report gives the input (an upload's own name).
    """
    report = progress or (lambda stage, done, total: None)
    exercise = get_exercise(exercise_id)
    out_dir.mkdir(parents=True, exist_ok=True)
    from_video = video.suffix.lower() not in LANDMARK_SUFFIXES
    if from_video:
        landmarks = video_to_landmarks(
            video, progress=lambda done, total: report("pose", done, total or 0)
        )
    else:
        landmarks = load_landmarks(video)
    landmark_path = save_npz(landmarks, out_dir / LANDMARK_FILE)
    report("analysis", 0, 0)
    result = analyze(landmarks, exercise)
    json_path = out_dir / JSON_FILE
    json_path.write_text(result.to_json(indent=1))
    report("report", 0, 0)
    report_path = write_report(
        result,
        landmarks,
        exercise,
        out_dir / REPORT_FILE,
        video if from_video else None,
        source_name=source_name or video.name,
        demo_base="/exercises",
    )
    video_path = None
    if from_video:
        report("video", 0, 0)
        video_path = out_dir / VIDEO_FILE
        annotate_video(video, landmarks, result, video_path, exercise)
    return AnalysisFiles(
        json_path=json_path,
        landmark_path=landmark_path,
        report_path=report_path,
        video_path=video_path,
        schema_version=SCHEMA_VERSION,
        reps=len(result.reps),
        result=result,
    )


def _detail(exc: Exception) -> str:
    """The exception's message without the file path it starts with (``path: ...``)."""
    text = str(exc)
    return text.split(": ", 1)[1] if ": " in text and text.startswith("/") else text


def plain_error(exc: Exception, name: str) -> str:
    """What went wrong with the file called ``name``, in words for the person who sent it."""
    if isinstance(exc, NoPersonError):
        return f"No person was found in {name}: film with your whole body in view"
    if isinstance(exc, VideoError):
        return f"{name} could not be read as a video ({_detail(exc)}): try MP4 or WebM"
    if isinstance(exc, LandmarkFileError | LandmarkError):
        return f"{name} is not a landmark file Upright can read: {_detail(exc)}"
    if isinstance(exc, UprightError):
        return f"{name} could not be analysed: {_detail(exc)}"
    return f"{name} could not be analysed: an error in Upright ({_detail(exc)})"


def _side(side: str) -> Side:
    for known in ("none", "left", "right", "both"):
        if side == known:
            return known
    return "none"


def _faults(faults: tuple[Fault, ...]) -> tuple[FaultEntry, ...]:
    """The faults that count (not the info notes), as the store keeps them."""
    return tuple(
        FaultEntry(rule=f.rule, value=f.value, threshold=f.threshold, units=f.units, at_s=f.at)
        for f in faults
        if f.severity == "fault"
    )


def _rating(result: Analysis) -> Rating:
    """Clean, some faults, or struggled when more than a third of reps had a fault.

    The rule a guided session suggests a rating by (`SetResult.suggested_rating`).
    """
    faulty = sum(not r.clean for r in result.reps)
    loose = any(f.severity == "fault" for f in result.faults)
    if faulty == 0 and not loose:
        return "clean"
    return "struggled" if result.reps and faulty > len(result.reps) / 3 else "some_faults"


def video_set(result: Analysis, exercise_id: str, ended_at: datetime) -> SetEntry | None:
    """The set a video showed, for Progress (source ``video``); None when nothing was done.

    ``ended_at`` is when it was uploaded (aware); the set started ``duration_s`` before.
    """
    hold_s = sum(h.seconds for h in result.holds if h.kind != "tuck")
    if not result.reps and hold_s <= 0:
        return None
    sides = {r.side for r in result.reps} - {"none"}
    reps = tuple(
        RepEntry(
            index=r.index,
            side=_side(r.side),
            start_s=r.start,
            end_s=r.end,
            phases={"tuck_hold_s": r.tuck_hold_s} if r.tuck_hold_s else {},
            hold_s=r.hold_s or None,
            faults=_faults(r.faults),
        )
        for r in result.reps
    )
    return SetEntry(
        exercise_id=exercise_id,
        side="both" if len(sides) > 1 else _side(next(iter(sides), "none")),
        started_at=ended_at - timedelta(seconds=max(result.duration_s, 0.0)),
        ended_at=ended_at,
        reps=len(result.reps),
        hold_s=round(hold_s, 1) or None,
        rating=_rating(result),
        source="video",
        rep_log=reps,
        faults=_faults(result.faults),
    )
