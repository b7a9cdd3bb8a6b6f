"""The live coaching use case without a front end: landmark rows in, a stored set out.

A small session of the test's own (the `LiveSession` a front end keeps: the engine on the
stream's clock, its finished sets written to the store) is driven by
`upright.workflows.live.LiveCoach`, as the web app's Live socket drives it: real
session engine, real SQLite store, sim rows through the coach's per-row path.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pytest

from upright import store
from upright.session import SessionEngine, SessionFinished, SetFinished, user_event
from upright.sim import simulate
from upright.workflows.live import LiveCoach, LiveInputError, PoseStream
from upright.workflows.sessions import SessionRun, planned_prescription, start_session


@dataclass
class StreamSession:
    """The least a front end keeps of a live session: its clock and the engine's effects."""

    run: SessionRun
    engine: SessionEngine
    lock: threading.Lock = field(default_factory=threading.Lock)
    stream_s: float = 0.0
    finished: bool = False
    saved: list[dict[str, Any]] = field(default_factory=list)

    def clock(self) -> float:
        return self.stream_s

    def _carry_out(self) -> None:
        for effect in self.engine.drain():
            if isinstance(effect, SetFinished):
                self.run.record(effect.result)
                self.saved.append(effect.result.to_dict())
            elif isinstance(effect, SessionFinished) and not self.finished:
                self.finished = True
                self.run.end("completed")

    def handle(self, action: str, rating: str | None = None) -> None:
        with self.lock:
            self.engine.handle(user_event(action, rating=rating), now=self.clock())
            self._carry_out()

    def state(self, since: int = 0) -> dict[str, Any]:
        with self.lock:
            self.engine.tick(self.clock())
            self._carry_out()
            return {"seq": 0, "snapshot": self.engine.snapshot(), "effects": [], "stopped": False}

    def abandon(self) -> None:
        with self.lock:
            if not self.finished:
                self.finished = True
                self.run.end("abandoned")


def no_pose() -> PoseStream:
    raise AssertionError("landmark rows need no pose model")


def rows(lm: Any, a: int, b: int) -> list[dict[str, Any]]:
    return [
        {
            "t": float(lm.t[i]),
            "image": lm.image[i].tolist(),
            "world": np.where(np.isfinite(lm.world[i]), lm.world[i], np.nan).tolist(),
            "visibility": lm.visibility[i].tolist(),
        }
        for i in range(a, b)
    ]


def test_a_cable_row_filmed_from_in_front_is_coached_and_stored(st: store.Store) -> None:
    sim = simulate("seated_cable_row", reps=4, view="front", points="image", seed=2)
    lm = sim.landmarks
    run = start_session(
        st, "me", planned_prescription(None), exercise_ids=["seated_cable_row"], sets=1, reps=4
    )
    session = StreamSession(run, run.engine(camera=True))
    coach = LiveCoach(session, lm.fps, no_pose)
    last: dict[str, Any] = coach.current()
    for a in range(0, len(lm), 6):
        last = coach.rows(rows(lm, a, min(a + 6, len(lm))), lm.width, lm.height)
        if last["finished"]:
            break
    assert last["finished"], "the set should end by itself at its 4 reps"
    (saved,) = session.saved
    assert saved["reps_per_side"] == {"none": 4}
    assert saved["complete"]
    stored = store.get_session(st, run.session_id)
    assert stored is not None and stored.status == "completed"
    coach.close()


def test_rows_out_of_order_change_nothing(st: store.Store) -> None:
    sim = simulate("bent_over_row", reps=1, seed=3)
    lm = sim.landmarks
    run = start_session(
        st, "me", planned_prescription(None), exercise_ids=["bent_over_row"], sets=1, reps=1
    )
    coach = LiveCoach(StreamSession(run, run.engine(camera=True)), lm.fps, no_pose)
    coach.rows(rows(lm, 0, 5), lm.width, lm.height)
    with pytest.raises(LiveInputError, match="expected after"):
        coach.rows(rows(lm, 3, 8), lm.width, lm.height)
    assert coach.frames == 5
    coach.close()
    assert store.get_session(st, run.session_id).status == "abandoned"
