"""`upright analyze VIDEO`: the runner's table, no LiteRT banner, and a read-only folder."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

from mounts import tmpfs

UPRIGHT = str(Path(sys.executable).parent / "upright")


def test_analyze_video_prints_no_litert_banner_and_writes_nothing_beside(
    clip_path: Path, tmp_path: Path
) -> None:
    video = tmp_path / clip_path.name
    shutil.copy(clip_path, video)
    run = subprocess.run(
        [UPRIGHT, "analyze", str(video), "-e", "generic"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert "generic" in run.stdout
    assert "XNNPACK" not in run.stderr + run.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == [clip_path.name]  # not asked


def test_analyze_video_writes_the_annotated_video_and_keeps_landmarks_when_asked(
    clip_path: Path, tmp_path: Path
) -> None:
    import cv2

    video = tmp_path / clip_path.name
    shutil.copy(clip_path, video)
    out = tmp_path / "out" / "set.webm"
    out.parent.mkdir()
    run = subprocess.run(
        [UPRIGHT, "analyze", str(video), "-e", "generic", "--video", str(out), "--save-landmarks"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    assert f"annotated video written to {out}" in run.stderr.replace("\n", "")
    src, made = cv2.VideoCapture(str(video)), cv2.VideoCapture(str(out))
    try:
        assert made.isOpened()
        frames = int(src.get(cv2.CAP_PROP_FRAME_COUNT))
        ok, first = made.read()
        # the picture at its own width, with the counts' panel below it
        assert ok and first.shape[1] == int(src.get(cv2.CAP_PROP_FRAME_WIDTH))
        assert first.shape[0] > int(src.get(cv2.CAP_PROP_FRAME_HEIGHT))
        n = 1
        while made.read()[0]:
            n += 1
        assert abs(n - frames) <= 1, (n, frames)
    finally:
        src.release()
        made.release()
    stem = video.stem
    assert (tmp_path / f"{stem}.landmarks.npz").is_file()
    assert (tmp_path / f"{stem}.analysis.json").is_file()


def test_analyze_video_in_a_read_only_folder_still_shows_the_analysis(
    clip_path: Path, tmp_path: Path
) -> None:
    with tmpfs(tmp_path / "card", "8m") as card:
        video = card / clip_path.name
        shutil.copy(clip_path, video)
        subprocess.run(["mount", "-o", "remount,ro", str(card)], check=True)
        run = subprocess.run(
            [UPRIGHT, "analyze", str(video), "-e", "generic", "--save-landmarks"],
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
