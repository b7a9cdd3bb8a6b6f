"""Rep segmentation as explicit state machines, fed one frame at a time.

`SetupDetector` waits for a stable set-up position before anything may count.
`RepMachine` follows one rep signal (one working side) through
``out -> idle -> moving -> idle``, with hysteresis (a rep starts above
``enter_fraction`` and ends below the lower ``exit_fraction``) and a minimum dwell (a
crossing only counts once the signal stayed across for ``min_dwell_s``), so jitter
around a threshold never adds a rep. Every threshold comes from the catalog's
`RepSignal`. The whole-file analysis and the live analyser drive the same machines frame
by frame, so both count the same reps.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass

from upright.catalog import RepSignal

# After a rep ends, the frames up to this long after it (or up to the next rep) still
# belong to it: the bottom of a row's return and the bird dog's tuck happen there.
SETTLE_S = 1.0


@dataclass(frozen=True)
class Segment:
    """Frame indices of one completed rep of one side.

    ``lookback`` is the first frame after the previous rep (or the set-up), ``start`` the
    first frame above the enter threshold, ``end`` the first frame back below the exit
    threshold, ``final`` the last frame that still belongs to the rep.
    """

    side: str
    lookback: int
    start: int
    end: int
    final: int
    peak: int
    peak_value: float


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
    """Becomes ready once every rep signal has been at rest and steady for ``setup_s``."""

    def __init__(self, rep: RepSignal, fps: float, signal_name: str) -> None:
        self.rep = rep
        self.fps = fps
        self.signal_name = signal_name
        self.ready = False
        self.window: deque[tuple[float, tuple[float, ...]]] = deque()
        self.excursion = -math.inf
        self.excursion_start = 0
        self.seen = False

    def _norm(self, v: float) -> float:
        return (v - self.rep.rest) / (self.rep.peak - self.rep.rest)

    def step(self, i: int, t: float, values: tuple[float, ...]) -> list[Step]:
        """Feed one frame's rep signal values (one per side); return what happened."""
        out: list[Step] = []
        if any(math.isnan(v) for v in values):
            self.window.clear()
            return out
        if not self.seen:
            self.seen = True
            out.append(Step("setup", i))
        s = max(self._norm(v) for v in values)
        if min(self._norm(v) for v in values) <= -self.rep.enter_fraction:
            self.window.clear()  # not in the start position yet (e.g. still standing)
            return out
        if s >= self.rep.enter_fraction:
            if self.excursion == -math.inf:
                self.excursion_start = i
            self.excursion = max(self.excursion, max(values))
            self.window.clear()
            return out
        if self.excursion > -math.inf and s < self.rep.exit_fraction:
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
        self.window.append((t, values))
        while self.window and t - self.window[0][0] > self.rep.setup_s + 1e-9:
            self.window.popleft()
        span = t - self.window[0][0] + 1.0 / self.fps
        if span + 1e-9 < self.rep.setup_s or self.excursion > -math.inf:
            return out
        for k in range(len(values)):
            vals = [w[1][k] for w in self.window]
            if max(vals) - min(vals) > self.rep.setup_tolerance:
                return out
        self.ready = True
        out.append(Step("ready", i, start=i - len(self.window) + 1))
        return out


class RepMachine:
    """Counts the reps of one rep signal (one side) once the set-up is done."""

    def __init__(self, side: str, rep: RepSignal, fps: float, what: str) -> None:
        self.side = side
        self.rep = rep
        self.what = what  # e.g. "arm" for messages: "arm reached 118°, needs 150°"
        self.dwell = dwell_frames(rep, fps)
        self.state = "idle"
        self.above = self.below = self.at_count = 0
        self.counted = self.left_peak = False
        self.start = self.lookback = self.peak_i = 0
        self.peak_v = -math.inf
        self.pending: tuple[int, int, int, int, float, float] | None = None

    def _norm(self, v: float) -> float:
        return (v - self.rep.rest) / (self.rep.peak - self.rep.rest)

    @property
    def moving(self) -> bool:
        """True while a rep is under way."""
        return self.state == "moving"

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
        out = self._finalise(i - 1)
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

    def step(self, i: int, t: float, v: float, tucked: bool, may_start: bool) -> list[Step]:
        """Feed one frame's signal value ``v`` (NaN when out of frame)."""
        if math.isnan(v):
            return self._lost(i)
        s = self._norm(v)
        if self.state == "out":
            self.below = self.below + 1 if s < self.rep.exit_fraction else 0
            if self.below >= self.dwell:
                self.state, self.lookback, self.above = "idle", i, 0
            return []
        if self.state == "idle":
            return self._idle(i, t, s, v, tucked, may_start)
        return self._moving(i, t, s, v)

    def _idle(
        self, i: int, t: float, s: float, v: float, tucked: bool, may_start: bool
    ) -> list[Step]:
        out: list[Step] = []
        if self.pending is not None and t - self.pending[5] >= SETTLE_S and not tucked:
            out += self._finalise(i)
        self.above = self.above + 1 if s >= self.rep.enter_fraction else 0
        if self.above >= self.dwell and may_start:
            start = i - self.above + 1
            out += self._finalise(start - 1)
            self.state, self.start = "moving", start
            self.peak_v, self.peak_i = v, i
            self.counted = self.left_peak = False
            self.at_count = self.below = 0
            out.append(Step("rep_started", i, self.side, v, start))
        return out

    def _moving(self, i: int, t: float, s: float, v: float) -> list[Step]:
        out: list[Step] = []
        if v > self.peak_v:
            self.peak_v, self.peak_i = v, i
        self.at_count = self.at_count + 1 if s >= self.rep.count_fraction else 0
        if self.at_count >= self.dwell and not self.counted:
            self.counted = True
            out.append(Step("peak_reached", i, self.side, v, self.start))
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
            needs = self.rep.rest + self.rep.count_fraction * (self.rep.peak - self.rep.rest)
            out.append(
                Step(
                    "not_counted",
                    i,
                    self.side,
                    self.peak_v,
                    self.start,
                    f"{self.what} reached {self.peak_v:.0f}°, needs {needs:.0f}°",
                )
            )
        self.state, self.lookback, self.above = "idle", end, 0
        return out

    def flush(self, last: int) -> list[Step]:
        """The stream ended at frame ``last``: finish what is pending."""
        out = self._finalise(last)
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
