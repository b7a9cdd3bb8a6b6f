"""The Live page opens its session the way the Session page does (one open per athlete).

Real app, real SQLite store, landmark rows from `upright.sim` through the socket.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from upright.catalog import default_catalog
from upright.session import SessionEngine, expand
from upright.session.speech import cache_key
from upright.store import athlete_id, get_session, last_sessions, open_store
from upright.web.guided import GuidedSession
from upright.web.live_coach import live_cue_texts, prerender
from upright.web.settings import WebSettings
from upright.workflows.sessions import first_exercise, planned_prescription

WS = "ws://127.0.0.1:8765/ws/live"
needs_espeak = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="no espeak-ng")


def receive(ws: Any) -> dict[str, Any]:
    return json.loads(ws.receive_text())


def sessions_of_me(settings: WebSettings) -> list[Any]:
    with open_store(settings.db_url) as st:
        return last_sessions(st, athlete_id(st, "me"), 20)


def test_live_refuses_while_a_session_can_be_continued(
    client: TestClient, settings: WebSettings
) -> None:
    started = client.post("/api/sessions", json={"speed": 1})  # on the Session page
    assert started.status_code == 200
    (opened,) = sessions_of_me(settings)
    with client.websocket_connect(f"{WS}?exercise=y_raise&sets=1&reps=2") as ws:
        refusal = receive(ws)
        with pytest.raises(WebSocketDisconnect) as closed:
            ws.receive_text()
    assert closed.value.code == 4409
    assert refusal["type"] == "error" and refusal["unfinished"] == opened.id
    assert "unfinished session" in refusal["message"] and "Session page" in refusal["message"]
    assert [s.id for s in sessions_of_me(settings)] == [opened.id]  # nothing new opened
    page = client.get("/live").text
    assert f'data-unfinished="{opened.id}"' in page
    assert f'name="start_over" id="start-over" value="{opened.id}"' in page
    assert 'href="/session"' in page


def test_live_start_over_closes_the_open_session_and_stops_its_engine(
    client: TestClient, settings: WebSettings
) -> None:
    started = client.post("/api/sessions", json={"speed": 1}).json()
    (opened,) = sessions_of_me(settings)
    url = f"{WS}?exercise=y_raise&sets=1&reps=2&start_over={opened.id}"
    with client.websocket_connect(url) as ws:
        hello = receive(ws)
        assert hello["type"] == "hello" and hello["state"]["phase"] == "setup"
        newest, old = sessions_of_me(settings)
        assert old.id == opened.id and old.status == "abandoned"
        assert newest.status == "in_progress"
    # the Session page's engine of the old session no longer runs
    assert client.get(f"/api/sessions/{started['id']}").status_code == 404
    # the page left: the live session was closed as abandoned before the socket ended
    assert get_session_status(settings, newest.id) == "abandoned"


def get_session_status(settings: WebSettings, session_id: int) -> str:
    with open_store(settings.db_url) as st:
        return get_session(st, session_id).status


def test_one_live_session_after_another_is_never_refused(
    client: TestClient, settings: WebSettings
) -> None:
    for _ in range(3):
        with client.websocket_connect(f"{WS}?exercise=y_raise&sets=1&reps=2") as ws:
            assert receive(ws)["type"] == "hello"
    statuses = [s.status for s in sessions_of_me(settings)]
    assert statuses == ["abandoned"] * 3


def test_the_live_page_offers_the_plans_first_exercise(client: TestClient) -> None:
    session_page = client.get("/session").text
    names = re.findall(r"<li><strong>([^<]+)</strong>", session_page)
    by_name = {ex.name: ex.id for ex in default_catalog().values()}
    live_page = client.get("/live").text
    exercise_select = live_page.split('id="exercise"')[1].split("</select>")[0]
    chosen = re.findall(r'<option value="(\w+)" selected>', exercise_select)
    assert chosen == [by_name[names[0]]]


@needs_espeak
def test_every_live_cue_is_rendered_ahead_and_a_reason_on_demand(tmp_path: Path) -> None:
    catalog = default_catalog()
    plans = expand(planned_prescription(None), catalog)
    engine = SessionEngine(plans, camera=True)
    texts = live_cue_texts(engine)
    assert len(texts) > 3 * len(plans)
    prerender(texts, tmp_path).join(timeout=300)
    missing = [t for t in texts if not (tmp_path / f"{cache_key(t)}.wav").is_file()]
    assert missing == []
    # a camera's "not counted" reason is known only when said: it is rendered then
    reason = "The hips turned open."
    guided = GuidedSession(
        id="x",
        engine=engine,
        athlete_id=1,
        store_session_id=1,
        speed=1.0,
        audio_dir=tmp_path,
        on_set=lambda gs, result: None,
        on_finish=lambda gs, status: None,
    )

    class NotCounted:
        kind = "not_counted"
        t = 40.5
        message = reason

    for step in range(81):  # the set-up lines are said first
        engine.tick(step * 0.5)
    engine.handle(NotCounted())
    said = [e for e in guided.state()["effects"] if e["type"] == "say"]
    ours = [e for e in said if e["text"].endswith(reason)]
    assert ours and ours[0]["audio"] == f"/audio/{cache_key(ours[0]['text'])}.wav"
    assert (tmp_path / f"{cache_key(ours[0]['text'])}.wav").is_file()
    assert first_exercise(planned_prescription(None)).exercise_id == plans[0].exercise.id
