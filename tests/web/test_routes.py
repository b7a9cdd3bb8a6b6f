"""Every route through FastAPI's TestClient: status, content, and the library's answer."""

from __future__ import annotations

import html
import io
import re
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import gpxpy.gpx
import pytest
from fastapi.testclient import TestClient

from testkit import LOCAL, FakeWall, app_on_wall
from upright.store import analyses, athlete_id, last_sessions, open_store, runs
from upright.web.settings import WebSettings
from upright.web.worker import run_one

WALL = FakeWall()  # the guided sessions' wall clock: a poll's wait moves it, no real time
MP4_HEAD = b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00isomiso2avc1mp41"

PAGES = [
    "/",
    "/plan",
    "/session",
    "/session?speed=30",
    "/analyze",
    "/history",
    "/import",
    "/athletes",
    "/runs",
    "/profile",
]


@pytest.fixture
def client(settings: WebSettings) -> TestClient:
    """The web app on ``settings``, its guided sessions timed by `WALL`."""
    return TestClient(app_on_wall(settings, WALL), base_url="http://127.0.0.1:8765", client=LOCAL)


def _gpx(start: datetime, km: float) -> bytes:
    """A straight 10 km/h run heading north: ``km`` kilometres, one point a minute."""
    gpx = gpxpy.gpx.GPX()
    track = gpxpy.gpx.GPXTrack()
    seg = gpxpy.gpx.GPXTrackSegment()
    minutes = round(km * 6)
    for i in range(minutes + 1):
        lat = 46.0 + (km * i / minutes) / 111.2  # ~111.2 km per degree of latitude
        seg.points.append(
            gpxpy.gpx.GPXTrackPoint(lat, 14.0, elevation=500, time=start + timedelta(minutes=i))
        )
    track.segments.append(seg)
    gpx.tracks.append(track)
    return gpx.to_xml().encode()


def _strava_csv(start: datetime) -> bytes:
    return (
        "Activity ID,Activity Date,Activity Name,Activity Type,Elapsed Time,Distance,"
        "Moving Time\n"
        f'1,"{start:%b %d, %Y, %I:%M:%S %p}",Easy,Run,1800,5.0,1800\n'
    ).encode()


@pytest.mark.parametrize("path", PAGES)
def test_every_page_renders_with_navigation(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    for href in ("/plan", "/session", "/analyze", "/history", "/import", "/athletes"):
        assert f'href="{href}"' in r.text
    assert "http://" not in r.text.replace("http://www.w3.org", "")  # nothing from elsewhere


@pytest.mark.parametrize("path", PAGES + ["/api/today", "/api/plan", "/api/athletes"])
def test_every_route_refuses_remote_without_token(remote: TestClient, path: str) -> None:
    assert remote.get(path).status_code == 401


def test_today_api_matches_the_plan(client: TestClient) -> None:
    data = client.get("/api/today").json()
    plan = client.get("/api/plan?weeks=2").json()
    assert set(data) == {"today", "next", "warnings", "notes"}
    shown = data["today"] or data["next"]
    assert shown is not None and shown["exercises"]
    assert shown["day"] in str(plan)


def test_doses_keep_each_number_with_its_unit(client: TestClient) -> None:
    # At 390 px the dose cell wrapped "hold 3 s" as "hold 3" over "s"; a no-break space
    # keeps them (and "2 x 8") together, in the text a runner reads on each page.
    for path in ("/", "/plan?weeks=2", "/session"):
        page = html.unescape(client.get(path).text)
        doses = re.findall(r"\d+\s+x\s+\d+[^<]*", page)
        assert doses, path
        for dose in doses:
            assert not re.search(r"\d (s|kg|x)\b|\bx \d", dose), (path, dose)
            assert re.search(r"\d\u00a0x\u00a0\d", dose), (path, dose)


def test_plan_downloads(client: TestClient) -> None:
    r = client.get("/plan.ics?weeks=2")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/calendar")
    assert r.content.startswith(b"BEGIN:VCALENDAR")
    page = client.get("/plan?weeks=2").text
    link = page.split('href="/plan/')[1].split('"')[0]
    fit = client.get(f"/plan/{link}")
    assert fit.status_code == 200 and fit.content[8:12] == b".FIT"
    assert client.get("/plan/1999-01-01.fit").status_code == 404
    assert client.get("/plan/not-a-date.fit").status_code == 422


def test_import_gpx_and_csv_changes_the_plan(client: TestClient, settings: WebSettings) -> None:
    before = client.get("/api/today").json()
    now = datetime.now(UTC).replace(microsecond=0)
    files = [
        ("files", ("morning.gpx", _gpx(now - timedelta(days=1, hours=3), 12.0))),
        ("files", ("activities.csv", _strava_csv(now - timedelta(days=3)))),
        ("files", ("notes.txt", b"\x00\x01binary")),
    ]
    r = client.post("/import", files=files)
    assert r.status_code == 200
    assert "2 activities imported" in r.text and "notes.txt" in r.text
    assert "morning.gpx" not in r.text or "uploads" not in r.text  # never the stored path
    with open_store(settings.db_url) as st:
        assert len(runs(st, athlete_id(st, "me"))) == 2
    after = client.get("/api/today").json()
    assert after != before  # the load the plan reads now has these runs
    assert after["notes"][0].startswith("Your running log covers 3 days")  # to yesterday
    again = client.post("/api/imports", files=files[:2]).json()
    assert again["imported"] == 0 and again["skipped"] >= 2
    assert not any((settings.uploads_dir / "log").glob("*"))  # stored files were removed


def test_import_zip_and_bad_file_summary(client: TestClient) -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("export/activities.csv", _strava_csv(now - timedelta(days=2)))
        zf.writestr("export/activities/1.gpx", _gpx(now - timedelta(days=5), 5.0))
        zf.writestr("export/activities/2.gpx", b"<?xml version='1.0'?><gpx><oops")
    data = client.post("/api/imports", files=[("files", ("export.zip", buf.getvalue()))]).json()
    assert data["imported"] == 2
    assert data["failed"] == 1 and "2.gpx" in data["failed_files"][0]
    assert "export.zip" in data["failed_files"][0]


def test_import_needs_a_file(client: TestClient) -> None:
    r = client.post("/api/imports", data={"x": "1"})
    assert r.status_code == 400 and "files" in r.json()["error"]


def test_upload_too_large_is_413(client: TestClient, settings: WebSettings) -> None:
    big = MP4_HEAD + b"\x00" * (settings.max_video_bytes + 100_000)
    r = client.post("/analyze", files={"video": ("big.mp4", big)}, data={"exercise": "bird_dog"})
    assert r.status_code == 413
    log = b"a,b\n" + b"1,2\n" * (settings.max_log_bytes // 4 + 30_000)
    assert client.post("/import", files={"files": ("x.csv", log)}).status_code == 413
    assert not any(settings.uploads_dir.rglob("*.*"))


def test_analyze_queue_positions_and_delete(client: TestClient, settings: WebSettings) -> None:
    ids = []
    for name in ("a.mp4", "b.mp4", "c.mp4"):
        r = client.post(
            "/analyze",
            files={"video": (name, MP4_HEAD * 50)},
            data={"exercise": "bird_dog"},
            follow_redirects=False,
        )
        assert r.status_code == 303
        ids.append(int(r.headers["location"].rsplit("/", 1)[1]))
    assert [client.get(f"/api/analyses/{i}").json()["position"] for i in ids] == [1, 2, 3]
    assert "number 3" in client.get("/analyze").text
    assert client.get(f"/analyze/{ids[0]}").status_code == 200
    stored = list((settings.uploads_dir / "video").glob("*.mp4"))
    assert len(stored) == 3
    assert all(re.fullmatch(r"[0-9a-f]{32}\.mp4", p.name) for p in stored)
    assert client.delete(f"/api/analyses/{ids[0]}").json() == {"deleted": ids[0]}
    assert client.get(f"/api/analyses/{ids[0]}").status_code == 404
    assert client.get(f"/api/analyses/{ids[2]}").json()["position"] == 2
    r = client.post(f"/analyze/{ids[1]}/delete", follow_redirects=False)
    assert r.status_code == 303
    assert len(list((settings.uploads_dir / "video").glob("*.mp4"))) == 1
    assert client.get(f"/analyses/{ids[2]}/report").status_code == 404
    assert client.get(f"/analyses/{ids[2]}/video").status_code == 404


def test_analyze_refuses_wrong_type_and_unknown_exercise(client: TestClient) -> None:
    r = client.post(
        "/analyze", files={"video": ("clip.mp4", b"<html>" * 20)}, data={"exercise": "bird_dog"}
    )
    assert r.status_code == 415
    r = client.post(
        "/analyze", files={"video": ("clip.mp4", MP4_HEAD * 20)}, data={"exercise": "../../etc"}
    )
    assert r.status_code == 400 and "exercise" in r.text


def test_failed_analysis_is_reported_and_queue_survives_restart(
    client: TestClient, settings: WebSettings
) -> None:
    r = client.post(
        "/analyze",
        files={"video": ("broken.mp4", MP4_HEAD * 50)},
        data={"exercise": "bird_dog"},
        follow_redirects=False,
    )
    analysis_id = int(r.headers["location"].rsplit("/", 1)[1])
    # A new app on the same database (a restarted server) still has the job queued.
    from upright.web.app import create_app

    restarted = TestClient(
        create_app(settings), base_url="http://127.0.0.1:8765", client=("127.0.0.1", 1)
    )
    assert restarted.get(f"/api/analyses/{analysis_id}").json()["status"] == "queued"
    with open_store(settings.db_url) as st:
        assert run_one(settings, st, "test:1:0") is True  # a worker takes it: not a video
        assert run_one(settings, st, "test:1:0") is False  # and the queue is empty
    data = restarted.get(f"/api/analyses/{analysis_id}").json()
    assert data["status"] == "failed" and data["error"]
    assert "failed" in restarted.get(f"/analyze/{analysis_id}").text


def test_athletes_switch_and_isolation(client: TestClient) -> None:
    client.post(
        "/analyze", files={"video": ("a.mp4", MP4_HEAD * 50)}, data={"exercise": "bird_dog"}
    )
    r = client.post("/athletes/switch", data={"name": "Coach's runner"}, follow_redirects=False)
    assert r.status_code == 303
    assert client.get("/api/athletes").json()["current"] == "Coach's runner"
    assert "Coach&#39;s runner" in client.get("/").text
    assert client.get("/api/analyses/1").status_code == 404  # another athlete's video
    assert "me" in client.get("/athletes").text
    bad = client.post("/athletes/switch", data={"name": "<script>"})
    assert bad.status_code == 400


def test_guided_session_api_saves_the_rated_set(client: TestClient, settings: WebSettings) -> None:
    state = client.post("/api/sessions", json={"speed": 200}).json()
    sid = state["id"]
    assert state["snapshot"]["phase"] == "setup"
    assert state["effects"][0]["type"] == "say" and state["effects"][0]["audio"]
    audio = client.get(state["effects"][0]["audio"])
    assert audio.status_code == 200 and audio.content[:4] == b"RIFF"
    for action in ("start", "start"):  # set-up done, go now
        state = client.post(f"/api/sessions/{sid}/events", json={"action": action}).json()
    target = state["snapshot"]["reps_target"]
    while not state["snapshot"]["rating_pending"]:
        snap = state["snapshot"]
        if snap["rep_done"]:  # the hold has run: a tap confirms the rep (engine tests: sooner
            # taps count nothing)
            state = client.post(f"/api/sessions/{sid}/events", json={"action": "rep_done"}).json()
        elif snap["phase"] == "switch_side":
            state = client.post(f"/api/sessions/{sid}/events", json={"action": "start"}).json()
        else:
            WALL.sleep(0.005)
            state = client.get(f"/api/sessions/{sid}").json()
    with open_store(settings.db_url) as st:
        assert not last_sessions(st, athlete_id(st, "me"))[0].sets  # not before the rating
    state = client.post(
        f"/api/sessions/{sid}/events", json={"action": "rate", "rating": "struggled"}
    ).json()
    assert any(e["type"] == "set_saved" for e in state["effects"])
    with open_store(settings.db_url) as st:
        sets = last_sessions(st, athlete_id(st, "me"))[0].sets
    # the bird dog's set is stored one row a side, each with the reps done on it
    assert [(s.side, s.reps, s.rating) for s in sets] == [
        ("left", target, "struggled"),
        ("right", target, "struggled"),
    ]
    assert all(r.hold_s == pytest.approx(3.0) for s in sets for r in s.rep_log)
    bad = client.post(f"/api/sessions/{sid}/events", json={"action": "rate", "rating": "meh"})
    assert bad.status_code == 400
    assert client.post(f"/api/sessions/{sid}/abandon").json()["abandoned"]
    assert client.get("/api/sessions/nope").status_code == 404
    assert "struggled" in client.get("/history").text


def test_audio_names_cannot_traverse(client: TestClient) -> None:
    for name in ("..%2F..%2Fetc%2Fpasswd", "x.wav", "sound-nope.wav", "0" * 24 + ".wav"):
        assert client.get(f"/audio/{name}").status_code == 404


def test_analyses_of_store_are_the_pages(client: TestClient, settings: WebSettings) -> None:
    client.post("/analyze", files={"video": ("a.mp4", MP4_HEAD * 50)}, data={"exercise": "y_raise"})
    with open_store(settings.db_url) as st:
        rows = analyses(st, athlete_id(st, "me"))
    assert [r.exercise_id for r in rows] == ["y_raise"]
    assert Path(rows[0].video_path or "").is_relative_to(settings.uploads_dir)


def _hike_gpx(start: datetime) -> bytes:
    """2.3 km in 76 min with no <type>: a walk by its pace (1.8 km/h)."""
    gpx = gpxpy.gpx.GPX()
    track = gpxpy.gpx.GPXTrack(name="Hike")
    seg = gpxpy.gpx.GPXTrackSegment()
    for i in range(77):
        lat = 46.0 + (2.3 * i / 76) / 111.2
        seg.points.append(gpxpy.gpx.GPXTrackPoint(lat, 14.0, time=start + timedelta(minutes=i)))
    track.segments.append(seg)
    gpx.tracks.append(track)
    return gpx.to_xml().encode()


def test_import_page_names_each_file_in_plain_words(client: TestClient) -> None:
    """A folder's worth: a run, a hike, an empty file, a cut GPX and two LICENSE files."""
    now = datetime.now(UTC).replace(microsecond=0)
    files = [
        ("files", ("run.gpx", _gpx(now - timedelta(days=1), 10.0))),
        ("files", ("hike.gpx", _hike_gpx(now - timedelta(days=2)))),
        ("files", ("empty.fit", b"")),
        ("files", ("cut.gpx", _gpx(now - timedelta(days=3), 5.0)[:700])),
        ("files", ("LICENSE", b"MIT License, see below\n")),
        ("files", ("LICENSE", b"BSD")),
    ]
    r = client.post("/import", files=files)
    assert r.status_code == 200
    page = html.unescape(r.text)
    assert '<h2 id="import-heading">Imported, with problems</h2>' in page
    assert "empty.fit: the file is empty" in page
    assert "cut.gpx: not a readable GPX file: its XML breaks off" in page
    assert "Not running logs, left alone: LICENSE (2)" in page
    assert page.count("LICENSE") == 1
    for jargon in ("field '", "trkpt", "uploads/", "Error"):
        assert jargon not in page
    again = client.post("/api/imports", files=files).json()
    assert again["status"] == 1 and again["activities"] == []
    # nothing was added the second time: the heading must not say "Imported"
    assert again["heading"] == "Nothing new imported, and some files had problems"
    assert again["known_files"] == ["run.gpx", "hike.gpx"]  # said, by the user's names
    only_known = client.post("/api/imports", files=[files[0]]).json()
    assert only_known["status"] == 0
    assert only_known["heading"] == "Nothing new: already imported"


def test_import_page_names_a_copy_of_a_file_in_the_same_upload(client: TestClient) -> None:
    run = _gpx(datetime.now(UTC).replace(microsecond=0) - timedelta(days=4), 6.0)
    files = [("files", ("whole.gpx", run)), ("files", ("copy.gpx", run))]
    page = html.unescape(client.post("/import", files=files).text)
    assert "Skipped: copy.gpx: the same activity as whole.gpx, taken from that file" in page
    assert "Already imported" not in page  # it was not: both came in this upload


def test_import_page_lists_walks_as_not_counted(client: TestClient) -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    data = client.post(
        "/api/imports", files=[("files", ("hike.gpx", _hike_gpx(now - timedelta(days=2))))]
    ).json()
    (hike,) = data["activities"]
    assert (hike["sport"], hike["counted"], hike["file"]) == ("walk", False, "hike.gpx")
    assert hike["why"] == "no sport in the file; 2.3 km in 76 min, 1.8 km/h, slower than 6 km/h"
    r = client.post("/import", files=[("files", ("hike.gpx", _hike_gpx(now)))])
    assert "not counted" in r.text and "slower than 6 km/h" in r.text


def test_import_page_when_nothing_could_be_imported(client: TestClient) -> None:
    r = client.post(
        "/import",
        files=[("files", ("empty.gpx", b"")), ("files", ("README.md", b"# my runs"))],
    )
    page = html.unescape(r.text)
    assert '<h2 id="import-heading">Nothing imported</h2>' in page
    assert "empty.gpx: the file is empty" in page and "README.md" in page
    assert ">Imported<" not in page


def _web_session(client: TestClient, rating: str, exercise: str) -> list[str]:
    """One whole session through the API: ``exercise``'s sets tapped rep by rep and rated
    ``rating``; every other set skipped untouched (nothing done, so nothing logged).
    Returns the exercise of each set saved."""
    state = client.post("/api/sessions", json={"speed": 200}).json()
    sid, saved = state["id"], []
    for _ in range(100_000):
        snap = state["snapshot"]
        saved += [e["set"]["exercise_id"] for e in state["effects"] if e["type"] == "set_saved"]
        if snap["phase"] == "done":
            return saved
        ours = snap["exercise"] and snap["exercise"]["id"] == exercise
        if snap["rating_pending"]:
            body = {"action": "rate", "rating": rating}
        elif snap["phase"] in ("setup", "get_ready", "switch_side", "rest"):
            body = {"action": "start"}
        elif not ours:
            body = {"action": "skip_set"}
        elif snap["rep_done"]:
            body = {"action": "rep_done"}
        else:
            WALL.sleep(0.005)
            state = client.get(f"/api/sessions/{sid}", params={"since": state["seq"]}).json()
            continue
        state = client.post(
            f"/api/sessions/{sid}/events", params={"since": state["seq"]}, json=body
        ).json()
    raise AssertionError("the session never finished")


def _bird_dog_today(client: TestClient) -> dict[str, Any]:
    data = client.get("/api/today").json()
    shown = data["today"] or data["next"]
    return next(e for e in shown["exercises"] if e["exercise_id"] == "bird_dog")


def test_web_sessions_progress_the_bird_dog_one_step_after_two_clean(
    client: TestClient, settings: WebSettings
) -> None:
    """The web path stores and reads like the terminal: 8 a side stays 8, never 16."""
    before = client.get("/api/today").json()
    names_before = [e["exercise_id"] for e in (before["today"] or before["next"])["exercises"]]
    assert _web_session(client, "clean", "bird_dog") == ["bird_dog", "bird_dog"]
    with open_store(settings.db_url) as st:
        (sess,) = last_sessions(st, athlete_id(st, "me"))
    assert sess.status == "completed"
    assert [(s.side, s.reps) for s in sess.sets] == [("left", 8), ("right", 8)] * 2
    one = _bird_dog_today(client)
    assert (one["sets"], one["reps"], one["hold_s"]) == (2, 8, 3.0)
    after = client.get("/api/today").json()
    # the session keeps every exercise (no row pushed out by a doubled bird dog)
    assert [e["exercise_id"] for e in (after["today"] or after["next"])["exercises"]] == (
        names_before
    )
    _web_session(client, "clean", "bird_dog")
    two = _bird_dog_today(client)
    assert (two["sets"], two["reps"], two["hold_s"]) == (2, 8, 4.0)  # one thing: the hold
