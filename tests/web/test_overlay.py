"""The analysed video and its drawing data: ``/analyses/{id}/source``, ``.../overlay``.

Analyses are run by the real worker step (`run_one`): a simulated bird-dog set (reps
known before the code runs) as a landmark file, and the real walking clip of the pose
tests through the real pose model, as an MPEG-4 Part 2 MP4 (which browsers do not
play, so it gets a WebM copy) and as a VP8 WebM (which they play as it is).
"""

from __future__ import annotations

import hashlib
import threading
import time
from dataclasses import replace
from pathlib import Path

import cv2
import pytest
from fastapi.testclient import TestClient

from upright.catalog import KEYPOINT_INDEX, get_exercise
from upright.motion.landmark_file import load_npz, save_npz
from upright.report.timeline import Timeline
from upright.sim import simulate
from upright.store import UnknownAthlete, athlete_id, open_store
from upright.web.settings import WebSettings
from upright.web.worker import output_dir, resume_copies, run_one
from upright.workflows.playback import PENDING_FILE, PLAYABLE_FILE, browser_plays

REPS_PER_SIDE = 3


@pytest.fixture
def settings(settings: WebSettings) -> WebSettings:
    return replace(settings, max_video_bytes=50_000_000)


@pytest.fixture(scope="module")
def bird_dog(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A simulated bird-dog set (3 a side, side view) as a landmark .npz."""
    sim = simulate("bird_dog", reps=REPS_PER_SIDE, seed=1)
    return save_npz(sim.landmarks, tmp_path_factory.mktemp("sim") / "bird dog.npz")


def _upload(client: TestClient, path: Path, exercise: str) -> int:
    r = client.post(
        "/analyze",
        files={"video": (path.name, path.read_bytes())},
        data={"exercise": exercise},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    return int(r.headers["location"].rsplit("/", 1)[1])


def _run(settings: WebSettings) -> None:
    with open_store(settings.db_url) as st:
        assert run_one(settings, st, "test:1:0") is True


def _files(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` with a hash of its bytes."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_overlay_of_a_landmark_file_is_its_landmarks_404_where_none_no_get_writes(
    client: TestClient, settings: WebSettings, bird_dog: Path
) -> None:
    analysis_id = _upload(client, bird_dog, "bird_dog")
    for path in (f"/api/analyses/{analysis_id}/overlay", f"/analyses/{analysis_id}/source"):
        assert client.get(path).status_code == 404  # queued: no result yet
    _run(settings)
    db = Path(settings.db_url.removeprefix("sqlite:///"))
    before = _files(settings.data_dir), hashlib.sha256(db.read_bytes()).hexdigest()
    # what the overlay holds (read after the snapshot: these reads write nothing either)
    status = client.get(f"/api/analyses/{analysis_id}").json()
    assert status["status"] == "done", status["error"]
    # no pictures: nothing to play, nothing drawn over a video
    assert (status["source_url"], status["overlay_url"], status["playback"]) == (None,) * 3
    r = client.get(f"/api/analyses/{analysis_id}/overlay")
    assert r.status_code == 200 and r.headers["cache-control"].startswith("private")
    data = r.json()
    lm = load_npz(bird_dog)
    assert len(data["t"]) == len(data["xy"]) == len(lm)
    assert data["t"][10] == round(float(lm.t[10]), 3)
    assert (data["width"], data["height"]) == (lm.width, lm.height)
    hip = data["points"].index("left_hip")
    frame = next(i for i, xy in enumerate(data["xy"]) if xy and xy[2 * hip] is not None)
    x, y = lm.image[frame, KEYPOINT_INDEX["left_hip"], :2]
    assert data["xy"][frame][2 * hip : 2 * hip + 2] == [round(float(x)), round(float(y))]
    # the counts at any time are those the annotated video shows (report.timeline)
    from upright.motion import analyze

    analysis = analyze(lm, get_exercise("bird_dog"))
    timeline = Timeline(analysis, get_exercise("bird_dog"))
    assert data["sides"] == list(timeline.sides)
    for t in (0.0, *(r.end for r in analysis.reps), float(lm.t[-1])):
        done = [
            (s, sum(r["side"] == s and r["end"] <= t for r in data["reps"])) for s in data["sides"]
        ]
        assert tuple(done) == timeline.reps_done(t)
    assert sum(n for _, n in timeline.reps_done(float(lm.t[-1]))) == 2 * REPS_PER_SIDE
    labels = [f["label"] for f in data["faults"]]
    assert labels == [w.label for w in timeline.windows]
    # compact: whole pixels and milliseconds, no spaces: under 5 characters a number
    assert all(isinstance(v, int) for xy in data["xy"] if xy for v in xy if v is not None)
    numbers = 2 * len(data["points"]) + 1
    assert b", " not in r.content and len(r.content) < 5 * numbers * len(lm)
    # where there is none
    assert client.get(f"/api/analyses/{analysis_id}/overlay").status_code == 200
    assert client.get(f"/analyses/{analysis_id}/source").status_code == 404  # no video
    r = client.get("/api/analyses/999999/overlay")
    assert r.status_code == 404 and "999999" in r.json()["error"]
    assert client.get("/analyses/999999/source").status_code == 404
    assert client.get("/api/analyses/x/overlay").status_code == 422
    client.cookies.set("upright_athlete", "somebody else")
    assert client.get(f"/api/analyses/{analysis_id}/overlay").status_code == 404
    assert client.get(f"/analyses/{analysis_id}/source").status_code == 404
    client.cookies.clear()
    assert (_files(settings.data_dir), hashlib.sha256(db.read_bytes()).hexdigest()) == before
    with open_store(settings.db_url) as st, pytest.raises(UnknownAthlete):
        athlete_id(st, "somebody else")  # asked about, never created


def test_an_unplayable_video_is_copied_after_its_result_and_again_if_cut_short(
    client: TestClient, settings: WebSettings, mp4v_clip: Path
) -> None:
    assert not browser_plays(mp4v_clip)
    analysis_id = _upload(client, mp4v_clip, "generic")
    seen: list[tuple[str, str | None]] = []
    worker = threading.Thread(target=_run, args=(settings,))
    worker.start()
    while worker.is_alive():
        s = client.get(f"/api/analyses/{analysis_id}").json()
        seen.append((s["status"], s["playback"]))
        time.sleep(0.02)
    worker.join()
    s = client.get(f"/api/analyses/{analysis_id}").json()
    seen.append((s["status"], s["playback"]))
    # the result was out while the copy was being made, and the copy came after it
    assert ("done", "converting") in seen, sorted(set(seen))
    assert seen[-1] == ("done", "copy")
    assert seen.index(("done", "converting")) < seen.index(("done", "copy"))
    assert s["summary"]["reps"] >= 1 and s["video_url"] is None  # no annotated video
    folder = output_dir(settings, analysis_id)
    copy = folder / PLAYABLE_FILE
    assert sorted(p.name for p in folder.iterdir() if "playable" in p.name) == [PLAYABLE_FILE]
    assert browser_plays(copy)
    r = client.get(f"/analyses/{analysis_id}/source")
    assert r.status_code == 200 and r.headers["content-type"] == "video/webm"
    assert r.content == copy.read_bytes()
    # every frame at the original rate, so the drawing stays in time
    src, out = cv2.VideoCapture(str(mp4v_clip)), cv2.VideoCapture(str(copy))
    count = [int(c.get(cv2.CAP_PROP_FRAME_COUNT)) for c in (src, out)]
    fps = [c.get(cv2.CAP_PROP_FPS) for c in (src, out)]
    src.release()
    out.release()
    assert fps[0] == pytest.approx(fps[1], abs=0.01)
    assert abs(count[0] - count[1]) <= 1, count
    ranged = client.get(f"/analyses/{analysis_id}/source", headers={"Range": "bytes=0-99"})
    assert ranged.status_code == 206 and len(ranged.content) == 100
    # a copy cut short by a stopped worker is made when workers start; as a worker
    # stopped mid-copy leaves it: the mark, and no copy
    (folder / PLAYABLE_FILE).unlink()
    (folder / PENDING_FILE).touch()
    assert client.get(f"/api/analyses/{analysis_id}").json()["playback"] == "converting"
    with open_store(settings.db_url) as st:
        assert resume_copies(settings, st) == 1
        assert resume_copies(settings, st) == 0  # once
    assert client.get(f"/api/analyses/{analysis_id}").json()["playback"] == "copy"
    assert browser_plays(folder / PLAYABLE_FILE) and not (folder / PENDING_FILE).exists()


def test_a_video_the_browser_plays_is_served_as_uploaded(
    client: TestClient, settings: WebSettings, webm_clip: Path
) -> None:
    assert browser_plays(webm_clip)
    analysis_id = _upload(client, webm_clip, "generic")
    _run(settings)
    s = client.get(f"/api/analyses/{analysis_id}").json()
    assert (s["status"], s["playback"]) == ("done", "original"), s["error"]
    assert s["source_url"] == f"/analyses/{analysis_id}/source"
    assert not (output_dir(settings, analysis_id) / PLAYABLE_FILE).exists()
    r = client.get(s["source_url"])
    assert r.status_code == 200 and r.headers["content-type"] == "video/webm"
    assert r.content == webm_clip.read_bytes()
    page = client.get(f"/analyze/{analysis_id}").text
    assert f'src="{s["source_url"]}"' in page and 'id="overlay"' in page
    data = client.get(s["overlay_url"]).json()
    assert (
        len(data["t"]) == 180
        and sum(r["end"] <= data["t"][-1] for r in data["reps"]) == s["summary"]["reps"]
    )
