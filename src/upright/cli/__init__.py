"""The ``upright`` command line: a thin front end over the library.

Each command group lives in its own module, loaded only when one of its commands runs
(`LazyGroup`), so ``upright today`` does not pay for the pose model runtime, the web
framework or the plotting library. Errors of the
project's own type (`upright.errors.UprightError`) become one clean message and exit
code 2; anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import importlib
import sys
from typing import Annotated, Any

import typer
import typer.main
from rich.console import Console
from rich.markup import escape
from typer.core import TyperGroup

from upright import __version__
from upright.errors import UprightError

err_console = Console(stderr=True)

# Command name -> (module under upright.cli, how it adds itself): "register" calls the
# module's register(app); "app" adds the module's Typer group; anything else is the name
# of the module's command function. The order is the order of `upright --help`.
COMMANDS: dict[str, tuple[str, str]] = {
    "today": ("today_cmd", "register"),
    "plan": ("plan_cmd", "register"),
    "session": ("session_cmd", "register"),
    "analyze": ("analyze_cmd", "register"),
    "serve": ("serve_cmd", "register"),
    "import-runs": ("plan_cmd", "register"),
    "profile": ("plan_cmd", "register"),
    "progress": ("report_cmd", "register"),
    "athletes": ("report_cmd", "register"),
    "landmarks": ("landmarks_cmd", "register"),
    "export": ("db_cmd", "register"),
    "import-history": ("db_cmd", "register"),
    "db": ("db_cmd", "app"),
    "exercises": ("catalog_cmd", "app"),
    "models": ("models_cmd", "app"),
    "sim": ("sim_cmd", "sim"),
}


def load_command(name: str) -> Any:
    """Import the module of command ``name`` and return its click command."""
    module_name, how = COMMANDS[name]
    module = importlib.import_module(f"upright.cli.{module_name}")
    holder = typer.Typer()
    holder.callback()(lambda: None)  # a callback keeps the holder a group
    if how == "register":
        module.register(holder)
    elif how == "app":
        holder.add_typer(module.app, name=name)
    else:
        holder.command(name)(getattr(module, how))
    return typer.main.get_command(holder).commands[name]  # type: ignore[attr-defined]


class LazyGroup(TyperGroup):
    """The root group: lists every command, imports a command's module on first use."""

    def list_commands(self, ctx: Any) -> list[str]:
        """Every command name, in `COMMANDS` order."""
        return list(COMMANDS)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        """The command ``cmd_name``, loaded on demand; None for an unknown name."""
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            self.commands[cmd_name] = load_command(cmd_name)
        return self.commands.get(cmd_name)


app = typer.Typer(
    cls=LazyGroup,
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


def main() -> None:
    """Entry point of the ``upright`` console script."""
    try:
        app()
    except UprightError as exc:
        err_console.print(
            f"[bold red]error:[/] {escape(str(exc))}", highlight=False, soft_wrap=True
        )
        sys.exit(2)
