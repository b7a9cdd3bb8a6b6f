"""Shared set-up of the pose benchmarks: the demo video and mediapipe's own venv.

mediapipe 0.10.21 (the reference) needs numpy<2 and protobuf<5, so it lives in its own
virtual environment under ``~/.cache/upright-bench/mpvenv``, created on first use with
pip; it is never imported by the project.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import numpy as np

BENCH_DIR = Path(__file__).parent
CACHE = Path(os.environ.get("UPRIGHT_BENCH_CACHE", Path.home() / ".cache" / "upright-bench"))
MP_VENV = CACHE / "mpvenv"
MP_REQUIREMENTS = ["mediapipe==0.10.21", "numpy<2", "protobuf<5"]
SPORTS2D_WHEEL = "sports2d==0.8.34"


def demo_video() -> Path:
    """The Sports2D demo clip (1768x994, 30 frames/s, 230 frames), fetched with pip once."""
    target = CACHE / "sports2d_demo.mp4"
    if target.is_file():
        return target
    CACHE.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--no-deps",
                "-q",
                "--disable-pip-version-check",
                "-d",
                tmp,
                SPORTS2D_WHEEL,
            ],
            check=True,
        )
        wheel = next(Path(tmp).glob("sports2d-*.whl"))
        with zipfile.ZipFile(wheel) as zf:
            target.write_bytes(zf.read("Sports2D/Demo/demo.mp4"))
    return target


def mp_python() -> Path:
    """Python of the mediapipe venv, created with pip on first use."""
    python = MP_VENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(MP_VENV)], check=True)
    probe = subprocess.run([str(python), "-c", "import mediapipe"], capture_output=True)
    if probe.returncode != 0:
        subprocess.run([str(python), "-m", "pip", "install", "-q", *MP_REQUIREMENTS], check=True)
    return python


def mediapipe_reference(
    video: Path, max_frames: int = 10**9, size: tuple[int, int] | None = None
) -> dict[str, np.ndarray]:
    """mediapipe's landmarks (and ms per frame) on ``video``, run in its own venv."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "mp.npz"
        cmd = [
            str(mp_python()),
            str(BENCH_DIR / "mp_reference.py"),
            str(video),
            str(out),
            str(max_frames),
        ]
        if size is not None:
            cmd += [str(size[0]), str(size[1])]
        subprocess.run(cmd, check=True, capture_output=True)
        with np.load(out) as data:
            return {k: data[k] for k in data.files}


def write_result(name: str, result: dict[str, object], summary: str) -> None:
    """Write ``bench/<name>.json`` and print the one-line summary."""
    (BENCH_DIR / f"{name}.json").write_text(json.dumps(result, indent=2) + "\n")
    print(summary)
