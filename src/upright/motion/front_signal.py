"""Reps seen from in front, behind or at an angle, counted by what rises in the picture.

Rows: the wrist's rise towards the shoulder (below). Arm raises from hanging (the bird
dog, the Y-raise): the elbow's rise to the shoulder's height (`arm_rise_flexion`), the
bird dog's leg by the knee's rise (`knee_rise_extension`) and its tuck by the forearm
folding up (`forearm_folded`). Up and down in the picture is up and down in the room
from any camera about level with the person, so these rises are seen whole whichever
way the person faces, where angles in the picture fold as limbs swing towards or away
from the camera.

A camera straight in front of or behind a bent-over row looks along the arm's swing:
the elbow goes back, away from (or towards) the camera, and with image points only the
elbow angle in the picture says little. What the picture does show is the hand rising
towards the shoulder. Hanging long, the wrist is a whole arm below the shoulder; at the
top of the pull the elbow is up by the shoulder and the forearm hangs from it, so the
wrist is about a forearm below. `wrist_rise_flexion` turns that rise into the elbow
flexion it stands for (the catalog's rest at the hand's own rest in the set, its peak
at a forearm below the shoulder), so the rows' rep thresholds apply as they are. The
rise is read by how far through its swing the arm is (`swing_share`): the hand rises
little in the last part of the swing, so a pull stopped short of the trunk would read
as a pull turned back half-way.

A cable row reaches forward at rest, towards or away from such a camera: its hand
falls, not rises, on the pull (`reaches` tells the two apart). There the elbow and hand
travel from where they reach count the rep (`elbow_travel_flexion`), held at their
highest until the arm is most of the way back (`held_top`), while an arm let down to
hang at the side is in no position of the exercise (`hanging`).
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import numpy.typing as npt
from scipy.ndimage import median_filter

from upright.catalog import RepSignal
from upright.motion.body import Arr, part


def nan_percentile(values: Arr, q: float) -> float:
    """``float(np.nanpercentile(values, q))`` of a 1-D array: the same number, faster.

    The live engine reads the set's lengths and levels on every frame so far, each time
    it reads them (`upright.motion.engine.Engine._rise_so_far`); numpy's NaN-aware
    percentile costs more than dropping the NaNs first and taking the plain one. NaN
    when no value is known.
    """
    x = np.asarray(values, dtype=np.float64).ravel()
    known = x[~np.isnan(x)]
    return float(np.percentile(known, q)) if known.size else math.nan


def seen_length(lengths: Arr, fps: float) -> float:
    """A segment's length in the picture when seen whole, from its lengths [T] over a set.

    The 95th percentile of the lengths (a segment seen foreshortened on some frames is
    seen whole on others), less what landmark noise adds to it: a length read with
    noise of SD ``s`` reaches its 95th percentile about `Z95` ``s`` above the true one
    (bench/sim_accuracy.py phone grid, far camera with 3 px noise: a 27 px forearm read
    38 px, a 63 px arm 70, so a hanging hand read a quarter of the way up to the top of a
    row and the start position never showed as rest). The noise is read in the set
    itself: the robust SD (1.4826 MAD) of the lengths about their running median over
    `LENGTH_NOISE_S` (a running median follows a limb's own steady change of length,
    not the jitter about it). What noise adds is taken off only where it is
    `NOISE_LENGTH_SHARE` of the length or more; never below the lengths' median; NaN
    when none is known. Clean landmarks read as the plain 95th percentile.
    """
    x = np.asarray(lengths, dtype=np.float64).ravel()
    known = x[~np.isnan(x)]
    if not known.size:
        return math.nan
    top = float(np.percentile(known, 95))
    size = max(3, round(LENGTH_NOISE_S * fps)) | 1
    if known.size < 2 * size:
        return top
    resid = known - median_filter(known, size=size, mode="nearest")
    excess = Z95 * 1.4826 * float(np.median(np.abs(resid)))
    if excess < NOISE_LENGTH_SHARE * top:
        return top
    return max(top - excess, float(np.median(known)))


# A segment's length noise is read about its running median over this long (s): longer
# than a pose model's jitter stays correlated (a few frames), shorter than a limb keeps
# still at rest or at the top of a rep.
LENGTH_NOISE_S = 0.5
# Normal noise's 95th percentile lies this many SDs above its mean.
Z95 = 1.645
# Less than this share of a length added by noise is left as it is: a pose model's 1 px
# on a segment 60-140 px long (a person filling the frame) adds 1-3 %, as much as a
# person's step towards or away from the camera changes it, and the levels read from
# the lengths (a hand's rest, a row's top) were set on those lengths. 3 px on the same
# segments adds 4-8 %, on a person across the room 10-40 %.
NOISE_LENGTH_SHARE = 0.03


# The arms hang at rest when, on the set's lowest hands, the wrist is this share of the
# arm's length below the shoulder (a cable row's arm held out towards the camera is not).
HANGING_SHARE = 0.8


def _lengths(pts: Arr, side: str) -> tuple[float, float, Arr]:
    """(arm, forearm) lengths in the picture over the set, and the wrist's drop [T]."""
    sh, el, wr = (part(pts, f"{side}_{p}")[:, :2] for p in ("shoulder", "elbow", "wrist"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # a side never seen: NaN
        arm = float(nan_percentile(np.linalg.norm(wr - sh, axis=1), 95))
        fore = float(nan_percentile(np.linalg.norm(wr - el, axis=1), 95))
    return arm, fore, wr[:, 1] - sh[:, 1]  # image y points down


def arms_hang(pts: Arr) -> bool:
    """True when the set's arms hang down at rest (see `HANGING_SHARE`)."""
    shares = []
    for side in ("left", "right"):
        arm, _, drop = _lengths(pts, side)
        if np.isfinite(arm) and arm > 0 and np.isfinite(drop).any():
            shares.append(float(nan_percentile(drop, 90)) / arm)
    return bool(shares) and max(shares) >= HANGING_SHARE


def swing_hidden(pts: Arr) -> bool:
    """True when the rowing arms swing towards or away from the camera, in the picture.

    At the top of a row the upper arm has swung from hanging straight down to pointing
    back along the body. Hanging, it shows its whole length from any camera about level
    with the person; swung back, it shows only as much of it as lies across the picture:
    all of it side-on, little from in front or behind, about ``sin`` of the camera's
    angle off straight on in between. Where that share, on the frames the hand is
    highest (the tops of the pulls), is under `SWING_SEEN_SHARE` (averaged over the arms
    that row: the elbows flare out, so one reads more than the other), the camera looks
    along the swing and the elbow's angle in the picture folds (a 90 deg pull reads
    46-63 deg), whatever the trunk does; the hand's rise shows instead. This holds for a
    trunk bent level over a bench, where the face and trunk cues of
    `upright.motion.view` read the camera 15-20 deg further off straight on than it is.
    An arm whose hand never rises by `ROW_RISE` of the arm's length did not row.
    """
    shares = []
    for side in ("left", "right"):
        sh, el = (part(pts, f"{side}_{p}")[:, :2] for p in ("shoulder", "elbow"))
        arm, _, drop = _lengths(pts, side)
        upper = np.linalg.norm(el - sh, axis=1)
        ok = np.isfinite(drop) & np.isfinite(upper)
        if ok.sum() < 10 or not (np.isfinite(arm) and arm > 0):
            continue
        low, high = np.percentile(drop[ok], [90, 10])  # image y points down
        if low - high < ROW_RISE * arm:
            continue
        top = ok & (drop <= high)
        full = float(np.percentile(upper[ok], 95))
        if full > 0:
            shares.append(float(np.median(upper[top])) / full)
    return bool(shares) and float(np.mean(shares)) < SWING_SEEN_SHARE


# Side-on the rowing upper arm shows 0.9 or more of its length at the top of a pull,
# 45 deg off about 0.7 (sin 45 deg), 15-30 deg off 0.4-0.55 (bench/sim_accuracy.py's
# rows); the elbow's angle in the picture counts from 45 deg off, not from 30.
SWING_SEEN_SHARE = 0.6
# A rowing hand rises at least this share of the arm's length (a row's top holds it a
# forearm below the shoulder, about 0.45 of the arm up from hanging).
ROW_RISE = 0.25


def hanging(pts: Arr, side: str) -> npt.NDArray[np.bool_]:
    """True where ``side``'s arm hangs down at the side of the body, [T].

    The wrist is `HANGING_SHARE` of the arm's length below the shoulder and the
    forearm is seen within about 40 deg of straight down (its drop in the picture at
    least `HANGING_FOREARM` of its length). At the top of a row seen from in front or
    behind the forearm points along the camera's axis towards the handle and shows
    short (a third to a half of its length in the drop), while an arm hanging
    relaxed, its elbow bent 10-25 deg, shows the forearm nearly whole: its bend in
    the picture (`bend_share`) can read like a pull's, its forearm cannot. Lengths are
    95th percentiles in the picture over ``pts``; over a stretch where forearm and arm
    are never seen whole (one rep, as `Engine._one_sided` reads it) the forearm is
    taken as at least `MIN_FOREARM` of the upper arm (which passes straight down in
    every pull) and the arm as at least `MIN_ARM` of the two together, so the top of
    a pull there does not look like hanging. Frames not seen are False.
    """
    sh, el, wr = (part(pts, f"{side}_{p}")[:, :2] for p in ("shoulder", "elbow", "wrist"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # a side never seen: NaN
        upper, fore, arm = (
            float(nan_percentile(np.linalg.norm(b - a, axis=1), 95))
            for a, b in ((sh, el), (el, wr), (sh, wr))
        )
    fore = max(fore, MIN_FOREARM * upper)
    arm = max(arm, MIN_ARM * (upper + fore))
    if not (np.isfinite(upper) and np.isfinite(fore) and upper > 0):
        return np.zeros(len(pts), dtype=bool)
    fore_drop = np.nan_to_num(wr[:, 1] - el[:, 1], nan=-np.inf)  # image y points down
    down = np.nan_to_num(wr[:, 1] - sh[:, 1], nan=-np.inf) >= HANGING_SHARE * arm
    return np.asarray(down & (fore_drop >= HANGING_FOREARM * fore), dtype=np.bool_)


# A hanging forearm's drop in the picture, at least, as a share of its length (`hanging`).
HANGING_FOREARM = 0.75
# The least forearm, as a share of the upper arm, and arm, as a share of the two
# segments' lengths together, that `hanging` takes (the simulator's people: forearm
# 0.69-0.85 of the upper arm in the picture).
MIN_FOREARM = 0.6
MIN_ARM = 0.9


def reaches(pts: Arr, side: str) -> bool:
    """True when ``side``'s arm reaches forward at rest, towards or away from the camera.

    Told by where the elbow is when the arm is most bent against where it is the rest
    of the time (`elbow_falls`), on the frames the arm does not hang straight down.
    """
    sh, el = (part(pts, f"{side}_{p}")[:, :2] for p in ("shoulder", "elbow"))
    arm, _, wrist_drop = _lengths(pts, side)
    drop = el[:, 1] - sh[:, 1]
    bend = bend_share(pts, side)
    ok = np.isfinite(drop) & np.isfinite(bend) & np.isfinite(wrist_drop)
    if ok.sum() < 10 or not (np.isfinite(arm) and arm > 0):
        return False
    upper = float(np.percentile(np.linalg.norm(el - sh, axis=1)[ok], 95))
    return elbow_falls(drop, bend, ok & ~hanging(pts, side), upper)


def elbow_falls(drop: Arr, bend: Arr, seen: npt.NDArray[np.bool_], upper: float) -> bool:
    """True when the elbow is lowest in the picture where the arm is most bent.

    ``drop`` is the elbow's drop below the shoulder [T] (image y down), ``bend`` its
    `bend_share` [T], ``seen`` the frames to read (known, the arm not hanging straight
    down: the set-up, the other arm's turn), ``upper`` the upper arm's length. A
    hanging arm's row lifts the elbow towards the shoulder or keeps it where it hangs;
    a cable row seen from in front or behind draws it down beside the ribs from where
    the straight arm reaches forward. So the arm reaches when both hold: at the tops
    of the pulls (the top 10 % of ``seen`` by bend) the elbow is more than `REACH_FALL`
    upper arms below where it is the rest of the time, and where the elbow is highest
    (its top 10 % of ``seen``: the reach) the arm is less bent than elsewhere. The
    second tells a reach from a pause at the bottom with the arm still bent: the upper
    arm hangs, the elbow stays where it hangs, and the bend can read as much as a
    pull's top, so a long pause fills the most bent frames and the elbow seems to fall
    there; but the highest elbow of such an arm is at the tops of its pulls, as bent as
    the arm gets (bench/sim_accuracy.py conditions, a bent-over row from in front
    pausing 4 s at the bottom of one rep with its arms bent 60 deg: read as a reach, 1
    rep counted of 5). The bends are compared by their medians, or by their means where
    the medians tie: `bend_share` stops at 1, and the far arm of a cable row seen at an
    angle reads bent that far on most frames, reach or not, so both medians were 1 and
    that arm was read as hanging while the near one reached (bench/sim_accuracy.py phone
    grid, seated cable rows from the front-right and behind on the left: the two arms'
    readings on different scales averaged, nothing counted).
    """
    if seen.sum() < 10:
        return False
    top = seen & (bend >= np.percentile(bend[seen], 90))
    high = seen & (drop <= np.percentile(drop[seen], 10))  # image y points down
    if not ((seen & ~top).any() and (seen & ~high).any()):
        return False
    falls = np.median(drop[top]) - np.median(drop[seen & ~top]) > REACH_FALL * upper
    at_high, elsewhere = float(np.median(bend[high])), float(np.median(bend[seen & ~high]))
    if at_high == elsewhere:  # both at the reading's ceiling (an arm seen bent most of the set)
        at_high, elsewhere = float(np.mean(bend[high])), float(np.mean(bend[seen & ~high]))
    straight_when_high = at_high < elsewhere
    return bool(falls and straight_when_high)


# How far below where it spends the set a reaching arm's elbow is at the top of a pull,
# at least, in upper arm lengths (`reaches`).
REACH_FALL = 0.15


def elbow_travel_flexion(pts: Arr, side: str, rep: RepSignal) -> Arr:
    """Elbow flexion (deg) that a reaching arm's travel in the picture stands for, [T].

    A cable row's arm reaches forward at rest; the pull draws the elbow back beside the
    ribs and the hand in to them, so from in front or behind (or 15-30 deg off) elbow
    and hand travel in the picture from where they reach, by amounts that depend on the
    cable's height and the camera's: the set's own levels scale them. Their rest
    positions (from the shoulder) are medians on the arm's straightest frames (its
    lowest third of `bend_share`, hanging straight down left out); each travel reads
    1 at the 95th percentile of its distance from rest, or `MIN_ELBOW_TRAVEL` upper arm
    lengths if more (a still arm's noise is not a rep), and the two are averaged (the
    elbow's path alone turns back in the picture at the squeeze), each read along the
    way the pull takes it (`pull_share`), and the top held until both are back at the
    reach (`held_top`). The arm's bend in the picture does not cap the reading: from in
    front, the forearm pointing at the camera at the top of a pull shows the arm a
    third as bent as it is, which read the top as half-way back. An arm hanging at the
    side (`hanging`: standing
    before the set, the other arm's turn, standing up after it) has travelled as far as
    a pull but is in no position of the exercise: it reads NaN, as an arm not seen, so
    the set-up waits for the reach and letting the handle go to hang the arm is never
    a pull (bench/sim_accuracy.py conditions, one-arm cable rows from in front or
    behind: the turn between sides and the set-up counted as reps while a relaxed arm's
    15-25 deg bend read as a pull's). ``rep.rest`` at rest, ``rep.peak`` at 1.
    """
    sh, el = (part(pts, f"{side}_{p}")[:, :2] for p in ("shoulder", "elbow"))
    arm, _, wrist_drop = _lengths(pts, side)
    rel = el - sh
    bend = bend_share(pts, side)
    ok = np.isfinite(rel).all(axis=1) & np.isfinite(bend) & np.isfinite(wrist_drop)
    if ok.sum() < 10 or not (np.isfinite(arm) and arm > 0):
        return np.full(len(pts), np.nan)
    hangs = hanging(pts, side)
    use = ok & ~hangs
    if use.sum() < 10:
        return np.full(len(pts), np.nan)
    # a bend read at its ceiling is never the straight arm of the reach, however many
    # frames show it (the arms held bent before the set): no reach seen, no reading
    straight = use & (bend <= np.percentile(bend[use], 33)) & (bend < 1.0)
    if straight.sum() < 10:
        return np.full(len(pts), np.nan)
    upper = float(np.percentile(np.linalg.norm(rel[ok], axis=1), 95))
    share = reach_travel(rel, part(pts, f"{side}_wrist")[:, :2] - sh, straight, use, upper, hangs)
    return np.asarray(rep.rest + (rep.peak - rep.rest) * share, dtype=np.float64)


def reach_travel(
    elbow: Arr,
    wrist: Arr,
    straight: npt.NDArray[np.bool_],
    use: npt.NDArray[np.bool_],
    upper: float,
    hangs: npt.NDArray[np.bool_],
) -> Arr:
    """A reaching arm's share of a pull [T], its top held (`pull_share`, `held_top`).

    ``elbow`` and ``wrist`` [T, 2] are taken from the shoulder; each is read from where
    it is on the ``straight`` frames (the reach), in its own travel over ``use`` (at
    least `MIN_ELBOW_TRAVEL` upper arms); frames where the arm ``hangs`` are NaN.
    """
    offs = []
    for rel in (elbow, wrist):
        off = rel - np.median(rel[straight], axis=0)
        travel = np.linalg.norm(off, axis=1)
        offs.append(off / max(float(np.percentile(travel[use], 95)), MIN_ELBOW_TRAVEL * upper))
    share, back = pull_share(offs[0], offs[1], use)
    held, _ = held_top(np.where(hangs, np.nan, share), back=back)
    return held


def pull_share(
    elbow: Arr, hand: Arr, use: npt.NDArray[np.bool_]
) -> tuple[Arr, npt.NDArray[np.bool_]]:
    """A reaching arm's share of a whole pull, [T], and where it is back at its reach, [T].

    ``elbow`` and ``hand`` [T, 2] are each point's offset in the picture from where it
    reaches, in its own pull's travel (1 at the 95th percentile of its distance). The
    share is the two distances averaged, each counted against the pull when the point
    has moved the other way from its reach: opposite to its offset on the frames the two
    together are farthest out (their top tenth, over ``use``). An arm left bent at the
    bottom lifts the hand the other way from where the pull draws it (the stretch_bottom
    fault), which read as most of a pull held through the rest and joined two reps
    (bench/sim_accuracy.py conditions, one-arm cable rows from straight behind); read
    against the pull it is home, and a still arm's noise about the reach reads about 0,
    not the tenth or two of a pull its distance reads. The share is not below 0.

    The arm is back (`held_top`) where both points are within `RELEASE_SHARE` of their
    reach and the two together within `RETURN_SHARE`. Straight behind, the squeeze draws
    the hand in to the ribs and the elbow behind the trunk, the mirror in depth of where
    they reach: in the picture either point, or both, can come back within a third of a
    pull of the reach (0.2-0.3), one pull read as two (the same conditions, 11-12 of 10
    in three sets); a return brings both back to the reach's own scatter about 0.
    """
    both = 0.5 * (np.linalg.norm(elbow, axis=1) + np.linalg.norm(hand, axis=1))
    far = use & (both >= np.percentile(both[use], 90))
    signed = []
    for off in (elbow, hand):
        pull = np.median(off[far], axis=0)
        travel = np.linalg.norm(off, axis=1)
        signed.append(np.where(off @ pull < 0.0, -travel, travel))
    share = np.maximum(0.5 * (signed[0] + signed[1]), 0.0)  # NaN stays NaN: not seen
    with np.errstate(invalid="ignore"):
        back = (np.fmax(signed[0], signed[1]) < RELEASE_SHARE) & (share < RETURN_SHARE)
    return np.asarray(share, dtype=np.float64), np.asarray(back, dtype=np.bool_)


# A reaching arm's reading is held at its highest until both its elbow and hand come
# back below this share of a whole pull, and the two together below `RETURN_SHARE`
# (`held_top`, `pull_share`).
RELEASE_SHARE = 1.0 / 3.0
RETURN_SHARE = RELEASE_SHARE / 2.0


def held_top(
    share: Arr, start: float = np.nan, back: npt.NDArray[np.bool_] | None = None
) -> tuple[Arr, float]:
    """``share`` [T] held at its highest since it rose past `RELEASE_SHARE`, [T].

    Seen from in front or behind, a reaching arm's elbow and hand travel furthest in
    the picture as the upper arm passes straight down, half-way through the pull and
    again half-way back; at the top, the elbow behind the trunk, they have come back
    up towards where they reach, as on the way back. Only an arm come most of the way
    back to its reach has surely returned, so the reading stays at the highest the
    movement reached until the arm is ``back`` [T] (default: ``share`` below
    `RELEASE_SHARE`; a reaching arm's from `pull_share`): the top of a pull is not
    read as a return and the next pull (bench/sim_accuracy.py conditions, cable rows
    from in front or behind: one rep counted as two or three, the top reading half-way
    down for 1-2 s). A reading under `RELEASE_SHARE` with no top held is not held.
    NaN frames start afresh. ``start`` is the top held before the first frame (NaN:
    none); returns the held reading and the top held after the last.
    """
    held = np.asarray(share, dtype=np.float64).tolist()  # Python floats: a faster loop
    home = (
        [v < RELEASE_SHARE for v in held] if back is None else np.asarray(back, dtype=bool).tolist()
    )
    top = float(start)
    for i, (v, b) in enumerate(zip(held, home, strict=True)):
        if not math.isfinite(v):
            top = math.nan
            continue
        if b if math.isfinite(top) else v < RELEASE_SHARE:
            top = math.nan
            continue
        top = v if not math.isfinite(top) else max(top, v)
        held[i] = top
    return np.array(held, dtype=np.float64), top


# The least travel of a reaching arm's elbow or hand spanning a whole rep, in upper arms.
MIN_ELBOW_TRAVEL = 0.3


# A bend read in the picture (`bend_share`) of this many degrees stands for a row's top.
BENT_DEG = 30.0


def bend_share(pts: Arr, side: str) -> Arr:
    """How bent ``side``'s elbow shows in the picture, 0 straight to 1 at `BENT_DEG`, [T].

    A straight arm keeps the wrist on the line from the shoulder through the elbow, at
    the arm's length over the upper arm's, from any camera: a projection keeps points in
    line and their ratios along it. The wrist's distance from that point, over the
    forearm's length, is ``2 sin(bend / 2)`` for a bend seen across the picture, and
    less as the bend turns towards the camera's axis: a row's top (about 90 deg) still
    reads 30-45 deg from in front. Lengths are 95th percentiles over the set; a forearm
    never seen whole is taken as 0.8 of the upper arm.
    """
    sh, el, wr = (part(pts, f"{side}_{p}")[:, :2] for p in ("shoulder", "elbow", "wrist"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # a side never seen: NaN
        upper = float(nan_percentile(np.linalg.norm(el - sh, axis=1), 95))
        fore = max(float(nan_percentile(np.linalg.norm(wr - el, axis=1), 95)), 0.8 * upper)
    if not (np.isfinite(upper) and upper > 0):
        return np.full(len(pts), np.nan)
    off = np.linalg.norm(wr - sh - (1.0 + fore / upper) * (el - sh), axis=1) / fore
    bend = np.degrees(2.0 * np.arcsin(np.clip(0.5 * off, 0.0, 1.0)))
    return np.asarray(np.clip(bend / BENT_DEG, 0.0, 1.0), dtype=np.float64)


def wrist_rise_flexion(pts: Arr, side: str, rep: RepSignal, fps: float) -> Arr:
    """Elbow flexion (deg) that the wrist's rise towards the shoulder stands for, [T].

    The rise is the share of the way from the hand's own rest in this set (its
    `REST_PERCENTILE` over the set: a hand that hangs a little forward or is seen
    foreshortened rests above a whole arm below the shoulder) to a forearm below the
    shoulder, read as the share of the arm's swing it stands for (`swing_share`):
    ``rep.rest`` at rest, ``rep.peak`` at the top (and beyond: a higher hand reads
    higher). The arm's and forearm's lengths are as seen whole over the set, less what
    landmark noise adds (`seen_length`), while whether an arm reaches or hangs is read
    on the lengths as they are. An arm that `reaches` forward is read by its elbow's
    fall (`elbow_travel_flexion`). Both arms (``side`` "both") are read alike and
    averaged; where one arm is seen reaching and the other not, that arm alone is read:
    both row the same way, and the far arm of a cable row seen at an angle can read bent
    at every frame, reach or not (`elbow_falls`), which averaged a hand's rise on one
    scale with an elbow's travel on another (bench/sim_accuracy.py phone grid, a seated
    cable row from behind on the left: its rest read three quarters of the way up,
    nothing counted).
    """
    if side == "both":
        reach = [reaches(pts, s) for s in ("left", "right")]
        if reach[0] != reach[1]:  # both arms row alike: the one seen reaching is right
            return elbow_travel_flexion(pts, "left" if reach[0] else "right", rep)
        left, right = (wrist_rise_flexion(pts, s, rep, fps) for s in ("left", "right"))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            return np.asarray(np.nanmean(np.stack([left, right]), axis=0), dtype=np.float64)
    if reaches(pts, side):
        return elbow_travel_flexion(pts, side, rep)
    sh, el, wr = (part(pts, f"{side}_{p}")[:, :2] for p in ("shoulder", "elbow", "wrist"))
    arm = seen_length(np.linalg.norm(wr - sh, axis=1), fps)
    fore = seen_length(np.linalg.norm(wr - el, axis=1), fps)
    return hand_rise(arm, fore, wr[:, 1] - sh[:, 1], rep)


def hand_rise(arm: float, fore: float, drop: Arr, rep: RepSignal) -> Arr:
    """The hand's rise on the rep's scale, from the arm's lengths and its drop per frame.

    ``drop`` is how far the hand hangs below the shoulder; the rest is read on the
    frames the arm works (`REST_PERCENTILE`), or for an arm that never rises to
    `WORKING_RISE` (the free arm of a recording of one side's set) as its median.
    """
    if not (np.isfinite(arm) and np.isfinite(fore) and arm > fore > 0):
        return np.full(len(drop), np.nan)
    rise = (arm - drop) / (arm - fore)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # never seen: NaN, no rest
        # an arm that never pulls (the support arm of a recording of one side's set of
        # a one-arm row) rests where it mostly is, not at its lowest (standing before)
        q = REST_PERCENTILE if bool(np.any(rise >= WORKING_RISE)) else IDLE_REST_PERCENTILE
        rest = float(np.clip(nan_percentile(rise[_working(rise)], q), 0.0, MAX_REST_RISE))
    rest = rest if np.isfinite(rest) else 0.0
    share = swing_share((rise - rest) / (1.0 - rest))
    return np.asarray(rep.rest + (rep.peak - rep.rest) * share, dtype=np.float64)


# The hand's rest in the picture: this percentile of its rise over the frames the arm
# works (the hanging arm at the bottom of the pulls; rests fill well over a tenth of
# them), at most `MAX_REST_RISE` of the way up (a set of nothing but pulls).
REST_PERCENTILE = 10.0
# The rest of an arm that never rises to `WORKING_RISE`: where it mostly is (its median).
IDLE_REST_PERCENTILE = 50.0
# An arm works from the first to the last frame its hand rose this share of the way
# to the top (`_working`).
WORKING_RISE = 0.5


def _working(rise: Arr) -> npt.NDArray[np.bool_]:
    """The frames an arm works in: around each of its pulls, [T].

    A pull starts where the hand's ``rise`` reaches `WORKING_RISE`, having been back
    down to a rest since the pull before (at most `MAX_REST_RISE`, the highest rest
    `hand_rise` reads), and ends at its last frame there; the arm works from half the
    usual time between the starts of two pulls before each pull to as long after it
    (a set's pulls and the rests between them). Not from the first pull to the last: a
    one-arm row's hand that rises again once its side is over (the weight put down, a
    camera turned 5-10 deg) spanned the other side's whole turn, whose support arm then
    set the rest (bench/sim_accuracy.py phone grid: a side lost, 5 of 10 counted). The
    hand's rest is read there, not where the arm does something else: the straight
    support arm on the bench of a one-arm row (during the other arm's turn) holds the
    wrist a whole arm below the shoulder, while the working arm hangs the weight a
    little bent and forward, 0.1 of the way up or more, and seen from behind at an angle
    0.3-0.4 (a weight hanging towards the camera foreshortens the arm). Back under half
    of `WORKING_RISE` only, such an arm never came back between pulls: every frame
    counted, the support arm's set the rest, and the hanging hand read as a third of a
    pull, never back at rest (bench/sim_accuracy.py phone grid, portrait frames from
    behind on the left: one-arm rows counting none of the near arm's reps, bent-over rows
    4 of 5). With fewer than two pulls in ``rise`` (one rep's frames) every frame counts.
    """
    starts: list[int] = []
    ends: list[int] = []
    armed = True
    for i, r in enumerate(rise.tolist()):
        if r >= WORKING_RISE:
            if armed:  # a new pull: the hand was back at a rest since the last
                starts.append(i)
                ends.append(i)
            armed, ends[-1] = False, i
        elif r <= MAX_REST_RISE:
            armed = True
    if len(starts) < 2:
        return np.ones(len(rise), dtype=bool)
    half = int(np.median(np.diff(starts))) // 2
    out = np.zeros(len(rise), dtype=bool)
    for start, end in zip(starts, ends, strict=True):
        out[max(start - half, 0) : end + half + 1] = True
    return out


MAX_REST_RISE = 0.4


def swing_share(rise: Arr) -> Arr:
    """How far through its swing an arm is, from the share ``rise`` its hand has risen.

    The upper arm swings back from hanging about the shoulder, so the elbow and the hand
    under it rise by ``1 - cos(swing)`` of the way: the last third of the swing makes
    half the rise. Read straight, a pull stopping 10-20 deg short of the top reads half
    a whole one, as low as a pull turned back half-way. ``1 - (1 - rise)^2``
    (``sin^2(swing)``) undoes most of that squash while keeping a finite slope at rest
    (an arc cosine would blow the noise of a hanging arm up without bound): a quarter of
    the swing reads 0.15 (straight 0.08), half 0.5 (0.29), three quarters 0.85 (0.62).
    Near rest it doubles the rise: a bottom left well short of straight (the
    stretch_bottom fault) can now stay above the level that ends a rep. Above 1 (a hand
    risen higher than the usual top) it goes on as it is; below 0 along the curve.
    """
    rise = np.asarray(rise, dtype=np.float64)
    below = np.minimum(rise, 1.0)  # a rise not read stays NaN (np.fmin read it as 1)
    return np.asarray(np.where(rise > 1.0, rise, 1.0 - (1.0 - below) ** 2), dtype=np.float64)


def arm_rise_flexion(pts: Arr, side: str, rep: RepSignal, fps: float) -> Arr:
    """Shoulder flexion (deg) that the elbow's rise from hanging stands for, [T].

    An arm raised forward from hanging (on all fours, lying on a ball) lifts the elbow
    from an upper arm's length below the shoulder to the shoulder's height. That rise is
    up and down in the picture from any camera about level with the person, whichever
    way it faces, while the angle between arm and trunk in the picture folds as the arm
    swings towards or away from the camera. The elbow, not the hand: the bird dog's tuck
    folds the forearm up while the upper arm swings back, which lifts the hand but
    hardly the elbow; the hand's rise beyond the elbow's is taken off. ``rep.rest``
    with the elbow a whole upper arm below the shoulder, ``rep.peak`` level with it, in
    proportion between (and beyond: higher reads higher).
    """
    if side == "both":
        left, right = (arm_rise_flexion(pts, s, rep, fps) for s in ("left", "right"))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            return np.asarray(np.nanmean(np.stack([left, right]), axis=0), dtype=np.float64)
    elbow = _rise_share(pts, f"{side}_shoulder", f"{side}_elbow", fps)
    # A hand risen above the line of the upper arm is a forearm folding up (the tuck,
    # the elbow going back), not an arm reaching forward: that much is taken off.
    folded = np.clip(_rise_share(pts, f"{side}_shoulder", f"{side}_wrist", fps) - elbow, 0.0, None)
    share = elbow - np.nan_to_num(folded, nan=0.0)
    return np.asarray(rep.rest + (rep.peak - rep.rest) * share, dtype=np.float64)


def _rise_share(pts: Arr, top: str, low: str, fps: float) -> Arr:
    """How far ``low`` rose from a whole segment below ``top`` to level with it, [T].

    0 with the segment hanging straight down, 1 level, above 1 higher; the segment's
    length is as seen whole in the picture over the set (`seen_length`; hanging, it is
    seen whole from any level camera). NaN where a point is missing or never seen.
    """
    a, b = part(pts, top)[:, :2], part(pts, low)[:, :2]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # a side never seen: NaN
        length = seen_length(np.linalg.norm(b - a, axis=1), fps)
    if not (np.isfinite(length) and length > 0):
        return np.full(len(pts), np.nan)
    return np.asarray(1.0 - (b[:, 1] - a[:, 1]) / length, dtype=np.float64)  # y points down


def knee_rise_extension(pts: Arr, side: str, fps: float) -> Arr:
    """Hip extension (deg) that the knee's rise from under the hip stands for, [T].

    On all fours the thigh hangs straight down, the knee a thigh's length below the
    hip (90 deg between trunk and thigh); a leg reached long behind lifts the knee to
    the hip's height (180 deg). Like the elbow's rise, that is up and down in the
    picture from any camera about level with the person, while the hip's angle in the
    picture folds as the leg swings towards or away from it.
    """
    share = _rise_share(pts, f"{side}_hip", f"{side}_knee", fps)
    return np.asarray(90.0 + 90.0 * share, dtype=np.float64)


# The bird dog's tuck seen in the picture: the hand has risen this share of the arm's
# length more than the elbow of its upper arm (a straight arm lifts both alike).
TUCK_FOLD = 0.3


def forearm_folded(pts: Arr, side: str, fps: float) -> npt.NDArray[np.bool_]:
    """True where ``side``'s hand has risen well above what its elbow's rise explains, [T].

    Drawing the elbow in to the knee folds the forearm up while the upper arm swings a
    little back, so the hand rises towards the shoulder while the elbow hardly does; an
    arm reaching long (bent or not much) lifts hand and elbow alike. Seen from in front
    or behind, the elbow and knee overlap in the picture whether or not they touch, so
    their distance there cannot tell the tuck.
    """
    hand = _rise_share(pts, f"{side}_shoulder", f"{side}_wrist", fps)
    elbow = _rise_share(pts, f"{side}_shoulder", f"{side}_elbow", fps)
    return np.nan_to_num(hand - elbow, nan=0.0) >= TUCK_FOLD
