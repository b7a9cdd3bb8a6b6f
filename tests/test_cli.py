"""The command line: every command has help; errors are clean messages."""

import os
import subprocess
import sys

import pytest
import typer.main
from typer.testing import CliRunner

from upright import __version__
from upright.cli import app

runner = CliRunner()


def _commands(group, path: tuple[str, ...] = ()):
    yield path, group
    for name in group.list_commands(None) if hasattr(group, "list_commands") else ():
        yield from _commands(group.get_command(None, name), (*path, name))


def test_every_command_has_help():
    root = typer.main.get_command(app)
    seen = 0
    for path, cmd in _commands(root):
        result = runner.invoke(app, [*path, "--help"])
        assert result.exit_code == 0, (path, result.output)
        assert (cmd.help or "").strip(), f"command {' '.join(path)!r} has no help text"
        for param in cmd.params:
            if param.param_type_name == "option" and not getattr(param, "hidden", False):
                assert (param.help or "").strip(), f"{' '.join(path)} {param.opts} has no help"
        seen += 1
    assert seen > 25


def test_version():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and __version__ in result.output


def test_today_prints_a_prescription():
    result = runner.invoke(app, ["today"])
    assert result.exit_code == 0, result.output
    assert "Bird dog" in result.output


def test_unknown_exercise_is_a_clean_error():
    result = runner.invoke(app, ["exercises", "show", "bird_cat"])
    assert result.exit_code != 0
    assert "unknown exercise 'bird_cat'" in result.output


def test_analyze_refuses_an_empty_path(tmp_path, monkeypatch):
    # The current folder holds a landmark file: an empty path must not come to mean it.
    (tmp_path / "set.csv").write_text("t\n0.0\n")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["analyze", "", "-e", "bird_dog", "--json"])
    assert result.exit_code == 2
    assert "expected a file or folder, got an empty path" in result.output
    assert result.stdout == ""  # nothing analysed


def test_empty_paths_are_refused_not_read_as_this_folder(tmp_path, monkeypatch):
    # An unset shell variable ("$RUNS") gives an empty argument; Path("") is ".", so
    # import-runs scanned the current folder and --fit-dir wrote into it.
    (tmp_path / "run.gpx").write_text("<gpx></gpx>\n")
    monkeypatch.chdir(tmp_path)
    db = ["--db", f"sqlite:///{tmp_path / 'db.sqlite3'}"]
    for args in (
        ["import-runs", "", *db],
        ["import-history", "", *db],
        ["plan", "--fit-dir", "", *db],
        ["plan", "--ics", "", *db],
        ["plan", "--json", "", *db],
    ):
        result = runner.invoke(app, args)
        assert result.exit_code == 2, (args, result.output)
        assert "expected a file or folder, got an empty path" in result.output, args
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run.gpx"]  # nothing read or written
    result = runner.invoke(app, ["import-runs", str(tmp_path / "none.gpx"), *db])
    assert result.exit_code == 2 and "does not exist" in result.output


def test_project_errors_become_one_line_without_traceback(tmp_path):
    bad = tmp_path / "broken.toml"
    bad.write_text("[[exercise]\n")
    proc = subprocess.run(
        [sys.executable, "-c", "from upright.cli import main; main()", "exercises", "list"],
        capture_output=True,
        text=True,
        env={"UPRIGHT_CATALOG": str(tmp_path), "PATH": ""},
    )
    assert proc.returncode == 2
    assert "broken.toml: not valid TOML" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_commands_load_only_their_own_module():
    code = (
        "import sys; from upright.cli import app; "
        "from typer.testing import CliRunner; "
        "r = CliRunner().invoke(app, ['exercises', 'list']); assert r.exit_code == 0, r.output; "
        "print(sorted(m for m in ('cv2', 'fastapi', 'matplotlib', 'scipy') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_exercise_ids_are_never_cut_at_80_columns():
    from upright.catalog import default_catalog

    proc = subprocess.run(
        [sys.executable, "-c", "from upright.cli import main; main()", "exercises", "list"],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "80"},
    )
    assert proc.returncode == 0, proc.stderr
    shown = {cell.strip() for line in proc.stdout.splitlines() for cell in line.split("│")}
    missing = [ex.id for ex in default_catalog().values() if ex.id not in shown]
    assert missing == []


def _cli_at_80_columns(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from upright.cli import main; main()", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "80"},
    )


def _cells(text: str) -> set[str]:
    return {cell.strip() for line in text.splitlines() for cell in line.split("│")}


def test_sim_list_shows_every_id_whole_at_80_columns():
    from upright.catalog import default_catalog
    from upright.sim import SUPPORTED, VIEWS

    proc = _cli_at_80_columns("sim", "--list")  # a fresh process: rich reads COLUMNS once
    assert proc.returncode == 0, proc.stderr
    assert max(len(line) for line in proc.stdout.splitlines()) <= 80
    cells = _cells(proc.stdout)
    assert [ex for ex in SUPPORTED if ex not in cells] == []
    assert [view for view in VIEWS if view not in cells] == []
    rules = {r.id for ex in SUPPORTED for r in default_catalog()[ex].rules}
    assert sorted(r for r in rules if f" {r}:" not in proc.stdout) == []


def _words(text: str) -> set[str]:
    """Every word of a table's cells and headers, as printed (a word cut in two is two)."""
    return {w for line in text.splitlines() for w in line.replace("┃", "│").split("│")
            for w in w.split()}  # fmt: skip


def test_exercises_list_breaks_no_word_at_80_columns():
    from upright.catalog import default_catalog

    proc = _cli_at_80_columns("exercises", "list")
    assert proc.returncode == 0, proc.stderr
    assert max(len(line) for line in proc.stdout.splitlines()) <= 80
    words = _words(proc.stdout)
    expected = {"id", "name", "equipment", "sets", "x", "reps", "hold", "rules"}
    for ex in default_catalog().values():
        expected |= {ex.id, *ex.name.split(), *ex.equipment}
    assert sorted(expected - words) == []  # "equipmen" and "t" would leave "equipment" out


def test_exercise_show_breaks_no_word_of_a_rule_at_80_columns():
    from upright.catalog import default_catalog

    ex = default_catalog()["one_arm_one_leg_cable_row"]
    proc = _cli_at_80_columns("exercises", "show", ex.id)
    assert proc.returncode == 0, proc.stderr
    assert max(len(line) for line in proc.stdout.splitlines()) <= 80
    expected = {w for r in ex.rules for w in (r.id, *r.name.split(), *r.cue.split())}
    assert sorted(expected - _words(proc.stdout)) == []
    # the limit in words, as the web page says it, not a measure's name
    limits = {w for r in ex.rules for w in r.limit_sentence().split()}
    assert sorted(limits - _words(proc.stdout)) == [] and "_" not in "".join(limits)


def test_exercise_show_names_each_rule_by_its_whole_id_at_80_columns():
    from upright.catalog import default_catalog

    for exercise_id in ("bird_dog", "one_arm_one_leg_cable_row"):
        proc = _cli_at_80_columns("exercises", "show", exercise_id)
        assert proc.returncode == 0, proc.stderr
        assert max(len(line) for line in proc.stdout.splitlines()) <= 80
        ids = [r.id for r in default_catalog()[exercise_id].rules]
        assert [r for r in ids if r not in _cells(proc.stdout)] == []


def test_db_and_athlete_options_read_the_same_everywhere():
    from upright.cli import COMMANDS, load_command

    helps: dict[str, set[str]] = {"--db": set(), "--athlete": set()}
    seen = 0
    for name in COMMANDS:
        cmd = load_command(name)
        subs = list(getattr(cmd, "commands", {}).values()) or [cmd]
        for sub in subs:
            for param in sub.params:
                for opt in set(param.opts) & set(helps):
                    helps[opt].add(param.help)
                    seen += 1
    assert seen >= 8  # today, export, import-history, progress, athletes, serve, db path/upgrade
    assert len(helps["--db"]) == 1, helps["--db"]


def test_help_paragraphs_wrap_at_the_terminal_not_at_the_source_lines():
    # The docstring's own line breaks used to stay: at 80 columns a line ran full and
    # then broke again after a word or two ("Exit status:\n0 when\neverything ...").
    for command in (["import-runs"], ["analyze"]):
        result = runner.invoke(app, [*command, "--help"], env={"COLUMNS": "80"}, color=False)
        assert result.exit_code == 0
        lines = [line.strip() for line in result.output.splitlines()]
        usage = next(i for i, x in enumerate(lines) if x.startswith("Usage"))
        second = lines[usage + 4 :]  # usage, blank, the one-line summary, blank
        second = second[: second.index("")]
        assert len(second) >= 2, (command, second)
        assert all(len(x) > 60 for x in second[:-1]), (command, second)


@pytest.mark.parametrize("width", range(30, 62, 4))
def test_a_table_keeps_each_number_with_its_unit(width):
    """Rich wraps at any space, a no-break one too: "hold 3" over "s" in a narrow cell."""
    from rich.console import Console
    from rich.table import Table

    from upright.cli.common import print_table

    console = Console(width=width, record=True, color_system=None)
    table = Table()
    table.add_column("exercise")
    table.add_column("prescription")
    table.add_row("Bird dog", "2 x 8 per side, hold 3 s, rest 60 s")
    table.add_row("[bold]Row[/]", "3 x 10, 12.5 kg, rest 90 s")
    print_table(console, table)
    cells = [c.strip() for line in console.export_text().splitlines() for c in line.split("│")]
    text = " ".join(c for c in cells if c)
    for piece in ("3 s,", "60 s", "12.5 kg,", "90 s"):
        assert any(piece in c for c in cells), (width, piece, cells)
    assert "Row" in text and "[bold]" not in text  # markup still read as markup
