"""``upright models``: fetch and verify the pose model files."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

app = typer.Typer(help="Fetch and verify the BlazePose model files.", no_args_is_help=True)
console = Console()


@app.command("fetch")
def fetch(
    directory: Annotated[
        Path | None, typer.Option("--dir", help="Where to keep the files (default: user cache).")
    ] = None,
    wheel: Annotated[
        Path | None,
        typer.Option(
            "--wheel",
            exists=True,
            dir_okay=False,
            help="Use an already downloaded mediapipe 0.10.21 wheel.",
        ),
    ] = None,
) -> None:
    """Download the mediapipe 0.10.21 wheel once, extract and verify the two model files."""
    from upright.pose import model_files  # the pose package loads on use, not for help

    model_files.fetch_models(directory, wheel, say=console.print)


@app.command("verify")
def verify(
    directory: Annotated[Path | None, typer.Option("--dir", help="Folder to check.")] = None,
) -> None:
    """Check the model files' SHA-256 against the expected values."""
    from upright.pose import model_files  # the pose package loads on use, not for help

    for path in model_files.verify(directory):
        console.print(f"ok {path}")


@app.command("path")
def path() -> None:
    """Print the folder holding the model files."""
    from upright.pose import model_files  # the pose package loads on use, not for help

    typer.echo(model_files.model_dir())
