"""A season of back sessions done through the terminal, the Session page and the live camera.

Sixteen weeks: each week the test writes the runner's runs (test_season's helpers) and the
runner does one bird-dog session through one front end, with a known outcome: clean,
faulty (camera-seen faults on more than a third of reps, or rated "struggled"), mixed
(rated "some faults": not clean, so the dose holds), partial (fewer reps than
prescribed) or abandoned (the camera page left after the first of two sets). After every
week the terminal's plan (``upright plan --json``) must equal the web app's
(``/api/plan``) from the same database, and its bird dog must follow the rules of
EXERCISES.md as this test applies them itself: one step up (hold, then reps) only after
two clean sessions running at the dose, never two things at once, within the catalog's
ranges; two faulty sessions running step back; anything else holds; an abandoned session
does not count.
"""

from __future__ import annotations

import functools
import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from testkit import FakeWall, app_on_wall, terminal_clock_on
from upright import store
from upright.catalog import default_catalog
from upright.cli import app
from upright.motion import Landmarks
from upright.plan.persist import save_activities
from upright.sim import FaultSpec, simulate
from upright.web.auth import hash_token
from upright.web.settings import WebSettings

from .test_season import week_of_runs

SPEED = 100
KEYS = ("setup", "get_ready", "switch_side", "rest")
WS = "ws://127.0.0.1:8765/ws/live"
runner = CliRunner()
BIRD = default_catalog()["bird_dog"]

# week -> (front end, outcome)
SEASON = {
    1: ("terminal", "clean"),
    2: ("web", "clean"),
    3: ("live", "abandoned"),
    4: ("terminal", "partial"),
    5: ("web", "clean"),
    6: ("terminal", "clean"),
    7: ("web", "faulty"),
    8: ("terminal", "faulty"),
    9: ("web", "clean"),
    10: ("live", "clean"),
    11: ("terminal", "clean"),
    12: ("web", "mixed"),
    13: ("live", "abandoned"),
    14: ("web", "clean"),
    15: ("terminal", "clean"),
    16: ("web", "clean"),
}


# ----- the rules, applied by the test ----------------------------------------------------
def step_up(dose: tuple[int, float]) -> tuple[int, float]:
    """The catalog's next bird-dog step: hold first (to its cap), then one rep a side."""
    reps, hold = dose
    if hold < BIRD.dosage.hold_max_s:
        return reps, hold + 1.0
    assert reps < BIRD.dosage.reps_max, "the season should not reach the variant"
    return reps + 1, hold


def step_back(dose: tuple[int, float]) -> tuple[int, float]:
    """The reverse: the last quantity above its start goes back one."""
    reps, hold = dose
    if reps > BIRD.dosage.reps_min:
        return reps - 1, hold
    return reps, max(BIRD.dosage.hold_s, hold - 1.0)


def expected(
    dose: tuple[int, float], streak: list[str], may_increase: bool
) -> tuple[tuple[int, float], bool]:
    """The next dose from the outcomes at ``dose`` (oldest first); True when it changed.

    ``may_increase`` is the plan's own flag for the session (False in a taper, or where a
    load warning holds the dose): then two clean sessions hold.
    """
    if streak[-2:] == ["clean", "clean"] and may_increase:
        return step_up(dose), True
    if streak[-2:] == ["faulty", "faulty"]:
        return step_back(dose), True
    return dose, False


# ----- the three front ends ---------------------------------------------------------------
def terminal_session(db: str, home: Path, dose: tuple[int, float], outcome: str) -> None:
    reps = dose[0] if outcome != "partial" else dose[0] - 3
    npz = home / f"bird-{outcome}-{reps}.npz"
    if not npz.exists():  # a week with the same reps and outcome plays the same set again
        faults = [FaultSpec.parse(f"pelvis_twist:15@{k}") for k in range(reps)]
        # 15 frames/s, a common camera rate: the plan is under test here, and half the
        # frames to play (motion at 30 fps has its own tests)
        sim = simulate(
            "bird_dog", reps=reps, faults=faults if outcome == "faulty" else (), seed=5, fps=15.0
        )
        sim.save(home, npz.stem)
    args = ["session", "--db", db, "--exercise", "bird_dog", "--sets", "1"]
    args += ["--landmarks", str(npz), "--rating", "clean", "--speed", str(SPEED), "--mute"]
    result = runner.invoke(app, args, env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output


def _post(client: TestClient, sid: str, since: int, action: str, **extra: Any) -> dict[str, Any]:
    url = f"/api/sessions/{sid}/events?since={since}"
    r = client.post(url, json={"action": action, **extra})
    assert r.status_code == 200, r.text
    return r.json()


def web_session(client: TestClient, wall: FakeWall, outcome: str) -> None:
    """Today's session on the Session page: the bird dog's sets done, the others skipped."""
    state = client.post("/api/sessions", json={"speed": SPEED}).json()
    sid = state["id"]
    rating = {"clean": "clean", "mixed": "some_faults", "faulty": "struggled"}[outcome]
    for _ in range(50_000):
        # as the page does, only the cues and sounds not yet seen are asked for
        snap, seen = state["snapshot"], state["seq"]
        if state.get("finished") or snap["phase"] == "done":
            break
        if snap["rating_pending"]:
            state = _post(client, sid, seen, "rate", rating=rating)
        elif snap["phase"] in KEYS and (snap.get("exercise") or {}).get("id") != "bird_dog":
            state = _post(client, sid, seen, "skip_set")
        elif snap["phase"] in KEYS:
            state = _post(client, sid, seen, "start")
        elif snap["rep_done"]:
            state = _post(client, sid, seen, "rep_done")
        else:  # a timed phase: look again 0.1 s later, as the page polls at any speed
            wall.sleep(0.1)  # above 1x (10 s of the session's clock at 100x)
            state = client.get(f"/api/sessions/{sid}?since={seen}").json()
    else:
        raise AssertionError("the web session never finished")


@functools.cache
def live_set(reps: int) -> Landmarks:
    """The camera's set of ``reps`` a side (read only; weeks at one dose share it)."""
    return simulate("bird_dog", reps=reps, seed=7, fps=15.0).landmarks  # as terminal_session


def live_session(client: TestClient, dose: tuple[int, float], outcome: str) -> None:
    """The camera path: rows of a simulated set played into the Live page's socket."""
    from tests.web.test_live_socket import receive, rows_message  # the socket's own helpers

    lm = live_set(dose[0])
    sets = 2 if outcome == "abandoned" else 1
    url = f"{WS}?exercise=bird_dog&sets={sets}&reps={dose[0]}&fps={lm.fps}"
    with client.websocket_connect(url) as ws:
        receive(ws)
        for a in range(0, len(lm.t), 15):
            ws.send_text(rows_message(lm, a, min(a + 15, len(lm.t))))
            last = receive(ws)
            if last["finished"] or last["state"]["phase"] == "rest":
                break
    assert last["state"]["sets_done"] == 1


# ----- the plan as each side shows it ------------------------------------------------------
def bird_dog(data: dict[str, Any]) -> dict[str, Any]:
    """The bird dog of the plan's first session, with that session's ``may_increase``."""
    first = next(s for w in data["weeks"] for s in w["sessions"])
    bird = next(e for e in first["exercises"] if e["exercise_id"] == "bird_dog")
    return {**bird, "may_increase": first["may_increase"]}


def plans(db: str, home: Path, client: TestClient, week: int) -> dict[str, Any]:
    out = home / f"plan-{week}.json"
    result = runner.invoke(app, ["plan", "--weeks", "3", "--db", db, "--json", str(out)])
    assert result.exit_code == 0, result.output
    terminal = json.loads(out.read_text())
    web = client.get("/api/plan?weeks=3").json()
    assert web["weeks"] == terminal["weeks"], f"week {week}: terminal and web differ"
    return terminal


@pytest.mark.slow
def test_a_season_of_sessions_through_every_front_end(tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    for var in ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(var, str(home / var.lower()))
    monkeypatch.delenv("UPRIGHT_PROFILE", raising=False)
    monkeypatch.delenv("UPRIGHT_DB", raising=False)
    db = f"sqlite:///{tmp_path / 'season.db'}"
    # sessions are stored at today's date, so the plans start today: the race is kept
    # months away, out of the taper (whose dates test_season checks)
    race = date.today() + timedelta(days=120)
    race += timedelta(days=6 - race.weekday())
    profile = (
        'timezone = "Europe/Berlin"\n'
        f'[[race]]\nname = "Autumn marathon"\ndate = {race.isoformat()}\npriority = "A"\n'
    )
    with store.open_store(db) as st:
        store.ensure_athlete(st, "me", profile_toml=profile)
    settings = WebSettings(
        data_dir=tmp_path / "data",
        db_url=db,
        token_hash=hash_token("season-token-" + "x" * 20),
        max_video_bytes=2_000_000,
        max_log_bytes=1_000_000,
    )
    wall = FakeWall()  # the terminal's and the Session page's timers, without the waiting
    terminal_clock_on(monkeypatch, wall)
    client = TestClient(
        app_on_wall(settings, wall), base_url="http://127.0.0.1:8765", client=("127.0.0.1", 50000)
    )
    dose = (BIRD.dosage.reps_min, BIRD.dosage.hold_s)
    assert bird_dog(plans(db, home, client, 0))["reps"] == dose[0]
    streak: list[str] = []
    raised = 0
    for week, (front, outcome) in SEASON.items():
        with store.open_store(db) as st:
            save_activities(st, store.ensure_athlete(st, "me"), week_of_runs(week))
        if front == "terminal":
            terminal_session(db, home, dose, outcome)
        elif front == "web":
            web_session(client, wall, outcome)
        else:
            live_session(client, dose, outcome)
        if outcome != "abandoned":
            streak.append(outcome)
        got = bird_dog(plans(db, home, client, week))
        want, changed = expected(dose, streak, got["may_increase"])
        where = f"week {week} ({front}, {outcome}): {got['note']}"
        assert (got["reps"], got["hold_s"]) == want, where
        assert got["reps"] <= BIRD.dosage.reps_max and got["hold_s"] <= BIRD.dosage.hold_max_s
        assert "Taper" not in got["note"], where  # the race is months away
        if changed:
            raised += want > dose
            dose, streak = want, []
    assert raised >= 3  # the season did climb, not only hold
    with store.open_store(db) as st:
        sessions = store.last_sessions(st, store.athlete_id(st, "me"), n=100)
    assert [s.status for s in sessions].count("abandoned") == 2
    assert len(sessions) == len(SEASON)
