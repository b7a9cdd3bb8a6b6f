"""`upright.workflows.analysis` on a real video: the pose model, then the same path."""

from __future__ import annotations

from itertools import groupby
from pathlib import Path

import pytest

from demo_clips import walking_clip
from upright.catalog import get_exercise
from upright.workflows import analysis as wf


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the 2 s walking clip of the pose tests (640x360, 60 frames)."""
    copy = tmp_path_factory.mktemp("clip") / "walk.mp4"
    copy.write_bytes(walking_clip().read_bytes())
    return copy


def test_a_video_goes_through_the_pose_model_with_progress(clip: Path, tmp_path: Path) -> None:
    seen: list[tuple[str, int, int]] = []
    ex = get_exercise("generic")
    done = wf.analyse_file(clip, ex, progress=lambda *step: seen.append(step))
    assert [stage for stage, _ in groupby(s for s, _, _ in seen)] == ["pose", "analysis"]
    frames = [(i, n) for s, i, n in seen if s == "pose"]
    assert [i for i, _ in frames] == list(range(1, len(done.landmarks) + 1))
    assert frames[-1] == (len(done.landmarks), len(done.landmarks))
    assert done.video == clip

    out = wf.Outputs(video=tmp_path / "drawn.webm", beside=True)
    written = wf.write_outputs(done, ex, out)
    assert written.video == tmp_path / "drawn.webm" and written.video.stat().st_size > 0
    assert written.beside == (
        clip.with_name("walk.landmarks.npz"),
        clip.with_name("walk.analysis.json"),
    )
    assert all(p.is_file() for p in written.beside)
    assert not written.no_pictures and written.report is None


def test_analyse_into_a_folder_writes_no_annotated_video(clip: Path, tmp_path: Path) -> None:
    """The web page draws over the upload itself (issue 20): the result waits for no video."""
    stages: list[str] = []
    files = wf.analyse_into(clip, "generic", tmp_path, lambda s, i, n: stages.append(s))
    assert [s for s, _ in groupby(stages)] == ["pose", "analysis", "report"]
    assert files.video_path == clip and not (tmp_path / wf.VIDEO_FILE).exists()
    assert files.report_path == tmp_path / wf.REPORT_FILE
    assert files.landmark_path.is_file() and files.json_path.is_file()
