"""Security: the token beyond localhost on every route and WebSocket, no path traversal
through uploads, no video kept that nobody asked for, private file modes."""

from __future__ import annotations

import io
import os
import re
import stat
import time
from pathlib import Path

import numpy as np
import pytest
from fastapi.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from demo_clips import walking_clip
from testkit import LOCAL
from upright.web.app import create_app
from upright.web.auth import hash_token
from upright.web.settings import WebSettings

TOKEN = "hardening-token-" + "y" * 24
REMOTE = ("198.51.100.7", 50000)  # TEST-NET-2: a documentation range, never routed
SAMPLE = {"analysis_id": "1", "session_id": "abc", "day": "2025-03-04", "name": "x.wav"}
VIDEO_SUFFIXES = {".mp4", ".webm", ".avi", ".mov", ".mkv", ".y4m"}


@pytest.fixture
def settings(tmp_path: Path) -> WebSettings:
    return WebSettings(
        data_dir=tmp_path / "data",
        db_url=f"sqlite:///{tmp_path / 'db' / 'upright.sqlite3'}",
        token_hash=hash_token(TOKEN),
    )


def _routes(app) -> list[tuple[str, str]]:
    """(method, path with sample parameters) of every operation in the app's own spec."""
    out = []
    for path, ops in app.openapi()["paths"].items():
        concrete = re.sub(r"\{(\w+)\}", lambda m: SAMPLE.get(m.group(1), "1"), path)
        out += [(method.upper(), concrete) for method in ops]
    return [*out, ("GET", "/static/upright.css")]


def _websocket_paths(app) -> list[str]:
    """Paths of the app's WebSocket routes, wherever they are mounted."""
    found = []

    def walk(routes) -> None:
        for r in routes:
            if type(r).__name__ == "WebSocketRoute" or "websocket" in type(r).__name__.lower():
                found.append(r.path)
            for attr in ("routes", "original_router"):
                inner = getattr(r, attr, None)
                if inner is not None:
                    walk(getattr(inner, "routes", inner) if attr == "original_router" else inner)

    walk(app.router.routes)
    return sorted(set(found))


def test_every_route_needs_the_token_beyond_localhost(settings: WebSettings) -> None:
    app = create_app(settings)
    remote = TestClient(app, base_url="http://upright.example", client=REMOTE)
    routes = _routes(app)
    assert len(routes) >= 20
    for method, path in routes:
        bare = remote.request(method, path, follow_redirects=False)
        assert bare.status_code == 401, (method, path, bare.status_code)
        wrong = remote.request(
            method, path, headers={"Authorization": "Bearer nope"}, follow_redirects=False
        )
        assert wrong.status_code == 401, (method, path)
        good = remote.request(
            method, path, headers={"Authorization": f"Bearer {TOKEN}"}, follow_redirects=False
        )
        assert good.status_code != 401 and good.status_code < 500, (method, path, good.text)
    local = TestClient(app, base_url="http://127.0.0.1:8765", client=LOCAL)
    assert local.get("/").status_code == 200


def test_without_a_token_made_no_remote_client_gets_in(tmp_path: Path) -> None:
    app = create_app(WebSettings(data_dir=tmp_path / "d", db_url=f"sqlite:///{tmp_path}/u.db"))
    remote = TestClient(app, base_url="http://upright.example", client=REMOTE)
    for token in ("", "None", "null"):
        r = remote.get("/", headers={"Authorization": f"Bearer {token}"})
        assert r.status_code == 401


def test_odd_query_strings_from_remote_clients_get_401_not_500(settings: WebSettings) -> None:
    app = create_app(settings)
    remote = TestClient(app, base_url="http://upright.example", client=REMOTE)
    for query in ("token=%ff%fe", "token=%00", "token=" + "a" * 5000, "token&token=", "%"):
        assert remote.get("/?" + query).status_code == 401, query


def test_the_token_in_the_address_becomes_a_cookie(settings: WebSettings) -> None:
    app = create_app(settings)
    remote = TestClient(app, base_url="http://upright.example", client=REMOTE)
    r = remote.get(f"/plan?token={TOKEN}&weeks=2", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/plan?weeks=2"
    assert "httponly" in r.headers["set-cookie"].lower()
    assert remote.get("/plan?weeks=2").status_code == 200  # the cookie now carries it


def test_websockets_need_the_token_beyond_localhost(settings: WebSettings) -> None:
    app = create_app(settings)
    paths = _websocket_paths(app) or ["/live/ws"]
    remote = TestClient(app, base_url="http://upright.example", client=REMOTE)
    for path in paths:
        with pytest.raises(WebSocketDisconnect) as closed, remote.websocket_connect(path):
            pass
        assert closed.value.code == 4401, path
        bad = {"Authorization": "Bearer nope"}
        with (
            pytest.raises(WebSocketDisconnect) as closed,
            remote.websocket_connect(path, headers=bad),
        ):
            pass
        assert closed.value.code == 4401


def test_uploads_cannot_escape_the_uploads_folder(settings: WebSettings, tmp_path: Path) -> None:
    app = create_app(settings)
    local = TestClient(app, base_url="http://127.0.0.1:8765", client=LOCAL)
    gpx = b"<?xml version='1.0'?><gpx version='1.1' creator='t'><trk><trkseg/></trk></gpx>"
    names = ["../../../escape.gpx", "..\\..\\escape.gpx", "/tmp/escape.gpx", "a/../../escape.gpx"]
    for name in names:
        r = local.post("/api/imports", files=[("files", (name, io.BytesIO(gpx), "text/xml"))])
        assert r.status_code < 500
    mp4 = b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64
    for name in names:
        r = local.post(
            "/analyze",
            data={"exercise": "y_raise"},
            files=[("video", (name.replace(".gpx", ".mp4"), io.BytesIO(mp4), "video/mp4"))],
            follow_redirects=False,
        )
        assert r.status_code < 500
    data = settings.data_dir.resolve()
    for path in tmp_path.rglob("*escape*"):
        pytest.fail(f"an upload name became a path: {path}")
    for path in settings.data_dir.rglob("*"):
        assert path.resolve().is_relative_to(data)
        assert ".." not in path.name and "escape" not in path.name
    for path in (Path("/tmp/escape.gpx"), Path("/tmp/escape.mp4")):
        assert not path.exists()


def test_audio_and_static_names_cannot_traverse(settings: WebSettings) -> None:
    local = TestClient(create_app(settings), base_url="http://127.0.0.1:8765", client=LOCAL)
    for path in ("/audio/..%2F..%2Fdb%2Fupright.sqlite3", "/static/..%2F..%2Fapp.py"):
        r = local.get(path)
        assert r.status_code in (400, 404), path
        assert b"sqlite" not in r.content[:16]


def _private(path: Path, mode: int) -> bool:
    return (
        stat.S_IMODE(path.stat().st_mode) & 0o077 == 0
        and stat.S_IMODE(path.stat().st_mode) & mode == mode
    )


def test_database_and_its_folder_are_private(tmp_path: Path) -> None:
    from upright import store as st

    old = os.umask(0o022)  # a common default that would leave files world-readable
    try:
        url = f"sqlite:///{tmp_path / 'new' / 'upright.sqlite3'}"
        with st.open_store(url) as store:
            st.ensure_athlete(store, "ann")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new").stat().st_mode) == 0o700
    for f in (tmp_path / "new").iterdir():  # the file and its -wal/-shm companions
        assert stat.S_IMODE(f.stat().st_mode) & 0o077 == 0, (f, oct(f.stat().st_mode))


def test_landmark_files_are_private(tmp_path: Path) -> None:
    import fuzzing

    from upright.motion import save_csv, save_npz

    lm = fuzzing.landmark_seed()
    old = os.umask(0o022)
    try:
        paths = [save_npz(lm, tmp_path / "a.npz"), save_csv(lm, tmp_path / "a.csv")]
    finally:
        os.umask(old)
    for p in paths:
        assert stat.S_IMODE(p.stat().st_mode) == 0o600, (p, oct(p.stat().st_mode))


def test_web_data_folders_are_private(settings: WebSettings) -> None:
    old = os.umask(0o022)
    try:
        local = TestClient(create_app(settings), base_url="http://127.0.0.1:8765", client=LOCAL)
        gpx = b"<?xml version='1.0'?><gpx version='1.1' creator='t'></gpx>"
        local.post("/api/imports", files=[("files", ("r.gpx", io.BytesIO(gpx), "text/xml"))])
        mp4 = b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64
        local.post(
            "/analyze",
            data={"exercise": "y_raise"},
            files=[("video", ("v.mp4", io.BytesIO(mp4), "video/mp4"))],
        )
    finally:
        os.umask(old)
    # everything the server keeps is inside a folder only its owner can enter
    assert stat.S_IMODE(settings.data_dir.stat().st_mode) == 0o700
    assert any(settings.data_dir.rglob("*.mp4"))  # the upload that was asked for is there


def test_a_session_watching_a_video_keeps_no_video(tmp_path: Path) -> None:
    """The CLI session reads the video for pose only: no copy is written anywhere."""
    import subprocess
    import sys

    import test_bad_inputs as bad

    if not (bad.MODELS / "pose_landmark_full.tflite").is_file():
        pytest.skip("pose models not fetched")
    clip = walking_clip()
    home = tmp_path / "home"
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CACHE_HOME": str(Path.home() / ".cache"),  # the fetched pose models
        "XDG_CONFIG_HOME": str(home / "config"),
        "TMPDIR": str(tmp_path / "tmp"),
        "COLUMNS": "200",
    }
    (tmp_path / "tmp").mkdir()
    env.pop("UPRIGHT_DB", None)
    args = ["session", "--video", str(clip), "--exercise", "y_raise", "--sets", "1"]
    t0 = time.time()
    proc = subprocess.run(
        [str(Path(sys.executable).with_name("upright")), *args, "--speed", "50", "--mute"],
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
        stdin=subprocess.DEVNULL,
    )
    assert "Traceback" not in proc.stdout + proc.stderr, proc.stderr
    written = [p for p in tmp_path.rglob("*") if p.suffix.lower() in VIDEO_SUFFIXES]
    cache = Path.home() / ".cache" / "upright"
    written += [
        p for p in cache.rglob("*") if p.suffix.lower() in VIDEO_SUFFIXES and p.stat().st_mtime > t0
    ]
    assert written == [], written
    db = list(home.rglob("*.sqlite3"))
    assert db, proc.stdout + proc.stderr  # the session did run and log
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in db)


def _live_frames(client: TestClient, path: str, query: str, n: int = 4) -> None:
    import struct

    import cv2

    jpeg = cv2.imencode(".jpg", np.full((120, 160, 3), 100, np.uint8))[1].tobytes()
    with client.websocket_connect(f"ws://127.0.0.1:8765{path}?{query}") as ws:
        assert ws.receive_json()["type"] == "hello"
        for i in range(n):
            ws.send_bytes(struct.pack("<Id", i, i * 100.0) + jpeg)
            assert ws.receive_json()["type"] == "result"


def test_live_frames_are_stored_only_when_asked(settings: WebSettings) -> None:
    import test_bad_inputs as bad

    if not (bad.MODELS / "pose_landmark_full.tflite").is_file():
        pytest.skip("pose models not fetched")
    app = create_app(settings)
    if "/ws/live" not in _websocket_paths(app):
        pytest.skip("the web app has no live WebSocket yet")
    local = TestClient(app, base_url="http://127.0.0.1:8765", client=LOCAL)

    def videos() -> list[Path]:
        return [p for p in settings.data_dir.rglob("*") if p.suffix.lower() in VIDEO_SUFFIXES]

    _live_frames(local, "/ws/live", "exercise=y_raise&sets=1&reps=2&fps=10")
    assert videos() == []
    _live_frames(local, "/ws/live", "exercise=y_raise&sets=1&reps=2&fps=10&record=1")
    assert len(videos()) == 1  # the check can see a recording: this one was asked for
