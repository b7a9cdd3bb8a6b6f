"""Rep segmentation as explicit state machines, fed one frame at a time.

`SetupDetector` waits for a stable set-up position before anything may count.
`RepMachine` follows one rep signal (one working side) through
``out -> idle -> moving -> idle``, with hysteresis (a rep starts above
``enter_fraction`` and ends below the lower ``exit_fraction``) and a minimum dwell (a
crossing only counts once the signal stayed across for ``min_dwell_s``), so jitter
around a threshold never adds a rep. Every threshold comes from the catalog's
`RepSignal`. The whole-file analysis and the live analyser drive the same machines frame
by frame, so both count the same reps.

The machines expect the smoothed rep signal (see `preprocess.smooth_signal`):
landmark noise of a few degrees, far larger on the side of the body away from the
camera, must not decide when a position is steady or a rep starts.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from upright.catalog import RepSignal

# After a rep ends, the frames up to this long after it (or up to the next rep) still
# belong to it: the bottom of a row's return and the bird dog's tuck happen there.
SETTLE_S = 2.5  # the bird dog tucks up to ~2 s after the return (sim: 1.0-1.5 s tuck-in)
# A signal missing for less than this (after gap filling) is a tracking glitch: the rep
# in progress goes on when the body is seen again. Missing longer, the body left the frame.
LOST_S = 1.0


@dataclass(frozen=True)
class Segment:
    """Frame indices of one completed rep of one side.

    ``lookback`` is the first frame after the previous rep (or the set-up), ``start`` the
    first frame above the enter threshold, ``end`` the first frame back below the exit
    threshold, ``final`` the last frame that still belongs to the rep. ``signal`` is the
    smoothed rep signal the machine followed over ``lookback..final`` (gaps bridged
    linearly), which phase boundaries are best read from; None until the engine adds it.
    """

    side: str
    lookback: int
    start: int
    end: int
    final: int
    peak: int
    peak_value: float
    signal: npt.NDArray[np.float64] | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Step:
    """Something a machine noticed at frame ``index``."""

    kind: str  # setup, ready, rep_started, peak_reached, peak_left, rep, not_counted, out
    index: int
    side: str = ""
    value: float = math.nan
    start: int = 0
    message: str = ""
    segment: Segment | None = None


def dwell_frames(rep: RepSignal, fps: float) -> int:
    """Frames a crossing must last: ``min_dwell_s`` at ``fps``, at least 1."""
    return max(1, math.ceil(rep.min_dwell_s * fps - 1e-9))


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


class RepMachine:
    """Counts the reps of one rep signal (one side) once the set-up is done."""

    def __init__(self, side: str, rep: RepSignal, fps: float, what: str) -> None:
        self.side = side
        self.rep = rep
        self.what = what  # e.g. "arm" for messages: "arm reached 118°, needs 150°"
        self.dwell = dwell_frames(rep, fps)
        self.lost_frames = max(1, math.ceil(LOST_S * fps - 1e-9))
        self.state = "idle"
        self.above = self.below = self.at_count = self.missing = 0
        self.counted = self.left_peak = self.blocked = False
        self.start = self.lookback = self.peak_i = self.last_seen = 0
        self.peak_v = self.valley_v = -math.inf
        self.valley_i = -1  # lowest frame of a dip between two peaks (-1: no dip)
        # A counted rep that comes down past half-way between the exit and count levels
        # and rises to the count again is two reps, though the arm never got back to
        # rest: a missing stretch at the bottom is a fault of two reps, not one long rep.
        self.dip = 0.5 * (rep.exit_fraction + rep.count_fraction)
        self.pending: tuple[int, int, int, int, float, float] | None = None

    def _norm(self, v: float) -> float:
        return (v - self.rep.rest) / (self.rep.peak - self.rep.rest)

    @property
    def moving(self) -> bool:
        """True while a rep is under way."""
        return self.state == "moving"

    @property
    def counting(self) -> bool:
        """True while a rep that already reached the count threshold is under way."""
        return self.state == "moving" and self.counted

    def begin(self, i: int) -> None:
        """Start watching at frame ``i`` (the set-up is done)."""
        self.lookback = i

    def _finalise(self, final: int) -> list[Step]:
        if self.pending is None:
            return []
        lookback, start, end, peak_i, peak_v, _ = self.pending
        self.pending = None
        seg = Segment(self.side, lookback, start, end, max(final, end), peak_i, peak_v)
        return [Step("rep", final, self.side, peak_v, start, segment=seg)]

    def _lost(self, i: int) -> list[Step]:
        out = self._finalise(self.last_seen)
        if self.state == "moving":
            out.append(
                Step(
                    "not_counted",
                    i,
                    self.side,
                    self.peak_v,
                    self.start,
                    "left the frame during the rep",
                )
            )
        if self.state != "out":
            out.append(Step("out", i, self.side))
        self.state, self.below = "out", 0
        return out

    def step(self, i: int, t: float, v: float, tucked: bool, may_count: bool = True) -> list[Step]:
        """Feed one frame's signal value ``v`` (NaN when not seen).

        ``may_count`` is False while another side is counting a rep: one body does one
        rep at a time.
        """
        if math.isnan(v):
            self.missing += 1
            if self.missing == self.lost_frames:
                return self._lost(i)
            return []
        self.missing = 0
        self.last_seen = i
        s = self._norm(v)
        if self.state == "out":
            self.below = self.below + 1 if s < self.rep.exit_fraction else 0
            if self.below >= self.dwell:
                self.state, self.lookback, self.above = "idle", i, 0
            return []
        if self.state == "idle":
            return self._idle(i, t, s, v, tucked)
        return self._moving(i, t, s, v, may_count)

    def _idle(self, i: int, t: float, s: float, v: float, tucked: bool) -> list[Step]:
        out: list[Step] = []
        if self.pending is not None and t - self.pending[5] >= SETTLE_S and not tucked:
            # The next rep's frames still start where this one ended (lookback stays at
            # its end), not here: a short pause means the next raise may already be
            # under way, and its rest and raise must be in its frames to be timed.
            out += self._finalise(i)
        self.above = self.above + 1 if s >= self.rep.enter_fraction else 0
        if self.above >= self.dwell:
            start = i - self.above + 1
            out += self._finalise(start - 1)
            self.state, self.start = "moving", start
            self.peak_v, self.peak_i = v, i
            self.counted = self.left_peak = self.blocked = False
            self.at_count = self.below = 0
            self.valley_i = -1
            out.append(Step("rep_started", i, self.side, v, start))
        return out

    def _split(self, i: int, v: float, may_count: bool) -> list[Step]:
        """End the counted rep at its dip and go on with the next, already under way."""
        vi = self.valley_i
        self.pending = (self.lookback, self.start, vi, self.peak_i, self.peak_v, 0.0)
        out = self._finalise(vi)
        self.lookback, self.start = vi, vi + 1
        self.peak_v, self.peak_i = v, i
        self.counted = may_count
        self.left_peak = False
        self.blocked = not may_count
        self.valley_i = -1
        out.append(Step("rep_started", i, self.side, v, self.start))
        if may_count:
            out.append(Step("peak_reached", i, self.side, v, self.start))
        return out

    def _moving(self, i: int, t: float, s: float, v: float, may_count: bool) -> list[Step]:
        out: list[Step] = []
        self.at_count = self.at_count + 1 if s >= self.rep.count_fraction else 0
        if self.counted and s < self.dip and (self.valley_i < 0 or v < self.valley_v):
            self.valley_i, self.valley_v = i, v
        if self.valley_i >= 0 and self.at_count >= self.dwell:
            return self._split(i, v, may_count)
        if v > self.peak_v and self.valley_i < 0:
            self.peak_v, self.peak_i = v, i
        if self.at_count >= self.dwell and not self.counted:
            if may_count:
                self.counted = True
                out.append(Step("peak_reached", i, self.side, v, self.start))
            else:
                self.blocked = True
        if self.counted and not self.left_peak and v < self.peak_v - self.rep.peak_zone:
            self.left_peak = True
            out.append(Step("peak_left", i, self.side, v, self.start))
        self.below = self.below + 1 if s < self.rep.exit_fraction else 0
        if self.below < self.dwell:
            return out
        end = i - self.below + 1
        if self.counted:
            self.pending = (self.lookback, self.start, end, self.peak_i, self.peak_v, t)
        else:
            out.append(Step("not_counted", i, self.side, self.peak_v, self.start, self._why()))
        self.state, self.lookback, self.above = "idle", end, 0
        return out

    def _why(self) -> str:
        if self.blocked:
            return "the other side was already doing a rep"
        needs = self.rep.rest + self.rep.count_fraction * (self.rep.peak - self.rep.rest)
        return f"{self.what} reached {self.peak_v:.0f}°, needs {needs:.0f}°"

    def flush(self, last: int) -> list[Step]:
        """The stream ended at frame ``last``: finish what is pending."""
        out = self._finalise(min(last, self.last_seen) if self.missing else last)
        if self.state == "moving":
            out.append(
                Step(
                    "not_counted",
                    last,
                    self.side,
                    self.peak_v,
                    self.start,
                    "the recording ended before the movement came back",
                )
            )
            self.state = "idle"
        return out
