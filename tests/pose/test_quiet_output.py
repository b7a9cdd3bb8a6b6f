"""`upright analyze VIDEO` prints the runner's table, not LiteRT's start-up banner."""

import shutil
import subprocess
import sys
from pathlib import Path


def test_analyze_video_prints_no_litert_banner(clip_path: Path, tmp_path: Path) -> None:
    video = tmp_path / clip_path.name
    shutil.copy(clip_path, video)
    run = subprocess.run(
        [str(Path(sys.executable).parent / "upright"), "analyze", str(video), "-e", "generic"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert "generic" in run.stdout
    assert "XNNPACK" not in run.stderr + run.stdout
