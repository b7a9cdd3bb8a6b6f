"""Analyze: landmark-file uploads, sets that reach Progress, "no rep seen", plain errors.

Every analysis here is run by a real worker step (`run_one`) on real inputs: landmarks of
a simulated person (`upright.sim`, whose reps are known before the code runs) and, for
the error, a real video with nobody in it through the real pose model.
"""

from __future__ import annotations

import html
import re
from dataclasses import replace
from pathlib import Path

import cv2
import numpy as np
import pytest
from fastapi.testclient import TestClient

from upright.catalog import get_exercise
from upright.motion.landmark_file import save_csv, save_npz
from upright.sim import simulate
from upright.store import athlete_id, get_analysis, last_sessions, open_store
from upright.web.settings import WebSettings
from upright.web.worker import run_one

REPS_PER_SIDE = 3  # the simulated bird dog: 3 reps each side, 6 in all


@pytest.fixture
def settings(settings: WebSettings) -> WebSettings:
    """The suite's settings with room for a landmark file of a whole set (a few MB)."""
    return replace(settings, max_video_bytes=50_000_000)


@pytest.fixture(scope="module")
def bird_dog(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A simulated bird-dog set (3 a side, side view) as a landmark .npz."""
    sim = simulate("bird_dog", reps=REPS_PER_SIDE, seed=1)
    assert len(sim.truth.reps) == 2 * REPS_PER_SIDE
    return save_npz(sim.landmarks, tmp_path_factory.mktemp("sim") / "bird dog set.npz")


def _analyse(client: TestClient, settings: WebSettings, path: Path, exercise: str) -> int:
    r = client.post(
        "/analyze",
        files={"video": (path.name, path.read_bytes())},
        data={"exercise": exercise},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    analysis_id = int(r.headers["location"].rsplit("/", 1)[1])
    with open_store(settings.db_url) as st:
        assert run_one(settings, st, "test:1:0") is True
    return analysis_id


def test_a_landmark_file_is_analysed_and_its_set_reaches_progress(
    client: TestClient, settings: WebSettings, bird_dog: Path
) -> None:
    analysis_id = _analyse(client, settings, bird_dog, "bird_dog")
    data = client.get(f"/api/analyses/{analysis_id}").json()
    assert data["status"] == "done", data["error"]
    name = get_exercise("bird_dog").name
    assert (data["exercise"], data["name"], data["video_url"]) == (name, "bird dog set.npz", None)
    assert data["summary"]["reps"] == 2 * REPS_PER_SIDE
    assert data["summary"]["reps_per_side"] == {"left": REPS_PER_SIDE, "right": REPS_PER_SIDE}
    page = html.unescape(client.get(f"/analyze/{analysis_id}").text)
    assert f"Analysed as: {name}" in page and "as a set from a video" in page
    assert '<a href="/history">your progress page</a>' in page  # named for where it goes
    listing = html.unescape(client.get("/analyze").text).split('id="analyses"')[1]
    assert f'<td data-label="exercise">{name}</td>' in listing and "bird_dog" not in listing
    report = html.unescape(client.get(f"/analyses/{analysis_id}/report").text)
    assert f"<h1>{name}: set report</h1>" in report
    assert "Source: bird dog set.npz" in report  # its own name, not the stored id
    # the bird dog's sides: one tile for both sides' equal count, worded as such
    assert f"<b>{REPS_PER_SIDE}</b>each side</div>" in report
    assert "</b>left</div>" not in report and "</b>right</div>" not in report
    with open_store(settings.db_url) as st:
        (session,) = last_sessions(st, athlete_id(st, "me"), 5)
        (kept,) = session.sets
        assert get_analysis(st, analysis_id).set_id == kept.id
    assert (kept.source, kept.exercise_id, kept.reps, kept.side) == ("video", "bird_dog", 6, "both")
    progress = html.unescape(client.get("/history").text)
    assert f"{name} <span" in progress and "from a video" in progress


def test_the_csv_form_of_the_same_landmarks_counts_the_same(
    client: TestClient, settings: WebSettings, bird_dog: Path, tmp_path: Path
) -> None:
    from upright.motion.landmark_file import load_npz

    csv = save_csv(load_npz(bird_dog), tmp_path / "bird dog.csv")
    analysis_id = _analyse(client, settings, csv, "bird_dog")
    data = client.get(f"/api/analyses/{analysis_id}").json()
    assert data["status"] == "done" and data["summary"]["reps"] == 2 * REPS_PER_SIDE


def test_the_wrong_exercise_shows_no_rep_seen_with_the_reason(
    client: TestClient, settings: WebSettings, bird_dog: Path
) -> None:
    analysis_id = _analyse(client, settings, bird_dog, "y_raise")
    data = client.get(f"/api/analyses/{analysis_id}").json()
    assert data["summary"]["reps"] == 0
    why = data["summary"]["no_rep_why"]
    assert "is this the right exercise?" in why and "The first movement not counted" in why
    page = html.unescape(client.get(f"/analyze/{analysis_id}").text)
    box = re.search(r'<p id="summary" class="(\w+)">\s*(.*?)</p>', page, re.S)
    assert box is not None and box.group(1) == "warning"  # not the green box
    assert box.group(2).startswith("<strong>No rep seen.</strong> Likely why: ")
    assert '<span class="badge warn">no rep seen</span>' in client.get("/analyze").text
    report = html.unescape(client.get(f"/analyses/{analysis_id}/report").text)
    assert 'id="no-rep"' in report and "every rep was clean" not in report
    with open_store(settings.db_url) as st:
        assert last_sessions(st, athlete_id(st, "me"), 5) == []  # nothing done, no set


def _empty_room(path: Path, frames: int = 20) -> Path:
    """A real MP4 of a grey wall with a slowly moving dark square: no person in it."""
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), 10.0, (320, 240))
    for k in range(frames):
        frame = np.full((240, 320, 3), 170, np.uint8)
        frame[100:140, 10 + 8 * k : 50 + 8 * k] = 40
        writer.write(frame)
    writer.release()
    return path


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("squat.mp4", "No person was found in squat.mp4: film with your whole body in view"),
        ("broken.npz", "broken.npz is not a landmark file Upright can read: "),
    ],
)
def test_failures_are_said_in_plain_words_with_the_file_s_own_name(
    client: TestClient, settings: WebSettings, tmp_path: Path, name: str, expected: str
) -> None:
    path = tmp_path / name
    if name.endswith(".mp4"):
        _empty_room(path)
    else:
        path.write_bytes(b"PK\x03\x04" + b"\x00" * 200)  # a ZIP's magic, then nothing
    analysis_id = _analyse(client, settings, path, "bird_dog")
    error = client.get(f"/api/analyses/{analysis_id}").json()["error"]
    assert error.startswith(expected), error
    assert "Error" not in error and "/" not in error and str(settings.data_dir) not in error
    page = html.unescape(client.get(f"/analyze/{analysis_id}").text)
    assert f"The analysis failed: {error}" in page
