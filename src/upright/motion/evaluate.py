"""Turn one segmented rep into a `Rep`: phases, hold times and every form rule's verdict.

Phases (docs/measures.md): the *peak zone* is the run of frames around the peak where
the rep signal stays within ``peak_zone`` of it; the *raise* runs from leaving rest (the
last frame within ``peak_zone`` of the low point before the peak) to the peak zone; the
*return* from the peak zone to back at rest; the *bottom* from the peak zone to the
rep's last frame (where a row's stretch and the bird dog's tuck happen).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from upright.catalog import Exercise, Rule
from upright.motion.body import Baseline, other
from upright.motion.measures import FRAME_MEASURES
from upright.motion.reps import Segment
from upright.motion.result import Fault, Hold, Phase, Rep

Arr = npt.NDArray[np.float64]

# Measures judged on the median over their window (a posture at the top), not the worst
# frame: robust to a single noisy frame.
_MEDIAN = {"thigh_above_horizontal", "arm_asymmetry", "arm_below_trunk_line", "elbow_behind_trunk"}
# "<measure>_peak" and the bottom measure: the largest value of the frame measure.
FRAME_OF = _LARGEST = {
    "arm_flexion_peak": "arm_flexion",
    "hip_extension_peak": "hip_extension",
    "elbow_angle_bottom": "elbow_angle",
}
_LEG_MEASURES = {"hip_extension", "thigh_above_horizontal"}
EVENT_MEASURES = ("raise_duration", "return_duration", "peak_hold", "tuck_hold", "arm_leg_lag")


@dataclass(frozen=True)
class Window:
    """Frame indices (relative to the rep's slice) of a rep's phases, inclusive."""

    leave: int
    zone0: int
    peak: int
    zone1: int
    back: int
    last: int


def leg_side(exercise: Exercise, side: str) -> str:
    """The working leg: the bird dog's opposite leg, otherwise the same side."""
    if exercise.group == "bird_dog" and side in ("left", "right"):
        return other(side)
    return side


# A smooth human reach follows a minimum-jerk profile: it covers the first 10 % of the
# way in 24.7 % of its time and spends 50.7 % of its time between 10 % and 90 %. Timing
# the 10-90 % band (well clear of the noise at rest and at the peak) and scaling by these
# gives the moment the movement really started or stopped.
_EDGE = 0.2466
_BAND = 0.5067


def _crossing(v: Arr, t: Arr, level: float, frm: int, step: int, up: bool) -> float:
    """Time ``v`` first crosses ``level`` walking from ``frm`` by ``step``, interpolated."""
    i = frm
    while 0 <= i + step < len(v):
        a, b = v[i], v[i + step]
        if (a < level <= b) if up else (a > level >= b):
            w = (level - a) / (b - a) if b != a else 0.0
            return float(t[i] + w * (t[i + step] - t[i]))
        i += step
    return float(t[i])


def move_times(v: Arr, t: Arr, w: Window) -> tuple[float, float]:
    """(start of the raise, end of the return) in seconds, from the 10-90 % band."""
    low = float(np.nanmin(v[: w.zone0 + 1]))
    top = float(v[w.peak])
    exc = top - low
    t10 = _crossing(v, t, low + 0.1 * exc, w.peak, -1, up=False)
    t90 = _crossing(v, t, low + 0.9 * exc, w.peak, -1, up=False)
    start = max(float(t[0]), t10 - _EDGE * (t90 - t10) / _BAND)
    low2 = float(np.nanmin(v[w.zone1 :]))
    exc2 = top - low2
    d90 = _crossing(v, t, low2 + 0.9 * exc2, w.peak, 1, up=False)
    d10 = _crossing(v, t, low2 + 0.1 * exc2, w.peak, 1, up=False)
    end = min(float(t[-1]), d10 + _EDGE * (d10 - d90) / _BAND)
    return start, min(max(end, float(t[w.zone1])), float(t[-1]))


def find_window(v: Arr, seg: Segment, zone: float) -> Window:
    """Phase boundaries of ``v`` (the rep signal over frames seg.lookback..seg.final)."""
    off = seg.lookback
    peak = seg.peak - off
    top = v[peak]
    z0 = peak
    while z0 > 0 and v[z0 - 1] >= top - zone:
        z0 -= 1
    z1 = peak
    while z1 + 1 < len(v) and v[z1 + 1] >= top - zone:
        z1 += 1
    low = float(np.nanmin(v[: z0 + 1]))
    leave = z0
    while leave > 0 and v[leave] > low + zone:
        leave -= 1
    low2 = float(np.nanmin(v[z1:]))
    back = z1
    while back + 1 < len(v) and v[back] > low2 + zone:
        back += 1
    return Window(leave, z0, peak, z1, back, len(v) - 1)


def run_around(mask: npt.NDArray[np.bool_], at: int) -> tuple[int, int]:
    """The run of True in ``mask`` containing ``at`` as (first, last); (at, at-1) if none."""
    if not mask[at]:
        return at, at - 1
    a, b = at, at
    while a > 0 and mask[a - 1]:
        a -= 1
    while b + 1 < len(mask) and mask[b + 1]:
        b += 1
    return a, b


def longest_run(mask: npt.NDArray[np.bool_]) -> tuple[int, int]:
    """The longest run of True in ``mask`` as (first, last); (0, -1) if none."""
    best, start = (0, -1), None
    for i, m in enumerate([*mask.tolist(), False]):
        if m and start is None:
            start = i
        elif not m and start is not None:
            if i - 1 - start > best[1] - best[0]:
                best = (start, i - 1)
            start = None
    return best


class RepEvaluator:
    """Evaluates reps of one exercise on clean tracks with a known baseline."""

    def __init__(self, exercise: Exercise, base: Baseline, fps: float) -> None:
        self.ex = exercise
        self.base = base
        self.dt = 1.0 / fps
        self.zone = exercise.rep.peak_zone

    def frame(self, name: str, pts: Arr, side: str) -> Arr:
        """Frame measure ``name`` for the working side (the leg for leg measures)."""
        use = leg_side(self.ex, side) if name in _LEG_MEASURES else side
        return FRAME_MEASURES[name](pts, use, self.base, self.base.planar)

    def _limbs(self, pts: Arr, side: str, v: Arr) -> list[Arr]:
        if self.ex.group == "bird_dog":
            return [v, self.frame("hip_extension", pts, side)]
        if self.ex.group == "y_raise":
            return [self.frame("arm_flexion", pts, s) for s in ("left", "right")]
        return [v]

    def peak_hold(self, pts: Arr, side: str, v: Arr, w: Window) -> tuple[int, int]:
        """Frames (first, last) where every working limb is within the zone of its peak."""
        mask = np.ones(len(v), dtype=bool)
        for limb in self._limbs(pts, side, v):
            seg = limb[w.leave : w.back + 1]
            if not np.isfinite(seg).any():
                continue
            # The 90th percentile, not the maximum: one noisy frame must not lift the peak.
            top = float(np.nanpercentile(seg, 90))
            mask &= np.nan_to_num(limb, nan=-np.inf) >= top - self.zone
        mask[: w.leave] = False
        mask[w.back + 1 :] = False
        return run_around(mask, w.peak)

    def tuck(self, pts: Arr, side: str, w: Window) -> tuple[int, int]:
        """Frames (first, last) of the longest tuck after the peak zone."""
        if side not in ("left", "right"):
            return 0, -1
        d = FRAME_MEASURES["tuck_distance"](pts, side, self.base, self.base.planar)
        mask = np.nan_to_num(d, nan=np.inf) <= self.ex.rep.tuck_distance
        mask[: w.zone1 + 1] = False
        return longest_run(mask)

    def lag(self, pts: Arr, side: str, v: Arr, w: Window) -> float:
        """Seconds between arm and leg reaching 80 % of their excursion in the raise."""
        times = []
        for limb in (v, self.frame("hip_extension", pts, side)):
            seg = limb[w.leave : w.zone1 + 1]
            if not np.isfinite(seg).any() or not np.isfinite(limb[w.leave]):
                return float("nan")
            level = limb[w.leave] + 0.8 * (float(np.nanmax(seg)) - limb[w.leave])
            times.append(int(np.argmax(np.nan_to_num(seg, nan=-np.inf) >= level)))
        return abs(times[0] - times[1]) * self.dt

    def evaluate(
        self, pts: Arr, t: Arr, seg: Segment, index: int
    ) -> tuple[Rep, list[Hold], dict[str, float]]:
        """The `Rep` for ``seg``, its holds and its whole-rep measures.

        ``pts`` and ``t`` cover frames seg.lookback..seg.final. The measures are keyed by
        event measure name, and by ``"rule:<id>"`` for the value every rule judged.
        """
        v = self.frame(self.ex.rep.signal, pts, seg.side)
        w = find_window(v, seg, self.zone)
        h0, h1 = self.peak_hold(pts, seg.side, v, w)
        k0, k1 = self.tuck(pts, seg.side, w) if self.ex.group == "bird_dog" else (0, -1)
        hold_s = (h1 - h0 + 1) * self.dt if h1 >= h0 else 0.0
        tuck_s = (k1 - k0 + 1) * self.dt if k1 >= k0 else 0.0
        start, end = move_times(v, t, w)
        events = {
            "raise_duration": (float(t[w.zone0]) - start, w.zone0),
            "return_duration": (end - float(t[w.zone1]), w.back),
            "peak_hold": (hold_s, max(h1, w.peak)),
            "tuck_hold": (tuck_s, max(k1, w.zone1)),
            "arm_leg_lag": (
                self.lag(pts, seg.side, v, w) if self.ex.group == "bird_dog" else float("nan"),
                w.zone0,
            ),
        }
        faults = []
        values = {k: v[0] for k, v in events.items()}
        for rule in self.ex.rules:
            if rule.measure in events:
                value, at = events[rule.measure]
            else:
                value, at = self._reduce(rule, pts, seg.side, w)
            values[f"rule:{rule.id}"] = float(value)
            if np.isfinite(value) and rule.is_fault(value):
                faults.append(
                    Fault(
                        rule.id,
                        round(float(value), 3),
                        rule.threshold,
                        rule.units,
                        round(float(t[at]), 3),
                        rule.cue,
                        rule.name,
                        rule.compare,
                        rule.severity,
                        index,
                    )
                )
        phases = [
            Phase("raise", round(start, 3), float(t[w.zone0])),
            Phase("peak", float(t[w.zone0]), float(t[w.zone1])),
            Phase("return", float(t[w.zone1]), round(end, 3)),
        ]
        holds = []
        if h1 >= h0:
            holds.append(Hold("peak", seg.side, float(t[h0]), float(t[h1]) + self.dt, index))
        if k1 >= k0:
            phases.append(Phase("tuck", float(t[k0]), float(t[k1]) + self.dt))
            holds.append(Hold("tuck", seg.side, float(t[k0]), float(t[k1]) + self.dt, index))
        rep = Rep(
            index,
            seg.side,
            round(start, 3),
            round(end, 3),
            tuple(phases),
            round(hold_s, 3),
            round(tuck_s, 3),
            round(float(seg.peak_value), 2),
            tuple(sorted(faults, key=lambda f: f.at)),
        )
        return rep, holds, values

    def window_of(self, phase: str, w: Window) -> tuple[int, int]:
        """Frames (first, last) a rule of ``phase`` is judged on."""
        if phase == "raise":
            return w.leave, w.zone0
        if phase in ("peak", "hold", "top"):
            return w.zone0, w.zone1
        if phase == "return":
            return w.zone1, w.back
        if phase in ("bottom", "tuck"):
            return w.zone1, w.last
        return w.leave, w.back

    def _reduce(self, rule: Rule, pts: Arr, side: str, w: Window) -> tuple[float, int]:
        name = _LARGEST.get(rule.measure, rule.measure)
        a, b = self.window_of(rule.phase, w)
        if rule.measure in ("arm_flexion_peak", "hip_extension_peak"):
            a, b = w.leave, w.back
        vals = self.frame(name, pts, side)[a : b + 1]
        if not np.isfinite(vals).any():
            return float("nan"), a
        if rule.measure in _MEDIAN:
            return float(np.nanmedian(vals)), (a + b) // 2
        largest = rule.measure in _LARGEST or rule.compare == "above"
        k = int(np.nanargmax(vals) if largest else np.nanargmin(vals))
        return float(vals[k]), a + k
