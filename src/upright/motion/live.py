"""Live analysis, one frame at a time, with the same decisions as `analyze`.

Cleaning a frame (gap filling, smoothing) needs a few frames after it, so a frame is
analysed once ``lag`` more frames have arrived (``max_gap_s`` plus half the smoothing
window, about 0.5 s at the catalog's defaults). The cleaning runs on a short sliding
window of raw frames, which gives exactly the numbers the whole-file cleaning gives;
the engine then steps the same state machines. `finish` analyses the last frames when
the set ends.

`push` analyses after every frame; a caller that receives frames in batches can `add`
each one and `advance` once per batch (the same events, computed in one pass). Only the
raw frames the cleaning window still needs are kept (and those waiting for the choice
of space, below), so memory does not grow with the set's length (the
generic counter, which looks at the whole set, keeps them all). A
frame's reliable points (`raw_points`, which reads that frame alone) are worked out once
when it arrives, not again in every window that reads it.

Which points to read (world or image) and how to count a rep are decided as `analyze`
decides them for a file (`upright.motion.preprocess.tracks`: world depth unless
`upright.motion.depth.depth_trusted` finds it squeezed; `upright.motion.analyze.engine_flags`
for the rise in the picture), read on the first frames of the set. The analyser waits
until it holds ``3 * lag + 1`` frames from the first one showing a person (about 1.7 s,
the frames its cleaning window keeps anyway) and decides once they settle it
(`_settled`): at once for image points only or a person side-on; for squeezed depth,
or depth that bones pointing along the camera's axis find whole, once `AGREEING_LOOKS`
looks in a row say the same. Until then it looks again every `RECHECK_S`, the frames
kept unanalysed (a bird dog from in front shows nothing along the camera's axis while
still on all fours), and takes the world depth after `DECIDE_MAX_S` if still untested;
the set is then analysed from its first frame on. Once made, the decision holds for
the set: a change of space would change every angle under the running state machines
and could not take back the reps already counted.

A rep counted by the rise in the picture (from in front or behind, image points) reads
the set's own levels: the lengths of the arm in the picture, the hand's rest, whether
and how far the arm reaches. The file analysis reads them on the whole set; live, the
engine reads them on the frames so far, once they show two whole movements, then every
`upright.motion.engine.LEVELS_EVERY_S` (`Engine._rise_so_far`). The first rep's events
come when the second has shown the levels, the later ones as soon as the machines
settle them, as from any other view.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from upright.catalog import Exercise, RepSignal
from upright.motion.analyze import engine_flags, is_generic
from upright.motion.depth import depth_share
from upright.motion.engine import LEVELS_SEEN_MOVES, Engine
from upright.motion.events import LiveState, MotionEvent
from upright.motion.generic import count_generic
from upright.motion.landmarks import Landmarks
from upright.motion.preprocess import (
    Space,
    Tracks,
    fill_gaps,
    lost_frames,
    margin_frames,
    raw_points,
    smooth,
    tracks,
    window_frames,
)
from upright.motion.view import estimate_view

Arr = npt.NDArray[np.float64]
# The generic counter looks at the whole recording; live, it is re-run this often.
_GENERIC_EVERY_S = 1.0
# World depth that nothing in the first frames says is squeezed or sound (no bone yet
# pointing along the camera's axis, the person not side-on) is looked at again this
# often (s), the frames kept unanalysed, up to this long into the set (s); then taken.
RECHECK_S = 0.5
# Looks in a row that must give the same answer from the depth test: its first answers
# can mislead, while a bone's length is not known yet (a noisy sim bird dog at 45 deg
# read 0.28 and 0.39 of its depth on its first two looks, 0.71-0.78 from the third on).
AGREEING_LOOKS = 3
DECIDE_MAX_S = 10.0


def _settled(lm: Landmarks, rep: RepSignal, tr: Tracks) -> str | None:
    """How the first frames ``lm`` settle the space of tracks ``tr``; None: not yet.

    "sure": image points with no world to choose, or sound depth of a person side-on.
    "seen": the depth was tested (`upright.motion.depth.depth_trusted`): squeezed, or
    whole on bones pointing along the camera's axis; a few such frames can mislead (a
    bone's length is not known yet), so a test is taken when the next ones agree.
    """
    if not lm.has_world:
        return "sure"
    image = tracks(lm, rep, "image").pts
    if tr.space == "world" and estimate_view(image, True) == "side":
        return "sure"
    world = tr.pts if tr.space == "world" else tracks(lm, rep, "world").pts
    if tr.space == "image" or np.isfinite(depth_share(world)):
        return "seen"
    return None


class _Frames:
    """The frames kept, in arrays that grow by doubling and drop from the front."""

    def __init__(self) -> None:
        self.t: Arr = np.empty(0)
        self.image: Arr = np.empty((0, 33, 3))
        self.world: Arr = np.empty((0, 33, 3))
        self.visibility: Arr = np.empty((0, 33))
        self.points: Arr = np.empty((0, 33, 3))  # `raw_points` of each frame
        self.lo = 0  # the first kept row
        self.hi = 0  # one past the last row

    def __len__(self) -> int:
        return self.hi - self.lo

    def append(self, t: float, image: Arr, world: Arr, visibility: Arr, points: Arr) -> None:
        if self.hi == self.t.shape[0]:
            self._make_room()
        i = self.hi
        self.t[i], self.image[i], self.world[i] = t, image, world
        self.visibility[i], self.points[i] = visibility, points
        self.hi += 1

    def drop(self, count: int) -> None:
        """Let go of the ``count`` oldest rows."""
        self.lo += min(count, len(self))

    def _make_room(self) -> None:
        n = len(self)
        size = max(64, 2 * n)
        for name in ("t", "image", "world", "visibility", "points"):
            old = getattr(self, name)
            new = np.empty((size, *old.shape[1:]))
            new[:n] = old[self.lo : self.hi]
            setattr(self, name, new)
        self.lo, self.hi = 0, n


class LiveAnalyzer:
    """Analyse a landmark stream frame by frame.

    Parameters
    ----------
    exercise
        The catalog exercise (the generic one counts any repeated movement).
    fps
        Frames per second of the stream.
    width, height
        Frame size in pixels of the image landmarks (1 x 1 for normalised coordinates).
    reps
        The reps the set is planned to have, all sides together, when known: a set
        counted by the rise in the picture shows its levels in two whole movements, or
        in one when only one is planned.
    """

    def __init__(
        self,
        exercise: Exercise,
        fps: float,
        width: int = 1,
        height: int = 1,
        *,
        reps: int | None = None,
    ) -> None:
        if not fps > 0:
            raise ValueError(f"fps: expected a number above 0, got {fps!r}")
        self.exercise = exercise
        self.fps = float(fps)
        self.width, self.height = width, height
        self.lag = margin_frames(exercise.rep, self.fps)
        self._margin = 2 * self.lag
        self._smooth = window_frames(exercise.rep.smooth_s, self.fps, 5)
        self._raw = _Frames()
        self._base = 0  # stream index of the first kept frame (older ones are let go)
        self._done = 0  # frames already analysed (stream index)
        self._space: Space | None = None
        self._seen_at: int | None = None  # stream index of the first frame with a person
        self._decide_frames = 3 * self.lag + 1
        self._decide_max = max(self._decide_frames, round(DECIDE_MAX_S * self.fps))
        self._recheck = max(1, round(RECHECK_S * self.fps))
        # The depth test's answer at the last looks, and how many in a row gave it.
        self._seen: tuple[Space | None, int] = (None, 0)
        self._engine: Engine | None = None
        self._generic_reps = 0
        self._generic_at = 0.0
        self._finished = False
        self._seen_moves = 0 if reps is None else max(1, min(LEVELS_SEEN_MOVES, reps))

    @property
    def state(self) -> LiveState:
        """Read-only snapshot: reps per side, current hold seconds, phase."""
        if self._engine is not None:
            return self._engine.state
        if is_generic(self.exercise):
            now = float(self._raw.t[self._raw.hi - 1]) if len(self._raw) else 0.0
            return LiveState({"both": self._generic_reps}, 0.0, "moving", now)
        return LiveState()

    def push(
        self, t: float, image: npt.ArrayLike, world: npt.ArrayLike, visibility: npt.ArrayLike
    ) -> list[MotionEvent]:
        """Add one frame; return what happened up to ``lag`` frames ago.

        ``image`` [33, 3] pixels, ``world`` [33, 3] metres (NaN if absent),
        ``visibility`` [33] in 0..1, ``t`` seconds.
        """
        self.add(t, image, world, visibility)
        return self.advance()

    def add(
        self, t: float, image: npt.ArrayLike, world: npt.ArrayLike, visibility: npt.ArrayLike
    ) -> None:
        """Add one frame (as `push`) without analysing it yet; `advance` does."""
        if self._finished:
            raise ValueError("this set has finished; start a new LiveAnalyzer")
        img = np.asarray(image, dtype=np.float64).reshape(33, 3)
        wld = np.asarray(world, dtype=np.float64).reshape(33, 3)
        vis = np.asarray(visibility, dtype=np.float64).reshape(33)
        if self._seen_at is None and np.isfinite(img).any():
            self._seen_at = self._count
        if self._space is None:
            points = np.full((33, 3), np.nan)  # worked out once the space is decided
        else:
            rep = self.exercise.rep
            points = raw_points(
                img, wld, vis, self.width, self.height, self._space, rep.min_visibility
            )
        self._raw.append(float(t), img, wld, vis, points)
        if self._space is None and not is_generic(self.exercise) and self._seen_at is not None:
            since = self._count - self._seen_at
            if since >= self._decide_frames and (since - self._decide_frames) % self._recheck == 0:
                self._decide(final=since >= self._decide_max)

    def _decide(self, final: bool = True) -> None:
        """Choose the space and the engine's flags on the frames so far, as `analyze` does.

        Unless ``final``, only once the evidence settles it (`_settled`).
        """
        raw, rows = self._raw, slice(self._raw.lo, self._raw.hi)
        lm = Landmarks.create(
            raw.image[rows],
            world=raw.world[rows],
            visibility=np.clip(raw.visibility[rows], 0, 1),
            t=raw.t[rows],
            fps=self.fps,
            width=self.width,
            height=self.height,
        )
        rep = self.exercise.rep
        tr = tracks(lm, rep)
        if not final:
            settled = _settled(lm, rep, tr)
            same = settled == "seen" and self._seen[0] == tr.space
            self._seen = (tr.space, self._seen[1] + 1 if same else 1)
            if settled is None:
                self._seen = (None, 0)
            if not (settled == "sure" or self._seen[1] >= AGREEING_LOOKS):
                return
        self._space = tr.space
        flags = engine_flags(self.exercise, tr)
        self._engine = Engine(
            self.exercise, self.fps, *flags, so_far=True, seen_moves=self._seen_moves
        )
        raw.points[rows] = raw_points(
            raw.image[rows],
            raw.world[rows],
            raw.visibility[rows],
            self.width,
            self.height,
            tr.space,
            rep.min_visibility,
        )

    def advance(self) -> list[MotionEvent]:
        """Analyse the frames added so far, up to ``lag`` frames ago; what happened."""
        if self._finished or not len(self._raw):
            return []
        if is_generic(self.exercise):
            return self._generic(final=False)
        upto = self._count - 1 - self.lag
        return self._advance(upto)

    @property
    def _count(self) -> int:
        """Frames added since the set began."""
        return self._base + len(self._raw)

    def finish(self) -> list[MotionEvent]:
        """The set ended: analyse the remaining frames and settle the last rep."""
        if self._finished:
            return []
        if is_generic(self.exercise):
            out = self._generic(final=True)
            self._finished = True
            return out
        if self._space is None and self._seen_at is not None and len(self._raw):
            self._decide()  # a set shorter than the deciding frames
        out = self._advance(self._count - 1)
        if self._engine is not None:
            out += self._engine.finish()
        self._finished = True
        return out

    def _advance(self, upto: int) -> list[MotionEvent]:
        """Analyse frames ``self._done`` .. ``upto`` (inclusive)."""
        if upto < self._done or self._engine is None:
            return []
        a = max(0, self._done - self._margin)
        b = min(self._count, upto + 1 + self._margin)
        # The steps of `preprocess.clean` on the window, the first already done per frame.
        rows = slice(self._raw.lo + a - self._base, self._raw.lo + b - self._base)
        t = self._raw.t[rows]
        k0, k1 = self._done - a, upto + 1 - a
        pts = self._clean(self._raw.points[rows], t, k0, k1)
        lost = lost_frames(self._raw.points[rows][k0:k1])  # as `preprocess.Tracks.lost`
        events = self._engine.feed(t[k0:k1].copy(), pts, lost)
        self._done = upto + 1
        keep = self._done - self._margin  # the oldest frame a later window reads
        if keep > self._base:
            self._raw.drop(keep - self._base)
            self._base = keep
        return events

    def _clean(self, points: Arr, t: Arr, k0: int, k1: int) -> Arr:
        """Clean rows ``k0`` .. ``k1 - 1`` of the window ``points`` (times ``t``).

        Only the rows they read are cleaned, with the same numbers: a row's smoothing
        reads half a window either side, and a gap is filled from the points either side
        of it, no more than ``max_gap_s`` apart (any rows beyond cannot change it).
        """
        gap = self.exercise.rep.max_gap_s
        half = self._smooth // 2
        s0, s1 = max(0, k0 - half), min(len(t), k1 + half)  # the rows the smoothing reads
        f0, f1 = 0, len(t)
        if np.all(np.diff(t) > 0):  # timestamps in order: the rows a fill can read
            f0 = int(np.searchsorted(t, t[s0] - gap - 1e-6, "left"))
            f1 = int(np.searchsorted(t, t[s1 - 1] + gap + 1e-6, "right"))
        filled = fill_gaps(points[f0:f1], t[f0:f1], gap)
        return smooth(filled[s0 - f0 : s1 - f0], self._smooth)[k0 - s0 : k1 - s0]

    def _generic(self, final: bool) -> list[MotionEvent]:
        raw = self._raw
        rows = slice(raw.lo, raw.hi)
        now = float(raw.t[raw.hi - 1])
        if not final and now - self._generic_at < _GENERIC_EVERY_S:
            return []
        self._generic_at = now
        lm = Landmarks.create(
            raw.image[rows].copy(),
            world=raw.world[rows].copy(),
            visibility=np.clip(raw.visibility[rows], 0, 1),
            t=raw.t[rows].copy(),
            fps=self.fps,
            width=self.width,
            height=self.height,
        )
        res = count_generic(lm, self.exercise.rep.min_visibility)
        # Only reps that ended a while ago are sure: the last peak may still grow.
        settled = [r for r in res.reps if final or r.end < now - 1.0]
        new = settled[self._generic_reps :]
        self._generic_reps = max(self._generic_reps, len(settled))
        return [MotionEvent("rep_counted", r.end, "both", rep=r) for r in new]
