"""The command line answers at once: help loads no command's heavy dependencies."""

import json
import subprocess
import sys

import typer.main
from typer.testing import CliRunner

from upright.cli import COMMANDS, app, load_command

# What `upright --help` and every `upright CMD --help` must not import: the array,
# database, video and web stacks, and the analysis core (scipy).
HEAVY = ["numpy", "scipy", "sqlalchemy", "alembic", "cv2", "ai_edge_litert", "fastapi"]


def _modules_after(args_list: list[list[str]]) -> dict[str, list[str]]:
    """Run each argument list through the CLI in a fresh process; heavy modules loaded."""
    code = (
        "import sys, json; from typer.testing import CliRunner; from upright.cli import app\n"
        f"for args in {args_list!r}:\n"
        "    r = CliRunner().invoke(app, args); assert r.exit_code == 0, (args, r.output)\n"
        f"heavy = sorted(m for m in {HEAVY!r} if m in sys.modules)\n"
        "cmds = sorted(m for m in sys.modules if m.startswith('upright.cli.'))\n"
        "print(json.dumps({'heavy': heavy, 'cmds': cmds}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def test_root_help_imports_no_command_module():
    loaded = _modules_after([["--help"]])
    assert loaded == {"heavy": [], "cmds": []}


def test_every_command_help_imports_nothing_heavy():
    nested = [
        ["profile", "show", "--help"],
        ["db", "upgrade", "--help"],
        ["models", "path", "--help"],
    ]
    loaded = _modules_after([[name, "--help"] for name in COMMANDS] + nested)
    assert loaded["heavy"] == []
    assert len(loaded["cmds"]) >= 10  # every command module was really loaded


def test_listed_help_is_each_commands_own_first_paragraph():
    for name, (_, _, line) in COMMANDS.items():
        own = load_command(name).help or ""
        assert own.strip().split("\n\n")[0].strip() == line, name


def test_root_help_is_the_same_with_every_command_loaded():
    runner = CliRunner()
    lazy = runner.invoke(app, ["--help"], terminal_width=100)
    root = typer.main.get_command(app)
    for name in COMMANDS:  # load them all, as the help did before it listed lazily
        root.get_command(None, name)  # type: ignore[attr-defined]
    loaded = runner.invoke(app, ["--help"], terminal_width=100)
    assert lazy.exit_code == loaded.exit_code == 0
    assert lazy.output == loaded.output
    for name in COMMANDS:
        assert f" {name} " in lazy.output


def test_cli_default_athlete_is_the_planners():
    from upright.cli.common import DEFAULT_ATHLETE
    from upright.plan import DEFAULT_ATHLETE as PLAN_DEFAULT

    assert DEFAULT_ATHLETE == PLAN_DEFAULT
