"""Fixtures of the pose tests: real video of a person (see tests/demo_clips.py)."""

from __future__ import annotations

from pathlib import Path

import cv2
import pytest

from demo_clips import cache_dir, demo_video, walking_clip

__all__ = ["DATA_DIR", "cache_dir", "demo_video", "walking_clip"]

DATA_DIR = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def demo_path() -> Path:
    return demo_video()


@pytest.fixture(scope="session")
def clip_path() -> Path:
    return walking_clip()


@pytest.fixture(scope="session")
def clip_frames(clip_path: Path) -> list:
    cap = cv2.VideoCapture(str(clip_path))
    frames = []
    while True:
        ok, frame = cap.read()
        if not ok:
            break
        frames.append(frame)
    cap.release()
    return frames


@pytest.fixture(scope="session")
def blazepose():
    """One BlazePose pipeline for the session (reset it before use)."""
    from upright.pose import BlazePose

    return BlazePose()
