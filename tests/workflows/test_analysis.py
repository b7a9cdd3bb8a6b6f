"""`upright.workflows.analysis`: simulated landmark files with known reps, a real database."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from upright import store
from upright.catalog import get_exercise
from upright.motion import Analysis
from upright.sim import simulate
from upright.store.analyses import claim_analysis, get_analysis, queue_analysis
from upright.workflows import analysis as wf


@pytest.fixture(scope="module")
def row_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A simulated set of exactly 3 bent-over rows, saved as a landmark file (.npz)."""
    root = tmp_path_factory.mktemp("rows")
    path: Path = simulate("bent_over_row", reps=3, noise_px=0.5, seed=3).save(root / "rows")[0]
    return path


def test_a_landmark_file_is_analysed_without_the_pose_step(row_file: Path) -> None:
    stages: list[str] = []
    done = wf.analyse_file(
        row_file,
        get_exercise("bent_over_row"),
        progress=lambda stage, i, n: stages.append(stage),
    )
    assert len(done.result.reps) == 3
    assert done.video is None  # a landmark file has no pictures
    assert stages == ["analysis"]  # no "pose" stage: the landmarks were already found


def test_an_unknown_suffix_is_refused_with_the_known_ones(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("3 rows")
    with pytest.raises(wf.AnalyzeInputError, match=r"notes\.txt: cannot analyse '\.txt'.*\.npz"):
        wf.analyse_file(notes, get_exercise("bent_over_row"))


def test_outputs_of_a_landmark_file_are_a_report_and_no_video(
    row_file: Path, tmp_path: Path
) -> None:
    ex = get_exercise("bent_over_row")
    done = wf.analyse_file(row_file, ex)
    out = wf.Outputs(report=tmp_path / "r.html", video=tmp_path / "v.webm", beside=True)
    written = wf.write_outputs(done, ex, out)
    assert written.report == tmp_path / "r.html" and written.report.stat().st_size > 0
    assert written.video is None and written.no_pictures
    assert not (tmp_path / "v.webm").exists()
    assert written.beside is None  # the landmark file is already beside itself
    assert not row_file.with_name(row_file.stem + ".analysis.json").exists()


def test_analyse_into_writes_the_job_folder_and_the_store_keeps_the_set(
    row_file: Path, tmp_path: Path, st: store.Store
) -> None:
    aid = store.ensure_athlete(st, "me")
    job_id = queue_analysis(st, aid, landmark_path=str(row_file), exercise_id="bent_over_row")
    job = claim_analysis(st, "w1")
    assert job is not None and job.id == job_id
    stages: list[str] = []
    files = wf.analyse_into(
        row_file,
        "bent_over_row",
        tmp_path / "job",
        lambda stage, i, n: stages.append(stage),
        source_name="my rows.npz",
    )
    assert stages == ["analysis", "report"]  # no pose, no annotated video
    assert files.video_path is None and files.reps == 3
    assert (tmp_path / "job" / wf.LANDMARK_FILE).is_file()
    assert "my rows.npz" in files.report_path.read_text(encoding="utf-8")
    kept = Analysis.from_json(files.json_path.read_text(), "job JSON")
    assert len(kept.reps) == 3

    uploaded = datetime(2026, 4, 14, 7, 30, tzinfo=UTC)
    assert wf.keep_analysis(
        st, job_id, files, exercise_id="bent_over_row", uploaded_at=uploaded, worker="w1"
    )
    rec = get_analysis(st, job_id)
    assert rec.status == "done" and rec.json_path == str(files.json_path)
    assert rec.set_id is not None  # the set the file showed, for Progress
    assert not wf.keep_analysis(  # only once, and only by the worker holding it
        st, job_id, files, exercise_id="bent_over_row", uploaded_at=uploaded, worker="w2"
    )


def test_a_file_with_no_rep_and_no_hold_is_no_set(row_file: Path) -> None:
    ex = get_exercise("bent_over_row")
    done = wf.analyse_file(row_file, ex)
    empty = replace(done.result, reps=(), holds=())
    assert wf.video_set(empty, "bent_over_row", datetime.now(UTC)) is None
    entry = wf.video_set(done.result, "bent_over_row", datetime(2026, 4, 14, 8, tzinfo=UTC))
    assert entry is not None and entry.reps == 3 and entry.source == "video"
    assert entry.started_at < entry.ended_at


def test_plain_error_names_the_file_the_person_sent(tmp_path: Path) -> None:
    bad = tmp_path / "x.npz"
    bad.write_bytes(b"not a zip file")
    with pytest.raises(Exception) as caught:
        wf.analyse_file(bad, get_exercise("bent_over_row"))
    text = wf.plain_error(caught.value, "holiday.npz")
    assert text.startswith("holiday.npz is not a landmark file Upright can read")
    assert str(tmp_path) not in text
