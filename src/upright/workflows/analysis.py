"""Analyse a video or a landmark file: pose, motion, report, annotated video, the store.

One path for both front ends. ``upright analyze`` calls `analyse_file` and then
`write_outputs` for what its options ask; the web app's worker calls `analyse_into`,
which writes the landmarks, the analysis and the report into the job's folder, and
`keep_analysis`, which records the outcome and the set the video showed. The web page
draws the analysis over the uploaded video itself (`upright.workflows.overlay`), so no
annotated video is written for it. Each step is a library call
(`upright.pose.video_to_landmarks`, `upright.motion.analyze`,
`upright.report.write_report`, `upright.report.annotate_video`); this module chooses
the steps for the input, reports progress between them and names the files.

The input is a video, or a landmark file (``.npz``, or the CSV form of the 33 BlazePose
keypoints that `upright.motion.landmark_file` reads) whose pose step was done elsewhere:
then there are no pictures, so no annotated video.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from upright.errors import UprightError

if TYPE_CHECKING:  # the analysis, the pose model and plotting load when a file is analysed
    from upright.catalog import Exercise
    from upright.motion import Analysis, Landmarks
    from upright.motion.result import Fault
    from upright.store import FaultEntry, Rating, SetEntry, Side, Store

LANDMARK_SUFFIXES = (".npz", ".csv")
# The files of one analysis in its own folder (`analyse_into`).
REPORT_FILE = "report.html"
VIDEO_FILE = "annotated.webm"  # written by earlier versions; still served when there
JSON_FILE = "analysis.json"
LANDMARK_FILE = "landmarks.npz"

Progress = Callable[[str, int, int], None]
"""``progress(stage, done, total)``: stages ``pose`` (frames done of ``total``, 0 when
the video does not say; a video only), ``analysis``, ``report`` and ``video``."""


class AnalyzeInputError(UprightError, ValueError):
    """A file cannot be analysed (an unknown kind of file); the message says why."""


@cache
def analysable_suffixes() -> frozenset[str]:
    """File suffixes that can be analysed: landmark files and the videos OpenCV reads."""
    from upright.pose.video import VIDEO_SUFFIXES

    return frozenset(LANDMARK_SUFFIXES) | VIDEO_SUFFIXES


def is_landmark_file(path: Path) -> bool:
    """Whether ``path`` is named as a landmark file (.npz, .csv) rather than a video."""
    return path.suffix.lower() in LANDMARK_SUFFIXES


@dataclass(frozen=True)
class Analysed:
    """One file's landmarks and analysis; ``video`` is the input when it was a video."""

    landmarks: Landmarks
    result: Analysis
    video: Path | None


def _no_progress(stage: str, done: int, total: int) -> None:
    """Progress nobody follows."""


def read_landmarks(
    path: Path,
    *,
    progress: Progress | None = None,
    on_warning: Callable[[str], None] | None = None,
) -> Landmarks:
    """The landmarks of a landmark file (.npz, .csv), else of a video (by the pose model).

    ``on_warning`` receives the pose step's one-time notes (a second person in view).
    """
    if is_landmark_file(path):
        from upright.motion import load_landmarks

        return load_landmarks(path)
    from upright.pose import video_to_landmarks  # the model runtime loads for a video only

    report = progress or _no_progress
    return video_to_landmarks(
        path, lambda done, total: report("pose", done, total or 0), on_warning=on_warning
    )


def analyse_file(
    path: Path,
    exercise: Exercise,
    *,
    progress: Progress | None = None,
    on_warning: Callable[[str], None] | None = None,
) -> Analysed:
    """Read ``path`` (a video or a landmark file) and analyse it as ``exercise``.

    ``progress`` is called with the stages ``pose`` (a video only) and ``analysis``.
    `AnalyzeInputError` when the suffix is neither a landmark file's nor a video's.
    """
    if path.suffix.lower() not in analysable_suffixes():
        known = ", ".join(sorted(analysable_suffixes()))
        what = repr(path.suffix) if path.suffix else "a file without a suffix"
        raise AnalyzeInputError(f"{path}: cannot analyse {what}; expected one of {known}")
    return _analyse(path, exercise, progress, on_warning)


def _import_on_a_thread(module: str) -> threading.Thread:
    """Start importing ``module`` on a daemon thread; join it before using the module."""
    import importlib

    def load() -> None:
        with contextlib.suppress(Exception):  # the caller's own import reports it
            importlib.import_module(module)

    thread = threading.Thread(target=load, name=f"import {module}", daemon=True)
    thread.start()
    return thread


def _analyse(
    path: Path,
    exercise: Exercise,
    progress: Progress | None,
    on_warning: Callable[[str], None] | None,
) -> Analysed:
    # SciPy and the analysis take a second or two to import: for a video, on a thread
    # while the pose model reads the frames (they share no module but numpy's, loaded)
    import upright.motion.landmarks  # noqa: F401 - the one module both need, loaded first

    loading = None if is_landmark_file(path) else _import_on_a_thread("upright.motion.analyze")
    landmarks = read_landmarks(path, progress=progress, on_warning=on_warning)
    if loading is not None:
        loading.join()
    from upright.motion import analyze  # an import error on the thread is raised here

    (progress or _no_progress)("analysis", 0, 0)
    video = None if is_landmark_file(path) else path
    return Analysed(landmarks, analyze(landmarks, exercise), video)


@dataclass(frozen=True)
class Outputs:
    """What to write for one input besides its analysis.

    ``report`` and ``video`` are the HTML report's and the annotated video's paths;
    ``beside`` keeps ``<name>.landmarks.npz`` and ``<name>.analysis.json`` beside a video.
    """

    report: Path | None = None
    video: Path | None = None
    beside: bool = False


@dataclass(frozen=True)
class Written:
    """What `write_outputs` wrote, and what it could not.

    ``beside`` is the (landmark file, analysis JSON) pair kept beside the video;
    ``beside_error`` says why they could not be written (the analysis still stands);
    ``no_pictures`` is True when an annotated video was asked of a landmark file.
    """

    beside: tuple[Path, Path] | None = None
    beside_error: str | None = None
    report: Path | None = None
    video: Path | None = None
    no_pictures: bool = False


def save_beside(path: Path, analysed: Analysed) -> tuple[Path, Path]:
    """Save ``<stem>.landmarks.npz`` and ``<stem>.analysis.json`` beside ``path``.

    So the pose step need not be repeated to analyse the same video again. Raises
    `OSError` when the folder cannot be written (a camera card, a shared drive).
    """
    from upright.motion import save_landmarks

    lm_path = path.with_name(path.stem + ".landmarks.npz")
    json_path = path.with_name(path.stem + ".analysis.json")
    save_landmarks(analysed.landmarks, lm_path)
    json_path.write_text(analysed.result.to_json(indent=1), encoding="utf-8")
    return lm_path, json_path


def write_outputs(analysed: Analysed, exercise: Exercise, out: Outputs) -> Written:
    """Write the files beside a video, the report and the annotated video asked for.

    Files beside a landmark file are not written (it is already the landmark file), nor
    an annotated video of one (it has no pictures): `Written` says so.
    """
    beside, beside_error = None, None
    if out.beside and analysed.video is not None:
        try:
            beside = save_beside(analysed.video, analysed)
        except OSError as exc:
            beside_error = exc.strerror or str(exc)
    report = None
    if out.report is not None:
        from upright.report import write_report  # plotting loads only for a report

        report = write_report(
            analysed.result,
            analysed.landmarks,
            exercise,
            out.report,
            video_path=analysed.video,
        )
    video = None
    if out.video is not None and analysed.video is not None:
        from upright.report.video import annotate_video

        annotate_video(analysed.video, analysed.landmarks, analysed.result, out.video, exercise)
        video = out.video
    return Written(
        beside=beside,
        beside_error=beside_error,
        report=report,
        video=video,
        no_pictures=out.video is not None and analysed.video is None,
    )


@dataclass(frozen=True)
class AnalysisFiles:
    """Where `analyse_into` wrote one analysis's outputs, and what it found.

    ``video_path`` is the analysed video (None for a landmark file).
    """

    json_path: Path
    landmark_path: Path
    report_path: Path
    video_path: Path | None
    schema_version: int
    reps: int
    result: Analysis


def analyse_into(
    path: Path,
    exercise_id: str,
    out_dir: Path,
    progress: Progress | None = None,
    source_name: str | None = None,
    demo_base: str = "/exercises",
) -> AnalysisFiles:
    """Analyse ``path`` (a video or landmark file) and write its outputs under ``out_dir``.

    The landmarks (`LANDMARK_FILE`), the analysis (`JSON_FILE`) and the report
    (`REPORT_FILE`); no annotated video (the web page draws over the upload itself).
    ``progress`` gets the stages ``pose`` (a video only), ``analysis`` and ``report``.
    ``source_name`` is the name the report gives the input (an upload's own
    name); ``demo_base`` is where the report links each exercise's demonstration.
    """
    from upright.catalog import get_exercise
    from upright.motion.landmark_file import save_npz
    from upright.motion.result import SCHEMA_VERSION
    from upright.report import write_report

    report = progress or _no_progress
    exercise = get_exercise(exercise_id)
    out_dir.mkdir(parents=True, exist_ok=True)
    # The upload's content was checked to be a video or a landmark file, whatever its name.
    analysed = _analyse(path, exercise, report, None)
    landmarks, result, video = analysed.landmarks, analysed.result, analysed.video
    landmark_path = save_npz(landmarks, out_dir / LANDMARK_FILE)
    json_path = out_dir / JSON_FILE
    json_path.write_text(result.to_json(indent=1))
    report("report", 0, 0)
    report_path = write_report(
        result,
        landmarks,
        exercise,
        out_dir / REPORT_FILE,
        video,
        source_name=source_name or path.name,
        demo_base=demo_base,
    )
    return AnalysisFiles(
        json_path=json_path,
        landmark_path=landmark_path,
        report_path=report_path,
        video_path=video,
        schema_version=SCHEMA_VERSION,
        reps=len(result.reps),
        result=result,
    )


def keep_analysis(
    store: Store,
    analysis_id: int,
    files: AnalysisFiles,
    *,
    exercise_id: str,
    uploaded_at: datetime,
    worker: str | None = None,
) -> bool:
    """Record a queued analysis as done, with its files and the set its video showed.

    With ``worker``, only while the analysis is still that worker's claim; returns
    whether it was recorded (`upright.store.finish_analysis`).
    """
    from upright.store.analyses import finish_analysis

    return finish_analysis(
        store,
        analysis_id,
        json_path=str(files.json_path),
        landmark_path=str(files.landmark_path),
        schema_version=files.schema_version,
        worker=worker,
        video_set=video_set(files.result, exercise_id, uploaded_at),
    )


def _detail(exc: Exception) -> str:
    """The exception's message without the file path it starts with (``path: ...``)."""
    text = str(exc)
    return text.split(": ", 1)[1] if ": " in text and text.startswith("/") else text


def plain_error(exc: Exception, name: str) -> str:
    """What went wrong with the file called ``name``, in words for the person who sent it."""
    from upright.motion.landmark_file import LandmarkFileError
    from upright.motion.landmarks import LandmarkError
    from upright.pose.errors import NoPersonError, VideoError

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
    from upright.store import FaultEntry

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
    from upright.store import RepEntry, SetEntry

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
