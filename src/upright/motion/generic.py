"""The generic counter: reps of any repeated movement, from the landmarks alone.

No exercise model and no training data: the movement is found in the recording itself.

1. Clean tracks on an even clock: frames are placed on a grid of the median frame step
   (so missing frames and an odd or wrong fps do not bend time), short gaps filled, a
   running median over about 0.1 s removes BlazePose's one- or two-frame jumps, then a
   light Savitzky-Golay smoothing. Files whose coordinates are normalised in each frame
   (centred on the hips, or stretched to the frame's box) are recognised: the picture's
   edges then mean nothing, and box files are measured in each frame's own torso.
2. Features per frame, independent of camera distance and position and of which side is
   which: the main joints' image positions relative to the body centre (torso lengths)
   and the elbow, shoulder, hip and knee angles (radians), each left/right pair as its
   mean and half its absolute difference. A lunge on either leg then looks the same (each
   counts), and left/right label swaps leave no trace.
3. The signal is chosen on a coarse clock (about `SELECT_HZ`): principal components of
   the features less their slow trend (a running median over `TREND_S`, so lying down or
   getting up between sets does not become the main "movement"). Each component is a
   candidate upwards, downwards and as the distance from the resting pose (this last
   only when the reps leave rest both ways, or the set changes sides and so rests in
   two poses: `_one_way`). A direction
   whose reps would peak at the pose the file starts and ends in is read upside down
   (those peaks are the rests): this tells holds at the top of each rep from rests,
   where the stillest frames, the usual cue for the resting pose, are the holds. So do
   a set's edges (`_open`): read right, a set is entered from its set-up at a pose it
   rests in between reps; read upside down, its first "rep" comes from the set-up pose
   itself (standing, picking up the weight), which the set never rests in.
4. The period of the movement as a whole is the first strong peak of the summed
   autocorrelation of the components (all joints repeat together only once per rep, so a
   burpee's squat-down and squat-up do not halve it), or a clear peak at about half its
   lag: a few reps of uneven tempo can line up better two reps apart than one
   (`find_period`). Each candidate's reps are peaks at least half a period apart whose
   prominence (a hysteresis: the signal must leave the rep level and come back) is at
   least half of the usual rep's size, the energy-weighted mode of the excursions, so
   rests, fidgets and partial reps do not set it. The winner has the most rep energy,
   weighted by its autocorrelation at the period and by how regular its gaps are
   (`_score`): noise and sub-movements lose to the real rhythm.
5. The chosen signal is rebuilt at the full frame rate (excursions that come about half
   a period apart show a period read long, which may have merged two reps with a brief
   rest between them: they are found again, `_spaced`; so are two held reps whose
   highest frames came close though the signal fell back between them,
   `_fell_between`) and its reps picked
   (`upright.motion.generic_reps`): an excursion whose pose at the peak is unlike the
   other reps' (a stray arm, a step between sets) or that stays up far longer than a rep
   (standing about between sets) is not a rep; one below `PARTIAL` of the usual size is
   a partial rep, reported, not counted. Excursions in two alternating poses that the
   movement's period takes together (reaching out, then tucking in) are one rep. A rep
   hidden mid-set by a short loss of the body is counted from the set's rhythm
   (`upright.motion.generic_unseen`).
6. A one-sided exercise done on each side in turn (a one-arm row) rests in another pose
   on each side, and the far arm's reps look smaller: where the reps' poses change for
   good part-way through (`_side_change`), each side is counted on its own, against its
   own range and in its own direction. Sides that change without a pause, with reps of
   about one size, are split too when their poses differ and both sides then count the
   same number of reps (a per-side set does as many on each side): read as one set,
   one side was often upside down, its rests counted.

One to three reps need no periodicity: they are excursions like any other. A rep must
stand well above its signal's frame-to-frame noise and move at least `MIN_REP` (torso
lengths or radians), so standing still counts nothing; a smaller movement (down to
`SMALL_REP`) counts when it repeats clearly and stands far above the noise (`_floor`).
"""

from __future__ import annotations

import bisect
import itertools
from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt
from scipy.ndimage import median_filter
from scipy.signal import find_peaks, peak_prominences, peak_widths

from upright.catalog import KEYPOINT_INDEX
from upright.motion.body import mid, part, torso_length
from upright.motion.generic_reps import AFLOAT, PARTIAL, TRIVIAL, phases, pick
from upright.motion.generic_signal import (
    REP_S,
    Count,
    autocorr,
    bounded,
    excursions,
    find_period,
    gap_period,
    levelled,
    noise,
    principal_basis,
    regularity,
    trend,
    typical,
)
from upright.motion.geometry import joint_angle
from upright.motion.landmarks import Landmarks
from upright.motion.preprocess import fill_gaps, raw_points, smooth, window_frames
from upright.motion.result import NotCounted, Rep

Arr = npt.NDArray[np.float64]
Mask = npt.NDArray[np.bool_]

JOINTS = (
    "nose",
    "left_shoulder",
    "right_shoulder",
    "left_elbow",
    "right_elbow",
    "left_wrist",
    "right_wrist",
    "left_hip",
    "right_hip",
    "left_knee",
    "right_knee",
    "left_ankle",
    "right_ankle",
)
JOINT_NAMES = ("shoulder", "elbow", "wrist", "hip", "knee", "ankle")
# A counted rep moves at least this far (torso lengths or radians along a component)...
MIN_REP = 0.5
# ...or at least SMALL_REP when the movement clearly repeats (`_floor`): SMALL_RUN full
# reps or more, at gaps of about one period (regularity at least SMALL_REG), with an
# autocorrelation of at least SMALL_AC at the period, SMALL_SNR times above the noise.
SMALL_REP = 0.2
SMALL_RUN = 4
SMALL_REG = 0.75
SMALL_AC = 0.3
SMALL_SNR = 20.0
# A rep must stand this many times above the noise of its signal (frame-to-frame).
MIN_SNR = 8.0
MAX_GAP_S = 0.6
# Reps are counted at least this many periods apart (reps vary in speed within a set).
MIN_GAP = 0.4
# Reps found this many periods apart or less show a period read twice too long (`_spaced`).
HALF = 0.7
# ...and two reps merged by it part at a rest under this share of a rep's width.
BRIEF = 0.7
# Two peaks closer than the reps' distance are two reps when the signal falls this many
# usual rep sizes below the lower one between them, briefly (`_fell_between`).
APART = 0.75
# ...and the two come closer than this share of the usual gap between reps.
CLOSE = 0.5
# Features are chosen on a clock of about this many frames per second (reps are slower).
SELECT_HZ = 15.0
# Share of the stillest frames whose median is the resting pose.
STILL_Q = 0.3
# Weight of a candidate that does not repeat (for one to three reps).
NO_PERIOD = 0.2
# Weight, in a candidate's score, of a set's first or last excursion not closed at rest.
OPEN = 0.25
# The distance from rest competes when more than this many reps within the set leave
# rest, and not all of them one way (`_one_way`).
ONE_WAY_RUN = 3
# A set's edges are judged by its poses when it has more than this many full
# excursions, else by their level (`_open`)...
SET_RUN = 3
# ...and its stillness over this share of the period; the signal has levelled off where
# it stays within LEVEL usual rep sizes over that span.
STILL_SPAN = 0.1
LEVEL = 0.15
# A side's own period counts when within these multiples of the whole set's (`_choose`).
PRIOR = (0.6, 1.7)
# Each side of a one-sided exercise has at least this many excursions (`_side_change`).
SIDE_RUN = 3
SIDE_GAP = 1.3
# The first and last this many seconds of a file show where the person rests.
EDGE_S = 1.0
# ...when they lie within this share of their distance from the other end of the reps.
EDGE_NEAR = 0.3
# Weight of a direction that goes towards the resting pose rather than away from it.
AWAY = 0.8
# When fewer than this share of the visible points lie in the picture, the coordinates are
# not the picture's (normalised per frame), and the picture's edges mean nothing.
OUTSIDE = 0.5
# Frames whose points span 0..1 within BOX_EDGE on both axes were stretched to a box;
# then positions are measured in each frame's torso, a running median over BOX_RULER frames.
BOX_EDGE = 0.02
BOX_RULER = 9
# Walking: the body centre moves more than TRAVEL torso lengths in TRAVEL_S seconds.
TRAVEL = 3.0
TRAVEL_S = 2.0
# A limb seen shorter than this share of its full image length is partly end-on: its
# angle fades (0.5: turned 60 degrees out of the image plane).
FORE = 0.5


@dataclass(frozen=True)
class GenericResult:
    """Reps found by the generic counter, and what it measured on the way.

    Attributes
    ----------
    reps, not_counted
        Counted reps, and partial reps with their reason; times in seconds.
    period_s
        Median time between counted reps within a set (NaN for fewer than two).
    range
        Usual size of a rep along the chosen signal (torso lengths or radians).
    unseen
        Indices of the reps counted from the rhythm across a short stretch where the
        body was not seen (`upright.motion.generic_unseen`).
    """

    reps: tuple[Rep, ...]
    not_counted: tuple[NotCounted, ...]
    period_s: float
    range: float
    unseen: tuple[int, ...] = ()


def _boxed(pts: Arr) -> bool:
    """True when each frame's points were stretched to fill 0..1 on both axes.

    Such files (a per-frame bounding box) change every position's scale with the pose:
    raised arms shrink the body. Most frames then span exactly 0..1 on both axes.
    """
    ok = np.isfinite(pts[..., 0]).sum(axis=1) >= 10
    if ok.sum() < 3:
        return False
    lo = np.nanmin(pts[ok, :, :2], axis=1)
    hi = np.nanmax(pts[ok, :, :2], axis=1)
    return bool(np.median(np.abs(lo)) < BOX_EDGE and np.median(np.abs(hi - 1)) < BOX_EDGE)


def features(pts: Arr) -> Arr:
    """[T, F] body-relative positions (torso lengths) and joint angles (radians).

    Left and right enter as their mean and half their absolute difference, so the
    features do not change when the two sides swap: a lunge on the left leg looks like
    one on the right (each counts), and BlazePose's left/right swaps leave no trace.
    """
    tl = torso_length(pts)
    torso = float(np.nanmedian(tl)) if np.isfinite(tl).any() else float("nan")
    if not np.isfinite(torso) or torso <= 0:
        height = np.nanmax(pts[..., 1], axis=1) - np.nanmin(pts[..., 1], axis=1)
        torso = float(np.nanmedian(height)) / 3 if np.isfinite(height).any() else 1.0
    centre = 0.5 * (mid(pts, "hip") + mid(pts, "shoulder"))

    scale = np.full(len(pts), max(torso, 1e-9))
    if _boxed(pts) and np.isfinite(tl).sum() >= 3:
        # Each frame was stretched to its own box: its torso is the only ruler that
        # scales with it (over a few frames, so one bad torso does not jolt the rest).
        idx = np.arange(len(tl))
        ok = np.isfinite(tl)
        scale = median_filter(np.interp(idx, idx[ok], tl[ok]), size=BOX_RULER, mode="nearest")
        scale = np.maximum(scale, 1e-9)

    def pos(name: str) -> Arr:
        return np.asarray((pts[:, KEYPOINT_INDEX[name], :2] - centre[:, :2]) / scale[:, None])

    cols = [pos("nose")]
    for j in ("shoulder", "elbow", "wrist", "hip", "knee", "ankle"):
        left, right = pos(f"left_{j}"), pos(f"right_{j}")
        cols += [0.5 * (left + right), 0.5 * np.abs(left - right)]
    angles = []
    for s in ("left", "right"):
        p = {
            j: part(pts, f"{s}_{j}") for j in ("shoulder", "elbow", "wrist", "hip", "knee", "ankle")
        }
        triples = (
            ("shoulder", "elbow", "wrist"),
            ("elbow", "shoulder", "hip"),
            ("shoulder", "hip", "knee"),
            ("hip", "knee", "ankle"),
        )
        angles.append(np.stack([_angle(p[a], p[b], p[c]) for a, b, c in triples], axis=1))
    left, right = np.radians(angles[0]), np.radians(angles[1])
    cols += [0.5 * (left + right), 0.5 * np.abs(left - right)]
    return np.concatenate(cols, axis=1)


def sided(pts: Arr) -> Arr:
    """[T, 2, K] each side's pose, left first.

    Per side: the elbow's, wrist's, knee's and ankle's sideways distance and height from
    the body centre (torso lengths), and the four joint angles (radians).

    Swapping the two sides gives the mirror image of a pose seen from the front, back
    or side: one arm's row becomes the other's (`upright.motion.generic_reps.phases`).
    """
    tl = torso_length(pts)
    torso = float(np.nanmedian(tl)) if np.isfinite(tl).any() else 1.0
    torso = torso if np.isfinite(torso) and torso > 0 else 1.0
    centre = 0.5 * (mid(pts, "hip") + mid(pts, "shoulder"))
    out = []
    for s in ("left", "right"):
        p = {
            j: part(pts, f"{s}_{j}") for j in ("shoulder", "elbow", "wrist", "hip", "knee", "ankle")
        }
        cols = []
        for j in ("elbow", "wrist", "knee", "ankle"):
            d = (p[j][:, :2] - centre[:, :2]) / torso
            cols += [np.abs(d[:, 0]), d[:, 1]]
        for a, b, c in (
            ("shoulder", "elbow", "wrist"),
            ("elbow", "shoulder", "hip"),
            ("shoulder", "hip", "knee"),
            ("hip", "knee", "ankle"),
        ):
            cols.append(np.radians(_angle(p[a], p[b], p[c])))
        out.append(np.stack(cols, axis=1))
    return np.stack(out, axis=1)


def _seen(u: Arr) -> Arr:
    """How fully segment ``u`` [T, 3] is seen, 0..1: (image length / `FORE` of its longest)^2.

    Squared: the angle's noise grows as one over the seen length, so only a weight that
    falls faster than the length quiets an end-on limb.
    """
    n = np.linalg.norm(u[:, :2], axis=1)
    ok = np.isfinite(n)
    ref = float(np.quantile(n[ok], 0.95)) if ok.any() else float("nan")
    if not (np.isfinite(ref) and ref > 0):
        return np.ones(len(u))
    return np.asarray(np.clip(n / (FORE * ref), 0.0, 1.0) ** 2, dtype=np.float64)


def _angle(a: Arr, b: Arr, c: Arr) -> Arr:
    """Image angle a-b-c at ``b`` (degrees), faded to its usual value where a limb is end-on.

    A segment foreshortened below `FORE` of its full image length points at the camera:
    its image direction is mostly noise, and the angle could jump by tens of degrees in a
    frame (a squat's thigh seen from the front at the bottom). The angle's distance from
    its median (over well-seen frames) is scaled by how fully the shorter-seen segment is
    seen, so it fades out smoothly instead of jumping.
    """
    ang = joint_angle(a, b, c)
    w = np.minimum(_seen(a - b), _seen(c - b))
    ok = np.isfinite(ang) & (w > 0.5)
    usual = float(np.median(ang[ok])) if ok.any() else 90.0
    return np.asarray(usual + (ang - usual) * w, dtype=np.float64)


def _walking(pts: Arr, rate: float) -> Mask:
    """[T] True where the body travels across the picture (walking in, about or off).

    Reps move the body about a place; walking carries it away. A frame is walking when the
    body centre is more than `TRAVEL` torso lengths (sideways in the image) from where it
    was `TRAVEL_S` / 2 seconds before or will be after it; the rhythm of the steps would
    otherwise look like fast reps.
    """
    centre = 0.5 * (mid(pts, "hip") + mid(pts, "shoulder"))[:, 0]
    tl = torso_length(pts)
    torso = float(np.nanmedian(tl)) if np.isfinite(tl).any() else float("nan")
    h = max(1, int(round(0.5 * TRAVEL_S * rate)))
    if not (np.isfinite(torso) and torso > 0) or len(centre) <= 2 * h:
        return np.zeros(len(centre), dtype=bool)
    c = np.asarray(centre / torso, dtype=np.float64)
    moved = np.zeros(len(c))
    with np.errstate(invalid="ignore"):
        moved[h:-h] = np.abs(c[2 * h :] - c[: -2 * h])
    return np.asarray(np.nan_to_num(moved) > TRAVEL, dtype=bool)


def _points(landmarks: Landmarks, min_visibility: float) -> Arr:
    """Image points [T, 33, 3] (z zeroed), NaN where unreliable.

    Points outside the picture are unreliable, unless most points are: then the file's
    coordinates are not of the picture at all (centred on the hips or scaled to the body
    in each frame, as some tools write them) and only visibility decides.
    """
    pts = raw_points(
        landmarks.image,
        landmarks.world,
        landmarks.visibility,
        landmarks.width,
        landmarks.height,
        "image",
        min_visibility,
    )
    seen = np.isfinite(landmarks.image).all(axis=-1) & (landmarks.visibility >= min_visibility)
    if np.isfinite(pts).all(axis=-1).sum() >= OUTSIDE * seen.sum():
        return pts
    out = np.array(landmarks.image, dtype=np.float64)
    out[..., 2] = 0.0
    out[~seen] = np.nan
    return out


def _even_clock(landmarks: Landmarks, min_visibility: float) -> tuple[Arr, Arr, float]:
    """Grid times [N], points [N, 33, 3] on them (NaN where no frame) and frames per second."""
    t = np.asarray(landmarks.t, dtype=np.float64)
    pts = _points(landmarks, min_visibility)
    dt = float(np.median(np.diff(t))) if len(t) > 1 else 1.0 / landmarks.fps
    if not (np.isfinite(dt) and dt > 0):
        dt = 1.0 / landmarks.fps
    slot = np.round((t - t[0]) / dt).astype(np.int64)
    n = int(slot[-1]) + 1 if len(t) else 0
    if n > 4 * len(t) + 16:  # wildly uneven times: keep the frames as they are
        return t, pts, 1.0 / dt
    grid = np.full((n, *pts.shape[1:]), np.nan)
    grid[slot] = pts
    return t[0] + dt * np.arange(n), grid, 1.0 / dt


def _despike(pts: Arr, rate: float) -> Arr:
    """Running median over about 0.1 s (at least 3 frames), gaps kept as gaps."""
    size = max(3, window_frames(0.1, rate, 3))
    if len(pts) < size:
        return pts
    flat = pts.reshape(len(pts), -1)
    ok = np.isfinite(flat)
    filled = flat.copy()
    idx = np.arange(len(flat))
    for j in range(flat.shape[1]):
        if ok[:, j].any() and not ok[:, j].all():
            filled[:, j] = np.interp(idx, idx[ok[:, j]], flat[ok[:, j], j])
    med = median_filter(filled, size=(size, 1), mode="nearest")
    return np.asarray(np.where(ok, med, np.nan).reshape(pts.shape), dtype=np.float64)


@dataclass(frozen=True)
class _Choice:
    """The chosen rep signal: how to build it from the components, and its figures."""

    mode: str  # "up", "down", "dev" (distance from rest along one), "dist" (from rest pose)
    k: int
    rest: Arr
    gate: float
    period_s: float
    score: float
    floor: float = MIN_REP
    vetoed: bool = False  # a distance from rest that would have won was left out


def _candidate(z: Arr, mode: str, k: int, rest: Arr) -> Arr:
    if mode == "up":
        return np.asarray(z[:, k], dtype=np.float64)
    if mode == "down":
        return np.asarray(-z[:, k], dtype=np.float64)
    return np.asarray(np.abs(z[:, k] - rest[k]), dtype=np.float64)


def _rest(z: Arr, valid: Mask, rate: float) -> Arr:
    """The resting pose in component space: the median of the stillest frames."""
    speed = np.linalg.norm(np.diff(z, axis=0, prepend=z[:1]), axis=1)
    w = max(1, int(0.5 * rate))
    speed = np.convolve(speed, np.ones(w) / w, mode="same")
    still = valid & (speed <= np.quantile(speed[valid], STILL_Q))
    return np.asarray(np.median(z[still], axis=0), dtype=np.float64)


def _came_from(x: Arr, still: Mask, peak: int, stop: int, half: float) -> int:
    """Where an excursion's outer side came from: its first still frame past ``half``.

    Followed from ``peak`` towards ``stop`` (either way): past the first frame at or
    below ``half`` (half-way down), the first frame of ``still``; -1 when there is none
    before ``stop``.
    """
    way = -1 if stop < peak else 1
    idx = np.arange(peak, stop + way, way)
    down = np.flatnonzero(x[idx] <= half)
    if down.size == 0:
        return -1
    rest = idx[down[0] :]
    at = np.flatnonzero(still[rest])
    return int(rest[at[0]]) if at.size else -1


def _open(x: Arr, z: Arr, c: Count, full: Mask, period: float, body: Arr | None = None) -> Mask:
    """[full excursions] Sets' first and last excursions entered from (left to) another pose.

    A set's first excursion is followed back from its peak to half-way down to its inner
    trough and on to the first still pose (its last excursion, on after its peak): that
    is where it came from. Still is among the set's stillest frames, or where the signal
    has levelled off (within `LEVEL` usual rep sizes over the stillness span): a set
    that holds long at the top (a Y-raise) has its holds for the stillest frames, and
    its brief rests, jittering a little more, would otherwise not count as poses of the
    set, so the rest after its last rep read as a set-down. A pose further than `AFLOAT`
    usual rep sizes from every still pose within the set (its holds and rests between
    reps, from its second peak to its last but one, as the edges may be set-up moves) is
    the set-up (standing, picking up the weight, lying onto the ball), not a pose of the
    set. Poses are compared in ``body`` (the whole body's features; the components ``z``
    when not given): standing on both legs with the hand at the hip, before a one-legged
    row, matches the end of a pull along the components the reps move. Read
    upside down, a set begins with the move into position and ends with the move out of
    it; read right, it begins and ends at its rests. Sets are split where reps are more
    than two periods apart. An outer side with no still pose before the file's start
    (end) or the set's neighbour is not judged. A set of at most `SET_RUN` excursions
    shows too little of itself: its edge is open when its trough lies more than
    `AFLOAT` usual rep sizes from the usual trough level (unless cut by the file).
    """
    idx = np.flatnonzero(full)
    out = np.zeros(idx.size, dtype=bool)
    if idx.size < 2:
        return out
    speed = np.linalg.norm(np.diff(z, axis=0, prepend=z[:1]), axis=1)
    w = max(1, int(round(STILL_SPAN * period)))
    speed = np.convolve(speed, np.ones(w) / w, mode="same")
    # Where the signal has levelled off: a rest between reps whose pose jitters more than
    # the set's long holds is still a rest (it need not be among the stillest frames).
    settled = levelled(x, max(3, w), LEVEL * c.typical)
    brk = np.diff(c.peaks[idx]) > 2 * period
    first, last = np.r_[True, brk], np.r_[brk, True]
    sets = np.cumsum(np.r_[False, brk])
    bounds = np.r_[0, c.peaks[idx], len(x) - 1]  # the outer side runs to the next full rep
    # Short sets: their troughs' level alone (far from the usual trough level of the reps).
    lo, hi = x[c.lo[idx]], x[c.hi[idx]]
    level = float(np.median(np.maximum(lo, hi)))
    far_level = np.maximum(np.abs(lo - level), np.abs(hi - level)) > AFLOAT * c.typical
    far_level &= (c.lo[idx] > 0) & (c.hi[idx] < len(x) - 1)  # cut by the file: unknown
    for s in np.unique(sets):
        mine = idx[sets == s]
        if len(mine) <= SET_RUN:
            out[sets == s] = far_level[sets == s] & (first | last)[sets == s]
            continue
        span = np.arange(c.peaks[mine[0]], c.peaks[mine[-1]] + 1)
        still = speed <= np.quantile(speed[span], STILL_Q)
        inside = np.arange(c.peaks[mine[1]], c.peaks[mine[-2]] + 1)  # not the edges' own
        at = body if body is not None else z
        poses = at[inside[(still | settled)[inside]]]
        if not poses.size:
            continue
        for j in np.flatnonzero(sets == s):
            k = idx[j]
            pk = int(c.peaks[k])
            for edge, far, stop in (
                (first[j], c.hi[k], bounds[j]),
                (last[j], c.lo[k], bounds[j + 2]),
            ):
                if not edge:
                    continue
                came = _came_from(x, still | settled, pk, int(stop), 0.5 * float(x[pk] + x[far]))
                if came >= 0:
                    near = float(np.min(np.linalg.norm(poses - at[came], axis=1)))
                    out[j] |= near > AFLOAT * c.typical
    return out


def _edges_at_top(x: Arr, z: Arr, valid: Mask, rate: float, gate: float, period: float) -> bool:
    """True when the file starts and ends near the pose at the reps' peaks, far from rest.

    A set begins and ends at rest (or in a set-up pose, standing with the weight, which
    is nearer the resting pose than the reps' far end). Read upside down, a set whose
    reps hold at the top longer than they rest at the bottom looks like reps of rests;
    the first and last `EDGE_S` seconds tell which end is rest. Poses compared over all
    components, so one component's own view of the set-up pose does not decide.
    """
    dist = MIN_GAP * period if np.isfinite(period) else REP_S[0] * rate
    c = excursions(x, gate, dist)
    full = c.prom >= PARTIAL * c.typical
    idx = np.flatnonzero(valid)
    n = max(1, int(EDGE_S * rate))
    if full.sum() < 2 or idx.size < 4 * n:
        return False
    top = np.median(z[c.peaks[full]], axis=0)
    low = np.median(z[np.r_[c.lo[full], c.hi[full]]], axis=0)
    ends = (np.median(z[idx[:n]], axis=0), np.median(z[idx[-n:]], axis=0))
    return all(np.linalg.norm(e - top) < EDGE_NEAR * np.linalg.norm(e - low) for e in ends)


def _floor(n: int, size: float, noise_sd: float, ac: float, reg: float) -> float:
    """The least usual rep size that counts: `MIN_REP`, or `SMALL_REP` for a clear rhythm.

    A fixed size in body units misses small, clean movements (a cable row filmed from
    straight behind moves the picture a third of a torso). What tells a rep from noise
    and sway is how far it stands above the set's own frame-to-frame noise and how
    regularly it repeats: `SMALL_RUN` or more full reps at gaps of about one period
    (``reg``), a signal that repeats itself (``ac``, its autocorrelation at the period)
    and reps `SMALL_SNR` times the noise (``noise_sd``).
    """
    clear = n >= SMALL_RUN and reg >= SMALL_REG and ac >= SMALL_AC
    return SMALL_REP if clear and size >= SMALL_SNR * noise_sd else MIN_REP


def _centres(x: Arr, peaks: npt.NDArray[np.intp]) -> npt.NDArray[np.intp]:
    """[peaks] Each excursion's centre: half-way between its crossings of half its height.

    A rep that holds at its far end (a row held pulled in) has a flat top, where the
    highest frame falls anywhere along the hold by noise; the centre of the excursion
    does not, so the gaps between reps keep their rhythm.
    """
    if peaks.size == 0:
        return peaks
    _, _, left, right = peak_widths(x, peaks, rel_height=0.5)
    return np.asarray(np.round(0.5 * (left + right)), dtype=np.intp)


def _score(
    x: Arr,
    z: Arr,
    valid: Mask,
    rate: float,
    period: float,
    body: Arr | None = None,
    least: float = MIN_REP,
) -> tuple[float, float, float, int, float]:
    """(score, gate, period in frames, open set edges, least rep size) of ``x`` as the signal.

    ``period`` is the movement's as a whole (NaN when it does not repeat; then this
    signal's own is tried). The score is the reps' energy (count x usual size squared)
    times the signal's autocorrelation at the period times the regularity of the gaps:
    noise makes many small reps at irregular gaps, a sub-movement (half of a burpee)
    makes reps half a period apart, and both lose to the movement's own rhythm. The
    least rep size is `_floor`'s.
    """
    sd = noise(x, valid)
    gate = max(MIN_SNR * sd, TRIVIAL * MIN_REP)
    ac = autocorr(x[:, None], valid, rate)
    if not np.isfinite(period):
        period = find_period(ac, rate)
    periodic = bool(np.isfinite(period)) and int(period) < len(ac)
    c = excursions(x, gate, 0.5 * period if periodic else REP_S[0] * rate)
    full = c.prom >= PARTIAL * c.typical
    counted = c.peaks[full]
    n = counted.size
    if n == 0:
        return 0.0, gate, period, 0, MIN_REP
    if not periodic:  # one to three reps need not repeat; more must
        ok = n <= 3 and c.typical >= MIN_REP
        return (n * c.typical**2 * NO_PERIOD if ok else 0.0), gate, period, 0, MIN_REP
    # Two excursions several periods apart with nothing between them are not a rhythm
    # (a set-up and a set-down along a component the reps barely move): their gap counts.
    reg = regularity(_centres(x, counted), period) if n >= 2 else 1.0
    at = max(0.0, float(ac[int(period)]))
    # A side of a set whose whole was a clear rhythm (``least`` small) need not show it
    # again in its own half of the recording: the set's stands in for its autocorrelation
    # (its reps must still come at the period and stand clear of the noise).
    floor = _floor(n, c.typical, sd, at if least >= MIN_REP else max(at, SMALL_AC), reg)
    if c.typical < floor:
        return 0.0, gate, period, 0, floor
    # n - 0.5: the same rhythm read upside down counts the rests between reps, one more
    # than the reps (a fencepost); that extra one must not tip the choice. A set's first
    # or last excursion with a trough far from the resting level counts for `OPEN`: read
    # upside down, a set entered from another pose (hanging from a bar after standing)
    # begins and ends with an excursion that rises from that pose.
    opened = int(np.count_nonzero(_open(x, z, c, full, period, body)))
    n_eff = n - (1 - OPEN) * opened
    score = (n_eff - 0.5) * c.typical**2 * at * reg
    return score, gate, period, opened, floor


def _one_way(x: Arr, side: Arr, gate: float, period: float, rate: float) -> str:
    """The way ("up", "down") the full excursions of ``x`` within the set all leave rest.

    ``side`` is the component's position less the resting pose's. The distance from
    rest reads a movement that leaves rest both ways (a lunge on either leg); one that
    leaves it one way is that direction's reading, whose choice tells rests from reps.
    Here the rest may be the median of holds at both ends of a paused rep, between them:
    then the distance from it counts the rests between reps. The set's first and last
    excursions are left out: they may be the moves into and out of position. A set that
    changes sides rests in two poses, one each side of the median: there the distance
    keeps its use, finding the change (`count_generic`). "" when they leave it both ways
    (or too few of them to tell).
    """
    c = excursions(x, gate, 0.5 * period if np.isfinite(period) else REP_S[0] * rate)
    full = np.flatnonzero(c.prom >= PARTIAL * c.typical)[1:-1]
    if full.size < ONE_WAY_RUN:
        return ""
    signs = np.sign(side[c.peaks[full]])
    if not np.all(signs == signs[0]) or signs[0] == 0:
        return ""
    return "up" if signs[0] > 0 else "down"


def _full(x: Arr, gate: float, period: float, rate: float, away: Arr | None = None) -> int:
    """How many full excursions ``x`` makes (as `_score` finds them).

    With ``away``, only those whose peak lies where ``away`` is positive.
    """
    c = excursions(x, gate, 0.5 * period if np.isfinite(period) else REP_S[0] * rate)
    full = c.peaks[c.prom >= PARTIAL * c.typical]
    return int(full.size if away is None else np.count_nonzero(away[full] > 0))


def _choose(
    z: Arr,
    valid: Mask,
    rate: float,
    one_way: bool = True,
    period: float = float("nan"),
    body: Arr | None = None,
    least: float = MIN_REP,
) -> _Choice | None:
    """The candidate signal (component and direction) that best carries the reps.

    With ``one_way``, the distance from rest along a component whose reps all leave
    rest one way is not a candidate where that direction's own reading counts the same
    number of full excursions (the same reps: `_one_way`). ``period`` (frames of this
    clock) is the movement's as a larger stretch showed it: it stands in for the one
    found here when that one is far from it (`PRIOR`).
    """
    rest = _rest(z, valid, rate)
    own = find_period(autocorr(z, valid, rate), rate)
    far = np.isfinite(period) and not PRIOR[0] * period <= own <= PRIOR[1] * period
    period = period if far and np.isfinite(own) else own
    lo, hi = np.quantile(z[valid], [0.05, 0.95], axis=0)
    high = rest > 0.5 * (lo + hi)  # at rest, high along the component: reps go down
    best: _Choice | None = None
    dropped = 0.0
    for k in range(z.shape[1]):
        xs = {m: _candidate(z, m, k, rest) for m in ("up", "down", "dev")}
        got = {m: _score(x, z, valid, rate, period, body, least) for m, x in xs.items()}
        for mode, x in xs.items():
            s, gate, own, opened, floor = got[mode]
            way = _one_way(x, z[:, k] - rest[k], gate, own, rate) if mode == "dev" else ""
            # Beyond rest that way: the same reps when both readings count as many there.
            away = (z[:, k] - rest[k]) * (1 if way == "up" else -1)
            if (
                one_way
                and s > 0
                and way
                and got[way][0] > 0
                and _full(x, gate, own, rate, away) == _full(xs[way], *got[way][1:3], rate, away)
            ):
                dropped = max(dropped, s)
                s = 0.0  # the same reps as that direction's, where rests are told apart
            if s > 0 and _edges_at_top(x, z, valid, rate, gate, own):
                s *= AWAY * AWAY  # the set starts and ends at these peaks: they are rests
            elif mode != "dev":
                other = "down" if mode == "up" else "up"
                # Towards the resting pose (the stillest frames): the rests between reps
                # look like reps. The sets' edges overrule the stillness (long holds are
                # stiller than the rests): the reading whose sets are entered from another
                # pose at its troughs has the holds for troughs, and the other is right.
                toward = (mode == "up") == bool(high[k])
                if got[other][3] != opened:
                    toward = opened > got[other][3]
                if toward and not _edges_at_top(xs[other], z, valid, rate, gate, own):
                    s *= AWAY
            if best is None or s > best.score:
                best = _Choice(mode, k, rest, gate, own / rate, s, floor)
    if best is None or best.score <= 0:
        return None
    return replace(best, vetoed=dropped > best.score)


def count_generic(landmarks: Landmarks, min_visibility: float = 0.3) -> GenericResult:
    """Count the repetitions of whatever movement repeats in ``landmarks``.

    Parameters
    ----------
    landmarks
        One person's keypoints; only the image coordinates are used (pixels or 0..1).
    min_visibility
        Keypoints less visible than this are treated as missing.

    Returns
    -------
    GenericResult
        Counted reps (from leaving rest to being back, seconds), partial reps not
        counted, the period and the usual rep size.
    """
    none = GenericResult((), (), float("nan"), 0.0)
    if len(landmarks) < 3:
        return none
    t, pts, rate = _even_clock(landmarks, min_visibility)
    pts = fill_gaps(pts, t, MAX_GAP_S)
    pts = smooth(_despike(pts, rate), window_frames(0.1, rate, 5))
    f = features(pts)
    seen = np.isfinite(f).mean(axis=1) >= 0.5
    valid = seen & ~_walking(pts, rate)
    if valid.sum() < max(5, 0.3 * rate):
        return none
    mirror = sided(pts)
    whole = _count(t, f, seen, valid, rate, mirror)
    if whole is None:
        return none
    if whole.choice.vetoed:
        # One rest pose is what makes the distance from rest one direction's reading; a
        # set that changes sides (with a pause, or reps of another size) rests in two,
        # and that distance finds the change (`_one_way`).
        dev = _count(t, f, seen, valid, rate, mirror, one_way=False)
        if dev is not None and _side_change(dev.x, dev.z, dev.c) is not None:
            whole = dev
    # A side change with a pause or reps of another size; else one whose two sides then
    # count alike, each side in its own reading (`_side_change`).
    for even in (False, True):
        cut = _side_change(whole.x, whole.z, whole.c, even)
        if cut is None:
            continue
        # Each side moves at the set's period: a side's own recording is short, and
        # its sway or set-down may show a shorter rhythm than its reps.
        known = whole.choice
        a = _count(t[:cut], f[:cut], seen[:cut], valid[:cut], rate, mirror[:cut], known=known)
        b = _count(t[cut:], f[cut:], seen[cut:], valid[cut:], rate, mirror[cut:], known=known)
        if a is None or b is None or min(len(a.result.reps), len(b.result.reps)) < SIDE_RUN:
            continue
        if not even or len(a.result.reps) == len(b.result.reps):
            return _joined(a.result, b.result)
    return whole.result


@dataclass(frozen=True)
class _Part:
    """The count of one stretch, with its signal, components and excursions."""

    result: GenericResult
    x: Arr
    z: Arr
    c: Count
    choice: _Choice


def _count(
    t: Arr,
    f: Arr,
    seen: Mask,
    valid: Mask,
    rate: float,
    mirror: Arr,
    one_way: bool = True,
    known: _Choice | None = None,
) -> _Part | None:
    """Choose the rep signal of features ``f`` [T, F] and pick its reps (None: nothing).

    ``mirror`` [T, 2, K] is each side's pose (`sided`). One side of a set is counted
    with what the whole set's choice (``known``) showed: its period (`PRIOR`) and the
    least rep size its rhythm allowed (the far arm's small pulls are as clear a rhythm
    as the set they belong to, though half a recording shows it less).
    """
    if valid.sum() < max(5, 0.3 * rate):
        return None
    step = max(1, int(round(rate / SELECT_HZ)))
    fs, vs = f[::step], valid[::step]
    hp = fs - trend(fs, rate / step)
    basis = principal_basis(hp, vs)
    if basis is None:
        return None
    z = basis.project(fs, vs)
    # The whole body's pose (not only the components the reps move): a set-up pose may
    # match a pose of the set along those and differ in the rest (standing on both
    # legs before a one-legged row, with the hand at the hip as at the end of a pull).
    body = basis.kept(fs)
    period = known.period_s * rate / step if known is not None else float("nan")
    least = known.floor if known is not None else MIN_REP
    choice = _choose(z, vs, rate / step, one_way, period, body, least)
    if choice is None:
        return None
    zf = basis.project(f, valid)
    x = _candidate(zf, choice.mode, choice.k, choice.rest)
    dist = MIN_GAP * choice.period_s * rate if np.isfinite(choice.period_s) else REP_S[0] * rate
    c = excursions(x, choice.gate, dist)
    if np.isfinite(choice.period_s):
        c = _fell_between(x, c, choice.gate, dist)
    full = c.prom >= PARTIAL * c.typical
    rep_of = phases(x, zf, c, full, choice.period_s * rate, mirror)
    if np.array_equal(rep_of, np.where(full, np.arange(c.peaks.size), -1)):
        # Not two phases of one rep (a bird dog's reach and tuck) half a period apart.
        c = _spaced(x, c, choice.gate, choice.period_s * rate)
    if c.typical < choice.floor or c.peaks.size == 0:
        nothing = GenericResult((), (), float("nan"), float(c.typical))
        return _Part(nothing, x, zf, c, choice)
    p = pick(x, zf, t, c, ~seen, choice.period_s * rate, mirror)
    result = GenericResult(p.reps, p.not_counted, p.period_s, float(c.typical), p.unseen)
    return _Part(result, x, zf, c, choice)


def _spaced(x: Arr, c: Count, gate: float, period: float) -> Count:
    """``c``, or the excursions found again closer together when the period was read long.

    Excursions are kept `MIN_GAP` periods apart, so that one rep is not split in two.
    When the movement's period is read at twice the real one (reps of uneven spacing
    blur the autocorrelation at one period), two reps whose rest between them is short
    merge into one excursion. The reps found then show it: their usual gap
    (`gap_period`) is well under the period. The excursions are found again at
    `MIN_GAP` of that gap and taken when more full-size ones come out and each trough
    that parts two of them, once one excursion, is brief: below half its depth for under
    `BRIEF` of the usual excursion's width at half its height.
    """
    big = c.prom >= PARTIAL * c.typical
    full, lo, hi = c.peaks[big], c.lo[big], c.hi[big]
    if not np.isfinite(period) or full.size < 3:
        return c
    gap = gap_period(np.diff(full).astype(np.float64), least=2)
    if not (np.isfinite(gap) and gap < HALF * period):
        return c
    again = excursions(x, gate, MIN_GAP * gap)
    peaks = again.peaks[again.prom >= PARTIAL * again.typical]
    if peaks.size <= full.size:
        return c
    # Two reps part at a rest much briefer than the reps: read upside down, the rests
    # are the excursions and the trough between two of them is a whole rep.
    wide = float(np.median(peak_widths(x, peaks, rel_height=0.5)[0]))
    for a, b in itertools.pairwise(peaks):
        if not np.any((lo <= a) & (b <= hi)):
            continue  # not one excursion before
        if not _brief(x[a : b + 1], wide):
            return c
    return again


def _fell_between(x: Arr, c: Count, gate: float, distance: float) -> Count:
    """``c`` with the reps its distance between peaks merged though the signal fell back.

    Peaks are kept ``distance`` frames apart so that a wobble at the top of one rep does
    not split it, but a rep held at the top has its highest frame anywhere on the hold:
    two held reps parted by a quick return (lowered fast, then straight into the next
    pull) can have their highest frames closer than that. A peak the distance dropped is
    a rep of its own when it stands `APART` usual rep sizes above the reps' usual low,
    the signal falls as far below it on the way to each kept peak within the distance,
    only briefly (`_brief`), and the two are closer than `CLOSE` of the usual gap between
    reps: a long fall between two peaks about that gap apart is a whole rep of a signal
    read upside down, whose peaks are the rests (`_spaced` tells the same).
    """
    every, _ = find_peaks(x, prominence=gate)
    dropped = np.setdiff1d(every, c.peaks)
    big = c.prom >= PARTIAL * c.typical
    full = c.peaks[big]
    if dropped.size == 0 or full.size == 0:
        return c
    wide = float(np.median(peak_widths(x, full, rel_height=0.5)[0]))
    gap = float(np.median(np.diff(full))) if full.size > 1 else distance
    low = float(np.median(np.minimum(x[c.lo[big]], x[c.hi[big]])))
    reach = low + APART * c.typical
    kept = c.peaks.tolist()  # in order
    for q in dropped[np.argsort(-x[dropped], kind="stable")]:
        at = bisect.bisect_left(kept, q)
        near = [k for k in kept[max(0, at - 1) : at + 1] if abs(k - q) < distance]
        if x[q] < reach or any(abs(k - q) >= CLOSE * gap for k in near):
            continue  # as far as reps usually are: the signal's rests, read upside down
        fell = (x[min(k, q) : max(k, q) + 1] for k in near)
        if near and all(d.min() <= x[q] - APART * c.typical and _brief(d, wide) for d in fell):
            kept.insert(at, int(q))
    if len(kept) == c.peaks.size:
        return c
    p = np.asarray(kept, dtype=np.intp)
    return bounded(x, p, peak_prominences(x, p)[0])


def _brief(dip: Arr, wide: float) -> bool:
    """Whether the fall between two peaks is brief: under `BRIEF` of a rep's width.

    ``dip`` is the signal from one peak to the other, ``wide`` a rep's width at half its
    height (frames); the fall counts where it is more than halfway down.
    """
    half = 0.5 * (float(dip.min()) + min(float(dip[0]), float(dip[-1])))
    return bool(np.count_nonzero(dip < half) < BRIEF * wide)


def _side_change(x: Arr, z: Arr, c: Count, even: bool = False) -> int | None:
    """The frame where the set changes side (or position) for good, or None.

    A one-arm or one-leg exercise done on each side in turn rests in another pose on
    each side, and each side's movement may look larger or smaller in this view (the
    near arm and the far one): each side is counted on its own, against its own range.
    The excursions (from `TRIVIAL` of the usual size) are split in two runs of at least
    `SIDE_RUN` by their poses at the peak and the trough (all components, the two poses
    side by side: the holds of one side may look like the other's), where the split
    leaves the least spread within the runs (least squares). The runs are two sides when
    their median poses differ by more than `AFLOAT` usual rep sizes and more than twice
    the spread of the poses within either run (a drifting posture is not a change of
    side), each run holds `SIDE_RUN` full reps by its own usual size, and the gap
    between the runs is longer than `SIDE_GAP` times the usual one (changing sides takes
    a pause; two reps in a row within a set do not) or one run's usual rep is less than
    `PARTIAL` of the other's (the far arm's reps, which the whole set's range would call
    partial, so counting it as one set loses a side). The cut lies half-way between the
    two runs' nearest peaks; the split stands when each side then counts at least
    `SIDE_RUN` reps. With ``even`` neither the pause nor the other size is needed, nor
    the runs of full reps (a side read upside down as part of one set shows its rests,
    not its reps): the caller keeps that split only if both sides count the same.
    """
    keep = np.flatnonzero(c.prom >= TRIVIAL * c.typical)
    n = keep.size
    if n < 2 * SIDE_RUN:
        return None
    lo, hi = c.lo[keep], c.hi[keep]
    base = np.concatenate([z[c.peaks[keep]], z[np.where(x[lo] >= x[hi], lo, hi)]], axis=1)
    cost = [
        float(
            ((base[:m] - base[:m].mean(0)) ** 2).sum() + ((base[m:] - base[m:].mean(0)) ** 2).sum()
        )
        for m in range(SIDE_RUN, n - SIDE_RUN + 1)
    ]
    at = SIDE_RUN + int(np.argmin(cost))
    one, two = np.median(base[:at], axis=0), np.median(base[at:], axis=0)
    d = float(np.linalg.norm(one - two))
    spread = max(
        float(np.median(np.linalg.norm(base[:at] - one, axis=1))),
        float(np.median(np.linalg.norm(base[at:] - two, axis=1))),
    )
    if not (d > AFLOAT * c.typical and d > 2 * spread):
        return None
    gaps = np.diff(c.peaks[keep])
    paused = gaps[at - 1] > SIDE_GAP * float(np.median(np.delete(gaps, at - 1)))
    sizes = sorted((typical(c.prom[keep[:at]]), typical(c.prom[keep[at:]])))
    if not (paused or even) and sizes[0] >= PARTIAL * sizes[1]:
        return None  # no pause to change sides, nor reps of another size: within a set
    for run in (c.prom[keep[:at]], c.prom[keep[at:]]):  # each side a run of full reps
        if not even and np.count_nonzero(run >= PARTIAL * typical(run)) < SIDE_RUN:
            return None
    return int((c.peaks[keep[at - 1]] + c.peaks[keep[at]]) // 2)


def _joined(a: GenericResult, b: GenericResult) -> GenericResult:
    """The counts of two sides as one: reps numbered on, the usual period and size."""
    reps = a.reps + tuple(replace(r, index=len(a.reps) + i + 1) for i, r in enumerate(b.reps))
    periods = [p for p in (a.period_s, b.period_s) if np.isfinite(p)]
    return GenericResult(
        reps,
        a.not_counted + b.not_counted,
        float(np.mean(periods)) if periods else float("nan"),
        max(a.range, b.range),
        a.unseen + tuple(len(a.reps) + u for u in b.unseen),
    )
