"""Real video of a person for the tests, fetched once with pip and cached.

The Sports2D wheel on PyPI ships ``Sports2D/Demo/demo.mp4`` (1768x994, 30 frames/s,
230 frames, one person walking side-on, left to right). The first test session
downloads the wheel with pip into ``$UPRIGHT_TEST_CACHE`` (default
``~/.cache/upright-test``), extracts the clip, and writes a short 640x360 copy with
OpenCV. Later sessions reuse both files; nothing is downloaded at run time.

Any test imports it by name (``from demo_clips import walking_clip``): the suite's top
conftest puts tests/ on ``sys.path``.
"""

from __future__ import annotations

import os
import tempfile
import zipfile
from pathlib import Path

import cv2
import numpy as np
import pytest

from upright.pose.model_files import ModelFileError, download_wheel

SPORTS2D_WHEEL = "sports2d==0.8.34"
DEMO_MEMBER = "Sports2D/Demo/demo.mp4"


def cache_dir() -> Path:
    """Folder of the cached test videos."""
    env = os.environ.get("UPRIGHT_TEST_CACHE")
    path = Path(env) if env else Path.home() / ".cache" / "upright-test"
    path.mkdir(parents=True, exist_ok=True)
    return path


def demo_video() -> Path:
    """The original Sports2D demo clip (1768x994, 30 frames/s, 230 frames)."""
    target = cache_dir() / "sports2d_demo.mp4"
    if target.is_file():
        return target
    with tempfile.TemporaryDirectory() as tmp:
        try:
            wheel = download_wheel(SPORTS2D_WHEEL, Path(tmp))
        except ModelFileError as exc:
            pytest.skip(f"could not download the test video: {exc}")
        part = target.with_suffix(".part")
        with zipfile.ZipFile(wheel) as zf, zf.open(DEMO_MEMBER) as src:
            part.write_bytes(src.read())
        part.replace(target)
    return target


def walking_clip(seconds: float = 2.0, width: int = 640) -> Path:
    """The first ``seconds`` of the demo, scaled to ``width`` pixels wide (MP4, mp4v)."""
    src = demo_video()
    cap = cv2.VideoCapture(str(src))
    fps = cap.get(cv2.CAP_PROP_FPS)
    w, h = int(cap.get(cv2.CAP_PROP_FRAME_WIDTH)), int(cap.get(cv2.CAP_PROP_FRAME_HEIGHT))
    size = (width, round(h * width / w / 2) * 2)
    target = cache_dir() / f"walk_{size[0]}x{size[1]}_{seconds:g}s.mp4"
    if target.is_file():
        cap.release()
        return target
    part = target.with_name("part_" + target.name)
    writer = cv2.VideoWriter(str(part), cv2.VideoWriter_fourcc(*"mp4v"), fps, size)
    for _ in range(round(seconds * fps)):
        ok, frame = cap.read()
        if not ok:
            break
        writer.write(cv2.resize(frame, size, interpolation=cv2.INTER_AREA))
    writer.release()
    cap.release()
    part.replace(target)
    return target


def webm_copy(clip: Path) -> Path:
    """``clip`` as a VP8 WebM with every frame kept (which Chromium plays), made once.

    Kept beside the cached clips under the clip's name, so the test files and workers
    that need it share one encoding; written under a part name and renamed, so a worker
    never reads half a file.
    """
    target = cache_dir() / f"{clip.stem}_vp8.webm"
    if target.is_file():
        return target
    part = target.with_name(f"part_{os.getpid()}_{target.name}")
    cap = cv2.VideoCapture(str(clip))
    fps = cap.get(cv2.CAP_PROP_FPS)
    size = (int(cap.get(cv2.CAP_PROP_FRAME_WIDTH)), int(cap.get(cv2.CAP_PROP_FRAME_HEIGHT)))
    writer = cv2.VideoWriter(str(part), cv2.VideoWriter.fourcc(*"VP80"), fps, size)
    while True:
        ok, frame = cap.read()
        if not ok:
            break
        writer.write(frame)
    writer.release()
    cap.release()
    part.replace(target)
    return target


def read_frames(path: Path) -> list[np.ndarray]:
    """Every frame of the video at ``path``, decoded with OpenCV (BGR)."""
    cap = cv2.VideoCapture(str(path))
    frames = []
    while True:
        ok, frame = cap.read()
        if not ok:
            break
        frames.append(frame)
    cap.release()
    return frames
