"""Fixtures of the pose tests: real video of a person (see tests/demo_clips.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from demo_clips import demo_video, read_frames, walking_clip


@pytest.fixture(scope="session")
def demo_path() -> Path:
    return demo_video()


@pytest.fixture(scope="session")
def clip_path() -> Path:
    return walking_clip()


@pytest.fixture(scope="session")
def clip_frames(clip_path: Path) -> list:
    return read_frames(clip_path)


@pytest.fixture(scope="session")
def blazepose():
    """One BlazePose pipeline for the session (reset it before use)."""
    from upright.pose import BlazePose

    return BlazePose()
