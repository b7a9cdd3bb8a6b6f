"""The rest a rep starts from and comes back to: the baseline its postures are read against.

`upright.motion.evaluate.RepEvaluator` holds a `RestReader`. A posture rule (pelvis roll, trunk
lean) compares the rep with the still position around it rather than the set-up's, so a
re-settle between reps is not taken for a fault.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from upright.motion.body import Baseline, make_baseline, trunk
from upright.motion.geometry import unit
from upright.motion.reps import REST_S
from upright.motion.tempo import Window, median_of

Arr = npt.NDArray[np.float64]
Idx = npt.NDArray[np.intp]

# A rep's posture baseline is read on the still frames of up to this long before it (s).
REST_BASE_S = 1.5
# Rest frames whose trunk is further than this from its line as the rep leaves rest (or
# comes back to it) are not the working position: the athlete still stands, or is
# bending over into it (deg; 10 also cut a bird dog's rocking rest: sim `together` P 0.90
# -> 0.84, pelvis_twist 1.00 -> 0.96; bending over from standing is 30-90).
WORKING_TOL_DEG = 20.0
# Without enough still rest (reps back to back), the working position is read at the
# rep's own bottom: this long before it leaves and after it is back (s).
BOTTOM_S = 0.4


@dataclass(frozen=True)
class RestReader:
    """Finds the rest around a rep.

    ``base`` is the set-up baseline (the fallback when the rest gives none), ``fps``
    frames a second, ``zone`` the catalog's peak zone in the rep signal's units.
    """

    base: Baseline
    fps: float
    zone: float

    @property
    def min_rest(self) -> int:
        """The fewest still frames a baseline may be read on: half of `REST_S`, at least 3."""
        return max(3, round(REST_S * self.fps / 2))

    def rest_frames(self, w: Window) -> tuple[int, int]:
        """Frames (first, last) of the rest just before the rep leaves it."""
        return max(0, w.leave - round(REST_S * self.fps)), w.leave

    def rest_index(self, sm: Arr, w: Window, pts: Arr) -> Idx:
        """Frames of the still rest around the rep, that its posture baseline is read on.

        Up to `REST_BASE_S` before the rep leaves rest, those where the smoothed rep
        signal ``sm`` is within the peak zone of its level at rest (the end of a previous
        rep's tuck or a fidget is not rest) and the trunk of ``pts`` is within
        `WORKING_TOL_DEG` of its line as the rep leaves (standing up or bending over into
        the set is not rest either). When the rep's frames start too close to its raise
        for that, the still frames of the `REST_S` after its return (the athlete comes
        back to the same position), with the same tests. With neither (reps back to
        back), the rep's bottom: the `BOTTOM_S` before it leaves (and after it is back
        when the file starts with the rep).
        """
        r0, r1 = self.rest_frames(w)
        a = max(0, w.leave - round(REST_BASE_S * self.fps))
        idx = self._working(pts, self._still(sm, a, r1, median_of(sm[r0 : r1 + 1])), w.leave)
        if idx.size >= self.min_rest:
            return idx
        b0, b1 = w.back, min(w.last, w.back + round(REST_S * self.fps))
        after = self._working(pts, self._still(sm, b0, b1, median_of(sm[b0 : b1 + 1])), w.back)
        best = after if after.size > idx.size else idx
        if best.size >= self.min_rest:
            return best
        k = round(BOTTOM_S * self.fps)
        bottom = np.arange(max(0, w.leave - k), w.leave + 1)
        if bottom.size < self.min_rest:  # the file starts with the rep: after it too
            bottom = np.r_[bottom, w.back : min(w.last, w.back + k) + 1]
        return np.unique(bottom).astype(np.intp)

    def _working(self, pts: Arr, idx: Idx, at: int) -> Idx:
        """The frames of ``idx`` whose trunk is within `WORKING_TOL_DEG` of its line at ``at``."""
        if idx.size == 0:
            return idx
        near = unit(trunk(pts[max(0, at - 2) : at + 1]))
        near = near[np.isfinite(near).all(axis=1)]
        ref = unit(near.mean(axis=0)) if len(near) else np.full(3, np.nan)
        if not np.isfinite(ref).all():
            return idx
        cos = np.sum(unit(trunk(pts[idx])) * ref, axis=1)
        keep = np.nan_to_num(cos, nan=-1.0) >= np.cos(np.radians(WORKING_TOL_DEG))
        return np.asarray(idx[keep], dtype=np.intp)

    def _still(self, sm: Arr, a: int, b: int, level: float) -> Idx:
        """Frames ``a..b`` where ``sm`` is within the peak zone of ``level``."""
        near = np.abs(np.nan_to_num(sm[a : b + 1] - level, nan=np.inf)) <= self.zone
        return np.flatnonzero(near) + a

    def rest_baseline(self, pts: Arr, idx: Idx) -> Baseline:
        """The still position this rep started from (frames ``idx``); else the set-up's.

        The set-up's is used when fewer than half of `REST_S` of still frames are in view
        before or after the rep, or they give no trunk or hip line.

        Posture rules compare against it, so a re-settle between reps (or a set-up that
        was read in another posture) is not taken for a fault.
        """
        if idx.size < self.min_rest:  # a baseline on a few noisy frames is noise
            return self.base
        base = make_baseline(pts[idx], self.base.planar, self.base.facing)
        if not (np.isfinite(base.trunk).all() and np.isfinite(base.torso)):
            return self.base
        if not np.isfinite(base.hip_line).all() and not self.base.planar:
            return self.base
        return base

    def rest_around(
        self, pts: Arr, sm: Arr, w: Window, rest: tuple[Baseline, Idx]
    ) -> tuple[Baseline, Idx]:
        """The rest before the rep (``rest``) joined by the still frames after its return.

        A held posture is read against the position the athlete left and came back to:
        twice the frames halve the variance of the baseline's hip line (0.2 m long, the
        far hip seen through the body), which on its own read 8-13 deg off on ~1 s of
        rest. Kept as it is when the rest was the set-up's or too little follows the rep.
        """
        base, idx = rest
        b0, b1 = w.back, min(w.last, w.back + round(REST_S * self.fps))
        after = self._still(sm, b0, b1, median_of(sm[b0 : b1 + 1]))
        if base is self.base or after.size < self.min_rest:
            return rest
        both = np.union1d(idx, after)
        return self.rest_baseline(pts, both), both
