"""Phase windows of a rep and the timing of its moves (raise, return) from its signal.

`find_window` reads a rep's phases off its signal; a `TempoReader` times the raise and the
return (``raise_duration``, ``return_duration`` of docs/measures.md): the rest the raise
left, the level held at the top, where the return comes to rest, and a min-jerk move
fitted to each (`upright.motion.robust.fit_move`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from upright.catalog import Exercise
from upright.motion.holds import held_level
from upright.motion.reps import Segment
from upright.motion.robust import duration_error, fit_move, odd_frames, rolling_median

Arr = npt.NDArray[np.float64]

# A return has come to rest once it moves less than half the peak zone over this (s).
STILL_S = 0.5
# A move has settled at a level once it moves slower than this share of its speed
# half-way (a min-jerk move is there within 0.2 % of its way): smoothed landmark noise
# wanders a few degrees over half a second, which a walk down to the rest at an absolute
# pace followed, and a 0.3 s pull read 0.8 s (bench/sim_accuracy.py, y_raise from the
# front obliques).
SETTLED_SHARE = 0.05


@dataclass(frozen=True)
class Timing:
    """A rep's raise and return: durations (s), standard errors (s), start and end times.

    A duration is NaN when its move was not in view; its standard error is NaN when it
    could not be judged (`upright.motion.robust.duration_error`).
    """

    up: float
    start: float
    down: float
    end: float
    up_se: float = float("nan")
    down_se: float = float("nan")


@dataclass(frozen=True)
class Window:
    """Frame indices (relative to the rep's slice) of a rep's phases, inclusive."""

    leave: int
    zone0: int
    peak: int
    zone1: int
    back: int
    last: int


def find_window(v: Arr, seg: Segment, zone: float) -> Window:
    """Phase boundaries of ``v`` (the rep signal over frames seg.lookback..seg.final)."""
    off = seg.lookback
    peak = seg.peak - off
    top = v[peak]
    z0 = peak
    while z0 > 0 and v[z0 - 1] >= top - zone:
        z0 -= 1
    z1 = peak
    while z1 + 1 < len(v) and v[z1 + 1] >= top - zone:
        z1 += 1
    low = float(np.nanmin(v[: z0 + 1]))
    leave = z0
    while leave > 0 and v[leave] > low + zone:
        leave -= 1
    low2 = float(np.nanmin(v[z1:]))
    back = z1
    while back + 1 < len(v) and v[back] > low2 + zone:
        back += 1
    return Window(leave, z0, peak, z1, back, len(v) - 1)


def seen_only(sm: Arr, lost: npt.NDArray[np.bool_] | None) -> Arr:
    """``sm`` with the frames where the person was lost (``lost`` True) set to NaN.

    A gap where the pose model found no one is filled with a straight line from the last
    point seen to the next (`upright.motion.preprocess.fill_gaps`): a move made in the
    gap reads at the line's even pace, not its own. bench/sim_accuracy.py's first grid
    (5 % of frames dropped, in runs): 0.3 s raises hidden by gaps of 0.2-0.37 s read
    0.53-0.66 s against the 0.5 s limit. A move is fitted on the frames seen (its levels
    are still read through the gap): seen in part, on that part; seen at neither end of
    its middle, it is not timed.
    """
    if lost is None or not lost.any():
        return sm
    return np.asarray(np.where(lost[: len(sm)], np.nan, sm), dtype=np.float64)


def median_of(x: Arr) -> float:
    """Median of the finite values of ``x``; NaN if there are none."""
    ok = x[np.isfinite(x)]
    return float(np.median(ok)) if ok.size else float("nan")


@dataclass(frozen=True)
class TempoReader:
    """Times the raise and the return of reps of exercise ``ex``.

    ``fps`` is frames a second; ``zone`` the catalog's peak zone, in the rep signal's
    units. `upright.motion.evaluate.RepEvaluator` holds one.
    """

    ex: Exercise
    fps: float
    zone: float

    def rest_level(
        self, sm: Arr, frm: int, step: int = -1, speed: float = 0.0
    ) -> tuple[float, bool]:
        """Level the signal settles at walking from ``frm`` by ``step``, and if it is seen.

        Walks while the smoothed signal ``sm`` keeps falling (by more than a tenth of the
        peak zone per 0.2 s, and faster than `SETTLED_SHARE` of ``speed``, the move's
        speed half-way, units a second), then takes the median of the next 0.2 s. The
        second value is False when the walk ran off the rep's frames still falling: the
        rest is not in view (the rep's frames start or end part-way through the move).
        """
        k = max(1, round(0.2 * self.fps))
        i, eps = frm, max(0.1 * self.zone, SETTLED_SHARE * speed * k / self.fps)
        while 0 <= i + step * k < len(sm):
            nxt = sm[i + step * k]
            if not (np.isfinite(nxt) and nxt < sm[i] - eps):
                break
            i += step
        seen = 0 <= i + step * k < len(sm)
        a, b = sorted((i, i + step * k))
        return median_of(sm[max(0, a) : b + 1]), seen

    def speed(self, sm: Arr, j: int) -> float:
        """How fast ``sm`` moves at frame ``j`` (units a second, over 0.1 s); 0 unseen."""
        h = max(1, round(0.05 * self.fps))
        a, b = max(0, j - h), min(len(sm) - 1, j + h)
        rate = abs(float(sm[b] - sm[a])) * self.fps / (b - a) if b > a else 0.0
        return rate if np.isfinite(rate) else 0.0

    def _half_way(self, sm: Arr, frm: int, step: int, mid: float) -> int:
        """First frame walking from ``frm`` by ``step`` below ``mid`` (``frm`` if none)."""
        j = frm
        while 0 <= j + step < len(sm) and not sm[j] < mid:
            j += step
        return j

    def timing(
        self, sm: Arr, t: Arr, w: Window, lost: npt.NDArray[np.bool_] | None = None
    ) -> Timing:
        """The raise and the return of the rep signal, timed.

        ``sm`` is the rep signal smoothed over `TIMING_S`; ``lost`` marks frames where the
        person was not found (`upright.motion.preprocess.Tracks.lost`; None: all seen).
        The levels are read on ``sm``, the moves fitted on the frames seen (`seen_only`).
        The raise is timed from the rest
        it left to the level it arrives at, the return from the level it leaves to the rest
        (a rep returns to where it started; the bird dog's tuck goes further), each level
        read right beside its move (`rest_level`, `top_level`), by `fit_move`, with the
        standard error of each duration. When the rep's frames start part-way up the
        raise, or the rise fitted starts after the peak zone began (a reaching arm's hand
        comes back up in the picture at the top and rises again: that second rise is not
        the raise), the raise is not timed (NaN). The return is timed down to
        `return_level`.
        """
        nan = float("nan")
        top = held_level(sm[w.leave : w.back + 1], self.zone)
        low0 = float(np.nanmin(sm[: w.zone0 + 1])) if np.isfinite(sm[: w.zone0 + 1]).any() else nan
        if not (np.isfinite(top) and np.isfinite(low0)):
            return Timing(nan, float(t[w.leave]), nan, float(t[w.back]))
        # half-way up the raise, where it moves fastest: the rest is found from there
        j = self._half_way(sm, w.zone0, -1, 0.5 * (top + low0))
        speed = self.speed(sm, j)
        low, seen = self.rest_level(sm, j, -1, speed)
        top_in = self.top_level(sm, j, 1, top, speed)
        fit = seen_only(sm, lost)
        up, start = fit_move(fit, t, w.zone0, low, top_in, -1) if seen else (nan, nan)
        if start > float(t[w.zone0]):  # a rise after the peak zone began: not its raise
            up, start = nan, nan
        up_se = duration_error(fit, t, low, top_in, (up, start), -1)
        back = self.return_level(sm, w, low if seen else nan, top)
        jd = self._half_way(sm, w.zone1, 1, 0.5 * (top + back))
        top_out = self.top_level(sm, jd, -1, top, self.speed(sm, jd))
        down, end = fit_move(fit, t, w.zone1, back, top_out, 1)
        down_se = duration_error(fit, t, back, top_out, (down, end), 1)
        start = max(start, float(t[0])) if np.isfinite(start) else float(t[w.leave])
        end = min(end, float(t[-1])) if np.isfinite(end) else float(t[w.back])
        return Timing(up, start, down, end, up_se, down_se)

    def top_level(self, sm: Arr, frm: int, step: int, top: float, speed: float) -> float:
        """The level a move arrives at (``step`` +1) or leaves from (-1) at the top.

        Walks from ``frm``, a frame part-way through the move, by ``step`` while the
        smoothed signal ``sm`` keeps rising, as `rest_level` walks down to the rest: the
        level right beside the move, not ``top``, the level held over the whole top
        (`held_level`), which drifts while the arm is held (a hold that sags before the
        return, a slow creep up after the raise) and would stretch the move to meet it.
        ``top`` when that level is not seen or lies outside the peak zone of it.
        """
        level, seen = self.rest_level(-sm, frm, step, speed)
        level = -level
        return level if seen and abs(level - top) <= self.zone else top

    def return_level(self, sm: Arr, w: Window, low: float, top: float) -> float:
        """The level the return goes back to: where it first comes to rest after the top.

        From the frame the return is half-way down (towards ``low``, the rest the raise
        left, or the lowest value after the top when the raise was not seen), the first
        `STILL_S` over which the signal (a rolling median over `STILL_S`) moves less than
        half the peak zone; the median there. That is wherever the athlete settles: short
        of the rest when the arms are not let long, lower after a rep that started short
        of it, and never the standing-up that follows the last rep. When the file ends
        before a still window fits after the half-way frame, ``low``. The bird dog's tuck
        follows the return without a pause and goes further: there the return ends at
        ``low``.
        """
        tail = sm[w.zone1 :]
        if self.ex.rep.tuck and np.isfinite(low):
            return low
        if not np.isfinite(tail).any():
            return float("nan")
        if not np.isfinite(low):
            low = float(np.nanmin(tail))
        k = odd_frames(STILL_S, self.fps)
        coarse = rolling_median(tail, k)
        ok = np.isfinite(coarse)
        below = np.flatnonzero(ok & (coarse < 0.5 * (top + low)))
        level = low
        if below.size:
            i0 = int(below[0])
            # a file may end less than `STILL_S` after the return's half-way frame: then
            # no still window fits, and the return is taken back to ``low``
            moved = np.abs(coarse[i0 + k :] - coarse[i0 : max(i0, len(coarse) - k)])
            still = np.flatnonzero(np.nan_to_num(moved, nan=np.inf) <= 0.5 * self.zone)
            for j in still:
                i = i0 + int(j)
                lvl = median_of(tail[i : i + k + 1])
                # a pause part-way down is not the rest when the fall goes on after it
                later = coarse[i + k : i + 2 * k + 1]
                if not (np.nan_to_num(later, nan=np.inf) < lvl - 0.5 * self.zone).any():
                    return lvl
        return level
