"""The ``upright`` command line: a thin front end over the library.

Each command group lives in its own module, loaded only when one of its commands runs
(`LazyGroup`), so ``upright today`` does not pay for the pose model runtime, the web
framework or the plotting library. Errors of the
project's own type (`upright.errors.UprightError`) become one clean message and exit
code 2; anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import importlib
import inspect
import sys
from typing import Annotated, Any

import typer
import typer.main
from rich.console import Console
from rich.markup import escape
from typer.core import TyperCommand, TyperGroup

from upright.errors import UprightError

err_console = Console(stderr=True)

# Command name -> (module under upright.cli, how it adds itself, its one-line help): "register"
# calls the module's register(app); "app" adds the module's Typer group; anything else is the
# name of the module's command function. The order is the order of `upright --help`. The
# one-line help is what `upright --help` lists, so that listing imports no command module;
# tests/test_cli_speed.py checks that each line is the first paragraph of the command's own.
COMMANDS: dict[str, tuple[str, str, str]] = {
    "today": (
        "today_cmd",
        "register",
        "Print today's back session (or, on a day without one, the next).",
    ),
    "plan": (
        "plan_cmd",
        "register",
        "Plan the back program into your week, with the reason for each day.",
    ),
    "session": (
        "session_cmd",
        "register",
        "Run today's back session: timers, side switches, rest, spoken cues, sets logged.",
    ),
    "analyze": (
        "analyze_cmd",
        "register",
        "Count reps, time holds and name form faults in videos or recorded landmarks.",
    ),
    "serve": ("serve_cmd", "register", "Start the web app and print its address."),
    "import-runs": (
        "plan_cmd",
        "register",
        "Import your running log; files already imported are skipped.",
    ),
    "profile": ("plan_cmd", "register", "The athlete profile: your week, equipment and races."),
    "progress": (
        "report_cmd",
        "register",
        "Write an athlete's progress plots (PNG and SVG) into a folder.",
    ),
    "athletes": (
        "report_cmd",
        "register",
        "Coach's view: each athlete's last session, month's adherence, warnings, next session.",
    ),
    "landmarks": (
        "landmarks_cmd",
        "register",
        "Find the person's 33 body landmarks in every frame of a video (or camera).",
    ),
    "export": (
        "db_cmd",
        "register",
        "Export an athlete's whole history (runs, races, plans, sessions, sets, reps, faults).",
    ),
    "import-history": (
        "db_cmd",
        "register",
        "Import an exported history; rows already stored are skipped, so twice adds nothing.",
    ),
    "db": ("db_cmd", "app", "Where the database is, and migrating it."),
    "exercises": ("catalog_cmd", "app", "List and show the exercises of the catalog."),
    "models": ("models_cmd", "app", "Fetch and verify the BlazePose model files."),
    "sim": (
        "sim_cmd",
        "sim",
        "Simulate a set: write the landmark file (.npz) and its truth (.truth.json).",
    ),
}


def reflowed(text: str) -> str:
    """``text`` with each paragraph on one line, so that help wraps at the terminal's width.

    Typer keeps the single line breaks of a docstring's later paragraphs: at 80 columns
    a source line of 88 came out as a full line and then a stray word or two.
    """
    paragraphs = inspect.cleandoc(text).split("\n\n")
    return "\n\n".join(" ".join(p.split("\n")) for p in paragraphs)


def _reflow_help(command: Any) -> None:
    """Reflow the help of ``command`` and of every command under it, in place."""
    if command.help:
        command.help = reflowed(command.help)
    for sub in getattr(command, "commands", {}).values():
        _reflow_help(sub)


def load_command(name: str) -> Any:
    """Import the module of command ``name`` and return its click command."""
    module_name, how, _ = COMMANDS[name]
    module = importlib.import_module(f"upright.cli.{module_name}")
    holder = typer.Typer()
    holder.callback()(lambda: None)  # a callback keeps the holder a group
    if how == "register":
        module.register(holder)
    elif how == "app":
        holder.add_typer(module.app, name=name)
    else:
        holder.command(name)(getattr(module, how))
    command = typer.main.get_command(holder).commands[name]  # type: ignore[attr-defined]
    _reflow_help(command)
    return command


class LazyGroup(TyperGroup):
    """The root group: lists every command, imports a command's module on first use.

    Its own help lists each command by the one-line help in `COMMANDS`, without loading it.
    """

    listing = False  # True while the root's help is being written

    def list_commands(self, ctx: Any) -> list[str]:
        """Every command name, in `COMMANDS` order."""
        return list(COMMANDS)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        """The command ``cmd_name``, loaded on demand; None for an unknown name.

        While the root's help is written, a command not yet loaded stands in as a bare
        command carrying only its name and one-line help.
        """
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            if self.listing:
                return TyperCommand(cmd_name, help=COMMANDS[cmd_name][2])
            self.commands[cmd_name] = load_command(cmd_name)
        return self.commands.get(cmd_name)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        """The root's help, listing the commands without importing their modules."""
        self.listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self.listing = False


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
        from upright import __version__

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
