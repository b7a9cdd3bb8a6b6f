"""The generic counter: reps of any repeated movement, from the landmarks alone.

No exercise model and no training data: the movement is found in the recording itself.

1. Clean tracks on an even clock: frames are placed on a grid of the median frame step
   (so missing frames and an odd or wrong fps do not bend time), short gaps filled, a
   running median over about 0.1 s removes BlazePose's one- or two-frame left/right
   swaps and jumps, then a light Savitzky-Golay smoothing.
2. Features per frame, independent of camera distance and position: the main joints'
   image positions relative to the body centre of that frame, divided by the median
   torso length, and the elbow, shoulder, hip and knee angles in radians (so a squat, a
   push-up and an arm raise all show, whatever moves).
3. Principal components of those features: each of the first few, in both directions,
   is a candidate rep signal. On each, a rep is an excursion that rises and comes back
   by at least half of the usual rep's size (peak prominence, which is a hysteresis: the
   signal must leave the rep level and return before the next rep can start; jitter
   or a pause at the top never adds a rep). The usual size is the mode, in log scale, of
   the excursions weighted by their size, so rests, fidgets and partial reps (many, but
   small) and the odd large move between sets (big, but few) do not set it. A rep must
   also stand well above the signal's frame-to-frame noise and move at least
   `MIN_REP` (torso lengths or radians), so standing still counts nothing.
4. Each component is tried upwards, downwards, and as the distance from its median
   (for movements alternating sides, such as lunges, one side goes each way). The
   candidate whose counted reps carry the most energy (count x size squared), weighted
   by how periodic it is, wins: the rep movement outweighs walking about between sets
   and the many small wobbles of a noisy limb, and its right direction (away from the
   rest pose) gives n peaks where the other gives n - 1.

Partial reps (below `PARTIAL` of the usual size, above a quarter of it) are reported,
not counted. 1 to 3 reps need no periodicity: they are excursions like any other.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt
from scipy.ndimage import median_filter
from scipy.signal import find_peaks

from upright.catalog import KEYPOINT_INDEX
from upright.motion.body import mid, part, torso_length
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
# A counted rep moves at least this far (torso lengths or radians along a component).
MIN_REP = 0.5
# A rep must stand this many times above the noise of its signal (frame-to-frame).
MIN_SNR = 8.0
# An excursion smaller than this fraction of the usual rep is partial, not counted.
PARTIAL = 0.5
# Smaller than this fraction it is not even a partial rep (fidgeting, noise).
TRIVIAL = 0.25
# Principal components tried as the rep signal.
COMPONENTS = 6
# Shortest and longest periods looked for, seconds.
PERIOD_S = (0.3, 20.0)
MAX_GAP_S = 0.6


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
    """

    reps: tuple[Rep, ...]
    not_counted: tuple[NotCounted, ...]
    period_s: float
    range: float


@dataclass(frozen=True)
class _Count:
    peaks: npt.NDArray[np.intp]
    prom: Arr
    lo: npt.NDArray[np.intp]
    hi: npt.NDArray[np.intp]
    typical: float
    score: float


def features(pts: Arr) -> Arr:
    """[T, F] body-relative positions (torso lengths) and joint angles (radians)."""
    tl = torso_length(pts)
    torso = float(np.nanmedian(tl)) if np.isfinite(tl).any() else float("nan")
    if not np.isfinite(torso) or torso <= 0:
        height = np.nanmax(pts[..., 1], axis=1) - np.nanmin(pts[..., 1], axis=1)
        torso = float(np.nanmedian(height)) / 3 if np.isfinite(height).any() else 1.0
    centre = 0.5 * (mid(pts, "hip") + mid(pts, "shoulder"))
    idx = [KEYPOINT_INDEX[j] for j in JOINTS]
    pos = (pts[:, idx, :2] - centre[:, None, :2]) / max(torso, 1e-9)
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


def _even_clock(landmarks: Landmarks, min_visibility: float) -> tuple[Arr, Arr, float]:
    """Grid times [N], points [N, 33, 3] on them (NaN where no frame) and frames per second."""
    t = np.asarray(landmarks.t, dtype=np.float64)
    pts = raw_points(
        landmarks.image,
        landmarks.world,
        landmarks.visibility,
        landmarks.width,
        landmarks.height,
        "image",
        min_visibility,
    )
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


def _fill(x: Arr) -> Arr:
    ok = np.isfinite(x)
    if ok.all() or not ok.any():
        return x
    idx = np.arange(len(x))
    return np.asarray(np.interp(idx, idx[ok], x[ok]), dtype=np.float64)


def _components(f: Arr, valid: Mask) -> list[Arr]:
    """The first principal components of the features, as signals [N] (feature units)."""
    keep = np.isfinite(f[valid]).mean(axis=0) >= 0.7
    g = f[:, keep]
    if g.shape[1] == 0:
        return []
    g = np.stack([_fill(c) for c in g.T], axis=1)
    g = g - np.nanmean(g[valid], axis=0)
    cov = g[valid].T @ g[valid]
    w, v = np.linalg.eigh(cov)
    order = np.argsort(w)[::-1][:COMPONENTS]
    out = []
    for k in order:
        x = _fill(np.where(valid, g @ v[:, k], np.nan))  # straight across gaps: no peak
        # Fix the sign, so the result does not depend on the solver's choice.
        out.append(x if v[np.argmax(np.abs(v[:, k])), k] > 0 else -x)
    return out


def _noise(x: Arr, valid: Mask) -> float:
    """Frame-to-frame noise of ``x`` (standard deviation, from second differences)."""
    d2 = np.diff(np.where(valid, x, np.nan), 2)
    d2 = d2[np.isfinite(d2)]
    return float(1.4826 * np.median(np.abs(d2)) / np.sqrt(6.0)) if d2.size else 0.0


def _typical(prom: Arr) -> float:
    """The usual rep size: the energy-weighted mode of the excursions, in log scale."""
    if prom.size == 1:
        return float(prom[0])
    logs = np.log(prom)
    grid = np.linspace(logs.min(), logs.max(), 64)
    dens = (prom[None, :] ** 2 * np.exp(-0.5 * ((grid[:, None] - logs[None, :]) / 0.2) ** 2)).sum(1)
    mode = grid[int(np.argmax(dens))]
    near = prom[np.abs(logs - mode) <= 0.4]
    return float(np.median(near)) if near.size else float(np.exp(mode))


def _excursions(x: Arr, valid: Mask, gate: float) -> _Count:
    """Every excursion of ``x`` above ``gate`` prominence, with its trough-to-trough span."""
    peaks, prom, lo, hi = [], [], [], []
    for a, b in [(0, len(x))]:
        seg = x[a:b]
        if len(seg) < 3:
            continue
        p, props = find_peaks(seg, prominence=gate)
        if p.size == 0:
            continue
        bounds = np.r_[0, p, len(seg) - 1]
        for k, pk in enumerate(p):
            lo.append(a + bounds[k] + int(np.argmin(seg[bounds[k] : pk + 1])))
            hi.append(a + pk + int(np.argmin(seg[pk : bounds[k + 2] + 1])))
        peaks.append(a + p)
        prom.append(props["prominences"])
    if not peaks:
        empty = np.zeros(0, dtype=np.intp)
        return _Count(empty, np.zeros(0), empty, empty, 0.0, 0.0)
    pk_arr = np.concatenate(peaks)
    pr = np.concatenate(prom)
    typ = _typical(pr)
    counted = pr >= PARTIAL * typ
    # The energy of the reps: many small wobbles of a noisy limb do not outweigh them.
    score = float(counted.sum() * typ**2) if typ >= MIN_REP else 0.0
    return _Count(pk_arr, pr, np.asarray(lo), np.asarray(hi), typ, score)


def _periodicity(x: Arr, valid: Mask, rate: float) -> tuple[float, float]:
    """(period in frames, autocorrelation there) of ``x``; (NaN, 0) when nothing repeats."""
    v = np.where(valid, x - np.mean(x[valid]), 0.0)
    n = len(v)
    lo, hi = max(2, int(PERIOD_S[0] * rate)), min(n // 2, int(PERIOD_S[1] * rate))
    if hi <= lo + 1:
        return float("nan"), 0.0
    f = np.fft.rfft(v, 2 * n)
    ac = np.fft.irfft(f * np.conj(f))[: hi + 1]
    if ac[0] <= 0:
        return float("nan"), 0.0
    ac = ac / ac[0]
    pk, _ = find_peaks(ac)
    pk = pk[(pk >= lo) & (ac[pk] > 0.1)]
    if pk.size == 0:
        return float("nan"), 0.0
    best = float(ac[pk].max())
    first = int(pk[ac[pk] >= 0.8 * best][0])  # multiples of the period are nearly as high
    return float(first), best


def _signal(f: Arr, valid: Mask, rate: float) -> tuple[Arr, _Count]:
    """The candidate signal (component and direction) whose reps carry the most movement."""
    best: tuple[Arr, _Count] | None = None
    for comp in _components(f, valid):
        gate = max(MIN_SNR * _noise(comp, valid), TRIVIAL * MIN_REP)
        # Either direction, or both ways from the resting level (alternating sides).
        for x in (comp, -comp, np.abs(comp - np.median(comp[valid]))):
            c = _excursions(x, valid, gate)
            # Noise makes many small peaks but does not repeat (autocorrelation near 0);
            # any clear repetition (0.4 and up) counts in full.
            weight = min(1.0, 0.2 + 2.0 * _periodicity(x, valid, rate)[1])
            c = replace(c, score=c.score * weight)
            if best is None or c.score > best[1].score:
                best = (x, c)
    if best is None:
        empty = np.zeros(0, dtype=np.intp)
        return np.zeros(len(f)), _Count(empty, np.zeros(0), empty, empty, 0.0, 0.0)
    return best


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
        Counted reps (trough to trough, seconds), partial reps not counted, the period
        and the usual rep size.
    """
    if len(landmarks) < 3:
        return GenericResult((), (), float("nan"), 0.0)
    t, pts, rate = _even_clock(landmarks, min_visibility)
    pts = fill_gaps(pts, t, MAX_GAP_S)
    pts = smooth(_despike(pts, rate), window_frames(0.1, rate, 5))
    f = features(pts)
    valid = np.isfinite(f).mean(axis=1) >= 0.5
    if valid.sum() < max(5, 0.3 * rate):
        return GenericResult((), (), float("nan"), 0.0)
    x, c = _signal(f, valid, rate)
    if c.typical < MIN_REP or c.peaks.size == 0:
        return GenericResult((), (), float("nan"), float(c.typical))
    return _reps(x, valid, t, rate, c)


def _reps(x: Arr, valid: Mask, t: Arr, rate: float, c: _Count) -> GenericResult:
    counted = c.prom >= PARTIAL * c.typical
    keep = counted
    reps: list[Rep] = []
    partial: list[NotCounted] = []
    for k in range(c.peaks.size):
        start, end = float(t[c.lo[k]]), float(t[c.hi[k]])
        if keep[k]:
            reps.append(Rep(len(reps) + 1, "both", start, end, peak=round(float(x[c.peaks[k]]), 3)))
        elif not counted[k] and c.prom[k] >= TRIVIAL * c.typical:
            share = 100 * c.prom[k] / c.typical
            partial.append(
                NotCounted(start, end, f"partial: {share:.0f} % of the usual range of the movement")
            )
    gaps = np.diff([r.end for r in reps])
    period = float(np.median(gaps[gaps < 3 * np.median(gaps)])) if gaps.size else float("nan")
    return GenericResult(tuple(reps), tuple(partial), period, float(c.typical))


def _runs(mask: Mask) -> list[tuple[int, int]]:
    """[start, stop) of every run of True."""
    d = np.diff(np.r_[0, mask.astype(np.int8), 0])
    return list(zip(np.flatnonzero(d == 1).tolist(), np.flatnonzero(d == -1).tolist(), strict=True))
