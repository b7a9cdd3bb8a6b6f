"""Rep segmentation as explicit state machines, fed one frame at a time.

Once the set-up is done (`upright.motion.setup.SetupDetector`), `RepMachine` follows
one rep signal (one working side) through ``out -> idle -> moving -> idle``, with
hysteresis (a rep starts above
``enter_fraction`` and ends below the lower ``exit_fraction``) and a minimum dwell (a
crossing only counts once the signal stayed across for ``min_dwell_s``), so jitter
around a threshold never adds a rep. Every threshold comes from the catalog's
`RepSignal`. The whole-file analysis and the live analyser drive the same machines frame
by frame, so both count the same reps. The catalog's levels are everybody's; a movement
must also leave the person's own rest and is back once it returns there
(`SETTLED_S`), where a camera reads that rest near or above the exit level.

A movement that comes back to rest without reaching the catalog's count level is not
always a partial rep: a whole rep done with a short range must count so that its fault
can be named (`upright.motion.own_range` says how the two are told apart: a held top, a
tuck after it, or the person's own usual range). Where only the usual range can tell and
no full rep has set it yet, the verdict waits for the first full rep (and is emitted
before it); at the end of the stream a movement still waiting is not counted.

The machines expect the smoothed rep signal (see `preprocess.smooth_signal`):
landmark noise of a few degrees, far larger on the side of the body away from the
camera, must not decide when a position is steady or a rep starts.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import numpy.typing as npt

from upright.catalog import RepSignal
from upright.motion.own_range import (
    OWN_DURATION,
    UsualRange,
    Verdict,
    held_top_s,
    short_verdict,
)
from upright.motion.robust import STILL_NOISE_K

# After a rep ends, the frames up to this long after it (or up to the next rep) still
# belong to it: the bottom of a row's return and the bird dog's tuck happen there.
SETTLE_S = 2.5  # the bird dog tucks up to ~2 s after the return (sim: 1.0-1.5 s tuck-in)
# A signal missing for less than this (after gap filling) is a tracking glitch: the rep
# in progress goes on when the body is seen again. Missing longer, the body left the frame.
LOST_S = 1.0
# After the settle time, a rep ends once the tuck has been let go for this long: the
# far-side elbow-to-knee distance crosses the tuck distance for a frame or two even
# while the tuck is held (the tuck_hold measure bridges the same dips, evaluate.tuck).
TUCK_GAP_S = 0.5
# The rest a movement leaves from and comes back to is read over this long, seconds: its
# level as the 20th percentile of the signal (the tail of the previous return lifts a
# median), and the still position its postures are judged against (`upright.motion.rest`;
# 0.8 s there before, the same counts, precision and recall on bench/sim_accuracy.py
# --quick at 1.0 s).
REST_S = 1.0
# A movement that came down past the middle of its excursion, stayed there `SETTLED_S`
# (within ``peak_zone``: the return ended there) and rises again by this share of it is
# two movements (`RepMachine._split`): a short pull whose return stopped above the exit
# level (bench/sim_accuracy.py, rows seen from in front in image points: 77 deg down to
# 40 for 2 s and up to 78 again, with the exit level at 36) is not one long rep, while
# a reaching arm's signal that wavers mid-pull (the elbow's path turns back in the
# picture at the squeeze) does not stay down.
RISE_AGAIN = 0.5
# The catalog's levels are the same for everybody, while the rest a camera reads depends
# on the person and where it stands: an arm hanging in a Y over a ball and seen from
# behind reads 110-115 deg where the catalog's rest is 90, its enter level 115.5 and its
# exit level 111 (bench/sim_accuracy.py conditions, Y-raises in image points from behind
# and the obliques). There noise crossed the enter level for movements that never ended
# (one held for 3 s at rest counted as a rep), and a rep that stopped below the count
# level never came back under the exit level, so it ran on into the next. So a movement
# also starts only once more than ``peak_zone`` (the band a still limb keeps to) above
# the rest it leaves (`RepMachine.home`), and is back once within ``peak_zone`` of it.
# Where the rest reads at the catalog's, its levels lie higher and decide as before.
# A short movement must start from rest, this long below the enter level (s): else it is
# the previous return bouncing (far-side landmark noise swings 15 degrees), not a rep.
SETTLED_S = 0.3

# A movement held at the top is back down (a return, not its hold wavering) only within
# its excursion over this from the rest it left, a third (`RepMachine._deep`, `_moving`).
HELD_BACK = 3.0

# Why a movement under way when its signal was lost for `LOST_S` does not count.
LEFT_FRAME = "left the frame during the rep"


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


StepKind = Literal[
    "setup", "ready", "rep_started", "peak_reached", "peak_left", "rep", "not_counted", "out"
]


@dataclass(frozen=True)
class Step:
    """Something a machine noticed at frame ``index``."""

    kind: StepKind
    index: int
    side: str = ""
    value: float = math.nan
    start: int = 0
    message: str = ""
    segment: Segment | None = None


def dwell_frames(rep: RepSignal, fps: float) -> int:
    """Frames a crossing must last: ``min_dwell_s`` at ``fps``, at least 1."""
    return max(1, math.ceil(rep.min_dwell_s * fps - 1e-9))


@dataclass(frozen=True)
class _Pending:
    """A rep back at rest, waiting for its last frames (the settle time, the tuck).

    ``verdict`` is None for a rep that reached the count level, else the verdict on a
    short movement (see `short_verdict`); ``rest`` is the level it left from, ``held``
    the seconds it was held at its top and ``body`` the shoulders' travel against the
    hand's (`own_range.body_share`).
    """

    lookback: int
    start: int
    end: int
    peak: int
    peak_value: float
    t_end: float
    verdict: Verdict | None = None
    rest: float = math.nan
    held: float = 0.0
    body: float = math.nan


class RepMachine:
    """Counts the reps of one rep signal (one side) once the set-up is done.

    Parameters
    ----------
    side
        The working side ("left", "right" or "both").
    rep
        The catalog's rep signal: levels (degrees), dwell.
    fps
        Frames per second.
    what
        The moving part, for messages: "arm reached 118°, needs 150°".
    hold_s
        The prescribed hold at the top, seconds (0: none); a short movement held that
        long counts (see `upright.motion.own_range`).
    usual
        The person's usual range, shared with the machines of the other sides.
    tucks
        True for exercises with a tuck after the return (the bird dog): a short
        movement followed by a tuck counts.
    body
        ``body(first, start, end)``: the shoulders' travel against the hand's over
        the movement from frame ``start`` to ``end``, at rest from frame ``first``
        (`own_range.body_share`), which tells a short pull from the body moving where
        ``rise``; None: not known (then a short movement under
        `own_range.OWN_FRACTION` of the usual range does not count).
    rise
        True where the rep signal is the hand's rise in the picture (rows seen from in
        front or behind), which reads a pull stopped short of the trunk low and the
        body moving as a pull (`own_range.short_verdict`).
    """

    def __init__(
        self,
        side: str,
        rep: RepSignal,
        fps: float,
        what: str,
        hold_s: float = 0.0,
        usual: UsualRange | None = None,
        tucks: bool = False,
        body: Callable[[int, int, int], float] | None = None,
        rise: bool = False,
    ) -> None:
        self.side = side
        self.rep = rep
        self.fps = fps
        self.what = what
        self.hold_s = hold_s
        self.usual = UsualRange() if usual is None else usual
        self.tucks = tucks
        self.body = body
        self.rise = rise
        self.tuck_frames = 0  # frames tucked since the last movement came back
        self.dwell = dwell_frames(rep, fps)
        self.zone = rep.peak_zone  # the band a still limb keeps to (see `begin`)
        self.lost_frames = max(1, math.ceil(LOST_S * fps - 1e-9))
        self.tuck_gap = max(1, round(TUCK_GAP_S * fps))
        self.state = "idle"
        self.above = self.below = self.at_count = self.missing = self.untucked = 0
        self.counted = self.left_peak = self.blocked = False
        self.start = self.lookback = self.peak_i = self.last_seen = 0
        self.peak_v = self.valley_v = -math.inf
        self.valley_i = -1  # lowest frame of a dip between two peaks (-1: no dip)
        # A counted rep that comes down past half-way between the exit and count levels
        # and rises to the count again is two reps, though the arm never got back to
        # rest: a missing stretch at the bottom is a fault of two reps, not one long rep.
        self.dip = 0.5 * (rep.exit_fraction + rep.count_fraction)
        # So is any movement that comes down past the middle of its own excursion and
        # rises again by `RISE_AGAIN` of it (at least what starts a movement from rest):
        # a short pull whose return stops short of the exit level is not the first half
        # of the next rep (see `_moving`).
        self.enter_rise = rep.enter_fraction * (rep.peak - rep.rest)
        self.rising = 0  # frames risen again from the valley by that much
        self.near = self.still = 0  # frames at the valley: running, longest
        self.pending: _Pending | None = None
        # (segment, rest, held, body): short movements waiting for the usual range
        self.deferred: list[tuple[Segment, float, float, float]] = []
        self.resting: deque[float] = deque(maxlen=max(1, round(REST_S * fps)))
        self.rest_v = math.nan
        # the person's rest, read over `SETTLED_S` or more before the last movement that
        # left one (NaN: none yet, or the body left the frame since)
        self.home = math.nan
        self.settled = 0  # frames at rest before the movement under way
        self.settle_frames = max(1, round(SETTLED_S * fps))
        self.rest_frames = max(1, round(REST_S * fps))
        self.trace: list[float] = []  # the signal since the movement left rest
        self.trace_i = 0  # the frame of trace[0]

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

    def noisy(self, noise: float) -> None:
        """The rep signal's noise measured so far (`SetupDetector.noise`).

        The band a still limb keeps to is the catalog's ``peak_zone`` or
        `robust.STILL_NOISE_K` times the noise, whichever is wider. The engine tells it
        on every frame from the set-up until the first movement starts.
        """
        self.zone = max(self.rep.peak_zone, STILL_NOISE_K * noise)

    def _finalise(self, final: int) -> list[Step]:
        p = self.pending
        if p is None:
            return []
        self.pending = None
        seg = Segment(
            self.side, p.lookback, p.start, p.end, max(final, p.end), p.peak, p.peak_value
        )
        v = p.verdict
        earlier = []  # movements before it that waited for the range it now sets
        if v is not None and v.counts and self._held_rep(p.peak_value, p.rest):
            earlier = self._resolve()
        # a short movement followed by a tuck is a rep, once clear of the band a still
        # limb keeps to (a tuck belongs to the working side; the other arm's noise
        # crossing its levels meanwhile is no rep)
        tucked = self.tucks and self.tuck_frames >= self.tuck_gap
        tucked = tucked and p.peak_value - p.rest >= 2.0 * self.zone
        if v is None or v.counts or tucked:
            return [*earlier, Step("rep", final, self.side, p.peak_value, p.start, segment=seg)]
        if v.counts is None:
            self.deferred.append((seg, p.rest, p.held, p.body))
            return []
        return [Step("not_counted", p.end, self.side, p.peak_value, p.start, v.reason)]

    def _resolve(self, at_end: bool = False) -> list[Step]:
        """Judge the short movements that waited for the usual range, oldest first.

        Once the stream ended (``at_end``) those still without one are not counted.
        """
        usual = self.usual.usual()
        if not self.deferred or (usual is None and not at_end):
            return []
        out = []
        for seg, rest, held, body in self.deferred:
            top = (seg.peak_value, rest)
            took = (
                (seg.end - seg.start) / self.fps,
                (seg.peak - seg.start) / self.fps,
                self.usual.usual_s(),
            )
            v = short_verdict(
                self.rep,
                self.what,
                top,
                held,
                self.hold_s,
                usual,
                self.tucks,
                took,
                body,
                self.rise,
            )
            if v.counts:
                self._held_rep(seg.peak_value, rest)
                out.append(
                    Step("rep", seg.final, self.side, seg.peak_value, seg.start, segment=seg)
                )
            else:
                out.append(
                    Step("not_counted", seg.end, self.side, seg.peak_value, seg.start, v.reason)
                )
        self.deferred.clear()
        return out

    def _held_rep(self, peak: float, rest: float) -> bool:
        """A short movement counted: where it was held at the top, a whole rep's range.

        Exercises held at the top: the usual range is their reach, whether or not the
        catalog's count level is reached from this camera (where most whole reps stay
        under it, the one that did is no measure of the others). A short movement of an
        exercise without a hold (a pull stopped short) is no measure of a whole one.
        True when the usual range took it.
        """
        if self.hold_s <= 0:
            return False
        self.usual.add(peak - rest)
        return True

    def _lost(self, i: int) -> list[Step]:
        self.home = math.nan  # the body left the frame: it may rest elsewhere when back
        out = self._finalise(self.last_seen)
        if self.state == "moving":
            out.append(
                Step(
                    "not_counted",
                    i,
                    self.side,
                    self.peak_v,
                    self.start,
                    LEFT_FRAME,
                )
            )
        if self.state != "out":
            out.append(Step("out", i, self.side))
        self.state, self.below = "out", 0
        return out

    def step(self, i: int, t: float, v: float, tucked: bool, may_count: bool = True) -> list[Step]:
        """Feed one frame's signal value ``v`` (NaN when not seen).

        ``tucked`` is True while the bird dog's elbow or hand is at the opposite knee (the
        rep in progress is not over yet); ``may_count`` is False while another side is
        counting a rep: one body does one rep at a time.
        """
        out = self._resolve() if self.deferred else []
        if math.isnan(v):
            self.missing += 1
            if self.missing == self.lost_frames:
                out += self._lost(i)
            return out
        self.missing = 0
        self.last_seen = i
        s = self._norm(v)
        if self.state != "moving" and s < self.rep.enter_fraction:
            self.resting.append(v)
        if tucked and self.state != "moving":
            self.tuck_frames += 1
        if self.state == "out":
            self.below = self.below + 1 if s < self.rep.exit_fraction else 0
            if self.below >= self.dwell:
                self.state, self.lookback, self.above = "idle", i, 0
            return out
        if self.state == "idle":
            return out + self._idle(i, t, s, v, tucked)
        return out + self._moving(i, t, s, v, may_count)

    def _idle(self, i: int, t: float, s: float, v: float, tucked: bool) -> list[Step]:
        out: list[Step] = []
        self.untucked = 0 if tucked else self.untucked + 1
        if (
            self.pending is not None
            and t - self.pending.t_end >= SETTLE_S
            and self.untucked >= self.tuck_gap
        ):
            # The next rep's frames still start where this one ended (lookback stays at
            # its end), not here: a short pause means the next raise may already be
            # under way, and its rest and raise must be in its frames to be timed
            # (tests/motion/test_rules_sim.py).
            out += self._finalise(i)
        # The tuck is the end of the rep before: no new rep starts until it is let go
        # (an elbow at the knee cannot reach forward; the far-side arm's angle does swing).
        in_tuck = self.pending is not None and self.tuck_frames > 0
        in_tuck = in_tuck and self.untucked < self.tuck_gap
        up = s >= self.rep.enter_fraction and not in_tuck
        if up:  # and above the person's own rest (see `SETTLED_S`)
            rest = self.home
            if len(self.resting) >= self.settle_frames:
                rest = float(np.percentile(self.resting, 20))
            up = not v < rest + self.zone  # (NaN: no rest read yet)
        self.above = self.above + 1 if up else 0
        if self.above >= self.dwell:
            # the rep before is final once this one proves a rep (counted or short)
            start = i - self.above + 1
            self.state, self.start = "moving", start
            self.peak_v, self.peak_i = v, i
            self.counted = self.left_peak = self.blocked = False
            self.at_count = self.below = 0
            self.valley_i = -1
            self.rising = self.near = self.still = 0
            self.rest_v = float(np.percentile(self.resting, 20)) if self.resting else v
            self.settled = len(self.resting)
            if self.settled >= self.settle_frames:
                self.home = self.rest_v
            self.resting.clear()
            self.trace, self.trace_i = [v], i
            out.append(Step("rep_started", i, self.side, v, start))
        return out

    def _whole(self) -> bool:
        """True when the way down from the movement's top to its dip was a return.

        It took `OWN_DURATION` of the person's usual return (from reaching the top to
        the end: `_on_top`), once known, or came down to within a third of the
        excursion from the level the movement left (a return let go fast, the tempo
        fault). A signal that wavers at the top of one rep (a reaching arm seen from
        behind: down half-way and up again in a few tenths of a second) is not two reps.
        """
        usual = self.usual.usual_back_s()
        back = (self._landed() - self._on_top()) / self.fps
        return usual is None or back >= OWN_DURATION * usual or self._deep()

    def _deep(self) -> bool:
        """True when the dip came down to within a third of the excursion from rest.

        An exercise held at the top ends its rep there or lower: a dip above it is the
        hold wavering (noisy landmarks of a limb across a room dip it half-way for a few
        tenths of a second: bench/sim_accuracy.py's phone grid, bird dogs from behind at
        an angle, each hold split in two or three), not a return and the next reach.
        """
        return self.valley_v <= self.rest_v + (self.peak_v - self.rest_v) / HELD_BACK

    def _sag(self) -> float:
        """How far below its top a counted rep without a hold must rest to have ended.

        A row has no hold at its top: an arm that came down from it by a third of the
        excursion (and at least twice ``peak_zone``, beyond a top read unsteadily), stayed
        there `REST_S` and pulls back up by as much to the count level is a return that
        stopped with the elbows still bent and the next pull, not one rep (seen from in
        front or behind, the hand of an arm left bent at the bottom reads about half-way
        up). 0 where this does not apply: movements not counted yet, exercises held at
        the top (an arm that sags during a bird dog's hold and reaches again is one rep).
        """
        if not self.counted or self.hold_s > 0:
            return 0.0
        excursion = self.peak_v - self.rest_v
        sag = max(excursion / 3.0, 2.0 * self.zone)
        return sag if excursion >= 2.0 * sag else 0.0

    def _on_top(self) -> int:
        """The first frame the movement was at its top (within ``peak_zone`` of it).

        A return is timed from there, with the time spent at the top, alike for every
        rep. The highest frame itself can lie anywhere in a top held still (noise):
        timed from it, a return took in a random part of the hold, which a pause at the
        top (1-2 s) makes longer than the return itself, and a return that stopped
        short of rest was taken for a waver at the top (bench/sim_accuracy.py
        conditions, bent-over rows paused 1.2 s at the top: a return of 1.33 s against
        a usual 2.7 s). Timed from the last frame at the top, a return that stopped
        half-way took half the time of a whole one, as little as a waver.
        """
        zone = self.peak_v - self.zone
        for k in range(min(self.peak_i - self.trace_i + 1, len(self.trace))):
            if self.trace[k] >= zone:
                return self.trace_i + k
        return self.peak_i

    def _landed(self) -> int:
        """The frame the way down from the top first reached the dip's level.

        Within ``peak_zone`` of the dip: the return ended there. The dip's lowest frame
        can lie anywhere in the rest that follows (noise), so the time to it is not how
        long the return took.
        """
        zone = self.valley_v + self.zone
        for k in range(max(self.peak_i - self.trace_i, 0), len(self.trace)):
            if self.trace[k] <= zone:
                return self.trace_i + k
        return self.valley_i

    def _split(self, i: int, t: float, v: float, may_count: bool) -> list[Step]:
        """End the movement at its dip and go on with the next, already under way.

        A counted rep is final at its dip; one below the count level is judged as a
        short movement back at rest there (`_short`). The next one counts at once when
        it is at the count level; else it goes on as a movement of its own, which left
        its dip as it would leave rest.
        """
        vi = self.valley_i
        if self.counted:
            took, back = (vi - self.start) / self.fps, (self._landed() - self._on_top()) / self.fps
            self.usual.add(self.peak_v - self.rest_v, took, back)
            self.pending = _Pending(self.lookback, self.start, vi, self.peak_i, self.peak_v, 0.0)
            out = self._finalise(vi)
        else:
            self.trace = self.trace[: len(self.trace) - (i - vi)]
            out = self._short(i, t, vi)
        at_count = self.at_count >= self.dwell
        self.lookback, self.start = vi, vi + 1
        self.peak_v, self.peak_i = v, i
        self.counted = may_count and at_count
        self.left_peak = False
        self.blocked = not may_count
        self.rest_v, self.trace, self.trace_i = self.valley_v, [v], i
        self.settled = self.settle_frames  # it left a dip of its own size, not a bounce
        self.valley_i = -1
        self.rising = self.near = self.still = 0
        out.append(Step("rep_started", i, self.side, v, self.start))
        if self.counted:
            out += self._finalise(vi)
            out.append(Step("peak_reached", i, self.side, v, self.start))
        return out

    def _moving(self, i: int, t: float, s: float, v: float, may_count: bool) -> list[Step]:
        out: list[Step] = []
        self.trace.append(v)
        self.at_count = self.at_count + 1 if s >= self.rep.count_fraction else 0
        big = self.peak_v - self.rest_v >= 2.0 * self.enter_rise  # its middle above entry
        # down past the catalog's dip (a counted rep), or past the middle of its own
        # excursion: a return that stopped short of straight arms (stretch_bottom) is
        # over, whatever the catalog's levels say; so is one that came down less far but
        # rested there (`_rested`)
        sag = self._sag()
        low = (self.counted and s < self.dip) or (big and v < 0.5 * (self.peak_v + self.rest_v))
        low = low or (sag > 0 and v < self.peak_v - sag)
        if low and (self.valley_i < 0 or v < self.valley_v):
            self.valley_i, self.valley_v, self.rising = i, v, 0
        if self.valley_i >= 0:
            # still at the dip for a while (the return ended there), and then risen again
            self.near = self.near + 1 if v <= self.valley_v + self.zone else 0
            self.still = max(self.still, self.near)
            rise = max(RISE_AGAIN * (self.peak_v - self.rest_v), self.enter_rise)
            self.rising = self.rising + 1 if v >= self.valley_v + rise else 0
            again = self.rising >= self.dwell and self.still >= self.settle_frames
            # noise beyond the catalog's band lowers the dip a split needs by as much
            noisy = self.zone - self.rep.peak_zone
            dipped = self.counted and self._norm(self.valley_v + noisy) < self.dip
            counts_again = self.at_count >= self.dwell
            rested = sag > 0 and self.still >= self.rest_frames and v >= self.valley_v + sag
            held = self.hold_s <= 0 or self._deep()
            if (((dipped or rested) and counts_again) or again) and held and self._whole():
                return self._split(i, t, v, may_count)
        if v > self.peak_v and self.valley_i < 0:
            self.peak_v, self.peak_i = v, i
        if not (self.counted or may_count):
            self.blocked = True  # the other side is doing a rep meanwhile
        if self.at_count >= self.dwell and not self.counted and may_count:
            self.counted = True
            out += self._finalise(self.start - 1)
            out.append(Step("peak_reached", i, self.side, v, self.start))
        if self.counted and not self.left_peak and v < self.peak_v - self.zone:
            self.left_peak = True
            out.append(Step("peak_left", i, self.side, v, self.start))
        # back below the catalog's exit level, or at the person's own rest (a dip where a
        # return stopped short is no rest: it may go on down, and the exit level ends it)
        back = self.zone
        if self.hold_s > 0:
            # where noise widens that band to a third of the way up or more (a limb
            # across a room: 20-26 deg), a held top dipping into it for a few tenths of
            # a second is the hold wavering, not a return (see `_deep`)
            back = min(back, (self.peak_v - self.home) / HELD_BACK)
        at_rest = s < self.rep.exit_fraction or v < self.home + back
        self.below = self.below + 1 if at_rest else 0
        if self.below < self.dwell:
            return out
        end = i - self.below + 1
        self.state, self.above, self.tuck_frames = "idle", 0, 0
        if self.counted:
            took, back = (end - self.start) / self.fps, (end - self._on_top()) / self.fps
            self.usual.add(self.peak_v - self.rest_v, took, back)
            self.pending = _Pending(self.lookback, self.start, end, self.peak_i, self.peak_v, t)
        else:
            out += self._short(i, t, end)
        self.lookback = end
        return out

    def _short(self, i: int, t: float, end: int) -> list[Step]:
        """A movement back at rest below the count level: a short rep, or not counted."""
        if self.blocked or self.settled < self.settle_frames:
            why = (
                "the other side was already doing a rep"
                if self.blocked
                else f"{self.what} rose again before coming to rest"
            )
            return [Step("not_counted", i, self.side, self.peak_v, self.start, why)]
        trace = np.asarray(self.trace, dtype=np.float64)
        held = held_top_s(trace, self.zone, self.fps)
        top = (self.peak_v, self.rest_v)
        took = (
            (end - self.start) / self.fps,
            (self.peak_i - self.start) / self.fps,
            self.usual.usual_s(),
        )
        body = math.nan
        if self.body is not None and self.rise and self.hold_s <= 0:
            body = self.body(max(self.lookback, self.start - self.rest_frames), self.start, end)
        usual = self.usual.usual()
        v = short_verdict(
            self.rep, self.what, top, held, self.hold_s, usual, self.tucks, took, body, self.rise
        )
        # a tuck to wait for: only one that no rep before it (still settling) may own
        if v.counts is False and not (self.tucks and self.pending is None):
            return [Step("not_counted", i, self.side, self.peak_v, self.start, v.reason)]
        out = self._finalise(self.start - 1)
        self.pending = _Pending(
            self.lookback,
            self.start,
            end,
            self.peak_i,
            self.peak_v,
            t,
            verdict=v,
            rest=self.rest_v,
            held=held,
            body=body,
        )
        return out

    def flush(self, last: int) -> list[Step]:
        """The stream ended at frame ``last``: finish what is pending."""
        out = self._finalise(min(last, self.last_seen) if self.missing else last)
        out += self._resolve(at_end=True)
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
