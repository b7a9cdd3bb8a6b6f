"""The Live page's WebSocket: token, real camera frames, back-pressure, and counting.

Counting accuracy is checked at the landmark level: `upright.sim` makes sets whose reps,
holds and faults are known, and the rows are played into the socket's per-row path (the
one a camera frame takes after pose), so the pose model never has to see a stick figure.
"""

from __future__ import annotations

import json
import math
import shutil
import struct
import time
from typing import Any

import cv2
import numpy as np
import pytest
from fastapi.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from demo_clips import walking_clip
from testkit import rows_message
from upright.catalog import default_catalog
from upright.motion import analyze
from upright.store import get_session, open_store
from upright.web.live import HEADER, _dumps, _Inbox

WS = "ws://127.0.0.1:8765/ws/live"
REMOTE_WS = "ws://upright.example:8765/ws/live"


@pytest.fixture(scope="module")
def jpeg_frames() -> list[bytes]:
    """Two seconds of real video of a person (Sports2D demo), 480x270 JPEGs."""
    cap = cv2.VideoCapture(str(walking_clip()))
    out = []
    while True:
        ok, frame = cap.read()
        if not ok:
            break
        out.append(cv2.imencode(".jpg", cv2.resize(frame, (480, 270)))[1].tobytes())
    cap.release()
    return out


def frame_message(number: int, t_ms: float, jpeg: bytes) -> bytes:
    return HEADER.pack(number, t_ms) + jpeg


def receive(ws: Any) -> dict[str, Any]:
    return json.loads(ws.receive_text())


# ----- access -------------------------------------------------------------------------
def test_socket_beyond_loopback_needs_the_token(remote: TestClient, token: str) -> None:
    with (
        pytest.raises(WebSocketDisconnect) as refused,
        remote.websocket_connect(f"{REMOTE_WS}?exercise=bird_dog") as ws,
    ):
        ws.receive_text()
    assert refused.value.code == 4401
    with remote.websocket_connect(f"{REMOTE_WS}?exercise=bird_dog&token={token}") as ws:
        hello = receive(ws)
    assert hello["type"] == "hello"
    assert hello["state"]["phase"] == "setup"


def test_bad_parameters_are_named_and_the_socket_closes(client: TestClient) -> None:
    with client.websocket_connect(f"{WS}?exercise=handstand") as ws:
        msg = receive(ws)
        with pytest.raises(WebSocketDisconnect) as closed:
            ws.receive_text()
    assert msg["type"] == "error"
    assert "exercise" in msg["message"] and "handstand" in msg["message"]
    assert closed.value.code == 4400


def test_live_page_offers_every_exercise(client: TestClient) -> None:
    r = client.get("/live")
    assert r.status_code == 200
    for ex_id in default_catalog():
        assert f'value="{ex_id}"' in r.text
    assert "/static/live.js" in r.text
    assert 'href="/live"' in r.text  # in the navigation


# ----- real frames --------------------------------------------------------------------
def test_real_frames_give_landmarks_and_no_frame_is_kept(
    client: TestClient, jpeg_frames: list[bytes], settings: Any
) -> None:
    results = []
    with client.websocket_connect(f"{WS}?exercise=seated_cable_row&reps=3&fps=15") as ws:
        receive(ws)
        for i, jpeg in enumerate(jpeg_frames[:30]):
            ws.send_bytes(frame_message(i + 1, 5000.0 + i * 66.7, jpeg))
            results.append(receive(ws))
        ws.send_bytes(frame_message(99, 9000.0, b"\xff\xd8 not a picture"))
        error = receive(ws)
        ws.send_bytes(frame_message(100, 9100.0, jpeg_frames[30]))
        after = receive(ws)
    assert [r["id"] for r in results] == list(range(1, 31))
    with_person = [r for r in results if r["present"]]
    assert len(with_person) >= 20
    pts = np.array(with_person[-1]["landmarks"])
    assert pts.shape == (33, 3)
    assert 0.0 < np.median(pts[:, :2]) < 1.0  # normalised to the frame's size
    assert pts[:, 2].min() >= 0.0 and pts[:, 2].max() <= 1.0  # visibility
    assert all(r["server_ms"] > 0 for r in results)
    assert results[-1]["framing"]["status"] in ("out_of_frame", "turn", "steady", "ready")
    assert error["type"] == "error" and error["id"] == 99 and "JPEG" in error["message"]
    assert after["type"] == "result" and after["id"] == 100  # the socket carried on
    kept = [
        p for p in settings.data_dir.rglob("*") if p.suffix in (".jpg", ".png", ".webm", ".mp4")
    ]
    assert kept == []


def test_frames_are_recorded_only_when_asked(
    client: TestClient, jpeg_frames: list[bytes], settings: Any
) -> None:
    with client.websocket_connect(f"{WS}?exercise=bird_dog&record=1") as ws:
        receive(ws)
        for i, jpeg in enumerate(jpeg_frames[:10]):
            ws.send_bytes(frame_message(i + 1, 100.0 * i, jpeg))
            receive(ws)
    videos = list((settings.data_dir / "recordings").glob("*.webm"))
    assert len(videos) == 1
    read, deadline = 0, time.monotonic() + 10
    while read == 0 and time.monotonic() < deadline:  # the file is closed as the socket ends
        time.sleep(0.2)
        cap = cv2.VideoCapture(str(videos[0]))
        while cap.read()[0]:
            read += 1
        cap.release()
    assert read == 10


# ----- back-pressure --------------------------------------------------------------------
def test_latest_frame_wins_and_control_messages_are_never_dropped() -> None:
    inbox = _Inbox()
    for n in (1, 2, 3):
        inbox.put_frame(struct.pack("<Id", n, 10.0 * n) + b"jpeg%d" % n)
    inbox.control.append({"type": "action", "action": "start"})
    assert inbox.dropped == 2
    assert inbox.take() == {"type": "action", "action": "start"}
    assert inbox.take() == (3, 30.0, b"jpeg3")
    assert inbox.take() is None


# ----- counting accuracy through the live path -------------------------------------------
CASES = {
    "bird_dog": dict(reps=3, faults=["pelvis_twist:15@1"], seed=1),
    "y_raise": dict(reps=4, faults=[], seed=1),
    "seated_cable_row": dict(reps=4, faults=[], seed=2),
}


@pytest.mark.parametrize("exercise", list(CASES))
def test_simulated_sets_counted_through_the_socket(
    client: TestClient, settings: Any, exercise: str
) -> None:
    sim_mod = pytest.importorskip("upright.sim")
    case = CASES[exercise]
    sim = sim_mod.simulate(
        exercise,
        reps=case["reps"],
        faults=[sim_mod.FaultSpec.parse(f) for f in case["faults"]],
        seed=case["seed"],
    )
    lm, truth = sim.landmarks, sim.truth
    saved, holds_seen, last, said = None, [], None, []
    url = f"{WS}?exercise={exercise}&sets=1&reps={case['reps']}&fps={lm.fps}"
    with client.websocket_connect(url) as ws:
        receive(ws)
        for a in range(0, len(lm.t), 6):
            ws.send_text(rows_message(lm, a, min(a + 6, len(lm.t))))
            last = receive(ws)
            assert last["type"] == "result", last
            if last["state"]["phase"] == "hold":
                holds_seen.append(last["t"])
            saved = next((e["set"] for e in last["effects"] if e["type"] == "set_saved"), saved)
            said += [e for e in last["effects"] if e["type"] == "say"]
            if last["finished"]:
                break
    assert last is not None and last["finished"], "the set should end by itself"
    assert saved is not None
    # reps per side: exactly the truth
    want: dict[str, int] = {}
    for rep in truth.reps:
        side = rep.side if rep.side in ("left", "right") else "none"
        want[side] = want.get(side, 0) + 1
    assert saved["reps_per_side"] == want
    assert saved["complete"]
    # hold timers (of exercises prescribed with a hold) start when the camera sees the
    # hold: inside each truth hold window
    prescribed_hold = default_catalog()[exercise].dosage.hold_s > 0
    assert bool(holds_seen) == prescribed_hold
    for rep in truth.reps if prescribed_hold else ():
        if "hold" in rep.phases:
            start, end = rep.phases["hold"]
            assert any(start - 0.7 <= t <= end for t in holds_seen), (rep.index, start)
    # injected faults are logged on their rep
    for fault in truth.faults:
        reps_with = {f["rep"] for f in saved["faults"] if f["rule"] == fault.rule}
        assert fault.rep_index + 1 in reps_with
    # a per-side set prompts the switch once the first side's reps are done
    switches = [e["text"] for e in said if e["text"].startswith("Switch sides")]
    assert len(switches) == (1 if set(want) == {"left", "right"} else 0)
    # fault cues are said with the rule's own words, and their audio is served
    rules = {r.id: r for r in default_catalog()[exercise].rules}
    fault_cues = [e for e in said if e["kind"] == "fault"]
    for fault in truth.faults:
        assert any(e["text"] == rules[fault.rule].cue for e in fault_cues)
    if shutil.which("espeak-ng") and fault_cues:
        audio = client.get(fault_cues[0]["audio"])
        assert audio.status_code == 200 and audio.content[:4] == b"RIFF"
    # the live path adds nothing and loses nothing: same as the whole-file analysis
    offline = analyze(lm, default_catalog()[exercise])
    assert saved["holds_s"] == pytest.approx([round(r.hold_s, 1) for r in offline.reps], abs=0.11)
    assert sorted((f["rule"], f["rep"]) for f in saved["faults"] if f["rep"]) == sorted(
        (f.rule, r.index) for r in offline.reps for f in r.faults
    )
    # and the set is in the store, with its faults
    store = open_store(settings.db_url)
    try:
        record = get_session(store, 1)
    finally:
        store.close()
    assert record.status == "completed"
    # stored as the terminal stores it: one row a side for a per-side set, each row with
    # only its side's reps
    assert [(s.side, s.reps) for s in record.sets] == [
        (side if side != "none" else "none", n) for side, n in want.items()
    ]
    assert all(s.exercise_id == exercise and s.source == "camera" for s in record.sets)
    assert sum(s.reps for s in record.sets) == len(truth.reps)
    stored_rules = sorted(f.rule for s in record.sets for r in s.rep_log for f in r.faults)
    assert stored_rules == sorted(f["rule"] for f in saved["faults"] if f["rep"])
    # and against today's planned dose (the hold the plan prescribes), kept with it
    (dose,) = record.resume_state["exercises"]
    assert dose["hold_s"] == default_catalog()[exercise].dosage.hold_s


def test_leaving_mid_session_keeps_the_finished_set(client: TestClient, settings: Any) -> None:
    sim_mod = pytest.importorskip("upright.sim")
    lm = sim_mod.simulate("y_raise", reps=4, seed=1).landmarks
    with client.websocket_connect(f"{WS}?exercise=y_raise&sets=2&reps=4&fps={lm.fps}") as ws:
        receive(ws)
        for a in range(0, len(lm.t), 15):
            ws.send_text(rows_message(lm, a, min(a + 15, len(lm.t))))
            last = receive(ws)
            if last["state"]["phase"] == "rest":
                break
    assert last["state"]["phase"] == "rest" and last["state"]["sets_done"] == 1
    deadline = time.monotonic() + 10
    store = open_store(settings.db_url)
    try:
        while (record := get_session(store, 1)).status == "in_progress":
            assert time.monotonic() < deadline, "the session should be closed when the page goes"
            time.sleep(0.1)
    finally:
        store.close()
    assert record.status == "abandoned"
    assert [s.reps for s in record.sets] == [4]


def test_replies_are_strict_json_with_null_for_nan() -> None:
    assert _dumps({"a": 1.5, "b": ["x"]}) == '{"a": 1.5, "b": ["x"]}'
    got = json.loads(_dumps({"a": math.nan, "b": [1.0, (math.inf, 2)], "c": {"d": -math.inf}}))
    assert got == {"a": None, "b": [1.0, [None, 2]], "c": {"d": None}}


def test_continue_on_the_session_page_stops_the_camera_session(
    client: TestClient, settings: Any
) -> None:
    sim_mod = pytest.importorskip("upright.sim")
    lm = sim_mod.simulate("y_raise", reps=4, seed=1).landmarks
    with client.websocket_connect(f"{WS}?exercise=y_raise&sets=2&reps=4&fps={lm.fps}") as ws:
        receive(ws)
        a = 0
        while a < len(lm.t):
            ws.send_text(rows_message(lm, a, min(a + 15, len(lm.t))))
            a += 15
            last = receive(ws)
            if last["state"]["phase"] == "rest":
                break
        assert last["state"]["sets_done"] == 1 and not last["stopped"]
        # The runner opens the Session page elsewhere and continues there.
        taken = client.post("/api/sessions/resume", json={"session": 1, "speed": 1})
        assert taken.status_code == 200, taken.text
        # The camera's engine is stopped: it says so and records nothing more.
        ws.send_text(rows_message(lm, a, a + 15))
        after = receive(ws)
        assert after["stopped"] and after["finished"], after
        for b in range(a + 15, len(lm.t), 15):
            ws.send_text(rows_message(lm, b, min(b + 15, len(lm.t))))
            receive(ws)
    store = open_store(settings.db_url)
    try:
        record = get_session(store, 1)
    finally:
        store.close()
    assert record.status == "in_progress"  # the Session page carries it on
    assert [s.reps for s in record.sets] == [4]  # the camera's set, once; nothing after
