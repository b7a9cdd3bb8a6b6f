"""Migrations, schema/model agreement, and the default SQLite file's settings."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from upright.store import (
    HEAD_REVISION,
    current_revision,
    default_db_path,
    downgrade,
    ensure_athlete,
    open_store,
    resolve_url,
    upgrade,
)
from upright.store.engine import make_engine
from upright.store.models import Base

TABLES = {
    "athlete",
    "running_activity",
    "race",
    "plan",
    "planned_session",
    "performed_session",
    "exercise_set",
    "rep",
    "fault",
    "analysis",
}


def test_upgrade_from_empty_to_head_and_back(db_url: str) -> None:
    assert current_revision(db_url) is None
    upgrade(db_url)
    assert current_revision(db_url) == HEAD_REVISION
    engine = make_engine(db_url)
    try:
        assert set(inspect(engine).get_table_names()) >= TABLES
        downgrade(db_url, "base")
        assert current_revision(db_url) is None
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        upgrade(db_url)  # and up again: the downgrade left nothing behind
        assert set(inspect(engine).get_table_names()) >= TABLES
    finally:
        engine.dispose()


def test_models_and_migrations_agree(db_url: str) -> None:
    upgrade(db_url)
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            ctx = MigrationContext.configure(conn, opts={"compare_type": True})
            diff = compare_metadata(ctx, Base.metadata)
    finally:
        engine.dispose()
    assert diff == [], f"models differ from the migrations: {diff}"


def test_open_store_creates_and_migrates_on_first_use(db_url: str) -> None:
    with open_store(db_url) as st:
        assert current_revision(st) == HEAD_REVISION
        assert ensure_athlete(st, "ann") == ensure_athlete(st, "ann")


def test_default_file_is_private_wal_with_foreign_keys(tmp_path: Path) -> None:
    url = resolve_url(None)
    path = default_db_path()
    assert url == f"sqlite:///{path}"
    assert str(path).startswith(str(tmp_path / "xdg-data"))  # XDG_DATA_HOME from conftest
    assert not path.exists()
    with open_store() as st:
        ensure_athlete(st, "ann")
        with st.engine.connect() as conn:
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_env_var_overrides_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path / 'elsewhere.sqlite3'}"
    monkeypatch.setenv("UPRIGHT_DB", url)
    assert resolve_url(None) == url
    assert resolve_url("sqlite:///explicit.sqlite3") == "sqlite:///explicit.sqlite3"
    with open_store():
        pass
    assert (tmp_path / "elsewhere.sqlite3").exists()
    assert not default_db_path().exists()


def test_package_ships_migration_scripts() -> None:
    import upright.store.migrate as m

    files = {p.name for p in (m.MIGRATIONS_DIR / "versions").glob("*.py")}
    assert any(name.startswith("0001_") for name in files)
    assert (m.MIGRATIONS_DIR / "env.py").is_file()
    assert os.access(m.MIGRATIONS_DIR / "script.py.mako", os.R_OK)
