"""One video analysis, as a worker runs it: landmarks, analysis, report, annotated video.

Each step is a library call (`upright.pose.video_to_landmarks`, `upright.motion.analyze`,
`upright.report.write_report`, `upright.report.annotate_video`); this module only names
the files they write in the job's folder and reports progress between them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from upright.catalog import get_exercise
from upright.motion import analyze
from upright.motion.landmark_file import save_npz
from upright.motion.result import SCHEMA_VERSION
from upright.pose import video_to_landmarks
from upright.report import annotate_video, write_report

REPORT_FILE = "report.html"
VIDEO_FILE = "annotated.webm"
JSON_FILE = "analysis.json"
LANDMARK_FILE = "landmarks.npz"

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class AnalysisFiles:
    """Where one analysis's outputs were written."""

    json_path: Path
    landmark_path: Path
    report_path: Path
    video_path: Path
    schema_version: int
    reps: int


def analyze_video_files(
    video: Path, exercise_id: str, out_dir: Path, progress: Progress | None = None
) -> AnalysisFiles:
    """Analyse ``video`` as ``exercise_id`` and write its outputs under ``out_dir``.

    ``progress(stage, done, total)`` is called with stages ``pose`` (frames done of
    total), ``analysis``, ``report`` and ``video``.
    """
    report = progress or (lambda stage, done, total: None)
    exercise = get_exercise(exercise_id)
    out_dir.mkdir(parents=True, exist_ok=True)
    landmarks = video_to_landmarks(
        video, progress=lambda done, total: report("pose", done, total or 0)
    )
    landmark_path = save_npz(landmarks, out_dir / LANDMARK_FILE)
    report("analysis", 0, 0)
    result = analyze(landmarks, exercise)
    json_path = out_dir / JSON_FILE
    json_path.write_text(result.to_json(indent=1))
    report("report", 0, 0)
    report_path = write_report(
        result, landmarks, exercise, out_dir / REPORT_FILE, video, demo_base="/exercises"
    )
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
    )
