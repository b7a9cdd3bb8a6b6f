"""Set-up detection: nothing counts until the athlete holds the start position still.

`SetupDetector` is fed the smoothed rep signal one frame at a time, like the rep
machines of `upright.motion.reps`, and becomes ready once every side has been at rest
and steady for the catalog's ``setup_s``.
"""

from __future__ import annotations

import math
from collections import deque

import numpy as np
import numpy.typing as npt

from upright.catalog import RepSignal
from upright.motion.reps import Step


class SetupDetector:
    """Becomes ready once every rep signal has been at rest and steady for ``setup_s``.

    At rest and steady over the last ``setup_s`` (see `_steady`): a body that keeps still
    passes whatever the landmark noise, a body moving into position does not. After it
    is ready it keeps following the steady windows, so the engine can take the set-up
    baseline from the last one before the first rep.
    """

    def __init__(self, rep: RepSignal, fps: float) -> None:
        self.rep = rep
        self.fps = fps
        self.ready = False
        self.window: deque[tuple[int, float, tuple[float, ...]]] = deque()
        self.steady: tuple[int, int] | None = None  # frames of the last steady window
        self.excursion = -math.inf
        self.excursion_start = 0
        self.seen = False

    def _norm(self, v: float) -> float:
        return (v - self.rep.rest) / (self.rep.peak - self.rep.rest)

    def _excursion(self, i: int, values: tuple[float, ...]) -> list[Step]:
        """Before ready: a movement away from rest, reported when it comes back."""
        s = max(self._norm(v) for v in values)
        if s >= self.rep.enter_fraction:
            if self.excursion == -math.inf:
                self.excursion_start = i
            self.excursion = max(self.excursion, max(values))
            return []
        if self.excursion == -math.inf or s >= self.rep.exit_fraction:
            return []
        out = []
        if self._norm(self.excursion) >= self.rep.count_fraction:
            out.append(
                Step(
                    "not_counted",
                    i,
                    value=self.excursion,
                    start=self.excursion_start,
                    message="still setting up: the start position was not held steady first",
                )
            )
        self.excursion = -math.inf
        return out

    def _steady(self, vals: npt.NDArray[np.float64]) -> bool:
        """True when the window ``vals`` [N, sides] shows a body keeping still.

        The window's median must be in the rest zone (within ``enter_fraction`` of the
        rest value), and the signal may neither drift (the first and last thirds of the
        window agree within ``setup_tolerance``) nor swing (nine frames in ten within the
        tolerance of the median). Smoothed landmark noise on the far side of the body
        reaches about the tolerance itself, so a test on every single frame would wait
        forever there.
        """
        tol = self.rep.setup_tolerance
        med = np.median(vals, axis=0)
        rest = np.abs((med - self.rep.rest) / (self.rep.peak - self.rep.rest))
        if (rest >= self.rep.enter_fraction).any():
            return False
        third = max(1, len(vals) // 3)
        drift = np.abs(vals[-third:].mean(axis=0) - vals[:third].mean(axis=0)).max()
        swing = np.percentile(np.abs(vals - med), 90, axis=0).max()
        return bool(drift <= tol and swing <= tol)

    def step(self, i: int, t: float, values: tuple[float, ...]) -> list[Step]:
        """Feed one frame's smoothed rep signal values (one per side)."""
        out: list[Step] = []
        if any(math.isnan(v) for v in values):
            self.window.clear()
            return out
        if not self.seen:
            self.seen = True
            out.append(Step("setup", i))
        if not self.ready:
            out += self._excursion(i, values)
        if any(self._norm(v) >= self.rep.enter_fraction for v in values):
            self.window.clear()  # moving away from the start position
            return out
        self.window.append((i, t, values))
        while self.window and t - self.window[0][1] > self.rep.setup_s + 1e-9:
            self.window.popleft()
        span = t - self.window[0][1] + 1.0 / self.fps
        if span + 1e-9 < self.rep.setup_s or self.excursion > -math.inf:
            return out
        if not self._steady(np.array([w[2] for w in self.window])):
            return out
        self.steady = (self.window[0][0], i)
        if not self.ready:
            self.ready = True
            out.append(Step("ready", i, start=self.window[0][0]))
        return out
