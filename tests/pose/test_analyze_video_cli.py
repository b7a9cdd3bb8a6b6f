"""`upright analyze VIDEO`: the runner's table, no LiteRT banner, and a read-only folder."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

from mounts import tmpfs


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


def test_analyze_video_in_a_read_only_folder_still_shows_the_analysis(
    clip_path: Path, tmp_path: Path
) -> None:
    with tmpfs(tmp_path / "card", "8m") as card:
        video = card / clip_path.name
        shutil.copy(clip_path, video)
        subprocess.run(["mount", "-o", "remount,ro", str(card)], check=True)
        run = subprocess.run(
            [str(Path(sys.executable).parent / "upright"), "analyze", str(video), "-e", "generic"],
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "COLUMNS": "200"},
        )
        assert run.returncode == 0, run.stderr
        assert "generic" in run.stdout  # the table is shown
        assert "could not save the landmarks and analysis beside" in run.stderr
        assert "Read-only file system" in run.stderr
        assert sorted(p.name for p in card.iterdir()) == [clip_path.name]
