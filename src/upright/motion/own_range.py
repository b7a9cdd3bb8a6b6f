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
  back at once. So does a movement that rose `OWN_TOP` of the person's usual excursion:
  it reached the top and was let down early, a whole rep whose short hold the hold rule
  names. The bird dog's tuck after the return also marks a whole rep (the rep machine
  checks it: `reps.RepMachine`);
- exercises without one (rows): the movement covered `OWN_FRACTION` of the person's
  own usual excursion (rest to top), the median of their recent full reps
  (`UsualRange`). The height is nearly all there is: a short pull and an aborted one
  have the same shape. But a whole rep, short or not, takes time to pull, while a hand
  let go of a handle or moved to the other side's (the turn between sides) is up and
  back in a fraction of a rep: a movement that lasted less than `OWN_DURATION` of the
  person's usual rep and rose in less than `OWN_RAISE` of it does not count (a rep
  let back fast, the tempo fault, still took its time to pull).

  Where the rep is read by the hand's rise in the picture (rows seen from in front,
  behind or at an angle: `front_signal.wrist_rise_flexion`), a pull stopped short of
  the trunk can read 0.5-0.6 of a whole one (the hand rises little in the last part of
  the arm's swing), as high as a pull turned back half-way. There, down to `OWN_HALF`
  of the usual excursion, a movement counts when it has what a whole rep has and a
  pull turned back part-way lacks: it took the time of a whole rep (`OWN_WHOLE` of the
  usual one: pulled, squeezed and let back at the person's pace) and the arm made it
  (`body_share`). An elbow angle read as it is (side-on, world points) keeps the two
  apart by height alone.

A rise of the hand in the picture is only a pull when the arm makes it. Getting into
position, lifting the weights off the floor, standing up or putting them down raise or
lower the hands towards the shoulders in the picture as far (from in front, a trunk
that tips foreshortens the hanging arm), but with the shoulders: the arms hang from them
all the way. So where a row is read by the hand's rise, a short movement whose shoulders
travelled `BODY_SHARE` or more of the way the hand travelled relative to them does not
count, whatever its height. An elbow angle read as it is does not bend for the body
moving; there a rep whose trunk swung with the pull (the trunk_still fault: 0.67 for a
22 deg swing) is a rep.
"""

from __future__ import annotations

import math
import warnings
from collections import deque
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from upright.catalog import RepSignal
from upright.motion.body import mid, part
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
# A movement of an exercise with a hold at the top that rose this share of the person's
# usual excursion reached the top and is a whole rep, however briefly held (the hold rule
# names the short hold); below it, only the hold makes it one. The count level is the
# catalog's for everybody, while the rise a camera sees depends on where it stands:
# bench/sim_accuracy.py conditions, Y-raises on a ball seen from in front, behind or the
# obliques in image points, whole reps read 146-168 deg against a count level of 154,
# so a rep held 1.4 s instead of 3 read 150-151 deg, 0.9 or more of the usual, and was
# refused. Partial reps (turned back 30-55 % of the way up) rise half of it or less,
# and less still in the elbow's rise (1 - cos of the arm's swing).
OWN_TOP = 0.8
# The usual excursion is the median of this many most recent full reps.
OWN_REPS = 5
# A movement between `OWN_HALF` and `OWN_FRACTION` of the usual excursion, read by the
# hand's rise in the picture, counts when it lasted `OWN_WHOLE` of the usual rep and the
# arm made it. bench/sim_accuracy.py conditions, bent-over and chest-supported rows (3
# seeds a cell, each with a short pull; 2 with two pulls turned back part-way): of
# those reading 0.5-0.6, pulls stopped short of the trunk lasted 0.69-1.45 of a usual
# rep (5th percentile 0.76, 48 pulls), pulls turned back 0.37-0.92 (95th percentile
# 0.84, 36): a rep turned back comes back early, one done short is pulled, squeezed and
# let back at the person's pace. 5 of the 36 count: sets with two pulls turned back,
# 324 of 336 counted exactly (327 before); sets with a short pull, 493 of 504 (436
# before, with the two-arm check of `engine.Engine` reading each arm on the set's levels).
OWN_HALF = 0.5
OWN_WHOLE = 0.75
# The shoulders' travel over a short movement, as a share of the hand's travel relative
# to the shoulder, at which it is the body moving, not a pull (`body_share`). The same
# sets, movements over half the usual excursion: pulls, short or turned back,
# 0.04-0.24 (the shoulders keep still while the arm swings); getting into position,
# standing up, lifting and putting down the weights 0.79-5.7 (the arms hang from the
# shoulders as they rise or sink).
BODY_SHARE = 0.5


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


def body_share(
    pts: npt.NDArray[np.float64], rest_n: int, sides: tuple[str, ...], dims: int
) -> float:
    """How far the shoulders travelled over a movement, against the hand's travel.

    Parameters
    ----------
    pts
        Points [T, 33, 3] (pixels or metres): ``rest_n`` frames of the rest before the
        movement, then the movement. World points are centred on the hips, so there the
        shoulders' travel is the trunk's.
    rest_n
        Frames of rest at the start of ``pts``; with none, the movement's first frame
        stands for the rest (and with all, its last frame is the movement).
    sides
        The arms that work ("left", "right"; both for a two-arm row).
    dims
        2 for image points (x, y), 3 for world points.

    Returns
    -------
    float
        The mid-shoulder's travel from its place at rest (90th percentile over the
        movement) over the largest travel of a wrist relative to its shoulder (the same):
        about 0.1 for a pull, 1 or more for the body rising or sinking with hanging
        arms (see `BODY_SHARE`). NaN where either is not seen or the hand did not move.
    """
    n = min(rest_n, len(pts) - 1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # a point never seen: NaN
        shoulders = mid(pts, "shoulder")[:, :dims]
        body = _travel(shoulders, n)
        hands = [
            _travel((part(pts, f"{s}_wrist") - part(pts, f"{s}_shoulder"))[:, :dims], n)
            for s in sides
        ]
    hand = max((h for h in hands if math.isfinite(h)), default=math.nan)
    if not (math.isfinite(body) and math.isfinite(hand) and hand > 0):
        return math.nan
    return body / hand


def _travel(track: npt.NDArray[np.float64], rest_n: int) -> float:
    """90th percentile distance of ``track`` [T, D] from its median over ``rest_n`` frames.

    Over the frames after those (all of them with ``rest_n`` 0, the first standing
    for the rest).
    """
    home = np.nanmedian(track[: max(rest_n, 1)], axis=0)
    away = np.linalg.norm(track[rest_n:] - home, axis=1)
    away = away[np.isfinite(away)]
    return float(np.percentile(away, 90)) if away.size else math.nan


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
    body: float = math.nan,
    rise: bool = False,
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
        The prescribed hold at the top, seconds; 0 for exercises without one. Where
        above 0, a movement held that long counts, and so does one that rose `OWN_TOP`
        of ``usual``.
    usual
        The person's usual excursion, degrees (`UsualRange.usual`); None if not known.
    tucks
        True where a tuck after the return also makes it a rep (said in the message).
    seconds
        (how long the movement lasted, how long it took to its top, the person's usual
        rep `UsualRange.usual_s` or None): a movement shorter than `OWN_DURATION` of a
        usual rep that rose in less than `OWN_RAISE` of one does not count.
    body
        The shoulders' travel against the hand's (`body_share`; NaN: not known), read
        where ``rise``: from `BODY_SHARE` the body moved, not the arm.
    rise
        True where the rep signal is the hand's rise in the picture, which reads a pull
        stopped short of the trunk low and the body moving as a pull: a movement whose
        ``body`` is `BODY_SHARE` or more does not count; from `OWN_HALF` of the usual
        range, one that took `OWN_WHOLE` of a usual rep and that the arm made (``body``
        known and under `BODY_SHARE`) counts.

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
        if usual is not None and peak - rest >= OWN_TOP * usual:
            return Verdict(True)  # a whole rep let down early: the hold rule names it
        return Verdict(
            None if usual is None else False,
            f"{what} reached {peak:.0f}°, needs {needs:.0f}°, a {hold_s:g} s hold at the top "
            f"(held {held_s:.1f} s){tuck}",
        )
    own = ""
    if usual is not None:
        took, rose, usual_s = seconds
        if rise and body >= BODY_SHARE:
            return Verdict(
                False,
                f"{what} reached {peak:.0f}° with the shoulders moving as much as the "
                f"hands: a change of position, not a pull{tuck}",
            )
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
        whole = usual_s is not None and took >= OWN_WHOLE * usual_s
        if rise and peak - rest >= OWN_HALF * usual and whole and body < BODY_SHARE:
            return Verdict(True)
        if rest + OWN_FRACTION * usual < needs:
            needs = rest + OWN_FRACTION * usual
            own = f" ({OWN_FRACTION:.0%} of your usual range)"
    reason = f"{what} reached {peak:.0f}°, needs {needs:.0f}°{own}{tuck}"
    return Verdict(None if usual is None else False, reason)
