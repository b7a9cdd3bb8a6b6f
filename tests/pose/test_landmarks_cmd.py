import subprocess
import sys
from pathlib import Path

import numpy as np

from upright.motion import load_npz

UPRIGHT = [sys.executable, "-c", "from upright.cli import main; main()"]


def test_landmarks_command_writes_the_file(tmp_path, clip_path):
    out = tmp_path / "walk.npz"
    proc = subprocess.run(
        [*UPRIGHT, "landmarks", str(clip_path), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert f"wrote {out}: 60 frames at 30 frames/s (640x360)" in proc.stdout
    lm = load_npz(out)
    assert len(lm) == 60 and lm.fps == 30.0
    assert np.isfinite(lm.image[:, 0, 0]).mean() > 0.8


def test_landmarks_command_reports_bad_file_without_traceback(tmp_path):
    bad = tmp_path / "renamed.mp4"
    bad.write_text("hello\n")
    proc = subprocess.run(
        [*UPRIGHT, "landmarks", str(bad), "--out", str(tmp_path / "x.npz")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2
    assert "renamed.mp4: not a video OpenCV can decode" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not Path(tmp_path / "x.npz").exists()


def test_landmarks_command_needs_exactly_one_source(tmp_path):
    proc = subprocess.run(
        [*UPRIGHT, "landmarks", "--out", str(tmp_path / "x.npz")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2
    assert "exactly one source" in proc.stderr


def test_analyze_runs_pose_on_a_video_and_saves_landmarks(tmp_path, clip_path):
    video = tmp_path / "walk.mp4"
    video.write_bytes(clip_path.read_bytes())
    proc = subprocess.run(
        [*UPRIGHT, "analyze", str(video), "--exercise", "generic", "--json", "--save-landmarks"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert '"file": "' + str(video) in proc.stdout
    saved = load_npz(tmp_path / "walk.landmarks.npz")
    assert len(saved) == 60
