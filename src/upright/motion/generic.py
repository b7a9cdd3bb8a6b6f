"""The generic counter: reps of any repeated movement, from the landmarks alone.

No exercise model and no training data: the movement is found in the recording itself.

1. Features per frame, independent of camera distance and position: the main joints'
   image positions relative to the recording's median hip centre, divided by the median
   torso length, and the elbow, shoulder, hip and knee angles in radians (so a squat, a
   push-up and an arm raise all show, whatever moves).
2. Principal components of those features; of the first three, keep the one that repeats
   best (highest autocorrelation peak), so a drift (walking back to the spot between
   sets) that carries much variance but does not repeat is passed over.
3. Its period from the autocorrelation sets the smoothing and the least distance between
   two reps; peaks need a prominence relative to the signal's own range, so neither fps
   nor the size of the movement matter. A movement goes from rest and back: the polarity
   is chosen so that peaks point away from the rest level (the start and end of the
   recording), so n reps give n peaks, not n - 1.
4. A peak much smaller than the typical rep is a partial rep: reported, not counted.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy.signal import find_peaks, savgol_filter

from upright.catalog import KEYPOINT_INDEX
from upright.motion.body import mid, part, torso_length
from upright.motion.geometry import joint_angle
from upright.motion.landmarks import Landmarks
from upright.motion.preprocess import fill_gaps, raw_points, smooth, window_frames
from upright.motion.result import NotCounted, Rep

Arr = npt.NDArray[np.float64]

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
# Below this range (torso lengths or radians) nothing moved enough to be a rep.
MIN_RANGE = 0.15
# A peak must stand out by this fraction of the signal's range (5th-95th percentile).
MIN_PROMINENCE = 0.3
# A rep smaller than this fraction of the median rep is partial.
PARTIAL = 0.5
# Shortest and longest rep periods looked for, seconds.
PERIOD_S = (0.35, 15.0)
MAX_GAP_S = 0.5


@dataclass(frozen=True)
class GenericResult:
    """Reps found by the generic counter, and what it measured on the way."""

    reps: tuple[Rep, ...]
    not_counted: tuple[NotCounted, ...]
    period_s: float
    range: float


def features(pts: Arr) -> Arr:
    """[T, F] body-relative positions (torso lengths) and joint angles (radians)."""
    torso = (
        float(np.nanmedian(torso_length(pts)))
        if np.isfinite(torso_length(pts)).any()
        else float("nan")
    )
    if not np.isfinite(torso) or torso <= 0:
        width = np.nanmax(pts[..., 1], axis=1) - np.nanmin(pts[..., 1], axis=1)
        torso = float(np.nanmedian(width)) / 3 if np.isfinite(width).any() else 1.0
    centre = np.nanmedian(mid(pts, "hip"), axis=0)
    if not np.isfinite(centre).all():
        centre = np.nanmedian(pts.reshape(-1, 3), axis=0)
    idx = [KEYPOINT_INDEX[j] for j in JOINTS]
    pos = (pts[:, idx, :2] - centre[:2]) / torso
    cols = [pos.reshape(len(pts), -1)]
    angles = []
    for s in ("left", "right"):
        p = {
            j: part(pts, f"{s}_{j}") for j in ("shoulder", "elbow", "wrist", "hip", "knee", "ankle")
        }
        angles += [
            joint_angle(p["shoulder"], p["elbow"], p["wrist"]),
            joint_angle(p["elbow"], p["shoulder"], p["hip"]),
            joint_angle(p["shoulder"], p["hip"], p["knee"]),
            joint_angle(p["hip"], p["knee"], p["ankle"]),
        ]
    cols.append(np.radians(np.stack(angles, axis=1)))
    return np.concatenate(cols, axis=1)


def _autocorr(x: Arr) -> Arr:
    x = x - x.mean()
    n = len(x)
    f = np.fft.rfft(x, 2 * n)
    ac = np.fft.irfft(f * np.conj(f))[:n]
    return np.asarray(ac / ac[0], dtype=np.float64) if ac[0] > 0 else np.zeros(n)


def period_frames(x: Arr, fps: float) -> tuple[float, float]:
    """(period in frames, autocorrelation at that lag); (nan, 0) when nothing repeats."""
    lo, hi = max(2, int(PERIOD_S[0] * fps)), min(len(x) // 2, int(PERIOD_S[1] * fps))
    if hi <= lo + 1:
        return float("nan"), 0.0
    ac = _autocorr(x)
    peaks, _ = find_peaks(ac[: hi + 1])
    peaks = peaks[peaks >= lo]
    if peaks.size == 0:
        return float("nan"), 0.0
    best = peaks[np.argmax(ac[peaks])]
    if ac[best] <= 0.1:  # nothing repeats
        return float("nan"), 0.0
    # Prefer the first strong peak: multiples of the period are nearly as high.
    strong = peaks[ac[peaks] >= 0.8 * ac[best]]
    k = int(strong[0])
    return float(k), float(ac[k])


def _fill(x: Arr) -> Arr:
    ok = np.isfinite(x)
    if ok.all() or not ok.any():
        return x
    idx = np.arange(len(x))
    return np.asarray(np.interp(idx, idx[ok], x[ok]), dtype=np.float64)


def _signal(f: Arr, valid: npt.NDArray[np.bool_], fps: float) -> tuple[Arr, float]:
    """The most repetitive of the first principal components, and its period (frames)."""
    keep = np.isfinite(f[valid]).mean(axis=0) >= 0.7
    g = f[:, keep]
    g = np.stack([_fill(c) for c in g.T], axis=1) if g.size else g
    g = g - np.nanmean(g[valid], axis=0)
    g[~valid] = 0.0
    _, sv, vt = np.linalg.svd(g[valid], full_matrices=False)
    best = (-1.0, g[:, 0] * 0.0, float("nan"))
    for k in range(min(3, len(sv))):
        if sv[k] < 0.35 * sv[0]:
            break
        x = g @ vt[k]
        per, score = period_frames(x[valid], fps)
        score = score * (sv[k] / sv[0]) ** 0.5
        if score > best[0]:
            best = (score, x, per)
    return best[1], best[2]


def count_generic(landmarks: Landmarks, min_visibility: float = 0.3) -> GenericResult:
    """Count the repetitions of whatever movement repeats in ``landmarks``."""
    t = landmarks.t
    pts = raw_points(
        landmarks.image,
        landmarks.world,
        landmarks.visibility,
        landmarks.width,
        landmarks.height,
        "image",
        min_visibility,
    )
    pts = smooth(fill_gaps(pts, t, MAX_GAP_S), window_frames(0.1, landmarks.fps, 5))
    f = features(pts)
    valid = np.isfinite(f).mean(axis=1) >= 0.5
    if valid.sum() < max(5, 0.3 * landmarks.fps):
        return GenericResult((), (), float("nan"), 0.0)
    x, per = _signal(f, valid, landmarks.fps)
    return _count(x, valid, t, per, landmarks.fps)


def _orient(x: Arr, valid: npt.NDArray[np.bool_]) -> Arr:
    """Flip ``x`` so that reps are peaks away from the rest level."""
    v = x[valid]
    edge = max(1, len(v) // 10)
    rest = float(np.median(np.concatenate([v[:edge], v[-edge:]])))
    lo, hi = np.percentile(v, [5, 95])
    return x if hi - rest >= rest - lo else -x


def _count(x: Arr, valid: npt.NDArray[np.bool_], t: Arr, per: float, fps: float) -> GenericResult:
    lo, hi = np.percentile(x[valid], [5, 95])
    rng = float(hi - lo)
    if rng < MIN_RANGE:
        return GenericResult((), (), per / fps, rng)
    x = _orient(x, valid)
    win = window_frames(0.15 * per / fps if np.isfinite(per) else 0.15, fps, 5)
    if win < len(x):
        x = savgol_filter(x, win, 2)
    x = np.where(valid, x, np.nan)
    dist = max(1, int(0.25 * per)) if np.isfinite(per) else max(1, int(PERIOD_S[0] * fps))
    reps: list[Rep] = []
    partial: list[NotCounted] = []
    for a, b in _runs(valid):
        seg = x[a:b]
        peaks, props = find_peaks(seg, distance=dist, prominence=MIN_PROMINENCE * rng)
        if peaks.size == 0:
            continue
        prom = props["prominences"]
        typical = float(np.median(prom[prom >= np.percentile(prom, 50)]))
        bounds = np.r_[0, peaks, len(seg) - 1]
        for k, (p, pr) in enumerate(zip(peaks, prom, strict=True)):
            lo_i = bounds[k] + int(np.nanargmin(seg[bounds[k] : p + 1]))
            hi_i = p + int(np.nanargmin(seg[p : bounds[k + 2] + 1]))
            start, end = float(t[a + lo_i]), float(t[a + hi_i])
            if pr < PARTIAL * typical:
                partial.append(
                    NotCounted(
                        start,
                        end,
                        f"partial: {100 * pr / typical:.0f} % of the usual range of this movement",
                    )
                )
                continue
            reps.append(Rep(len(reps) + 1, "both", start, end, peak=round(float(seg[p]), 3)))
    return GenericResult(tuple(reps), tuple(partial), per / fps, rng)


def _runs(mask: npt.NDArray[np.bool_]) -> list[tuple[int, int]]:
    """[start, stop) of every run of True."""
    d = np.diff(np.r_[0, mask.astype(np.int8), 0])
    return list(zip(np.flatnonzero(d == 1).tolist(), np.flatnonzero(d == -1).tolist(), strict=True))
