"""The store's commands: db path, db upgrade, export and import-history."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from store_fixtures import T0, make_set
from test_history_io import normalized
from typer.testing import CliRunner

from upright import store as st
from upright.cli import app

runner = CliRunner()


def test_db_path_follows_option_then_env_then_default(monkeypatch: pytest.MonkeyPatch) -> None:
    default = runner.invoke(app, ["db", "path"])
    assert default.exit_code == 0
    assert default.stdout.strip() == f"sqlite:///{st.default_db_path()}"
    monkeypatch.setenv("UPRIGHT_DB", "sqlite:////data/env.sqlite3")
    assert runner.invoke(app, ["db", "path"]).stdout.strip() == "sqlite:////data/env.sqlite3"
    got = runner.invoke(app, ["db", "path", "--db", "sqlite:////data/opt.sqlite3"])
    assert got.stdout.strip() == "sqlite:////data/opt.sqlite3"


def test_db_upgrade_creates_the_schema(db_url: str) -> None:
    assert st.current_revision(db_url) is None
    result = runner.invoke(app, ["db", "upgrade", "--db", db_url])
    assert result.exit_code == 0, result.output
    assert st.current_revision(db_url) == st.HEAD_REVISION
    assert st.HEAD_REVISION in result.stdout


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_export_then_import_history_round_trips(db_url: str, tmp_path: Path, fmt: str) -> None:
    with st.open_store(db_url) as store:
        a = st.ensure_athlete(store, "ann", profile_toml="weekly_km = 30\n")
        sid = st.start_session(store, a, started_at=T0)
        st.record_set(store, sid, make_set(with_faults=True))
        st.end_session(store, sid)
        before = st.export_history(store, a)
    out = tmp_path / f"ann-export.{fmt}"
    result = runner.invoke(
        app, ["export", "--athlete", "ann", "--format", fmt, "--out", str(out), "--db", db_url]
    )
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["import-history", str(out), "--athlete", "ann2", "--db", db_url])
    assert result.exit_code == 0, result.output
    assert "1 exercise_set" in result.stdout and "8 rep" in result.stdout
    with st.open_store(db_url) as store:
        copy = st.export_history(store, st.athlete_id(store, "ann2"))
    expected = normalized(before)
    expected["athlete"]["name"] = "ann2"
    assert normalized(copy) == expected


def test_export_json_to_stdout(db_url: str) -> None:
    with st.open_store(db_url) as store:
        st.ensure_athlete(store, "ann")
    result = runner.invoke(app, ["export", "--athlete", "ann", "--db", db_url])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["format"] == "upright-history" and data["athlete"]["name"] == "ann"


def test_export_of_unknown_athlete_is_a_clean_error(db_url: str) -> None:
    result = runner.invoke(app, ["export", "--athlete", "nobody", "--db", db_url])
    assert isinstance(result.exception, st.UnknownAthlete)
    assert "no athlete called 'nobody'" in str(result.exception)
