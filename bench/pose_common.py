"""Shared set-up of the pose benchmarks: the real videos and mediapipe's own venv.

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

import cv2
import numpy as np

BENCH_DIR = Path(__file__).parent
CACHE = Path(os.environ.get("UPRIGHT_BENCH_CACHE", Path.home() / ".cache" / "upright-bench"))
MP_VENV = CACHE / "mpvenv"
MP_REQUIREMENTS = ["mediapipe==0.10.21", "numpy<2", "protobuf<5"]
SPORTS2D_WHEEL = "sports2d==0.8.34"
POSE2SIM_WHEEL = "pose2sim==0.10.49"
# Real 1088x1920 60 frames/s clips (100 frames each) in the Pose2Sim wheel: a man
# stepping on a force plate, filmed from two sides, alone ("Single", a woman standing in
# the far background) and with a second person standing close to him ("Multi").
POSE2SIM_CLIPS = {
    "single_cam01": "Pose2Sim/Demo_SinglePerson/videos/cam01.mp4",
    "single_cam03": "Pose2Sim/Demo_SinglePerson/videos/cam03.mp4",
    "multi_cam01": "Pose2Sim/Demo_MultiPerson/videos/cam01.mp4",
    "multi_cam02": "Pose2Sim/Demo_MultiPerson/videos/cam02.mp4",
}
CUTS_SIZE = (1280, 720)
CUTS_FPS = 30.0


def _from_wheel(requirement: str, members: dict[Path, str]) -> None:
    """Extract ``members`` (target -> member) of ``requirement``'s wheel, fetched with pip."""
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
                requirement,
            ],
            check=True,
        )
        wheel = next(Path(tmp).glob("*.whl"))
        with zipfile.ZipFile(wheel) as zf:
            for target, member in members.items():
                part = target.with_name("part_" + target.name)
                part.write_bytes(zf.read(member))
                part.replace(target)


def demo_video() -> Path:
    """The Sports2D demo clip (1768x994, 30 frames/s, 230 frames), fetched with pip once."""
    target = CACHE / "sports2d_demo.mp4"
    if not target.is_file():
        _from_wheel(SPORTS2D_WHEEL, {target: "Sports2D/Demo/demo.mp4"})
    return target


def pose2sim_clips() -> dict[str, Path]:
    """The Pose2Sim demo clips (`POSE2SIM_CLIPS`), fetched with pip once."""
    paths = {name: CACHE / f"pose2sim_{name}.mp4" for name in POSE2SIM_CLIPS}
    missing = {paths[n]: m for n, m in POSE2SIM_CLIPS.items() if not paths[n].is_file()}
    if missing:
        _from_wheel(POSE2SIM_WHEEL, missing)
    return paths


def _read(path: Path, first: int = 0, count: int = 10**9, step: int = 1) -> list[np.ndarray]:
    cap = cv2.VideoCapture(str(path))
    frames = []
    index = 0
    while len(frames) < count:
        ok, frame = cap.read()
        if not ok:
            break
        if index >= first and (index - first) % step == 0:
            frames.append(frame)
        index += 1
    cap.release()
    return frames


def _fit(frame: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """``frame`` scaled to fit ``size`` (width, height), centred on black."""
    w, h = size
    k = min(w / frame.shape[1], h / frame.shape[0])
    sw, sh = round(frame.shape[1] * k), round(frame.shape[0] * k)
    out = np.zeros((h, w, 3), np.uint8)
    x0, y0 = (w - sw) // 2, (h - sh) // 2
    out[y0 : y0 + sh, x0 : x0 + sw] = cv2.resize(frame, (sw, sh), interpolation=cv2.INTER_AREA)
    return out


def cuts_video() -> Path:
    """A 1280x720 video of real people with hard cuts, made once (MP4, 30 frames/s).

    Six clips back to back, no transition: the Sports2D man walking (first 4 s), the
    Pose2Sim man alone (a far second person in the background), the Sports2D walk's
    rest mirrored (the person jumps across the frame), the Pose2Sim man with a second
    person close beside him, the first man from another side, and the two people from
    another side. The Pose2Sim clips are portrait, 60 frames/s: every second frame,
    scaled to 720 pixels high on black.
    """
    target = CACHE / "pose_cuts_1280x720.mp4"
    if target.is_file():
        return target
    demo = _read(demo_video())
    clips = {name: _read(path, step=2) for name, path in pose2sim_clips().items()}
    segments = [
        demo[:120],
        clips["single_cam01"],
        [f[:, ::-1] for f in demo[120:]],
        clips["multi_cam01"],
        clips["single_cam03"],
        clips["multi_cam02"],
    ]
    part = target.with_name("part_" + target.name)
    writer = cv2.VideoWriter(str(part), cv2.VideoWriter_fourcc(*"mp4v"), CUTS_FPS, CUTS_SIZE)
    for segment in segments:
        for frame in segment:
            writer.write(_fit(np.ascontiguousarray(frame), CUTS_SIZE))
    writer.release()
    part.replace(target)
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
