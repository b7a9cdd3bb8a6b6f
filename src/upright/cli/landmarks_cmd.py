"""``upright landmarks``: a video file or a camera to a landmark file (.npz or .csv)."""

from __future__ import annotations

import importlib
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

if TYPE_CHECKING:  # the analysis and the pose model load when a video is read, not for help
    from rich.progress import Progress, TaskID

    from upright.motion import Landmarks

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


class PoseBar:
    """A progress bar (frames/s, ETA) on stderr for the pose step, shown from its first frame.

    `progress` has the shape of `upright.workflows.analysis.Progress`; `warn` keeps the
    pose step's warnings, printed when the bar is closed. Under another live display (a
    caller's bar) this one stays hidden.
    """

    def __init__(self) -> None:
        self.warnings: list[str] = []
        self._shown: tuple[Progress, TaskID] | None = None  # the bar, once a frame came

    def progress(self, stage: str, done: int, total: int) -> None:
        """Show ``done`` of ``total`` frames (``total`` 0: unknown) of stage ``pose``."""
        if stage != "pose":
            return
        if self._shown is None:
            bar = self._start()
            self._shown = bar, bar.add_task("pose", total=None, rate="")
        if done % PROGRESS_EVERY and done != total:
            return  # the bar's rate is worked out from all its samples: not every frame
        bar, task = self._shown
        speed = bar.tasks[0].speed
        rate = f"{speed:.1f} frames/s" if speed else ""
        bar.update(task, completed=done, total=total or None, rate=rate)

    def warn(self, message: str) -> None:
        """Keep a warning of the pose step, to print when the bar is gone."""
        self.warnings.append(message)

    @staticmethod
    def _start() -> Progress:
        from rich.errors import LiveError

        bar = _progress_bar()
        try:
            bar.start()
        except LiveError:  # another live display (a caller's bar) is already drawing
            bar = _progress_bar()
            bar.disable = True
        return bar

    def close(self) -> None:
        """Take the bar away and print the warnings."""
        if self._shown is not None:
            self._shown[0].stop()
            self._shown = None
        for message in self.warnings:
            console.print(f"[yellow]warning:[/] {message}", highlight=False)
        self.warnings.clear()


@contextmanager
def pose_bar() -> Iterator[PoseBar]:
    """A `PoseBar` for the duration of the block (SciPy loads meanwhile, for the analysis)."""
    _preload("upright.motion")  # SciPy and the analysis load while the model reads frames
    bar = PoseBar()
    try:
        yield bar
    finally:
        bar.close()


def run_pose_with_progress(video: Path | None, camera: int | None, seconds: float) -> Landmarks:
    """Landmarks of a video or camera, with a progress bar (frames/s, ETA) on stderr."""
    from upright import pose  # the model runtime loads only when a command needs it

    with pose_bar() as bar:

        def progress(done: int, total: int | None) -> None:
            bar.progress("pose", done, total or 0)

        if video is not None:
            return pose.video_to_landmarks(video, progress, on_warning=bar.warn)
        return pose.camera_to_landmarks(camera or 0, seconds, progress, on_warning=bar.warn)


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
