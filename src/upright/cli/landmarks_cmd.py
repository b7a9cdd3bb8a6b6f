"""``upright landmarks``: a video file or a camera to a landmark file (.npz or .csv)."""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

if TYPE_CHECKING:  # the analysis and the pose model load when a video is read, not for help
    from rich.progress import Progress

    from upright.catalog import Exercise
    from upright.motion import Analysis, Landmarks

console = Console(stderr=True)
PROGRESS_EVERY = 10  # frames between updates of the progress bar


def _progress_bar() -> Progress:
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    return Progress(
        TextColumn("[bold]pose[/]"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )


def _preload(module: str) -> None:
    """Import ``module`` on a background thread; a failure shows when it is imported again."""

    def load() -> None:
        try:
            importlib.import_module(module)
        except Exception:  # the caller's own import raises it again, with context
            return

    threading.Thread(target=load, name=f"preload-{module}", daemon=True).start()


def run_pose_with_progress(video: Path | None, camera: int | None, seconds: float) -> Landmarks:
    """Landmarks of a video or camera, with a progress bar (frames/s, ETA) on stderr."""
    from rich.errors import LiveError

    from upright import pose  # the model runtime loads only when a command needs it

    _preload("upright.motion")  # SciPy and the analysis load while the model reads frames
    warnings: list[str] = []
    bar = _progress_bar()
    try:
        bar.start()
    except LiveError:  # another live display (a caller's bar) is already drawing
        bar = _progress_bar()
        bar.disable = True
    with bar:
        task = bar.add_task("pose", total=None, rate="")

        def progress(done: int, total: int | None) -> None:
            if done % PROGRESS_EVERY and done != total:
                return  # the bar's rate is worked out from all its samples: not every frame
            speed = bar.tasks[0].speed
            rate = f"{speed:.1f} frames/s" if speed else ""
            bar.update(task, completed=done, total=total, rate=rate)

        if video is not None:
            result = pose.video_to_landmarks(video, progress, on_warning=warnings.append)
        else:
            result = pose.camera_to_landmarks(
                camera or 0, seconds, progress, on_warning=warnings.append
            )
    for message in warnings:
        console.print(f"[yellow]warning:[/] {message}", highlight=False)
    return result


def landmarks(
    video: Annotated[
        Path | None, typer.Argument(help="Video file to read (MP4, WebM, ...).")
    ] = None,
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Landmark file to write (.npz or .csv).")
    ] = Path("landmarks.npz"),
    camera: Annotated[
        int | None, typer.Option("--camera", min=0, help="Read this camera instead of a file.")
    ] = None,
    seconds: Annotated[
        float, typer.Option("--seconds", min=0.1, help="How long to record from the camera.")
    ] = 10.0,
) -> None:
    """Find the person's 33 body landmarks in every frame of a video (or camera)."""
    from upright.motion import save_landmarks

    if (video is None) == (camera is None):
        raise typer.BadParameter("give exactly one source: a VIDEO file or --camera INDEX")
    result = run_pose_with_progress(video, camera, seconds)
    path = save_landmarks(result, out)
    found = int((result.visibility.max(axis=1) > 0).sum())
    typer.echo(
        f"wrote {path}: {len(result)} frames at {result.fps:g} frames/s "
        f"({result.width}x{result.height}), a person in {found} of them"
    )


def register(app: typer.Typer) -> None:
    """Add the command to the root app."""
    app.command("landmarks")(landmarks)


def analyze_video_file(path: Path, exercise: Exercise) -> tuple[Landmarks, Analysis]:
    """Find the landmarks in a video and analyse them (nothing is written beside it)."""
    from upright.motion import analyze

    result = run_pose_with_progress(path, None, 0.0)
    return result, analyze(result, exercise)


def save_beside(path: Path, landmarks: Landmarks, analysis: Analysis) -> None:
    """Save ``<stem>.landmarks.npz`` and ``<stem>.analysis.json`` beside ``path``.

    So the pose step need not be repeated to analyse the same video again. A folder that
    cannot be written (a camera card, a shared drive) only costs those two files: the
    analysis is still shown, with a warning.
    """
    from rich.markup import escape

    from upright.motion import save_landmarks

    lm_path = path.with_name(path.stem + ".landmarks.npz")
    json_path = path.with_name(path.stem + ".analysis.json")
    try:
        save_landmarks(landmarks, lm_path)
        json_path.write_text(analysis.to_json(indent=1), encoding="utf-8")
    except OSError as exc:
        console.print(
            f"[yellow]warning:[/] could not save the landmarks and analysis beside "
            f"{escape(str(path))} ({escape(exc.strerror or str(exc))}); the analysis below "
            "is not kept. Use `upright landmarks VIDEO --out FILE.npz` to keep them elsewhere."
        )
        return
    console.print(f"landmarks saved to {lm_path}, analysis to {json_path}", highlight=False)


def video_analysers() -> dict[str, Callable[[Path, Exercise], tuple[Landmarks, Analysis]]]:
    """Video suffix -> analyser, for ``upright analyze``."""
    from upright.pose.video import VIDEO_SUFFIXES

    return dict.fromkeys(VIDEO_SUFFIXES, analyze_video_file)
