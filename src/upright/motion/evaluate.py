"""Turn one segmented rep into a `Rep`: phases, hold times and every form rule's verdict.

Phases (docs/measures.md): the *peak zone* is the run of frames around the peak where
the rep signal stays within ``peak_zone`` of it; the *raise* runs from leaving rest to
the peak zone, the *return* from the peak zone to back at rest (both as timed by
`upright.motion.tempo`); the *bottom* is the return and 0.5 s after it (a row's
stretch), the *tuck* the peak zone to the rep's last frame.
"""

from __future__ import annotations

import warnings
from dataclasses import replace

import numpy as np
import numpy.typing as npt

from upright.catalog import Exercise, Rule
from upright.motion.body import Baseline, other, part, torso_length
from upright.motion.front_signal import forearm_folded
from upright.motion.held_error import BLOCK_S, block_medians, held_error
from upright.motion.holds import held_level, peak_hold_frames
from upright.motion.measures import FRAME_MEASURES
from upright.motion.picture_rise import HANGING_DEG, arm_raised, leg_raised
from upright.motion.reps import Segment
from upright.motion.rest import RestReader
from upright.motion.result import Fault, Hold, Phase, Rep
from upright.motion.robust import (
    HELD_S,
    POSTURE_S,
    STILL_NOISE_K,
    close_gaps,
    level_time,
    level_time_error,
    odd_frames,
    rolling_mean_points,
    rolling_median,
    taken_noise,
)
from upright.motion.tempo import STILL_S, TempoReader, Window, find_window, median_of

Arr = npt.NDArray[np.float64]

# Measures judged on the median over the hold (a posture at the top, or the reach held
# there), not the worst frame: robust to a single noisy frame.
_MEDIAN = {
    "thigh_above_horizontal",
    "arm_asymmetry",
    "arm_below_trunk_line",
    "elbow_behind_trunk",
    "arm_flexion_peak",
    "hip_extension_peak",
}
# "<measure>_peak" and the bottom measure: the frame measure they are read from.
FRAME_OF = {
    "arm_flexion_peak": "arm_flexion",
    "hip_extension_peak": "hip_extension",
    "elbow_angle_bottom": "elbow_angle",
}
_LARGEST = {"elbow_angle_bottom"}
# Postures that are not changes from the rest position but are read like them.
_POSTURE = {"plank_line", "plank_bend"}
# Absolute frame measures whose baseline rules subtract their value at rest.
_FROM_REST = {"plank_bend"}
# Phases a posture is held over (read on the median points of the whole phase).
_HELD = ("peak", "hold", "top")
_LEG_MEASURES = {"hip_extension", "thigh_above_horizontal"}
# Measures read in the body's own front-to-back plane (how far behind the trunk, leaning
# back, a sag, a reach, a bend at the elbow): a camera straight in front of or behind the
# athlete looks along that plane, so with image points only (no depth) they are not
# judged from there.
SIDE_VIEW_MEASURES = frozenset(
    {
        "elbow_behind_trunk",
        "trunk_lean_back",
        "trunk_angle_change",
        "spine_angle",
        "plank_bend",
        "plank_line",
        "elbow_angle_bottom",
        "arm_flexion_peak",
        "hip_extension_peak",
        "thigh_above_horizontal",
        "arm_below_trunk_line",
        # the elbow reaching the knee under the torso: from in front or behind the two
        # overlap in the picture whether or not they touch, so the tuck's start and end
        # are not seen (clean simulated bird dogs read 0-2 s of a 4-5 s tuck there)
        "tuck_hold",
    }
)
# Limb elevations, in image points from a camera at an angle: a limb raised toward the
# camera or away from it foreshortens by the angle, and the near and far limbs unevenly
# (simulated clean reps at 15-30 and 145-165 deg fired these on 9-46 % of reps). The
# elbow behind the trunk is still read there, from its own shoulder's plane.
OBLIQUE_BLIND_MEASURES = frozenset(
    {
        "arm_flexion_peak",
        "hip_extension_peak",
        "thigh_above_horizontal",
        "arm_below_trunk_line",
        "arm_asymmetry",
    }
)
# Positions and angles in the body's front-to-back plane, in image points from a camera
# within `FOLDED_MAX_DEG` of straight in front or behind: that plane shows at a quarter
# to a half of its size, and the elbow's reach out to the side (which the picture shows
# whole) mixes into it. In bench/sim_accuracy.py's conditions grid (image and
# BlazePose points, front and back obliques 15-35 deg off straight on) the elbow behind
# the trunk read clean pulls as short (precision 0.55), the elbow angle at the bottom a
# hanging arm as bent and a bent one as straight (precision 0.56, recall 0.53), the
# trunk's tilt and the plank line fired on clean reps (precision 0.75 and 0.67), and a
# 21-23 deg lean back read 12-14 deg (the plane at sin 30-36 deg of its size: recall
# 0.805 from the obliques; scaled back by the camera's estimated angle, which reads
# 18-36 deg for cameras at 15-30, a clean trunk's 2 deg of wobble would grow 2-4 times).
# At 45 deg (the first grid's view) the plane shows at 0.7 of its size and they are
# read right.
FOLDED_MEASURES = frozenset(
    {
        "elbow_behind_trunk",
        "elbow_angle_bottom",
        "trunk_angle_change",
        "trunk_lean_back",
        "plank_bend",
        "plank_line",
    }
)
# The working leg's lift (a bird dog's), not judged with image points from within
# `FOLDED_MAX_DEG` of straight in front or behind: the leg swings back in the folded
# front-to-back plane, and a short reach raised its knee 6-14 deg in the picture, within
# the noise of a leg left down (bench/sim_accuracy.py's conditions grid).
LEG_LIFT_MEASURES = frozenset({"hip_extension_peak", "thigh_above_horizontal"})
# The camera's angle from straight on below which `FOLDED_MEASURES` are not judged, deg:
# the simulated obliques (15-30 deg) read 18-36 deg (`upright.motion.view.view_angle`,
# level trunks included), cameras at 45 deg 45-55.
FOLDED_MAX_DEG = 38.0
# Counted by the limbs' rise in the picture (`RepEvaluator` ``rise``), the tuck is
# seen only as the forearm folding up, which from 15-30 deg off straight on it often
# does not show: the counter then ends the rep before the tuck, and its length is not
# seen (clean simulated bird dogs read 0.5-3 s of 4-5 s tucks).
RISE_BLIND_MEASURES = frozenset({"tuck_hold"})
# Measures of the hip line's turn, which vanishes into depth: read from world landmarks
# only (`upright.motion.measures` gives NaN for image points, from any view).
DEPTH_MEASURES = frozenset({"pelvis_roll", "hip_rotation", "hip_lateral_drift"})
EVENT_MEASURES = ("raise_duration", "return_duration", "peak_hold", "tuck_hold", "arm_leg_lag")
# The bottom of a rep is its return and this long after the return ends (s).
BOTTOM_S = 0.5
# Arm and leg are timed when they reach this share of their rise (`arm_leg_lag`).
LAG_SHARE = 0.8
# Each limb is timed for the lag only when it rose at least `LAG_SHARE` of the way from
# its own rest to full extension (deg): the arm to the catalog's peak, the leg to level
# (the thigh's elevation 0, or level with the hip in the picture). A limb that stopped
# short reaches its own 80 % at a time that says nothing of moving together (its reach
# is the reach rules' to judge): the lag is not read in that rep.
LEG_LEVEL_DEG = 0.0
LEG_LEVEL_RAISED_DEG = HANGING_DEG + 90.0
# Rep signals are timed after a rolling median over this long (s). A median keeps the
# edge of a monotone move where it is, so even a 0.3 s raise keeps its time, while a
# far-side elbow's jitter (10-20 deg, correlated over a few frames) is cut: 0.4 s read
# tempo better than 0.25 s at 2 px noise in bench/sim_accuracy.py (rows at 45 deg).
TIMING_S = 0.4
# A timing rule fires when its reading is past the threshold by more than this many of
# its standard errors (`robust.duration_error`, about half the reading's real spread):
# a move too noisy to time is not called rushed on a guess. On bench/sim_accuracy.py 1.0
# and 1.645 cut the return's false alarms alike (precision 0.87 -> 0.94), but 1.645
# also lost true rushed raises (0.3 s against the 0.5 s limit: recall 0.94 -> 0.85,
# 0.91 with 1.0).
CONFIDENCE = 1.0
# Measures whose rushed verdict on the hand's travel the elbow's angle can overrule
# (`RepEvaluator.bend_clears`).
CHECKED_ON_BEND = frozenset({"raise_duration"})
# A posture held at the top (pelvis roll or turn against the rest around the rep) fires
# when it clears its threshold by this share of `CONFIDENCE` standard errors
# (`held_error`; the error's estimate is itself noisy, z-scores of readings against the
# truth spread p5 -2.2 .. p95 1.4). On bench/sim_accuracy.py (pelvis exercises, 16
# seeds, rest before and after the rep): 0 gave pelvis_twist P/R 0.96/0.92 and
# pelvis_square 0.92/0.94, 0.25 gave 1.0/0.92 and 0.96/0.94, 0.5 lost true turns
# (recall 0.885 and 0.88).
HELD_CONFIDENCE = 0.25


def clear_fault(rule: Rule, value: float, se: float) -> bool:
    """True when ``value`` breaks ``rule`` by more than `CONFIDENCE` standard errors ``se``.

    A reading whose error is unknown (NaN) or not estimated (0) is taken as it is.
    """
    if not (np.isfinite(value) and rule.is_fault(value)):
        return False
    margin = CONFIDENCE * se if np.isfinite(se) else 0.0
    return rule.is_fault(value - margin if rule.compare == "above" else value + margin)


def leg_side(exercise: Exercise, side: str) -> str:
    """The working leg of ``side``: the other one on a diagonal (`RepSignal.leg`)."""
    if exercise.rep.leg == "opposite" and side in ("left", "right"):
        return other(side)
    return side


def longest_run(mask: npt.NDArray[np.bool_]) -> tuple[int, int]:
    """The longest run of True in ``mask`` as (first, last); (0, -1) if none."""
    edges = np.diff(np.concatenate([[0], mask.astype(np.int8), [0]]))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    if starts.size == 0:
        return 0, -1
    k = int(np.argmax(ends - starts))
    return int(starts[k]), int(ends[k] - 1)


def median_points(pts: Arr) -> Arr:
    """Per-coordinate median over frames of ``pts`` [N, 33, 3], as one frame [1, 33, 3].

    The body's lines taken on it are the lines held over those frames: frame-to-frame
    jitter cancels before an unsigned angle is taken, and a single jump has no weight.
    """
    if len(pts) == 0:
        return np.full((1, *pts.shape[1:]), np.nan)
    if np.isfinite(pts).all():
        return np.asarray(np.median(pts, axis=0)[None], dtype=np.float64)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # keypoints never seen: NaN
        return np.asarray(np.nanmedian(pts, axis=0)[None], dtype=np.float64)


class RepEvaluator:
    """Evaluates reps of one exercise on clean tracks with a known set-up baseline.

    Its raise and return are timed by a `TempoReader`, the rest around it found by a
    `RestReader`.

    ``rise``: an arm raise seen from in front or behind in image points (counted by the
    elbow's rise, `upright.motion.front_signal`); its hold, tempo, arm-leg lag and tuck
    are then timed on the limbs' heights in the picture (`upright.motion.picture_rise`),
    not on angles the picture folds.

    ``travel``: a bend of the elbow (a row); its moves are timed on the hand's travel
    (`hand_travel`), not on the elbow's angle, which folds noise at a straight arm, where
    a pull starts and a return ends. Its hold is read on the elbow's angle (bent at the
    top: noise does not fold it there) unless ``folded``: seen at an angle in image
    points, the picture folds the bend itself, and the hold too is read on the travel.
    """

    def __init__(
        self,
        exercise: Exercise,
        base: Baseline,
        fps: float,
        blind: frozenset[str] = frozenset(),
        rise: bool = False,
        travel: bool = False,
        folded: bool = False,
    ) -> None:
        self.ex = exercise
        self.blind = blind  # measures this view cannot judge (`SIDE_VIEW_MEASURES`)
        self.rise = rise
        self.travel = travel
        self.folded = folded
        self.base = base
        self.fps = fps
        self.dt = 1.0 / fps
        self.zone = exercise.rep.peak_zone
        self._half = odd_frames(POSTURE_S, fps) // 2
        self.tempo = TempoReader(exercise, fps, self.zone)
        self.rests = RestReader(base, fps, self.zone)

    def frame(self, name: str, pts: Arr, side: str, base: Baseline | None = None) -> Arr:
        """Frame measure ``name`` for the working side (the leg for leg measures)."""
        use = leg_side(self.ex, side) if name in _LEG_MEASURES else side
        b = self.base if base is None else base
        return FRAME_MEASURES[name](pts, use, b, b.planar)

    def _smooth(self, x: Arr, seconds: float) -> Arr:
        return rolling_median(x, odd_frames(seconds, self.fps))

    def timed(self, pts: Arr, side: str, span: tuple[int, int] | None = None) -> Arr:
        """The rep signal its moves and hold are timed on (in the picture with ``rise``).

        With ``travel``, the elbow's bend as the hand's travel stands for it
        (`hand_travel`), scaled on the frames ``span`` (first, last) when given.
        """
        if self.rise:
            return arm_raised(pts, side)
        bend = self.frame(self.ex.rep.signal, pts, side)
        if self.travel:
            return hand_travel(pts, side, bend, self.ex.rep.rest, self.ex.rep.peak, span)
        return bend

    def _leg(self, pts: Arr, side: str) -> Arr:
        """The working leg's rise: the knee's height with ``rise``, else the thigh's angle."""
        if self.rise:
            return leg_raised(pts, leg_side(self.ex, side))
        return self.frame("thigh_above_horizontal", pts, side)

    def _limbs(self, pts: Arr, side: str, v: Arr) -> list[Arr]:
        if self.ex.rep.limbs == "arm_and_leg":
            return [v, self._leg(pts, side)]
        if self.ex.rep.limbs == "both_arms":
            if self.rise:
                return [arm_raised(pts, s) for s in ("left", "right")]
            return [self.frame("arm_flexion", pts, s) for s in ("left", "right")]
        return [v]

    def peak_hold(self, pts: Arr, side: str, v: Arr, w: Window) -> tuple[int, int]:
        """Frames (first, last) where every working limb is within the zone of its peak.

        See `upright.motion.holds` (smoothed limbs, the held level as the peak, short
        dips bridged).
        """
        # a row's hold is read on the elbow's angle, bent at the top where noise does not
        # fold it, unless the view folds the bend itself: the hand's travel there sits on
        # the zone's edge for half a second at 2 px (a one-arm cable row at 45 deg held
        # 1.05 s at 60 fps and 0.70 s at 30 Hz, tests/pose/test_analysis_rate.py)
        if self.travel and not self.folded:
            v = self.frame(self.ex.rep.signal, pts, side)
        limbs = self._limbs(pts, side, v)
        return peak_hold_frames(limbs, w.leave, w.back, self.zone, self.fps)

    def tuck(self, pts: Arr, side: str, w: Window) -> tuple[int, int]:
        """Frames (first, last) of the longest tuck after the peak zone."""
        if side not in ("left", "right"):
            return 0, -1
        if self.rise:  # elbow and knee overlap in the picture: the forearm folded up
            folded = self._smooth(forearm_folded(pts, side, self.fps).astype(np.float64), HELD_S)
            mask = folded > 0.5
        else:
            raw = FRAME_MEASURES["tuck_distance"](pts, side, self.base, False)
            d = self._smooth(raw, HELD_S)
            # noisy landmarks swing a held tuck's distance across the catalog's: it
            # widens by the noise the smoothing took out after the reach
            after = slice(w.zone1 + 1, None)
            near = self.ex.rep.tuck_distance + STILL_NOISE_K * taken_noise(raw[after], d[after])
            mask = np.nan_to_num(d, nan=np.inf) <= near
        mask[: w.zone1 + 1] = False
        # the far-side elbow and wrist jitter most: a tuck survives dips of up to 0.5 s
        return longest_run(close_gaps(mask, odd_frames(0.5, self.fps)))

    def _reach_time(
        self, limb: Arr, t: Arr, w: Window, rest: npt.NDArray[np.intp], full: float
    ) -> tuple[float, float]:
        """(when, its standard error) ``limb`` reaches 80 % of its rise in the raise, s.

        From its rest (the median over the rest frames ``rest``) to the level it holds
        at the top (`held_level`), on the limb smoothed over `TIMING_S`, by `level_time` (a
        min-jerk fit to the whole rise), its error by `level_time_error`. (NaN, NaN) when
        the rise falls short of `LAG_SHARE` of the way from rest to ``full`` (deg).
        """
        nan = (float("nan"), float("nan"))
        sm = self._smooth(limb, TIMING_S)
        low = median_of(sm[rest])
        top = held_level(sm[w.leave : w.back + 1], self.zone)
        if not (np.isfinite(low) and np.isfinite(top)):
            return nan
        if top - low < LAG_SHARE * (full - low):
            return nan
        return (
            level_time(sm, t, w.zone1, low, top, LAG_SHARE),
            level_time_error(sm, t, w.zone1, low, top, LAG_SHARE),
        )

    def lag(
        self, pts: Arr, t: Arr, side: str, v: Arr, w: Window, rest: npt.NDArray[np.intp]
    ) -> tuple[float, float]:
        """(seconds between arm and leg reaching 80 % of their rise, its standard error).

        NaN when a limb stopped short of its extension (see `LEG_LEVEL_DEG`).
        """
        arm, arm_se = self._reach_time(v, t, w, rest, float(self.ex.rep.peak))
        leg_full = LEG_LEVEL_RAISED_DEG if self.rise else LEG_LEVEL_DEG
        leg, leg_se = self._reach_time(self._leg(pts, side), t, w, rest, leg_full)
        return abs(arm - leg), float(np.hypot(arm_se, leg_se))

    def evaluate(
        self,
        pts: Arr,
        t: Arr,
        seg: Segment,
        index: int,
        lost: npt.NDArray[np.bool_] | None = None,
    ) -> tuple[Rep, list[Hold], dict[str, float]]:
        """The `Rep` for ``seg``, its holds and its whole-rep measures.

        ``pts`` and ``t`` cover frames seg.lookback..seg.final, ``lost`` marks those
        where the person was not found (`preprocess.Tracks.lost`; None: all seen). The
        measures are keyed by event measure name, and by ``"rule:<id>"`` for the value
        every rule judged.
        """
        # the hand's travel is scaled on the rep as the count's signal sees it and its
        # rest either side (`STILL_S`): the frames around may hold other moves (the
        # other arm's turn, standing up)
        span = None
        if seg.signal is not None:
            w = find_window(seg.signal, seg, self.zone)
            still = round(STILL_S * self.fps)
            span = (w.leave - still, w.back + still)
        v = self.timed(pts, seg.side, span)
        sm = self._smooth(v, TIMING_S)
        w = find_window(v if seg.signal is None else seg.signal, seg, self.zone)
        tm = self.tempo.timing(sm, t, w, lost)
        up, start, down, end = tm.up, tm.start, tm.down, tm.end
        if np.isfinite(down):
            leave = min(int(np.searchsorted(t, start)), w.zone0)
            back = max(min(int(np.searchsorted(t, end)), w.last), w.zone1)
            w = replace(w, leave=leave, back=back)
        h0, h1 = self.peak_hold(pts, seg.side, v, w)
        k0, k1 = self.tuck(pts, seg.side, w) if self.ex.rep.tuck else (0, -1)
        hold_s = (h1 - h0 + 1) * self.dt if h1 >= h0 else 0.0
        tuck_s = (k1 - k0 + 1) * self.dt if k1 >= k0 else 0.0
        rest_idx = self.rests.rest_index(sm, w, pts)
        both = self.ex.rep.limbs == "arm_and_leg"
        lag, lag_se = self.lag(pts, t, seg.side, v, w, rest_idx) if both else (np.nan, np.nan)
        events = {
            "raise_duration": (up, w.zone0),
            "return_duration": (down, w.back),
            "peak_hold": (hold_s, max(h1, w.peak)),
            "tuck_hold": (tuck_s, max(k1, w.zone1)),
            "arm_leg_lag": (float(lag), w.zone0),
        }
        top = (h0, h1) if h1 - h0 + 1 >= 3 else (w.zone0, w.zone1)
        rest_base = self.rests.rest_baseline(pts, rest_idx)
        around = (rest_base, rest_idx)
        if any(self._held(r) for r in self.ex.rules):  # read once, used by every such rule
            around_held = self.rests.rest_around(pts, sm, w, around)
        faults = []
        values = {k: v[0] for k, v in events.items()}
        errors = {
            "raise_duration": tm.up_se,
            "return_duration": tm.down_se,
            "arm_leg_lag": float(lag_se),
        }
        for rule in self.ex.rules:
            if rule.measure in self.blind:  # not judged from this view: no verdict
                values[f"rule:{rule.id}"] = float("nan")
                continue
            if rule.measure in events:
                value, at = events[rule.measure]
            held = self._held(rule)
            rest = around_held if held else around
            if rule.measure not in events:
                value, at = self._reduce(rule, pts, seg.side, w, top, rest)
            se = errors.get(rule.measure, 0.0)
            if held and rule.is_fault(value):  # its error only matters past the threshold
                se = HELD_CONFIDENCE * self.held_se(rule, pts, seg.side, top, rest)
            values[f"rule:{rule.id}"] = float(value)
            if clear_fault(rule, value, se) and not self.bend_clears(rule, pts, t, seg, lost):
                faults.append(
                    Fault(
                        rule=rule.id,
                        value=round(float(value), 3),
                        threshold=rule.threshold,
                        units=rule.units,
                        at=round(float(t[at]), 3),
                        cue=rule.cue,
                        name=rule.name,
                        compare=rule.compare,
                        severity=rule.severity,
                        rep_index=index,
                    )
                )
        # to the millisecond, but never past the recording's first or last frame
        start_ms = _ms_within(start, float(t[0]), float(t[-1]))
        end_ms = _ms_within(max(end, float(t[w.zone1])), start_ms, float(t[-1]))
        phases = [
            Phase("raise", start_ms, float(t[w.zone0])),
            Phase("peak", float(t[w.zone0]), float(t[w.zone1])),
            Phase("return", float(t[w.zone1]), end_ms),
        ]
        holds = []
        if h1 >= h0:
            holds.append(
                Hold(
                    kind="peak",
                    side=seg.side,
                    start=float(t[h0]),
                    end=float(t[h1]) + self.dt,
                    rep_index=index,
                )
            )
        if k1 >= k0:
            phases.append(Phase("tuck", float(t[k0]), float(t[k1]) + self.dt))
            holds.append(
                Hold(
                    kind="tuck",
                    side=seg.side,
                    start=float(t[k0]),
                    end=float(t[k1]) + self.dt,
                    rep_index=index,
                )
            )
        rep = Rep(
            index=index,
            side=seg.side,
            start=start_ms,
            end=end_ms,
            phases=tuple(phases),
            hold_s=round(hold_s, 3),
            tuck_hold_s=round(tuck_s, 3),
            peak=round(float(seg.peak_value), 2),
            faults=tuple(sorted(faults, key=lambda f: f.at)),
        )
        return rep, holds, values

    def bend_clears(
        self,
        rule: Rule,
        pts: Arr,
        t: Arr,
        seg: Segment,
        lost: npt.NDArray[np.bool_] | None = None,
    ) -> bool:
        """True when the elbow's angle clearly times a row's pull as within ``rule``.

        A row's moves are timed on the hand's travel (`hand_travel`), whose noise stays
        noise either side of it, but noise of the far-side hand (its landmarks jitter
        most) can still hide the slow start of a pull: the rolling median holds the rest
        level through it, then steps up, and a 0.9-1.2 s pull read 0.18-0.45 s with a
        standard error of 0.02-0.06 s (bench/sim_accuracy.py's first grid: all 13 false
        "rushed", at 2 px). The elbow's angle is another clock on the same pull, from
        other landmarks (the elbow's own, not the hand's alone) and bent over most of
        it, where noise does not fold it. A pull is not called rushed while that clock
        reads it past the limit by more than its own `CONFIDENCE` standard errors: a
        false "rushed" on a clean rep costs the athlete more than a missed one (issue
        17). The angle folds noise at the straight arm a pull starts from and reads a
        rushed 0.3 s pull long, but then mostly with a wide error, which does not
        overrule: on the first grid 11 of the 13 false calls go, and 1 of 154 rushed
        pulls is lost (its angle read 0.59 +- 0.09 s). Only for `CHECKED_ON_BEND`, the
        raise: a return ends at that straight arm, where the angle read rushed 0.3 s
        returns at 0.5-1.7 s, and the travel's false "dropped" returns are few (1 on the
        first grid). False when the moves are not timed on the travel.
        """
        if not (self.travel and rule.measure in CHECKED_ON_BEND):
            return False
        bend = self.frame(self.ex.rep.signal, pts, seg.side)
        w = find_window(bend if seg.signal is None else seg.signal, seg, self.zone)
        tm = self.tempo.timing(self._smooth(bend, TIMING_S), t, w, lost)
        se = tm.up_se if np.isfinite(tm.up_se) else 0.0
        return bool(np.isfinite(tm.up) and not rule.is_fault(tm.up - CONFIDENCE * se))

    @staticmethod
    def _held(rule: Rule) -> bool:
        """A posture held at the top, judged against the rest around the rep."""
        return rule.baseline and rule.phase in _HELD and rule.measure not in _FROM_REST

    def held_se(
        self,
        rule: Rule,
        pts: Arr,
        side: str,
        top: tuple[int, int],
        rest: tuple[Baseline, npt.NDArray[np.intp]],
    ) -> float:
        """Standard error of a held posture against the rest before the rep (`held_error`)."""
        name = FRAME_OF.get(rule.measure, rule.measure)

        def read(p: Arr, b: Baseline) -> Arr:
            return self.frame(name, p, side, b)

        idx = None if rest[0] is self.base else rest[1]
        return held_error(read, pts, np.arange(top[0], top[1] + 1), idx, rest[0], self.fps)

    def window_of(self, phase: str, w: Window, top: tuple[int, int]) -> tuple[int, int]:
        """Frames (first, last) a rule of ``phase`` is judged on."""
        if phase == "raise":  # the pull, up to the end of its squeeze
            return w.leave, w.zone1
        if phase in ("peak", "hold", "top"):
            return top
        if phase == "return":
            return w.zone1, w.back
        if phase == "bottom":  # the return and the moment after it, not what follows
            return w.zone1, min(w.last, w.back + round(BOTTOM_S * self.fps))
        if phase == "tuck":
            return w.zone1, w.last
        return w.leave, w.back

    def _reduce(
        self,
        rule: Rule,
        pts: Arr,
        side: str,
        w: Window,
        top: tuple[int, int],
        rest: tuple[Baseline, npt.NDArray[np.intp]],
    ) -> tuple[float, int]:
        """A frame measure's value over its phase, and the frame it was read at.

        Postures at the top: taken on the median points over the hold (`median_points`).
        Changes of posture: see `_posture`. Others: the most extreme value held for
        `HELD_S` (largest for "above").
        """
        name = FRAME_OF.get(rule.measure, rule.measure)
        a, b = self.window_of(rule.phase, w, top)
        if rule.baseline or rule.measure in _POSTURE:
            value, at = self._posture(rule, name, pts, side, (a, b), rest)
            if name == "trunk_angle_change" and self.base.planar and side in ("left", "right"):
                tilt = self._tilt_out(pts, side, top, rest)
                if np.isfinite(tilt) and tilt > value:  # swung towards or away from the camera
                    return tilt, (top[0] + top[1]) // 2
            return value, at
        if rule.measure in _MEDIAN:  # held at the top: jitter cancels in the points first
            a, b = top
            if self.rise and rule.measure == "arm_asymmetry":
                return self._even_in_picture(pts, top), (a + b) // 2
            return float(self.frame(name, median_points(pts[a : b + 1]), side)[0]), (a + b) // 2
        largest = rule.measure in _LARGEST or rule.compare == "above"
        if rule.measure in _LARGEST:  # a posture at the bottom: on points over POSTURE_S
            half = self._half
            a0, b0 = max(0, a - half), min(len(pts), b + half + 1)
            avg = rolling_mean_points(pts[a0:b0], 2 * half + 1)
            held = self.frame(name, avg, side)[a - a0 : b - a0 + 1]
        else:  # baseline rules left above: the measure on its own
            held = self._smooth(self.frame(name, pts, side), HELD_S)[a : b + 1]
        if not np.isfinite(held).any():
            return float("nan"), a
        k = int(np.nanargmax(held) if largest else np.nanargmin(held))
        return float(held[k]), a + k

    def _tilt_out(
        self, pts: Arr, side: str, top: tuple[int, int], rest: tuple[Baseline, npt.NDArray[np.intp]]
    ) -> float:
        """The trunk's change from the rest, held over the top, out of the picture too, deg.

        With image points and one arm working. The picture shows the trunk's turn within
        it (``b``) and, as its line shrinks to ``r`` of the rest's, its tilt out of it: a
        trunk that lay in the picture (side on) and now makes angle ``a`` with it shows
        ``r = cos a``, and the change is ``arccos(r cos b)``. A push-up to row's trunk
        swinging 22 deg towards a camera side-on turned 2 deg in the picture (every such
        fault of bench/sim_accuracy.py's conditions grid from there was missed). Near
        ``r = 1`` arccos magnifies the line's noise (1.5 % shorter reads 10 deg), and the
        most extreme frame of a rep is mostly noise: so ``r`` is the line held over the
        top against the rest's (median points), taken up by its standard error from
        blocks of `BLOCK_S` of both (`held_error`'s), and only a shortening beyond the
        line's own noise reads as a tilt (a longer line reads none). Read as the largest
        shortening with one extreme frame, clean one-arm reps at 2 px fired on 3-19 %.
        With both arms working both shoulder blades slide along the trunk with the pull
        (the line of clean two-arm rows 1-3.5 % shorter at the top): not read there.
        """
        base, idx = rest
        size = max(3, round(BLOCK_S * self.fps))
        top_idx = np.arange(top[0], top[1] + 1)
        if len(top_idx) < 2 * size or len(idx) < 2 * size:
            return float("nan")
        lt = torso_length(block_medians(pts, top_idx, size))
        lr = torso_length(block_medians(pts, idx, size))
        held = median_points(pts[top[0] : top[1] + 1])
        ratio = float(torso_length(held)[0]) / base.torso
        se = ratio * float(
            np.sqrt(
                np.nanvar(lt, ddof=1) / len(lt) / np.nanmean(lt) ** 2
                + np.nanvar(lr, ddof=1) / len(lr) / np.nanmean(lr) ** 2
            )
        )
        angle = float(self.frame("spine_angle", held, side, base)[0])
        cos = min(1.0, ratio + se) * np.cos(np.radians(angle))
        return float(np.degrees(np.arccos(np.clip(cos, -1.0, 1.0))))

    def _even_in_picture(self, pts: Arr, top: tuple[int, int]) -> float:
        """Left against right arm's height in the picture, held over ``top``, degrees.

        The angle between arm and trunk in the picture folds as the arms swing towards
        or away from the camera, each by its own amount; the elbows' heights do not
        (`upright.motion.picture_rise`). Each arm's level is its median over the hold.
        """
        a, b = top
        left, right = (median_of(arm_raised(pts, s)[a : b + 1]) for s in ("left", "right"))
        return abs(left - right)

    def _posture(
        self,
        rule: Rule,
        name: str,
        pts: Arr,
        side: str,
        frames: tuple[int, int],
        rest: tuple[Baseline, npt.NDArray[np.intp]],
    ) -> tuple[float, int]:
        """A posture (or its change from the rest before the rep) over frames (a, b).

        Held phases (peak, hold, top): the posture held over the whole phase, on the
        per-coordinate median of its points (`median_points`). Moving phases: the extreme
        over the phase of the measure on points averaged over `POSTURE_S`. Either way the
        body's lines are averaged before an unsigned angle is taken of them, so landmark
        jitter cancels instead of adding up. Absolute postures read as a change
        (`_FROM_REST`) subtract their value on the median points of the rest frames.
        """
        a, b = frames
        base, idx = rest
        ref = base if rule.baseline else None
        offset = 0.0
        if rule.baseline and name in _FROM_REST:
            offset = float(self.frame(name, median_points(pts[idx]), side)[0])
        if rule.phase in ("peak", "hold", "top"):  # the posture held at the top
            value = float(self.frame(name, median_points(pts[a : b + 1]), side, ref)[0])
            return value - offset, (a + b) // 2
        a0, b0 = max(0, a - self._half), min(len(pts), b + self._half + 1)
        sm = rolling_mean_points(pts[a0:b0], 2 * self._half + 1)
        vals = (self.frame(name, sm, side, ref) - offset)[a - a0 : b - a0 + 1]
        if not np.isfinite(vals).any():
            return float("nan"), a
        largest = rule.compare == "above"
        k = int(np.nanargmax(vals) if largest else np.nanargmin(vals))
        return float(vals[k]), a + k


def hand_travel(
    pts: Arr, side: str, bend: Arr, rest: float, peak: float, span: tuple[int, int] | None = None
) -> Arr:
    """The elbow's bend that the hand's travel stands for, degrees [T].

    The elbow's angle is a poor clock for a move. A camera at an angle to the arm's plane
    folds it in the picture: a hanging arm reads straight until the elbow has moved well
    off its line (simulated one-arm rows from 15-35 deg off straight on timed 1 s pulls
    at 0.2-0.4 s and 2 s returns at 0.3-0.9 s). And from any view an angle folds noise
    at a nearly straight arm, where a row starts its pull and ends its return: the three
    points' jitter can only bend it, so the rest jumps by 10-20 deg from frame to frame
    and the ends of a move smear into it (at 2 px of noise a 0.3 s return read 0.5-1.7 s
    side-on and at 45 deg, bench/sim_accuracy.py). A point's position is not folded: the
    picture is a linear projection of the room, and world points are the room, so the
    hand's progress along its path (relative to its shoulder, both hands' mean for
    "both", along the main direction it travels, in depth too for world points) is the
    same share of the way as in the room, and its noise stays noise either side of it.
    That share, from its 5th to its 95th percentile, is mapped onto ``rest`` ..
    ``peak``, with the percentiles read over the frames ``span`` (first, last; all of
    ``pts`` without it): the rep's own travel, not the moves around it (an arm let go to
    change sides after a rep that stopped short of its stretch took the scale, and the
    rep read as not returning at all). The direction is read on all of ``pts``. Its
    sign is the one that rises with ``bend`` (the
    elbow's angle, folded but moving the same way). ``bend`` itself where the hand is
    not seen. The hand swings on an arc, so its progress is not linear in the joints'
    angles: a simulated move made at an even pace in the joints (minimum jerk in the
    elbow's and shoulder's angles) reads about a tenth shorter (1-2 s moves, side-on
    and at 45 deg), a 0.3 s one within 0.02 s.
    """
    hands = ("left", "right") if side == "both" else (side,)
    hand = np.mean([part(pts, f"{s}_wrist") - part(pts, f"{s}_shoulder") for s in hands], axis=0)
    ok = np.isfinite(hand).all(axis=1)
    inside = np.zeros(len(pts), dtype=bool)
    a, b = span if span is not None else (0, len(pts) - 1)
    inside[max(a, 0) : b + 1] = True
    if (ok & inside).sum() < 3:
        return bend
    centre = np.median(hand[ok], axis=0)
    direction = np.linalg.svd(hand[ok] - centre, full_matrices=False)[2][0]
    along = np.full(len(pts), np.nan)
    along[ok] = (hand[ok] - centre) @ direction
    both = ok & inside & np.isfinite(bend)
    if both.sum() >= 3 and np.corrcoef(along[both], bend[both])[0, 1] < 0:
        along = -along
    lo, hi = np.nanpercentile(along[inside], [5.0, 95.0])
    if not hi > lo:
        return bend
    return np.asarray(rest + (peak - rest) * (along - lo) / (hi - lo), dtype=np.float64)


def _ms_within(x: float, lo: float, hi: float) -> float:
    """``x`` rounded to the millisecond and kept within ``lo`` .. ``hi``."""
    return min(max(round(x, 3), lo), hi)
