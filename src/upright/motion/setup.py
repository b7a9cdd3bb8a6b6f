"""Set-up detection: nothing counts until the athlete holds the start position still.

`SetupDetector` is fed the smoothed rep signal one frame at a time, like the rep
machines of `upright.motion.reps`, and becomes ready once every side has been at rest
and steady for the catalog's ``setup_s``. Steady is judged against the noise measured
in the set so far (`SETUP_NOISE_S`, `SETUP_NOISE_K`) as well as the catalog's tolerance.
"""

from __future__ import annotations

import math
from collections import deque

import numpy as np

from upright.catalog import RepSignal
from upright.motion.ordered import SortedSides, median, percentile
from upright.motion.reps import Step
from upright.motion.robust import MAD_SD

# The landmark noise a set's rep signal carries is read on its last this many seconds:
# the robust SD (1.4826 times the median) of what the smoothing takes out of it.
SETUP_NOISE_S = 10.0
# A body keeping still is steady within this many times that noise (or the catalog's
# ``setup_tolerance``, if more): the smoothed signal keeps jitter that lasts longer than
# its window. bench/sim_accuracy.py's phone grid, 3 px of noise on a person across the
# room: an arm held still read a hand's rise swinging 10-25 deg about its median over
# 0.8 s where 11-13 deg was taken out, against the 12 deg tolerance (rows counted 0).
# At 1 px with the person filling the frame, 1-6 deg is taken out and the catalog's
# tolerance decides as before.
SETUP_NOISE_K = 2.0


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
        # the values of ``window``, a sorted list a side, kept up to date with it:
        # `_steady` reads their medians at every frame of a full window
        self._window_sorted = SortedSides()
        self.steady: tuple[int, int] | None = None  # frames of the last steady window
        self.excursion = -math.inf
        self.excursion_start = 0
        self.seen = False
        # (t, |raw - smoothed| of each side): what the smoothing took out, recently
        self.taken: deque[tuple[float, tuple[float, ...]]] = deque()
        # the finite values of ``taken``, a sorted list a side, kept up to date as frames
        # come and go: `noise` reads their medians at every frame once a set-up window is
        # full, and sorting the whole 10 s again each time was half the set-up's cost
        self._taken_sorted = SortedSides()

    def _norm(self, v: float) -> float:
        return (v - self.rep.rest) / (self.rep.peak - self.rep.rest)

    def _excursion(self, i: int, values: tuple[float, ...], lift: float) -> list[Step]:
        """Before ready: a movement away from rest, reported when it comes back.

        ``lift`` raises the catalog's enter and exit levels by what the noise adds
        (`_lift`).
        """
        s = max(self._norm(v) for v in values)
        if s >= self.rep.enter_fraction + lift:
            if self.excursion == -math.inf:
                self.excursion_start = i
            self.excursion = max(self.excursion, max(values))
            return []
        if self.excursion == -math.inf or s >= self.rep.exit_fraction + lift:
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

    def noise(self) -> float:
        """The rep signal's noise over the last `SETUP_NOISE_S`: the noisiest side's.

        The robust SD of what the smoothing took out of the signal (1.4826 times its
        median size); 0 before anything is known.
        """
        med = [median(side) for side in self._taken_sorted.sides if side]
        return MAD_SD * float(max(med)) if med else 0.0

    def _take(self, t: float, taken: tuple[float, ...]) -> None:
        """Keep what the smoothing took out at ``t`` (a value a side) for `noise`."""
        self.taken.append((t, taken))
        self._taken_sorted.add(taken)
        while t - self.taken[0][0] > SETUP_NOISE_S + 1e-9:
            self._taken_sorted.remove(self.taken.popleft()[1])

    def tolerance(self, noise: float | None = None) -> float:
        """How far a still body's signal may wander: the catalog's, or the noise's."""
        noise = self.noise() if noise is None else noise
        return max(self.rep.setup_tolerance, SETUP_NOISE_K * noise)

    def _lift(self, noise: float) -> float:
        """How far noise lifts a limb's reading at rest, as a share of the rep's range.

        A rep signal that measures how far a limb is from its rest (a hand's rise in the
        picture, an arm's angle off hanging) reads a still limb higher the noisier its
        landmarks: the noise adds distance whichever way it goes. bench/sim_accuracy.py's
        phone grid, one-arm rows from behind at an angle with 3 px of noise: the hand
        on the bench read 0.3 of the way up and the hanging hand 0.1-0.4 (0.0-0.1 at
        1 px), over the catalog's enter level of 0.25, so the set-up was never seen
        still before the fourth rep. The rest zone's edges are raised by what the
        signal's steadiness already allows beyond the catalog's (`tolerance`); where
        the catalog's tolerance covers the noise, nothing changes.
        """
        extra = self.tolerance(noise) - self.rep.setup_tolerance
        return extra / (self.rep.peak - self.rep.rest)

    def _steady(self, noise: float) -> bool:
        """True when the window (`window`, a value a side) shows a body keeping still.

        The window's median must be in the rest zone (within ``enter_fraction`` of the
        rest value, raised by `_lift`), and the signal may neither drift (the first and
        last thirds of the window agree within the tolerance, `tolerance`) nor swing
        (nine frames in ten within the tolerance of the median). Smoothed landmark
        noise on the far side of the body reaches about the catalog's tolerance itself,
        so a test on every single frame would wait forever there.

        The medians come from the sorted window (`_window_sorted`), the swing's 90th
        percentile from each side's deviations sorted here: `upright.motion.ordered`
        gives numpy's numbers, at a tenth of its per-call cost, and the swing is only
        read when nothing else has said no.
        """
        tol = self.tolerance(noise)
        span = self.rep.peak - self.rep.rest
        med = [median(side) for side in self._window_sorted.sides]
        enter = self.rep.enter_fraction + self._lift(noise)
        if any(abs((m - self.rep.rest) / span) >= enter for m in med):
            return False
        vals = np.array([w[2] for w in self.window])
        third = max(1, len(vals) // 3)
        drift = np.abs(vals[-third:].mean(axis=0) - vals[:third].mean(axis=0)).max()
        if not drift <= tol:
            return False
        swing = max(
            percentile(sorted(abs(w[2][k] - m) for w in self.window), 90) for k, m in enumerate(med)
        )
        return bool(swing <= tol)

    def _keep(self, i: int, t: float, values: tuple[float, ...]) -> None:
        """Add frame ``i`` to the window, and let go of those older than ``setup_s``."""
        self.window.append((i, t, values))
        self._window_sorted.add(values)
        while self.window and t - self.window[0][1] > self.rep.setup_s + 1e-9:
            self._window_sorted.remove(self.window.popleft()[2])

    def _clear_window(self) -> None:
        self.window.clear()
        self._window_sorted.clear()

    def step(
        self, i: int, t: float, values: tuple[float, ...], raw: tuple[float, ...] | None = None
    ) -> list[Step]:
        """Feed one frame's smoothed rep signal values (one per side), and ``raw`` ones.

        ``raw`` (the signal before smoothing, one per side) measures the noise
        (`noise`); None leaves the catalog's tolerance alone.
        """
        out: list[Step] = []
        if raw is not None:
            self._take(t, tuple(float(abs(r - v)) for r, v in zip(raw, values, strict=True)))
        if any(math.isnan(v) for v in values):
            self._clear_window()
            return out
        if not self.seen:
            self.seen = True
            out.append(Step("setup", i))
        noise = self.noise()
        lift = self._lift(noise)
        if not self.ready:
            out += self._excursion(i, values, lift)
        if any(self._norm(v) >= self.rep.enter_fraction + lift for v in values):
            self._clear_window()  # moving away from the start position
            return out
        self._keep(i, t, values)
        span = t - self.window[0][1] + 1.0 / self.fps
        if span + 1e-9 < self.rep.setup_s or self.excursion > -math.inf:
            return out
        if not self._steady(noise):
            return out
        self.steady = (self.window[0][0], i)
        if not self.ready:
            self.ready = True
            out.append(Step("ready", i, start=self.window[0][0]))
        return out
