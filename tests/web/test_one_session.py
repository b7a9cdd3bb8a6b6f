"""One open session per athlete on the Session page's API: a second start is refused (409)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from upright.store import athlete_id, last_sessions, open_store
from upright.web.settings import WebSettings


def test_a_second_start_is_refused_until_the_first_is_continued_or_closed(
    client: TestClient, settings: WebSettings
) -> None:
    first = client.post("/api/sessions", json={"speed": 1})
    assert first.status_code == 200
    with open_store(settings.db_url) as st:
        (opened,) = last_sessions(st, athlete_id(st, "me"))
    second = client.post("/api/sessions", json={"speed": 1})
    assert second.status_code == 409
    body = second.json()
    assert body["unfinished"] == opened.id
    assert "'me' has an unfinished session" in body["error"] and "continue it" in body["error"]
    with open_store(settings.db_url) as st:
        assert [s.id for s in last_sessions(st, athlete_id(st, "me"))] == [opened.id]
    page = client.get("/session").text
    assert f'data-unfinished="{opened.id}"' in page and 'id="continue"' in page
    # another athlete is not held back by it
    client.post("/athletes/switch", data={"name": "Kim"}, follow_redirects=False)
    assert client.post("/api/sessions", json={"speed": 1}).status_code == 200
    client.post("/athletes/switch", data={"name": "me"}, follow_redirects=False)
    # starting over (the page's other button) closes the first and opens one new
    fresh = client.post("/api/sessions", json={"speed": 1, "start_over": opened.id})
    assert fresh.status_code == 200
    with open_store(settings.db_url) as st:
        newest, old = last_sessions(st, athlete_id(st, "me"))
    assert old.id == opened.id and old.status == "abandoned"
    assert newest.status == "in_progress"
    assert client.get(f"/api/sessions/{first.json()['id']}").status_code == 404
