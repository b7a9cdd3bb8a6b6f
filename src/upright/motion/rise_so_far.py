"""The rise in the picture read live on the frames so far, each frame's geometry once.

A rep counted by the rise in the picture (`upright.motion.front_signal`: a row's hand,
an arm raise's elbow, seen from in front or behind in image points) reads the set's own
levels: its segments' lengths, the hand's rest, whether an arm reaches or hangs. Live,
the engine reads them on every frame so far, every `upright.motion.engine.LEVELS_EVERY_S`
(`upright.motion.engine.Engine._rise_so_far`). Read afresh with `front_signal`'s
functions, each read works out every frame's segments again, and the set's lengths, an
arm's bend, hanging and reach several times over (`reaches` reads `hanging`, which reads
the lengths that `bend_share` reads too).

`RiseSoFar` works each frame's picture geometry out once (the arm's points, the
shoulder-to-elbow and shoulder-to-wrist vectors, the three segment lengths), for all
the frames new since the last read in one go, and a read (`RiseSoFar.read`) works each
level out once, in the same numpy steps on the same values: its numbers are
`front_signal`'s bit for bit (tests/motion/test_rise_so_far.py holds them to it on
simulated sets). A change to how `front_signal` reads the rise must be made here too;
that test tells.

The segments' lengths over the frames so far (their 95th percentiles, and what noise
adds to them, `front_signal.seen_length`) are kept as the frames come (`_Lengths`):
read afresh, every read sorted every length of the set again and ran a median filter
over all of them, half of a read's cost, growing with the set.
"""

from __future__ import annotations

import math
import warnings
from bisect import insort
from typing import cast

import numpy as np
import numpy.typing as npt
from scipy.ndimage import median_filter

from upright.catalog import KEYPOINT_INDEX, RepSignal
from upright.motion.front_signal import (
    BENT_DEG,
    HANGING_FOREARM,
    HANGING_SHARE,
    LENGTH_NOISE_S,
    MIN_ARM,
    MIN_FOREARM,
    NOISE_LENGTH_SHARE,
    TUCK_FOLD,
    Z95,
    elbow_falls,
    hand_rise,
    nan_percentile,
    reach_travel,
    seen_length,
)
from upright.motion.ordered import median, percentile

Arr = npt.NDArray[np.float64]
Mask = npt.NDArray[np.bool_]

# Columns kept per arm and frame: shoulder, elbow, wrist (x, y in the picture), elbow and
# wrist from the shoulder, and the lengths shoulder-elbow, elbow-wrist, shoulder-wrist.
_SH, _EL, _WR, _ES, _WS = (slice(2 * k, 2 * k + 2) for k in range(5))
_UPPER, _FORE, _ARM = 10, 11, 12
_COLUMNS = 13


def _geometry(pts: Arr, side: str) -> Arr:
    """The kept columns [N, 13] of ``side``'s arm over frames ``pts`` [N, 33, 3]."""
    sh, el, wr = (pts[:, KEYPOINT_INDEX[f"{side}_{p}"], :2] for p in ("shoulder", "elbow", "wrist"))
    es, ws = el - sh, wr - sh
    lengths = [np.linalg.norm(v, axis=1) for v in (es, wr - el, ws)]
    return np.concatenate([sh, el, wr, es, ws, np.stack(lengths, axis=1)], axis=1)


class _Lengths:
    """One segment's lengths in the picture over the frames so far, for their levels.

    The known lengths are kept sorted as the frames come (their 95th percentile and
    median are then look-ups), and so are the sizes of their residuals about the
    running median of `front_signal.seen_length` once settled: a residual depends on
    the lengths half the filter's window either side only, so all but the last half
    window's stay as they are when frames come. `top` and `seen` are
    `front_signal.nan_percentile` (95) and `front_signal.seen_length` of every length
    given so far, bit for bit (`upright.motion.ordered`).
    """

    def __init__(self, fps: float) -> None:
        self.size = max(3, round(LENGTH_NOISE_S * fps)) | 1  # as `seen_length`'s filter
        self.frames = 0  # lengths given, known or not
        self.known = np.empty(64)  # the known ones in frame order: ``known[:count]``
        self.count = 0
        self.ordered: list[float] = []  # the same, sorted
        self.residuals: list[float] = []  # sizes of the settled residuals, sorted
        self.settled = 0  # known lengths whose residual is in ``residuals``

    def add(self, lengths: Arr) -> None:
        """Take the lengths [N] of the next frames (NaN: not seen)."""
        new = lengths[~np.isnan(lengths)]
        need = self.count + len(new)
        if need > len(self.known):
            grown = np.empty(max(need, 2 * len(self.known)))
            grown[: self.count] = self.known[: self.count]
            self.known = grown
        self.known[self.count : need] = new
        self.count = need
        self.frames += len(lengths)
        for x in new.tolist():
            insort(self.ordered, x)

    def top(self) -> float:
        """The 95th percentile of the known lengths (NaN: none known)."""
        return percentile(self.ordered, 95) if self.ordered else math.nan

    def seen(self) -> float:
        """`front_signal.seen_length` of the lengths given so far."""
        if not self.ordered:
            return math.nan
        top = percentile(self.ordered, 95)
        n, half = self.count, self.size // 2
        if n < 2 * self.size:
            return top
        # residuals of the lengths not settled yet: the filter on the lengths they read
        a = max(0, self.settled - half)
        known = self.known[a:n]
        taken = np.abs(known - median_filter(known, size=self.size, mode="nearest"))
        now = n - half  # the residuals before it are settled
        for x in taken[self.settled - a : now - a].tolist():
            insort(self.residuals, x)
        self.settled = max(self.settled, now)
        tail = taken[now - a :].tolist()
        for x in tail:
            insort(self.residuals, x)
        mad = median(self.residuals)
        for x in tail:
            self.residuals.remove(x)
        excess = Z95 * 1.4826 * float(mad)
        if excess < NOISE_LENGTH_SHARE * top:
            return top
        return max(top - excess, median(self.ordered))


class _ArmRead:
    """One arm's levels on the frames read, each worked out once (`front_signal`'s).

    ``lengths`` (upper arm, forearm, whole arm), when given, are those of exactly the
    frames ``g`` and give the lengths' levels; else they are read on ``g``. The lengths
    the rises are read on (`seen_upper`, `seen_fore`, `seen_arm`) are worked out when
    first asked for: an arm that reaches is read by its travel, which needs none.
    """

    def __init__(self, g: Arr, fps: float, lengths: tuple[_Lengths, ...] | None = None) -> None:
        self.n, self._g, self._fps, self._lengths = len(g), g, fps, lengths
        self.sh, self.el, self.wr = g[:, _SH], g[:, _EL], g[:, _WR]
        self.es, self.ws = g[:, _ES], g[:, _WS]
        self.upper_len = g[:, _UPPER]
        if lengths is not None:
            upper, fore, arm = lengths
            self.upper, self.fore, self.arm = upper.top(), fore.top(), arm.top()
        else:
            # 95th percentiles in the picture over the frames (`front_signal._lengths`)
            self.upper = nan_percentile(g[:, _UPPER], 95)
            self.fore = nan_percentile(g[:, _FORE], 95)
            self.arm = nan_percentile(g[:, _ARM], 95)
        self._seen: list[float | None] = [None, None, None]
        self.drop = self.wr[:, 1] - self.sh[:, 1]  # the wrist's drop; image y points down
        self._bend: Arr | None = None
        self._hanging: Mask | None = None
        self._reaches: bool | None = None

    def _seen_length(self, k: int) -> float:
        """`front_signal.seen_length` of length ``k`` (0 upper arm, 1 forearm, 2 arm)."""
        if self._seen[k] is None:
            kept = self._lengths[k] if self._lengths is not None else None
            if kept is not None and kept.frames == self.n:
                self._seen[k] = kept.seen()
            else:  # not kept, or more frames came since: read on these frames
                self._seen[k] = seen_length(self._g[:, _UPPER + k], self._fps)
        return cast(float, self._seen[k])

    @property
    def seen_upper(self) -> float:
        """The upper arm's length the rises are read on, less what noise adds."""
        return self._seen_length(0)

    @property
    def seen_fore(self) -> float:
        """The forearm's length the rises are read on, less what noise adds."""
        return self._seen_length(1)

    @property
    def seen_arm(self) -> float:
        """The whole arm's length the rises are read on, less what noise adds."""
        return self._seen_length(2)

    def bend(self) -> Arr:
        """`front_signal.bend_share`."""
        if self._bend is None:
            upper = self.upper
            fore = max(self.fore, 0.8 * upper)
            if not (np.isfinite(upper) and upper > 0):
                self._bend = np.full(self.n, np.nan)
            else:
                off = np.linalg.norm(self.ws - (1.0 + fore / upper) * self.es, axis=1) / fore
                bend = np.degrees(2.0 * np.arcsin(np.clip(0.5 * off, 0.0, 1.0)))
                self._bend = np.asarray(np.clip(bend / BENT_DEG, 0.0, 1.0), dtype=np.float64)
        return self._bend

    def hanging(self) -> Mask:
        """`front_signal.hanging`."""
        if self._hanging is None:
            upper = self.upper
            fore = max(self.fore, MIN_FOREARM * upper)
            arm = max(self.arm, MIN_ARM * (upper + fore))
            if not (np.isfinite(upper) and np.isfinite(fore) and upper > 0):
                self._hanging = np.zeros(self.n, dtype=bool)
            else:
                fore_drop = np.nan_to_num(self.wr[:, 1] - self.el[:, 1], nan=-np.inf)
                down = np.nan_to_num(self.drop, nan=-np.inf) >= HANGING_SHARE * arm
                self._hanging = np.asarray(
                    down & (fore_drop >= HANGING_FOREARM * fore), dtype=np.bool_
                )
        return self._hanging

    def reaches(self) -> bool:
        """`front_signal.reaches`."""
        if self._reaches is None:
            self._reaches = self._reach()
        return self._reaches

    def _reach(self) -> bool:
        drop = self.el[:, 1] - self.sh[:, 1]
        bend = self.bend()
        ok = np.isfinite(drop) & np.isfinite(bend) & np.isfinite(self.drop)
        if ok.sum() < 10 or not (np.isfinite(self.arm) and self.arm > 0):
            return False
        upper = float(np.percentile(self.upper_len[ok], 95))
        return elbow_falls(drop, bend, ok & ~self.hanging(), upper)

    def travel(self, rep: RepSignal) -> Arr:
        """`front_signal.elbow_travel_flexion`."""
        bend = self.bend()
        ok = np.isfinite(self.es).all(axis=1) & np.isfinite(bend) & np.isfinite(self.drop)
        if ok.sum() < 10 or not (np.isfinite(self.arm) and self.arm > 0):
            return np.full(self.n, np.nan)
        hangs = self.hanging()
        use = ok & ~hangs
        if use.sum() < 10:
            return np.full(self.n, np.nan)
        straight = use & (bend <= np.percentile(bend[use], 33)) & (bend < 1.0)
        if straight.sum() < 10:
            return np.full(self.n, np.nan)
        upper = float(np.percentile(self.upper_len[ok], 95))
        share = reach_travel(self.es, self.ws, straight, use, upper, hangs)
        return np.asarray(rep.rest + (rep.peak - rep.rest) * share, dtype=np.float64)

    def wrist_rise(self, rep: RepSignal) -> Arr:
        """`front_signal.wrist_rise_flexion` of this arm."""
        if self.reaches():
            return self.travel(rep)
        return hand_rise(self.seen_arm, self.seen_fore, self.drop, rep)

    def _rise_share(self, point: Arr, length: float) -> Arr:
        """`front_signal._rise_share` from the shoulder: ``point`` [T, 2] from it."""
        if not (np.isfinite(length) and length > 0):
            return np.full(self.n, np.nan)
        return np.asarray(1.0 - point[:, 1] / length, dtype=np.float64)

    def elbow_rise(self, rep: RepSignal) -> Arr:
        """`front_signal.arm_rise_flexion` of this arm."""
        elbow = self._rise_share(self.es, self.seen_upper)
        folded = np.clip(self._rise_share(self.ws, self.seen_arm) - elbow, 0.0, None)
        share = elbow - np.nan_to_num(folded, nan=0.0)
        return np.asarray(rep.rest + (rep.peak - rep.rest) * share, dtype=np.float64)

    def folded(self) -> Mask:
        """`front_signal.forearm_folded`."""
        hand = self._rise_share(self.ws, self.seen_arm)
        elbow = self._rise_share(self.es, self.seen_upper)
        return np.nan_to_num(hand - elbow, nan=0.0) >= TUCK_FOLD


def _both(left: Arr, right: Arr) -> Arr:
    """The two arms' reading averaged where both are seen, as `front_signal` does."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return np.asarray(np.nanmean(np.stack([left, right]), axis=0), dtype=np.float64)


class SetRead:
    """One read of the rise on the first frames of the set, each level worked out once."""

    def __init__(
        self,
        rep: RepSignal,
        sides: tuple[str, ...],
        arms: dict[str, Arr],
        fps: float,
        lengths: dict[str, tuple[_Lengths, ...]] | None = None,
    ) -> None:
        self.rep, self.sides, self.fps = rep, sides, fps
        self._geometry = arms
        self._lengths = lengths or {}  # each arm's, when kept for exactly these frames
        self._arms: dict[str, _ArmRead] = {}

    def arm(self, side: str) -> _ArmRead:
        """``side``'s arm ("left" or "right") read on these frames."""
        if side not in self._arms:
            lengths = self._lengths.get(side)
            if lengths is not None and lengths[0].frames != len(self._geometry[side]):
                lengths = None  # more frames came since: read these afresh
            self._arms[side] = _ArmRead(self._geometry[side], self.fps, lengths)
        return self._arms[side]

    def side_signal(self, side: str) -> Arr:
        """The rep signal of ``side`` [T], as `Engine._signal` reads it on these frames."""
        read = self.arm if side != "both" else None
        if self.rep.signal == "arm_flexion":
            if read is None:
                return _both(*(self.arm(s).elbow_rise(self.rep) for s in ("left", "right")))
            return read(side).elbow_rise(self.rep)
        if read is None:
            left, right = self.arm("left"), self.arm("right")
            if left.reaches() != right.reaches():  # the arm seen reaching alone
                return (left if left.reaches() else right).travel(self.rep)
            return _both(left.wrist_rise(self.rep), right.wrist_rise(self.rep))
        return read(side).wrist_rise(self.rep)

    def signal(self) -> Arr:
        """The rep signal of every side [T, sides] read on these frames.

        An arm the set has not yet shown swinging (the resting one of a one-arm row, its
        hand on a bench or knee) has no levels yet: where its shoulder, elbow and wrist
        are seen, it reads at the catalog's rest, as the whole set will read it. In a set
        whose arms reach forward (a cable row, `front_signal.reaches`), an arm hanging
        at the side (`front_signal.hanging`) is in no position of the exercise and the
        whole set reads it NaN: so does this, or a one-arm row's free arm and the arms
        let down after the last pull read as rests, a return that ends one more movement.
        """
        sig = np.stack([self.side_signal(s) for s in self.sides], axis=1)
        # whether the arms reach, from those read so far (a resting arm's noise can
        # look like a reach)
        read = [s for k, s in enumerate(self.sides) if np.isfinite(sig[:, k]).any()]
        arms_read = ("left", "right") if "both" in read else read
        reach = self.rep.signal != "arm_flexion" and any(self.arm(a).reaches() for a in arms_read)
        for k, side in enumerate(self.sides):
            arms = ("left", "right") if side == "both" else (side,)
            seen = np.zeros(len(sig), dtype=bool)
            for name in arms:
                arm = self.arm(name)
                shown = np.isfinite(self._geometry[name][:, :6]).all(axis=1)
                seen |= shown & ~arm.hanging() if reach else shown
            sig[np.isnan(sig[:, k]) & seen, k] = self.rep.rest
        return sig

    def tucked(self) -> Arr:
        """The tuck [T] (1.0 tucked) as `Engine._tucked` reads it from in front or behind."""
        n = len(self._geometry["left"])
        if not self.rep.tuck:
            return np.zeros(n)
        tucked = np.zeros(n, dtype=bool)
        for s in ("left", "right"):
            tucked |= self.arm(s).folded()
        return tucked.astype(np.float64)


class RiseSoFar:
    """Each frame's arm geometry in the picture, worked out once; reads on demand.

    Parameters
    ----------
    rep
        The exercise's rep signal (its ``signal``, ``rest``, ``peak``, ``tuck``).
    sides
        The engine's sides (`upright.motion.engine.sides_of`).
    fps
        Frames a second (the lengths' noise is read over a time, `front_signal.seen_length`).
    """

    def __init__(self, rep: RepSignal, sides: tuple[str, ...], fps: float) -> None:
        self.rep, self.sides, self.fps = rep, sides, fps
        self._data = {s: np.empty((64, _COLUMNS)) for s in ("left", "right")}
        self._lengths: dict[str, tuple[_Lengths, ...]] = {
            s: tuple(_Lengths(fps) for _ in range(3)) for s in ("left", "right")
        }
        self.n = 0  # frames whose geometry is kept

    def read(self, so_far: Arr) -> SetRead:
        """A read of the frames so far ``so_far`` [T, 33, 3] with their own levels.

        ``so_far`` is the set from its first frame, as earlier reads had it: the geometry
        of frames already kept is not worked out again (all new ones in one go).
        """
        end = len(so_far)
        if end > self.n:
            for side, data in self._data.items():
                if end > len(data):
                    grown = np.empty((max(end, 2 * len(data)), _COLUMNS))
                    grown[: self.n] = data[: self.n]
                    self._data[side] = data = grown
                data[self.n : end] = _geometry(so_far[self.n :], side)
                for kept, column in zip(self._lengths[side], (_UPPER, _FORE, _ARM), strict=True):
                    kept.add(data[self.n : end, column])
            self.n = end
        arms = {s: d[:end] for s, d in self._data.items()}
        # the lengths kept are those of every frame so far: of this read if it reads them all
        lengths = self._lengths if end == self.n else None
        return SetRead(self.rep, self.sides, arms, self.fps, lengths)
