"""The command line answers at once: help loads no command's heavy dependencies."""

import json
import os
import subprocess
import sys
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import typer.main
from typer.testing import CliRunner

from upright import store
from upright.cli import COMMANDS, app, load_command
from upright.store import RunEntry

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


# What `upright today` must not import: the log-file readers, the calendar and workout
# exporters, plotting, video and the web app; and Alembic when the database is at head.
NOT_FOR_TODAY = [
    "icalendar",
    "fitdecode",
    "gpxpy",
    "garmin_fit_sdk",
    "matplotlib",
    "cv2",
    "fastapi",
    "alembic",
]


def _today_imports(home: Path, args: list[str]) -> dict[str, object]:
    """Run ``upright today ARGS`` in a fresh process with ``home`` as its home."""
    code = (
        "import sys, json; from typer.testing import CliRunner; from upright.cli import app\n"
        f"r = CliRunner().invoke(app, ['today', *{args!r}], env={{'COLUMNS': '200'}})\n"
        f"heavy = sorted(m for m in {NOT_FOR_TODAY!r} if m in sys.modules)\n"
        "print(json.dumps({'code': r.exit_code, 'out': r.output, 'heavy': heavy,\n"
        "                  'sqlalchemy': 'sqlalchemy' in sys.modules}))"
    )
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "UPRIGHT_DB": "",
    }
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    return json.loads(out.stdout)


def test_today_with_no_database_imports_nothing_it_does_not_use(tmp_path: Path):
    loaded = _today_imports(tmp_path, [])
    assert loaded["code"] == 0, loaded["out"]
    assert "back session" in str(loaded["out"])
    assert loaded["heavy"] == []
    assert loaded["sqlalchemy"] is False  # no database: nothing opens one
    assert not (tmp_path / "data").exists()  # and none was made


def test_today_with_a_database_at_head_imports_no_alembic(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'u.sqlite3'}"
    day = date(2026, 3, 2)
    with store.open_store(url) as st:  # created and migrated here, in the test's process
        aid = store.ensure_athlete(st, "me")
        store.add_runs(st, aid, [_run(day - timedelta(days=d), d) for d in range(1, 15, 2)])
        assert store.current_revision(st) == store.HEAD_REVISION
    loaded = _today_imports(tmp_path, ["--db", url, "--date", day.isoformat()])
    assert loaded["code"] == 0, loaded["out"]
    assert "back session" in str(loaded["out"])
    assert loaded["sqlalchemy"] is True  # the database was really read
    assert loaded["heavy"] == []


def _run(day: date, n: int) -> RunEntry:
    start = datetime.combine(day, time(7), tzinfo=UTC)
    return RunEntry(
        started_at=start, sport="running", distance_m=8000.0 + 500 * n, moving_time_s=2700.0
    )
