"""Reps the generic counter could not see: the body lost for a moment in the middle of a set.

A tracker loses the person for a second or two now and then (motion blur, an arm across
the face, a passer-by). Within a set the rhythm carries on: when two counted reps stand
about two (three) periods apart and the frames between them are mostly missing, one
(two) reps happened out of sight. They are counted, and marked as such.

Only gaps inside a set qualify: at least one neighbouring gap must be about one period,
the missing stretch must be short (`MAX_LOST`), and the gap must be close to a whole
number of periods. A rest between sets, walking out of the picture or a long dropout
never adds reps.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from upright.motion.generic_signal import gap_period

Mask = npt.NDArray[np.bool_]
Idx = npt.NDArray[np.intp]

# At most this many reps are inferred in one gap.
MOST = 2
# The missing stretch may last at most this many periods.
MAX_LOST = 2.5
# The gap must be this close to a whole number of periods.
WHOLE = 0.3
# A neighbouring gap within this range (periods) shows the gap is inside a set.
IN_SET = (0.65, 1.5)
# Gaps between reps seen whole needed to know the period.
MIN_GAPS = 3
# Gaps between reps seen whole needed to know the period.
MIN_GAPS = 3
# Frames missing must cover the hidden reps but this share of a period.
SLACK = 0.4


@dataclass(frozen=True)
class Unseen:
    """``n`` reps hidden between counted reps ``after`` and ``after + 1``.

    ``start`` and ``end`` bound the missing stretch (frames).
    """

    after: int
    n: int
    start: int
    end: int


def set_period(peaks: Idx, missing: Mask) -> float:
    """Frames between reps within a set: the median gap, rests left out.

    Only gaps seen whole count (a rep's peak next to a missing stretch may be misplaced),
    and at least `MIN_GAPS` of them are needed.
    """
    gaps = np.diff(peaks).astype(np.float64)
    whole = np.array([not missing[a:b].any() for a, b in zip(peaks[:-1], peaks[1:], strict=True)])
    return gap_period(gaps[whole] if whole.size else gaps, MIN_GAPS)


def unseen_reps(peaks: Idx, missing: Mask) -> list[Unseen]:
    """Reps hidden in short stretches of missing frames between the counted ``peaks``.

    Parameters
    ----------
    peaks
        Frame of each counted rep's peak, increasing.
    missing
        [frames] True where the body was not seen.

    Returns
    -------
    list of Unseen
        One entry per gap that hides reps.
    """
    period = set_period(peaks, missing)
    if not np.isfinite(period) or period <= 0:
        return []
    gaps = np.diff(peaks) / period
    out = []
    for k, r in enumerate(gaps):
        n = int(round(r)) - 1
        if not (1 <= n <= MOST) or abs(r - round(r)) > WHOLE:
            continue
        near = gaps[max(0, k - 1) : k + 2]
        if not np.any((near >= IN_SET[0]) & (near <= IN_SET[1])):
            continue
        lost = np.flatnonzero(missing[peaks[k] : peaks[k + 1]])
        if lost.size < max(1.0, (n - SLACK) * period):
            continue
        if lost[-1] - lost[0] + 1 > MAX_LOST * period:
            continue
        out.append(Unseen(k, n, int(peaks[k] + lost[0]), int(peaks[k] + lost[-1])))
    return out
