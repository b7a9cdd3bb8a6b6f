"""The ``upright`` command line: a thin front end over the library.

Each command group lives in its own module and is registered here. Errors of the
project's own type (`upright.errors.UprightError`) become one clean message and exit
code 2; anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from upright import __version__
from upright.cli import (
    analyze_cmd,
    catalog_cmd,
    db_cmd,
    landmarks_cmd,
    models_cmd,
    plan_cmd,
    report_cmd,
    serve_cmd,
    session_cmd,
    sim_cmd,
    today_cmd,
)
from upright.errors import UprightError

err_console = Console(stderr=True)

app = typer.Typer(
    name="upright",
    help="Upright: a back-strength coach for runners. Plans, guides, watches and logs "
    "a short back program: rows, the bird dog and the prone Y-raise.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"upright {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Upright: a back-strength coach for runners."""


app.add_typer(models_cmd.app, name="models")
app.add_typer(catalog_cmd.app, name="exercises")
today_cmd.register(app)
app.add_typer(db_cmd.app, name="db")
db_cmd.register(app)
landmarks_cmd.register(app)
plan_cmd.register(app)
report_cmd.register(app)
serve_cmd.register(app)
session_cmd.register(app)
analyze_cmd.register(app)
app.command("sim")(sim_cmd.sim)


def main() -> None:
    """Entry point of the ``upright`` console script."""
    try:
        app()
    except UprightError as exc:
        err_console.print(
            f"[bold red]error:[/] {escape(str(exc))}", highlight=False, soft_wrap=True
        )
        sys.exit(2)
