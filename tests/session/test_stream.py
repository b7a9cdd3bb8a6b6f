"""Landmark files played into the engine on the session clock, one file a set."""

from __future__ import annotations

import numpy as np
import pytest

from upright.motion import Landmarks, save_npz
from upright.session import SessionEngine, expand
from upright.session.stream import CameraFeed, Stream, files_source


def write_file(path, seconds, fps=30.0, t0=100.0):
    n = int(seconds * fps)
    image = np.full((n, 33, 3), 50.0, np.float32)
    lm = Landmarks.create(image, fps=fps, width=640, height=480, t=t0 + np.arange(n) / fps)
    save_npz(lm, path)
    return path


class ScriptedAnalyzer:
    """Stands in for the live analysis: says 'ready' at 1 s, then counts a rep every 4 s
    from 5 s on (stream seconds from the file's first row), alternating no side."""

    instances: list[ScriptedAnalyzer] = []

    def __init__(self, exercise, stream: Stream):
        self.exercise = exercise
        self.fps = stream.fps
        self.t0 = None
        self.seen = 0
        self.finished = False
        ScriptedAnalyzer.instances.append(self)

    def push(self, t, image, world, visibility):
        from types import SimpleNamespace as E

        self.t0 = t if self.t0 is None else self.t0
        self.seen += 1
        rel = round(t - self.t0, 6)
        if rel == 1.0:
            return [E(kind="ready", t=t)]
        if rel >= 5.0 and abs((rel - 5.0) % 4.0) < 1e-6:
            return [E(kind="rep_counted", t=t, side="both", rep=None, hold_s=3.0)]
        return []

    def finish(self):
        self.finished = True
        return []


@pytest.fixture(autouse=True)
def _reset():
    ScriptedAnalyzer.instances.clear()


def test_files_play_in_session_time_one_per_set(tmp_path, catalog, make_prescription, fake_clock):
    files = [write_file(tmp_path / "a.npz", 20.0), write_file(tmp_path / "b.npz", 20.0)]
    rx = make_prescription(("y_raise", 2, 3))
    engine = SessionEngine(expand(rx, catalog), camera=True)
    feed = CameraFeed(files_source(files), make_analyzer=ScriptedAnalyzer)
    clock = fake_clock(engine, step=0.05)
    while engine.phase.value != "done" and clock.t < 400:
        clock.t = round(clock.t + 0.05, 6)
        feed.step(engine, clock.t)
        engine.tick(clock.t)
        clock._note()
    first, second = engine.results
    # set 1 starts at 0: ready at 1 s, reps at 5, 9, 13 s of the file = session seconds
    assert [r.end_s for r in first.reps] == pytest.approx([5.0, 9.0, 13.0], abs=0.06)
    assert first.reps_per_side() == {"none": 3}
    assert first.complete
    # set 2 starts after the 60 s rest, with a fresh analyser on the second file
    rest_end = 13.0 + 60.0
    assert len(ScriptedAnalyzer.instances) == 2
    assert [r.end_s for r in second.reps] == pytest.approx([5.0, 9.0, 13.0], abs=0.06)
    gap_s = (second.started_at - first.started_at).total_seconds()
    assert gap_s == pytest.approx(rest_end, abs=0.1)


def test_a_file_too_short_ends_its_set_with_what_was_counted(
    tmp_path, catalog, make_prescription, fake_clock
):
    files = [write_file(tmp_path / "a.npz", 10.0)]  # time for reps at 5 and 9 s only
    rx = make_prescription(("y_raise", 1, 3))
    engine = SessionEngine(expand(rx, catalog), camera=True)
    feed = CameraFeed(files_source(files), make_analyzer=ScriptedAnalyzer)
    t = 0.0
    while engine.phase.value != "done" and t < 100:
        t = round(t + 0.05, 6)
        feed.step(engine, t)
        engine.tick(t)
    (result,) = engine.results
    assert result.reps_per_side() == {"none": 2}
    assert not result.complete
    assert ScriptedAnalyzer.instances[0].finished
    assert t == pytest.approx(10.0, abs=0.1)  # ended when the file did
