"""Fixtures of the workflow tests: no user files, a fresh SQLite database per test."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from upright import store

# The running-log writers of the plan tests (FIT from Garmin's own encoder).
sys.path.insert(0, str(Path(__file__).parents[1] / "plan"))


@pytest.fixture(autouse=True)
def _no_user_files(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Keep tests away from the developer's profile and database (not the model cache)."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.delenv("UPRIGHT_DB", raising=False)
    monkeypatch.delenv("UPRIGHT_PROFILE", raising=False)


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    """A SQLite database file of this test only (created on first open)."""
    return f"sqlite:///{tmp_path / 'upright.db'}"


@pytest.fixture
def st(db_url: str) -> Iterator[store.Store]:
    """The test's database, open and migrated."""
    with store.open_store(db_url) as opened:
        yield opened
