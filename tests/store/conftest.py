"""Fixtures of the store tests: every test runs on SQLite and on a real PostgreSQL server.

The ``db_url`` fixture is parametrized over both backends and gives each test a fresh,
empty database; the PostgreSQL server is started once per test session by
``tests/pg_server.py`` and stopped at the end.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))  # tests/store: store_fixtures

from pg_server import PostgresServer, postgres_or_skip  # noqa: E402
from upright.store import Store, open_store  # noqa: E402

BACKENDS = ("sqlite", "postgresql")


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Never touch the developer's own database or data folder."""
    monkeypatch.delenv("UPRIGHT_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PostgresServer]:
    yield from postgres_or_skip()


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'db' / 'upright.sqlite3'}"
    server: PostgresServer = request.getfixturevalue("pg_server")
    return server.create_database()


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    st = open_store(db_url)
    yield st
    st.close()
