"""Judging a movement that stopped short of the catalog's count level.

The catalog's count level (``RepSignal.count_fraction`` of the way from rest to its
typical peak) is a fixed figure for everybody. A rep done whole but with a short range
(a row that stops short of the trunk, a bird dog arm that stays below the horizontal)
peaks below it, yet it is a rep: the athlete pulled or reached, held and came back, and
its fault must be named. A *partial* rep, turned back part-way, must not count. What
tells them apart is the structure of the movement where the exercise has one, its range
compared with the person's own where it has not:

- exercises with a prescribed hold at the top (``Dosage.hold_s``: bird dog, Y-raise):
  the top was held for that long, by the measure the hold rule uses (within
  ``peak_zone`` of the level held, short dips bridged: `holds`); a partial rep turns
  back at once. The bird dog's tuck after the return also marks a whole rep (the rep
  machine checks it: `reps.RepMachine`);
- exercises without one (rows): the movement covered `OWN_FRACTION` of the person's
  own usual excursion (rest to top), the median of their recent full reps
  (`UsualRange`). The height is nearly all there is: a short pull and an aborted one
  have the same shape. But a whole rep, short or not, takes time to pull, while a hand
  let go of a handle or moved to the other side's (the turn between sides) is up and
  back in a fraction of a rep: a movement that lasted less than `OWN_DURATION` of the
  person's usual rep and rose in less than `OWN_RAISE` of it does not count (a rep
  let back fast, the tempo fault, still took its time to pull).
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from upright.catalog import RepSignal
from upright.motion.holds import DIP_S, close_dips, held_level, longest_run

# A short movement of an exercise without a hold counts when it covers this share of
# the person's usual excursion. Partial reps (turned back part-way) reach about half of
# it, whole reps done with a short range about two thirds or more. Measured on simulated
# rows (2 views x 2 noise levels x 5 seeds per variant, 5 % dropped frames; the rest
# level as `reps.REST_S` says): pulls stopping short of the trunk, 10th-90th percentile
# 0.61-0.84 of the usual excursion, partial pulls 0.29-0.62. The tails overlap (0.56 /
# 0.74), so no share separates them all: at 0.6, 9 of 240 simulated partial pulls count
# and 5 of 1024 sets of bench/sim_accuracy miss a short pull.
OWN_FRACTION = 0.6
# ... unless it lasted less than this share of the person's usual rep (from leaving
# rest to being back, the median of their recent full reps) and rose to its top in
# less than `OWN_RAISE` of it. bench/sim_accuracy.py conditions, one-arm cable rows
# seen from in front or behind in image points: the hand let go between sides 1.0-1.4 s
# in all, risen in 0.08-0.20 of a usual rep; short pulls let back fast (tempo_return)
# 0.46-0.48 in all, risen in 0.27-0.33; other short pulls 0.62 or more in all.
OWN_DURATION = 0.5
OWN_RAISE = 0.22
# The usual excursion is the median of this many most recent full reps.
OWN_REPS = 5


class UsualRange:
    """The person's own range: excursions (top - rest, signal units) of recent full reps.

    One object is shared by the machines of both sides: one person, one range.
    """

    def __init__(self) -> None:
        self.excursions: deque[float] = deque(maxlen=OWN_REPS)
        self.durations: deque[float] = deque(maxlen=OWN_REPS)
        self.returns: deque[float] = deque(maxlen=OWN_REPS)

    def add(self, excursion: float, seconds: float = math.nan, back: float = math.nan) -> None:
        """Remember a rep that reached the count level.

        Its excursion, its length and the time from its top to its end (s).
        """
        if math.isfinite(excursion) and excursion > 0:
            self.excursions.append(excursion)
        if math.isfinite(seconds) and seconds > 0:
            self.durations.append(seconds)
        if math.isfinite(back) and back > 0:
            self.returns.append(back)

    def usual(self) -> float | None:
        """The median excursion of the recent full reps; None before the first."""
        return float(np.median(self.excursions)) if self.excursions else None

    def usual_s(self) -> float | None:
        """The median length (s) of the recent full reps; None before the first."""
        return float(np.median(self.durations)) if self.durations else None

    def usual_back_s(self) -> float | None:
        """The median time (s) from top to end of the recent full reps; None before."""
        return float(np.median(self.returns)) if self.returns else None


def held_top_s(values: npt.NDArray[np.float64], zone: float, fps: float) -> float:
    """Seconds the smoothed signal ``values`` of one movement is held at its top.

    Held: within ``zone`` (the catalog's ``peak_zone``) of the level it holds there
    (`holds.held_level`, which noise does not lift), dips out of it shorter than
    `holds.DIP_S` bridged, as the ``peak_hold`` measure reads a rep's hold. On
    simulated sets (2 views x 2 noise levels x 4 seeds): held short reaches (bird dog
    130°, Y-raise 150°) 4.1-6.0 s, partial reps 0.4-2.9 s (the slow line-tracing raise
    the longest), against a prescribed 3 s.
    """
    ok = values[np.isfinite(values)]
    if ok.size == 0:
        return 0.0
    level = held_level(ok, zone)
    first, last = longest_run(close_dips(ok >= level - zone, max(1, round(DIP_S * fps))))
    return (last - first + 1) / fps if last >= first else 0.0


@dataclass(frozen=True)
class Verdict:
    """Whether a short movement counts (None: not known until the usual range is)."""

    counts: bool | None
    reason: str = ""


def short_verdict(
    rep: RepSignal,
    what: str,
    top: tuple[float, float],
    held_s: float,
    hold_s: float,
    usual: float | None,
    tucks: bool = False,
    seconds: tuple[float, float, float | None] = (math.nan, math.nan, None),
) -> Verdict:
    """Judge a movement that came back to rest without reaching the count level.

    Parameters
    ----------
    rep
        The catalog's rep signal (count level, degrees).
    what
        The moving part for the message ("arm", "elbow").
    top
        (peak, rest): the movement's top and the level it left from, degrees.
    held_s
        Seconds it was held at its top (`held_top_s`).
    hold_s
        The prescribed hold at the top, seconds; 0 for exercises without one.
    usual
        The person's usual excursion, degrees (`UsualRange.usual`); None if not known.
    tucks
        True where a tuck after the return also makes it a rep (said in the message).
    seconds
        (how long the movement lasted, how long it took to its top, the person's usual
        rep `UsualRange.usual_s` or None): a movement shorter than `OWN_DURATION` of a
        usual rep that rose in less than `OWN_RAISE` of one does not count.

    Returns
    -------
    Verdict
        ``counts`` True, or False with the reason it does not count, or None when only
        the usual range (not known yet) can tell.
    """
    peak, rest = top
    needs = rep.rest + rep.count_fraction * (rep.peak - rep.rest)
    tuck = " or the tuck after it" if tucks else ""
    if hold_s > 0:
        if held_s >= hold_s:
            return Verdict(True)
        return Verdict(
            False,
            f"{what} reached {peak:.0f}°, needs {needs:.0f}°, a {hold_s:g} s hold at the top "
            f"(held {held_s:.1f} s){tuck}",
        )
    own = ""
    if usual is not None:
        took, rose, usual_s = seconds
        if peak - rest >= OWN_FRACTION * usual:
            if usual_s is None or not (
                took < OWN_DURATION * usual_s and rose < OWN_RAISE * usual_s
            ):
                return Verdict(True)
            return Verdict(
                False,
                f"{what} reached {peak:.0f}° but was back after {took:.1f} s "
                f"(your reps take about {usual_s:.1f} s){tuck}",
            )
        if rest + OWN_FRACTION * usual < needs:
            needs = rest + OWN_FRACTION * usual
            own = f" ({OWN_FRACTION:.0%} of your usual range)"
    reason = f"{what} reached {peak:.0f}°, needs {needs:.0f}°{own}{tuck}"
    return Verdict(None if usual is None else False, reason)
