"""Fixtures of the plan tests; file-writing helpers live in ``plan_fixtures.py``."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from plan_fixtures import REAL_LOGS  # noqa: E402


@pytest.fixture
def real_logs() -> Path:
    if not REAL_LOGS.is_dir():
        pytest.skip(f"real running logs absent ({REAL_LOGS})")
    return REAL_LOGS


@pytest.fixture(autouse=True)
def _no_user_files(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Keep tests away from the developer's profile and database."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("UPRIGHT_DB", raising=False)
    monkeypatch.delenv("UPRIGHT_PROFILE", raising=False)
