"""Helpers shared by tests in several folders.

Imported by its name (``from testkit import ...``): the suite's top conftest puts tests/
on ``sys.path``. A helper lives in a module with a name of its own, never in a
``conftest`` (several folders have one, and ``import conftest`` finds whichever folder
is first on the path).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import numpy as np

from upright.motion import Landmarks

# The `upright` command of the virtual environment running the tests.
UPRIGHT = Path(sys.executable).with_name("upright")
# The address a loopback client connects from (the web app trusts it without a token).
LOCAL = ("127.0.0.1", 50000)


def session_command(
    db: str, athlete: str, exercise: str, reps: int, landmarks: Path, *, speed: int = 20
) -> list[str]:
    """`upright session` playing one set of ``reps`` from a landmark file, muted."""
    return [
        str(UPRIGHT),
        "session",
        "--db",
        db,
        "--athlete",
        athlete,
        "--exercise",
        exercise,
        "--sets",
        "1",
        "--reps",
        str(reps),
        "--landmarks",
        str(landmarks),
        "--speed",
        str(speed),
        "--mute",
    ]  # fmt: skip


def command_environ(**extra: str) -> dict[str, str]:
    """This environment for a child command, without the suite's terminal width."""
    kept = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    return {**kept, **extra}


class FakeWall:
    """A wall clock (seconds) that moves only when slept on: timers without the waiting.

    Given where the app takes a ``monotonic`` (and a ``sleep``): the terminal's
    `ScaledClock`, the web app's `GuidedSessions`. A sleep moves it on at once, so a
    session plays the same steps as in real time, minus the idle wait.
    """

    def __init__(self, start_s: float = 1000.0) -> None:
        self.now_s = start_s

    def __call__(self) -> float:
        return self.now_s

    def sleep(self, wall_s: float) -> None:
        self.now_s += wall_s


def terminal_clock_on(mp: Any, wall: FakeWall) -> None:
    """Through the `pytest.MonkeyPatch` ``mp``, run `upright session` in this process on ``wall``.

    The command makes its `ScaledClock` from the speed alone; this one also reads and
    sleeps on the fake wall.
    """
    from upright.session import runner

    real = runner.ScaledClock
    mp.setattr(runner, "ScaledClock", lambda speed: real(speed, monotonic=wall, sleep=wall.sleep))


def app_on_wall(settings: Any, wall: FakeWall) -> Any:
    """The web app of ``settings``, its guided sessions timed by ``wall``."""
    from upright.web.app import create_app
    from upright.web.guided import GuidedSessions

    app = create_app(settings)
    app.state.guided = GuidedSessions(monotonic=wall)  # the registry `guided_sessions` keeps
    return app


def rows_message(lm: Landmarks, a: int, b: int) -> str:
    """Rows ``a`` to ``b`` of ``lm`` as the Live socket's "rows" message (NaN as null)."""

    def listed(arr: np.ndarray) -> list[Any]:
        return np.where(np.isfinite(arr), arr, None).tolist()

    rows = [
        {
            "t": float(lm.t[i]),
            "image": listed(lm.image[i]),
            "world": listed(lm.world[i]),
            "visibility": lm.visibility[i].tolist(),
        }
        for i in range(a, b)
    ]
    return json.dumps({"type": "rows", "rows": rows, "width": lm.width, "height": lm.height})


def live_events(exercise: Any, lm: Landmarks) -> list[Any]:
    """The events of a `LiveAnalyzer` fed ``lm`` one frame a call, then finished."""
    from upright.motion import LiveAnalyzer

    live = LiveAnalyzer(exercise, lm.fps, lm.width, lm.height)
    events = []
    for i in range(len(lm)):
        events += live.push(float(lm.t[i]), lm.image[i], lm.world[i], lm.visibility[i])
    return events + live.finish()


def grid_set(
    exercise: str,
    view: str,
    points: str,
    seed: int,
    fault: str,
    rep: int,
    more: dict[str, Any] | None = None,
) -> Any:
    """One set of bench/sim_accuracy.py's conditions grid: 5 reps, one example fault.

    The grid's noise (1 px) and dropouts (2 %); ``more`` is the set-up
    (``COND_SETUPS``: a lift, a pause at the top or bottom) or a phone grid's condition
    (``PHONE_CONDITIONS``: its frame rate, frame, fill or noise in place of the grid's).
    """
    from upright.sim import EXAMPLE_SIZES, FaultSpec, simulate

    options: dict[str, Any] = {"noise_px": 1.0, "dropout_rate": 0.02, **(more or {})}
    return simulate(
        exercise,
        reps=5,
        faults=[FaultSpec(fault, EXAMPLE_SIZES[fault], rep)],
        view=view,
        seed=seed,
        points=points,
        **options,
    )


def ramp(pieces: list[tuple[float, float]], start: float, fps: float) -> np.ndarray:
    """A smooth signal from ``start`` through (level, seconds to reach it) pieces."""
    out, level = [], start
    for to, seconds in pieces:
        n = max(1, round(seconds * fps))
        out.append(level + (to - level) * (1 - np.cos(np.pi * np.arange(1, n + 1) / n)) / 2)
        level = to
    return np.concatenate(out)


def matched_reps(analysis: Any, truth: Any) -> list[tuple[Any, Any]]:
    """(truth rep, analysed rep) by largest overlap in time, same side."""
    out = []
    for tr in truth.reps:
        best = max(
            (r for r in analysis.reps if r.side == tr.side),
            key=lambda r: min(r.end, tr.end) - max(r.start, tr.start),
        )
        out.append((tr, best))
    return out
