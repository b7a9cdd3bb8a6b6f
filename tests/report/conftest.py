"""Shared fixtures of the report tests (the data itself is in `report_fixtures`)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from report_fixtures import make_analysis, make_landmarks  # noqa: E402

from upright.catalog import get_exercise  # noqa: E402
from upright.motion.landmarks import Landmarks  # noqa: E402
from upright.motion.result import Analysis  # noqa: E402


@pytest.fixture(scope="session")
def landmarks() -> Landmarks:
    return make_landmarks()


@pytest.fixture(scope="session")
def known_analysis() -> Analysis:
    return make_analysis()


@pytest.fixture(scope="session")
def exercise():
    return get_exercise("bird_dog")


@pytest.fixture
def figure_dir(tmp_path: Path) -> Path:
    """Where tests write the figures they render: $UPRIGHT_REPORT_FIGURES to keep them and
    look at them, else a temporary folder."""
    keep = os.environ.get("UPRIGHT_REPORT_FIGURES")
    if not keep:
        return tmp_path
    Path(keep).mkdir(parents=True, exist_ok=True)
    return Path(keep)
