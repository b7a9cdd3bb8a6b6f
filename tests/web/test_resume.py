"""Continuing a guided session the browser or the server dropped, through the real app.

Each test drives the self-paced session API on a real SQLite file with the clock at
``SPEED`` x, tapping "rep done" whenever a rep waits for it (after its hold: a tap
sooner counts nothing), so a set takes a second or so of wall time: of a `FakeWall`,
moved on by the test's waits between two looks, so no real time is waited.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from fastapi.testclient import TestClient

from testkit import LOCAL, FakeWall, app_on_wall
from upright.catalog import default_catalog
from upright.plan import default_session
from upright.session import SessionEngine, expand, user_event
from upright.session.recorder import read_resume_state
from upright.sim import simulate
from upright.store import athlete_id, get_session, last_sessions, open_store, save_resume_state
from upright.web.guided import GuidedSession, GuidedSessions
from upright.web.settings import WebSettings
from upright.workflows.sessions import Unfinished, time_ago

KEYS = ("setup", "get_ready", "switch_side", "rest")
SPEED = 100
REPS = ("moving", "hold", "return", "tuck", "confirm")
WALL = FakeWall()  # one wall for every app of a test, as one machine's clock is


@pytest.fixture
def client(settings: WebSettings) -> TestClient:
    """The web app on ``settings``, its sessions timed by `WALL` (no real waiting)."""
    return _fresh_client(settings)


def _post(client: TestClient, sid: str, action: str, **extra: Any) -> dict[str, Any]:
    r = client.post(f"/api/sessions/{sid}/events", json={"action": action, **extra})
    assert r.status_code == 200, r.text
    return r.json()


def _to_rating(client: TestClient, state: dict[str, Any]) -> dict[str, Any]:
    """Press through the set under way until the page asks for its rating."""
    sid = state["id"]
    for _ in range(20_000):
        snap = state["snapshot"]
        if snap["rating_pending"]:
            return state
        assert snap["phase"] in KEYS + REPS, snap["phase"]
        if snap["phase"] in KEYS:
            state = _post(client, sid, "start")
        elif snap["rep_done"]:  # a rep counts only once its hold has run
            state = _post(client, sid, "rep_done")
        else:
            WALL.sleep(0.02)
            state = client.get(f"/api/sessions/{sid}").json()
    raise AssertionError("the set never reached its rating")


def _do_set(client: TestClient, state: dict[str, Any]) -> dict[str, Any]:
    """One whole set, rated clean; returns the state in the rest after it."""
    state = _to_rating(client, state)
    state = _post(client, state["id"], "rate", rating="clean")
    assert any(e["type"] == "set_saved" for e in state["effects"])
    return state


def _sets(rows: Any) -> list[tuple[str, int]]:
    """(exercise id, reps) of each set: a per-side set's rows (one a side) taken together.

    In the order written (row ids): at ``SPEED`` x the engines' wall-clock stamps run
    100 times fast, so a resumed engine's sets can carry earlier times than the first's.
    """
    out: list[tuple[str, int]] = []
    starts: list[Any] = []
    for row in sorted(rows, key=lambda r: r.id):
        if starts and starts[-1] == (row.exercise_id, row.started_at):
            out[-1] = (row.exercise_id, out[-1][1] + row.reps)
        else:
            starts.append((row.exercise_id, row.started_at))
            out.append((row.exercise_id, row.reps))
    return out


def _stored(settings: WebSettings) -> list[tuple[str, int]]:
    """(exercise id, reps) of every stored set of the athlete's newest session."""
    with open_store(settings.db_url) as st:
        newest = last_sessions(st, athlete_id(st, "me"))[0]
        return _sets(newest.sets)


def _fresh_client(settings: WebSettings) -> TestClient:
    """A new app on the same files: what a restarted server is (no engine in memory)."""
    return TestClient(app_on_wall(settings, WALL), base_url="http://127.0.0.1:8765", client=LOCAL)


def test_continue_after_a_killed_server(client: TestClient, settings: WebSettings) -> None:
    assert client.get("/session").status_code == 200
    assert 'id="continue"' not in client.get("/session").text  # nothing to continue yet
    state = client.post("/api/sessions", json={"speed": SPEED}).json()
    state = _do_set(client, state)
    state = _post(client, state["id"], "start")  # skip the rest
    state = _do_set(client, state)
    state = _post(client, state["id"], "start")
    state = _to_rating(client, state)  # the 3rd set done but not rated: lost with the server
    done = _stored(settings)
    assert len(done) == 2

    restarted = _fresh_client(settings)
    page = restarted.get("/session").text
    with open_store(settings.db_url) as st:
        stored = last_sessions(st, athlete_id(st, "me"))[0]
        point = read_resume_state(stored)
    plans = expand(point.prescription, default_catalog())
    assert stored.status == "in_progress"
    assert f"You stopped after 2 of {len(plans)} sets, just now." in page
    assert 'id="continue"' in page and "Continue the session" in page
    assert plans[2].title in page
    assert 'id="start"' not in page  # the page offers continue or start over, not a third way

    state = restarted.post(
        "/api/sessions/resume", json={"session": stored.id, "speed": SPEED}
    ).json()
    snap = state["snapshot"]
    assert state["sets_before"] == 2 and snap["phase"] == "setup"
    assert snap["title"] == plans[2].title
    assert (snap["exercise"]["id"], snap["set"]) == (plans[2].exercise.id, plans[2].set_index + 1)
    assert _stored(settings) == done  # continuing writes nothing by itself
    state = _do_set(restarted, state)
    after = _stored(settings)
    assert len(after) == 3 and after[:2] == done  # the 3rd set once; the first two not again
    with open_store(settings.db_url) as st:
        again = get_session(st, stored.id)
    assert again.status == "in_progress" and len(_sets(again.sets)) == 3
    assert sorted(read_resume_state(again).done) == sorted(p.key for p in plans[:3])
    assert "You stopped after 3 of" in restarted.get("/session").text


def test_continue_from_a_closed_tab_stops_the_old_engine(
    client: TestClient, settings: WebSettings
) -> None:
    old = client.post("/api/sessions", json={"speed": SPEED}).json()
    old = _do_set(client, old)
    old = _post(client, old["id"], "start")
    old = _to_rating(client, old)  # the 2nd set waits for its rating in the closed tab
    page = client.get("/session").text
    assert "running in a browser moments ago" in page
    sid = int(page.split('data-unfinished="')[1].split('"')[0])
    new = client.post("/api/sessions/resume", json={"session": sid, "speed": SPEED}).json()
    assert new["sets_before"] == 1 and new["snapshot"]["set"] is not None
    # The old tab's engine is gone: its rating cannot save the 2nd set a second time.
    late = client.post(
        f"/api/sessions/{old['id']}/events", json={"action": "rate", "rating": "clean"}
    )
    assert late.status_code == 404
    assert len(_stored(settings)) == 1
    _do_set(client, new)
    assert len(_stored(settings)) == 2
    # A second Continue (another click) takes over again: still one engine, no set doubled.
    again = client.post("/api/sessions/resume", json={"session": sid, "speed": SPEED}).json()
    assert again["sets_before"] == 2
    assert client.get(f"/api/sessions/{new['id']}").status_code == 404
    assert len(_stored(settings)) == 2


def test_start_over_abandons_the_old_session_and_keeps_its_sets(
    client: TestClient, settings: WebSettings
) -> None:
    first = client.post("/api/sessions", json={"speed": SPEED}).json()
    _do_set(client, first)
    page = _fresh_client(settings).get("/session").text
    sid = int(page.split('data-unfinished="')[1].split('"')[0])
    assert "its one saved set stays in your log" in page
    fresh = client.post("/api/sessions", json={"speed": SPEED, "start_over": sid}).json()
    assert fresh["sets_before"] == 0 and fresh["snapshot"]["set"] == 1
    with open_store(settings.db_url) as st:
        old = get_session(st, sid)
        newest = last_sessions(st, athlete_id(st, "me"))[0]
    assert old.status == "abandoned" and len(_sets(old.sets)) == 1
    assert newest.id != sid and newest.status == "in_progress" and not newest.sets
    # The page now offers the new session, and a stale Continue of the old one is refused.
    assert f'data-unfinished="{newest.id}"' in client.get("/session").text
    stale = client.post("/api/sessions/resume", json={"session": sid})
    assert stale.status_code == 400 and "reload the page" in stale.json()["error"]
    assert client.get(f"/api/sessions/{first['id']}").status_code == 404


def test_the_prompt_in_words() -> None:
    now = datetime(2026, 11, 25, 15, 40, tzinfo=UTC)
    assert time_ago(now - timedelta(seconds=20), now) == "just now"
    assert time_ago(now - timedelta(minutes=40), now) == "40 min ago"
    assert time_ago(now - timedelta(minutes=95), now) == "1 h 35 min ago"
    assert time_ago(now - timedelta(hours=5, minutes=10), now) == "5 h ago"
    left = Unfinished(7, 3, 8, now - timedelta(minutes=40), "Bird dog, set 2 of 2")
    assert left.summary(now) == "You stopped after 3 of 8 sets, 40 min ago."
    assert "no set was finished" in Unfinished(7, 0, 8, now, "Y-raise, set 1 of 2").summary(now)
    assert "left open" in Unfinished(7, 8, 8, now, None).summary(now)


def test_an_unreadable_resume_state_is_named_and_a_new_start_offered(
    client: TestClient, settings: WebSettings
) -> None:
    client.post("/api/sessions", json={"speed": SPEED})
    with open_store(settings.db_url) as st:
        sid = last_sessions(st, athlete_id(st, "me"))[0].id
        save_resume_state(st, sid, {"version": 99})
    page = _fresh_client(settings).get("/session").text
    assert "could not be continued" in page and f"session {sid}: resume_state" in page
    assert 'id="start"' in page and 'id="continue"' not in page


def test_take_over_stops_an_adopted_engine(tmp_path: Path) -> None:
    """A session made outside the page (the Live page's) is stopped by a take-over too."""
    saved: list[int] = []
    plans = expand(default_session(default_catalog()), default_catalog())

    def make(sid: str, store_id: int = 7) -> GuidedSession:
        return GuidedSession(
            id=sid,
            engine=SessionEngine(plans, camera=True),
            athlete_id=1,
            store_session_id=store_id,
            speed=200.0,
            audio_dir=tmp_path,
            on_set=lambda gs, result: saved.append(result.set_index),
            on_finish=lambda gs, status: None,
        )

    sessions = GuidedSessions()
    live, other = make("live-7"), make("live-8", store_id=8)
    sessions.adopt(live)
    sessions.adopt(other)
    assert sessions.last_seen_s(7) is not None
    new = sessions.take_over(7, make)
    assert live.stopped and sessions.get("live-7") is None and sessions.get(new.id) is new
    assert not other.stopped and sessions.get("live-8") is other
    # one rep seen by the camera, then the set ends: a set with a rep to save
    rep = SimpleNamespace(kind="rep_counted", t=1.0, side="left", rep=0, hold_s=3.0)
    live.engine.handle(rep, now=1.0)
    live.engine.handle(user_event(action="skip_set"), now=1.5)  # a set ends in the old engine
    live.state()
    assert saved == []  # ...and is not saved by it
    new.engine.handle(rep, now=1.0)
    new.handle("skip_set")
    assert saved == [0]


def test_the_terminal_resume_finishes_what_the_page_began(
    client: TestClient, settings: WebSettings, tmp_path: Path
) -> None:
    """One resume state for both front ends: ``upright session --resume`` runs the next set."""
    state = client.post("/api/sessions", json={"speed": SPEED}).json()
    state = _do_set(client, state)
    state = _post(client, state["id"], "start")
    _do_set(client, state)
    done = _stored(settings)
    with open_store(settings.db_url) as st:
        stored = last_sessions(st, athlete_id(st, "me"))[0]
        plans = expand(read_resume_state(stored).prescription, default_catalog())
    # The terminal has no keys here, so the camera counts: the next set's simulated
    # landmarks (its exercise, its prescribed reps) played as the camera.
    third = plans[2]
    npz = simulate(third.exercise.id, reps=third.reps, seed=5).save(tmp_path, "third")[0]
    upright = Path(sys.executable).with_name("upright")
    proc = subprocess.run(
        [str(upright), "session", "--resume", "--db", settings.db_url, "--athlete", "me"]
        + ["--landmarks", str(npz), "--speed", "100", "--mute"],
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    with open_store(settings.db_url) as st:
        newest = get_session(st, stored.id)
    assert _sets(newest.sets) == [*done, (third.exercise.id, third.reps)]
    assert max(newest.sets, key=lambda s: s.id).source == "camera"  # the last one written
    assert sorted(read_resume_state(newest).done) == sorted(p.key for p in plans[:3])
