"""A user's own exercise, one TOML file and no code: counted, coached, planned, watched live.

The test writes a standing front raise (a group of its own, "shoulders") into the user's
exercise folder (``$UPRIGHT_CATALOG``) and runs it through every path a built-in
exercise takes: the video analysis, the session engine and the real terminal
``upright session``, the planner, and the Live page's socket. Its motion is built by
hand below, so the answer (4 reps, each held 2 s at the top) is known before any code
runs. Nothing in the package names this exercise: its phase calls, what makes a hold,
its plan group and place come from the file.
"""

from __future__ import annotations

import json
import subprocess
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from testkit import command_environ, rows_message, session_command
from upright.catalog import KEYPOINT_INDEX, Exercise, default_catalog, load_catalog
from upright.motion import Landmarks, analyze, save_npz

K = KEYPOINT_INDEX
REPS, HOLD_S = 4, 2.0

FRONT_RAISE = """\
# A user's own exercise: both straight arms raised in front to shoulder height.

# Its own plan group, placed after the program's three.
[groups.shoulders]
order = 4
needs = "light dumbbells (front raise)"
purpose = "the front of the shoulders (front raise)"

[[exercise]]
id = "front_raise"
name = "Standing front raise"
group = "shoulders"
summary = "Standing tall, raise both straight arms in front to shoulder height and hold."
equipment = ["dumbbells"]
sides = "none"
view = "side"
rules = ["tempo_raise", "tempo_return", "even_arms"]
setup = ["Stand tall, a light dumbbell in each hand, arms long at your sides."]
cues = ["Arms long, lift from the shoulders."]
plan = { rank = 1 }

[exercise.calls]
moving = "Arms up."
hold = "Hold them level."
hold_done = "Down with control."
return = "Down with control."

[exercise.dosage]
sets = 1
reps_min = 4
reps_max = 8
hold_s = 2.0
raise_s = 1.5
return_s = 1.5
rest_s = 45.0

# Shoulder flexion: arms hanging (about 5 deg) to level in front (90 deg); both arms
# must stay up for the hold.
[exercise.rep]
signal = "arm_flexion"
rest = 10.0
peak = 90.0
limbs = "both_arms"
"""
CALLS = ("Arms up.", "Hold them level.", "Down with control.")


@pytest.fixture(scope="module")
def user_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The user's exercise folder holding the front raise, as `default_catalog` reads it."""
    folder = tmp_path_factory.mktemp("exercises")
    (folder / "front_raise.toml").write_text(FRONT_RAISE, encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("UPRIGHT_CATALOG", str(folder))
        default_catalog.cache_clear()
        yield folder
    default_catalog.cache_clear()


@pytest.fixture(scope="module")
def catalog(user_folder: Path) -> dict[str, Exercise]:
    return default_catalog()


def _frame(arm_deg: float) -> np.ndarray:
    """World points [33, 3] (metres, y down, origin mid-hip) of a person standing side-on.

    Facing +x; both straight arms at ``arm_deg`` of shoulder flexion (0 hanging, 90
    level in front); head points above the shoulders.
    """
    p = np.zeros((33, 3))
    th = np.radians(arm_deg)
    along = np.array([np.sin(th), np.cos(th), 0.0])
    for side, z in (("left", -1.0), ("right", 1.0)):
        sh, hip = np.array([0.0, -0.5, 0.18 * z]), np.array([0.0, 0.0, 0.1 * z])
        elbow, knee = sh + 0.3 * along, hip + np.array([0.0, 0.42, 0.0])
        wrist, ankle = elbow + 0.28 * along, knee + np.array([0.0, 0.42, 0.0])
        for name, pt in (
            ("shoulder", sh),
            ("elbow", elbow),
            ("wrist", wrist),
            ("pinky", wrist),
            ("index", wrist),
            ("thumb", wrist),
            ("hip", hip),
            ("knee", knee),
            ("ankle", ankle),
            ("heel", ankle + [-0.05, 0.02, 0.0]),
            ("foot_index", ankle + [0.15, 0.02, 0.0]),
        ):
            p[K[f"{side}_{name}"]] = pt
    for i in range(11):  # face points: nose, eyes, ears, mouth
        p[i] = np.array([0.05, -0.7, 0.02 * (i - 5)])
    return p


def front_raises(reps: int = REPS, fps: float = 30.0) -> Landmarks:
    """``reps`` front raises: 1.5 s up, `HOLD_S` held level, 1.5 s down, 1.5 s at rest.

    2 s standing before the first and after the last; a side view at 640x480 px, world
    points too.
    """
    lead, up, down, rest = 2.0, 1.5, 1.5, 1.5
    t = np.arange(int((2 * lead + reps * (up + HOLD_S + down + rest)) * fps)) / fps
    ramp = lambda x: 0.5 - 0.5 * np.cos(np.pi * np.clip(x, 0.0, 1.0))  # noqa: E731
    share = np.zeros_like(t)
    for i in range(reps):
        t0 = lead + i * (up + HOLD_S + down + rest)
        share = np.maximum(share, ramp((t - t0) / up) - ramp((t - t0 - up - HOLD_S) / down))
    world = np.array([_frame(5.0 + 85.0 * s) for s in share])
    image = np.stack(
        [320 + 300 * world[..., 0], 260 + 300 * world[..., 1], 300 * world[..., 2]], -1
    )
    vis = np.ones(world.shape[:2])
    return Landmarks.create(image, world=world, visibility=vis, fps=fps, width=640, height=480)


def test_the_file_is_read_with_its_own_group_calls_and_place(catalog):
    ex = catalog["front_raise"]
    assert ex.group == "shoulders" and ex.rep.limbs == "both_arms"
    assert (ex.call("moving"), ex.call("hold"), ex.call("return")) == (
        "Arms up.",
        "Hold them level.",
        "Down with control.",
    )
    assert ex.call("tuck") == "Hold."  # left out: the default call
    assert (ex.plan.rank, ex.plan.order, ex.plan.needs) == (1, 4, "light dumbbells (front raise)")
    # the built-in folder alone does not know it
    assert "front_raise" not in load_catalog()


def test_analysis_counts_the_reps_and_times_the_holds(catalog):
    result = analyze(front_raises(), catalog["front_raise"])
    assert [r.side for r in result.reps] == ["both"] * REPS
    for rep in result.reps:
        # held within the peak zone: the 2 s still, plus the last and first degrees of
        # the raise and the return
        assert HOLD_S <= rep.hold_s <= HOLD_S + 1.0, rep
        assert rep.faults == (), rep  # clean reps: slow enough, arms level together


def _spoken(engine: Any, confirm: bool) -> list[str]:
    """Run a self-paced ``engine`` to its end; every text it said."""
    from upright.session import RepDone, Say

    said, t = [], 0.0
    while engine.phase.value != "done":
        assert t < 600, f"stuck in {engine.phase}"
        t = round(t + 0.1, 6)
        engine.tick(t)
        if confirm and engine.phase.value == "confirm":
            engine.handle(RepDone(t))
        said += [e.spoken.cue.text for e in engine.drain() if isinstance(e, Say)]
    return said


def test_the_session_engine_says_the_files_phase_calls(catalog):
    from upright.plan import ExercisePrescription, SessionPrescription
    from upright.session import SessionEngine, expand

    item = ExercisePrescription(
        exercise_id="front_raise",
        name="Standing front raise",
        sets=1,
        reps=3,
        per_side=False,
        hold_s=2.0,
        rest_s=45.0,
    )
    plans = expand(SessionPrescription(exercises=(item,)), catalog)
    engine = SessionEngine(plans, camera=False, auto_rating="clean")
    said = _spoken(engine, confirm=True)
    assert said[0].startswith("Standing front raise")
    assert "Stand tall, a light dumbbell in each hand, arms long at your sides." in said
    for call in CALLS:
        assert call in said, (call, said)
    assert [r.reps_per_side() for r in engine.results] == [{"none": 3}]


def test_the_terminal_session_watches_a_landmark_file(user_folder, tmp_path):
    lm = front_raises()
    path = save_npz(lm, tmp_path / "front_raise.npz")
    db = f"sqlite:///{tmp_path / 'u.sqlite3'}"
    proc = subprocess.run(
        session_command(db, "user", "front_raise", REPS, path),
        capture_output=True,
        text=True,
        timeout=180,
        stdin=subprocess.DEVNULL,
        env=command_environ(UPRIGHT_CATALOG=str(user_folder)),
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Session done: 1 set saved." in proc.stdout
    from upright.store import athlete_id, last_sessions, open_store

    with open_store(db) as store:
        (session,) = last_sessions(store, athlete_id(store, "user"))
    (row,) = session.sets
    assert (row.exercise_id, row.side, row.reps, row.source) == ("front_raise", "none", 4, "camera")
    assert all(HOLD_S <= (r.hold_s or 0.0) <= HOLD_S + 1.0 for r in row.rep_log)


def test_the_plan_places_it_by_its_group(catalog):
    from upright.plan import default_session
    from upright.plan.session_builder import build_session

    start = default_session(catalog)
    assert [e.exercise_id for e in start.exercises] == [
        "bird_dog",
        "y_raise",
        "seated_cable_row",
        "front_raise",
    ]
    assert "the front of the shoulders (front raise)" in start.reason
    session, _minutes = build_session(catalog, frozenset({"mat", "ball", "cable", "dumbbells"}))
    ids = [e.exercise_id for e in session.exercises]
    # one exercise of each group in the groups' order (a second row may follow)
    assert ids[:4] == ["bird_dog", "y_raise", "seated_cable_row", "front_raise"], ids
    without, _ = build_session(catalog, frozenset({"mat", "ball", "cable"}))
    assert "front_raise" not in [e.exercise_id for e in without.exercises]
    assert "add light dumbbells (front raise) to cover every group" in without.reason


def test_the_live_socket_coaches_it(user_folder, tmp_path):
    warnings.filterwarnings("ignore", message=".*httpx.*")
    from fastapi.testclient import TestClient

    from upright.web.app import create_app
    from upright.web.auth import hash_token
    from upright.web.settings import WebSettings

    settings = WebSettings(
        data_dir=tmp_path / "data",
        db_url=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        token_hash=hash_token("t" * 32),
    )
    client = TestClient(
        create_app(settings), base_url="http://127.0.0.1:8765", client=("127.0.0.1", 50000)
    )
    lm = front_raises()
    url = f"ws://127.0.0.1:8765/ws/live?exercise=front_raise&sets=1&reps={REPS}&fps={lm.fps}"
    saved, said, last = None, [], None
    with client.websocket_connect(url) as ws:
        json.loads(ws.receive_text())
        for a in range(0, len(lm.t), 6):
            ws.send_text(rows_message(lm, a, min(a + 6, len(lm.t))))
            last = json.loads(ws.receive_text())
            assert last["type"] == "result", last
            saved = next((e["set"] for e in last["effects"] if e["type"] == "set_saved"), saved)
            said += [e["text"] for e in last["effects"] if e["type"] == "say"]
            if last["finished"]:
                break
    assert last is not None and last["finished"], "the set should end by itself"
    assert saved is not None and saved["reps_per_side"] == {"none": REPS}
    assert all(HOLD_S <= h <= HOLD_S + 1.0 for h in saved["holds_s"]), saved["holds_s"]
    assert "Hold them level." in said, said
