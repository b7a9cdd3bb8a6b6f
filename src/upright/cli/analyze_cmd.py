"""``upright analyze``: count reps, time holds and name faults in videos and landmark files.

A thin front end over `upright.workflows.analysis`: it finds the files in the paths
given, asks the workflow to analyse each one (a video goes through the pose model, with
a progress bar) and to write the report, annotated video or files beside it that were
asked for, then prints a table or a JSON line per file. A file that fails is reported
and the batch goes on.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape

from upright.errors import UprightError

if TYPE_CHECKING:  # the analysis, pose and report modules load when a file is analysed
    from rich.table import Table

    from upright.catalog import Exercise
    from upright.motion import Analysis
    from upright.workflows.analysis import Analysed, Outputs, Written

console = Console()
err_console = Console(stderr=True)


def expand(paths: Iterable[Path]) -> list[Path]:
    """Files named, and the analysable files inside named folders (sorted)."""
    from upright.workflows.analysis import analysable_suffixes

    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out += sorted(f for f in p.rglob("*") if f.suffix.lower() in analysable_suffixes())
        else:
            out.append(p)
    return out


def _table(path: Path, a: Analysis) -> Table:
    from rich.table import Table

    sides = {k: n for k, n in a.reps_per_side().items() if k in ("left", "right")}
    by_side = ", ".join(f"{n} {k}" for k, n in sides.items())
    if len(sides) == 2 and sides["left"] == sides["right"]:
        by_side = f"{sides['left']} each side"
    table = Table(
        title=f"{path.name}: {a.exercise}, {len(a.reps)} rep{'' if len(a.reps) == 1 else 's'}"
        + (f" ({by_side})" if by_side else "")
    )
    for col in ("rep", "side", "start s", "end s", "hold s", "faults"):
        table.add_column(col)
    for r in a.reps:
        faults = "; ".join(escape(f.describe()) for f in r.faults) or "clean"
        table.add_row(
            str(r.index),
            r.side,
            f"{r.start:.2f}",
            f"{r.end:.2f}",
            f"{r.hold_s:.1f}" if r.hold_s else "-",
            faults,
        )
    for n in a.not_counted:
        table.add_row(
            "-", n.side, f"{n.start:.2f}", f"{n.end:.2f}", "-", f"not counted: {n.reason}"
        )
    return table


def register(app: typer.Typer) -> None:
    """Add the ``analyze`` command to ``app``."""

    @app.command("analyze")
    def analyze_cmd(
        paths: Annotated[
            # text, not Path: Path("") is the current folder, which would then be walked
            list[str],
            typer.Argument(help="Landmark files (.npz, .csv), videos, or folders of them."),
        ],
        exercise: Annotated[
            str,
            typer.Option(
                "--exercise", "-e", help="Exercise id (see `upright exercises list`), or 'generic'."
            ),
        ],
        as_json: Annotated[
            bool,
            typer.Option(
                "--json", help="One JSON object per file per line (JSON Lines) on stdout."
            ),
        ] = False,
        report: Annotated[
            Path | None,
            typer.Option(
                "--report",
                help="Write a self-contained HTML report: this file for one input, or one "
                "<name>.report.html per input inside this folder for several.",
            ),
        ] = None,
        save_landmarks: Annotated[
            bool,
            typer.Option(
                "--save-landmarks",
                help="Keep each video's landmarks and analysis beside it "
                "(<name>.landmarks.npz, <name>.analysis.json), so it need not be read again.",
            ),
        ] = False,
        video_out: Annotated[
            Path | None,
            typer.Option(
                "--video",
                help="Write the video with the skeleton, rep counts, hold timer and faults "
                "drawn on it (.webm): this file for one video, or one <name>.annotated.webm "
                "per video inside this folder for several.",
            ),
        ] = None,
    ) -> None:
        """Count reps, time holds and name form faults in videos or recorded landmarks.

        A file that cannot be analysed is reported (on stderr, and as an "error" line
        with --json) and the others are still analysed; the exit status is then 1, or 2
        when no file could be analysed.
        """
        from rich.progress import Progress

        from upright.catalog import get_exercise
        from upright.workflows.analysis import Outputs

        try:
            ex = get_exercise(exercise)
        except KeyError as exc:
            raise typer.BadParameter(str(exc.args[0]), param_hint="--exercise") from None
        if "" in paths:
            raise typer.BadParameter(
                "expected a file or folder, got an empty path ('.' names this folder)",
                param_hint="PATHS",
            )
        files = expand(Path(p) for p in paths)
        if not files:
            err_console.print("error: no landmark files found in the paths given")
            raise typer.Exit(2)
        failed = 0
        with Progress(
            console=err_console, transient=True, disable=len(files) < 2 or not as_json
        ) as progress:
            task = progress.add_task("analysing", total=len(files))
            for path in files:
                outputs = Outputs(
                    report=_out_path(report, path, len(files), ".report.html"),
                    video=_out_path(video_out, path, len(files), ".annotated.webm"),
                    beside=save_landmarks,
                )
                failed += _one(path, ex, as_json, outputs)
                progress.advance(task)
        if failed:
            raise typer.Exit(2 if failed == len(files) else 1)


def _out_path(given: Path | None, path: Path, n_files: int, suffix: str) -> Path | None:
    """Where ``path``'s output goes: ``given`` for one input, else a file in that folder."""
    if given is None:
        return None
    if n_files == 1 and not given.is_dir():
        return given
    given.mkdir(parents=True, exist_ok=True)
    return given / f"{path.stem}{suffix}"


def _say_written(path: Path, w: Written) -> None:
    """On stderr: the files written beside the video, the report and the video."""
    if w.beside is not None:
        err_console.print(
            f"landmarks saved to {w.beside[0]}, analysis to {w.beside[1]}", highlight=False
        )
    if w.beside_error is not None:
        err_console.print(
            f"[yellow]warning:[/] could not save the landmarks and analysis beside "
            f"{escape(str(path))} ({escape(w.beside_error)}); the analysis below "
            "is not kept. Use `upright landmarks VIDEO --out FILE.npz` to keep them elsewhere."
        )
    if w.report is not None:
        err_console.print(f"report written to {w.report}", highlight=False)
    if w.no_pictures:
        err_console.print(
            f"[yellow]warning:[/] {path}: --video needs a video to draw on; "
            "a landmark file has no pictures",
            highlight=False,
        )
    if w.video is not None:
        err_console.print(f"annotated video written to {w.video}", highlight=False)


def _analysed(path: Path, ex: Exercise, out: Outputs) -> Analysed:
    """Analyse one file (a pose bar for a video) and write its outputs."""
    from upright.cli.landmarks_cmd import pose_bar
    from upright.workflows import analysis

    with pose_bar() as bar:
        analysed = analysis.analyse_file(path, ex, progress=bar.progress, on_warning=bar.warn)
    _say_written(path, analysis.write_outputs(analysed, ex, out))
    return analysed


def _one(path: Path, ex: Exercise, as_json: bool, out: Outputs) -> int:
    """Analyse and print one file (and write what was asked); 1 when no analysis was possible."""
    try:
        a = _analysed(path, ex, out).result
    except UprightError as exc:
        return _failed(path, str(exc), as_json)
    except Exception as exc:  # one file's failure must not end the batch
        why = f"{path}: the analysis failed ({type(exc).__name__}: {exc})"
        return _failed(path, why, as_json)
    no_person = "no person was found in any frame" in a.warnings
    if as_json:
        sys.stdout.write(json.dumps({"file": str(path), **a.to_dict()}, allow_nan=False) + "\n")
    else:
        console.print(_table(path, a))
    for w in a.warnings:
        err_console.print(f"[yellow]warning:[/] {path}: {w}", highlight=False)
    return 1 if no_person else 0


def _failed(path: Path, why: str, as_json: bool) -> int:
    """Report that ``path`` could not be analysed (JSON line and stderr); returns 1."""
    if as_json:
        sys.stdout.write(json.dumps({"file": str(path), "error": why}) + "\n")
    err_console.print(f"[bold red]error:[/] {escape(why)}", highlight=False)
    return 1
