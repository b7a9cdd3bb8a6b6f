"""Getting into and out of position around a set: movements that were never reps.

Before a set's first rep the person picks up the weight, bends over, sits, kneels or
lies onto the ball; after its last rep they stand up, put the weight down, walk away. An
arm moving meanwhile can look like a short rep, but it was no attempt at one. What tells
them apart is the body's position: through the reps it keeps the set's working position
(bent over a row, seated at the cable, level on all fours), and getting in or out of it
moves the body far from there. Three parts of it, each against its median through the
reps, in lengths of the median trunk:

- the trunk (mid-hip to mid-shoulder): it turns (standing up, seen side-on) or grows and
  shrinks in the picture (a trunk bent towards or away from the camera straightens);
- the thighs (mid-hip to mid-knee): sitting down or standing up from a seat, kneeling,
  squatting to the floor;
- the hips' place in the picture: stepping into or out of position, walking off (world
  points are centred on the hips, so there it stays put and says nothing).

Movements between the first and the last rep are the set's own, and a movement at either
end made in the working position (a last pull cut short) is kept.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from upright.motion.body import mid, trunk
from upright.motion.geometry import norm
from upright.motion.result import NotCounted, Rep

Arr = npt.NDArray[np.float64]

# Out of the working position: a part further than this from its median through the
# reps, in lengths of the median trunk. Standing up from a bent-over row moves the trunk
# by about one length side-on and by 0.2-0.6 from in front (sim sets at 22 deg); pulls cut
# short in the working position moved no part by more than 0.1.
OUT_OF_POSITION = 0.15
# ... and further than this many times the part's own wobble through the reps (its 95th
# percentile distance from the median in the median rep), for a body moving with each
# rep or seen so small that landmark noise is a large part of it.
WOBBLE_TIMES = 3.0
# Back in the working position: every part held there this long (s). Putting a weight
# down on the floor bends the body through it on the way; a pull cut short with a heave
# of the trunk is followed by the position held.
BACK_S = 1.0


def _parts(pts: Arr) -> Arr:
    """The body's position per frame of ``pts`` [T, 33, 3]: [T, 3 parts, 3] (see module)."""
    hip = mid(pts, "hip")
    return np.stack([trunk(pts), mid(pts, "knee") - hip, hip], axis=1)


def _working(pts: Arr, t: Arr, reps: Sequence[Rep]) -> tuple[Arr, float, Arr] | None:
    """Median parts [3, 3], median trunk length and each part's limit [3], or None."""
    per_rep = [_parts(pts[(t >= r.start) & (t <= r.end)]) for r in reps]
    every = np.concatenate(per_rep)
    if not np.isfinite(every[:, 0]).all(axis=1).any():
        return None
    median = np.nanmedian(every, axis=0)
    length = float(norm(median[0]))
    if not length > 0.0:
        return None
    # each rep's own wobble, the median rep's: a movement counted as a rep while
    # getting out of position does not widen it
    with np.errstate(all="ignore"):
        wobble = [np.nanpercentile(norm(p - median), 95, axis=0) for p in per_rep]
        limit = np.nanmedian(np.array(wobble), axis=0) / length * WOBBLE_TIMES
    return median, length, np.fmax(limit, OUT_OF_POSITION)


def _away(pts: Arr, working: tuple[Arr, float, Arr]) -> npt.NDArray[np.bool_]:
    """Per frame of ``pts``: True where the body is out of the working position.

    Out when any part seen is beyond its limit, or the trunk is not seen (the person
    left the picture); a part never seen through the reps says nothing.
    """
    median, length, limit = working
    dist = norm(_parts(pts) - median) / length  # [T, 3]
    beyond = (dist > limit) & np.isfinite(limit)
    return np.asarray(beyond.any(axis=1) | ~np.isfinite(dist[:, 0]), dtype=bool)


def _settles(inside: npt.NDArray[np.bool_], t: Arr) -> bool:
    """True when ``inside`` holds over a stretch of at least `BACK_S` of times ``t``."""
    run_start = None
    for k in range(len(t)):
        if not inside[k]:
            run_start = None
        elif run_start is None:
            run_start = t[k]
        elif t[k] - run_start >= BACK_S:
            return True
    return False


def within_set(
    not_counted: Sequence[NotCounted], reps: Sequence[Rep], pts: Arr, t: Arr
) -> tuple[NotCounted, ...]:
    """``not_counted`` without the set-up and set-down movements (see the module doc).

    Left out: a movement that ends before the first rep starts during which the body
    was out of the working position (getting into it), and a movement that starts
    after the last rep ends during which the body left the working position and did
    not settle back in it after (`BACK_S`; getting out of it for good: a pull cut short
    with a heave of the trunk, then back in position, is kept). ``pts`` [T, 33, 3] are
    the set's clean tracks at times ``t`` [T] (seconds); with no rep, or no trunk seen
    in the reps, there is no working position and nothing is left out.
    """
    if not reps:
        return tuple(not_counted)
    first = min(r.start for r in reps)
    last = max(r.end for r in reps)
    working = _working(pts, t, reps)
    if working is None:
        return tuple(not_counted)
    away = _away(pts, working)
    kept = []
    for n in not_counted:
        during = away[(t >= n.start) & (t <= n.end)]
        if n.end < first:
            setup = bool(during.any())
        elif n.start > last:
            setup = bool(during.any()) and not _settles(~away[t > n.end], t[t > n.end])
        else:
            setup = False
        if not setup:
            kept.append(n)
    return tuple(kept)


# Why a rep at the end of a set made out of the working position is not counted.
OUT_OF_SET = "made while getting out of position after the set, not a rep"


def edge_reps(
    reps: Sequence[Rep], pts: Arr, t: Arr
) -> tuple[tuple[Rep, ...], tuple[NotCounted, ...]]:
    """``reps`` without those at the set's end made while getting out of position.

    A rep at the end of the set counted while the body was out of the working position
    for most of it, and that stayed out of it for most of the `BACK_S` or more recorded
    after it without settling back, was the arm moving while getting out of position:
    pushing up off the floor, putting the weight down (bench/sim_accuracy.py's phone
    grid, push-ups to row with 3 px of noise: an eleventh rep as the person got up).
    Only at the end: a first rep may be made before the position settles into the one
    the later reps keep (bird dogs from in front: the first reach read out of it).
    Returns the reps kept and the ones left out, as movements not counted.
    """
    if len(reps) < 2:
        return tuple(reps), ()
    working = _working(pts, t, reps)
    if working is None:
        return tuple(reps), ()
    away = _away(pts, working)
    last = len(reps)
    while last > 1:
        r = reps[last - 1]
        during, after = away[(t >= r.start) & (t <= r.end)], t > r.end
        left = bool(during.size) and float(during.mean()) > 0.5
        left = left and float(np.mean(away[after])) > 0.5
        left = left and t[-1] - r.end >= BACK_S and not _settles(~away[after], t[after])
        if not left:
            break
        last -= 1
    return tuple(reps[:last]), tuple(
        NotCounted(r.start, r.end, OUT_OF_SET, r.side) for r in reps[last:]
    )
