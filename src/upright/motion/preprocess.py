"""From raw landmarks to clean tracks.

Choose a space, drop unreliable points, fill short gaps, smooth.

Every step is local in time (a frame's result depends only on frames within
``max_gap + smoothing window`` of it), so the live analyser can run the very same code on
a sliding window and get the same numbers as the whole-file analysis.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import numpy as np
import numpy.typing as npt
from scipy.ndimage import correlate1d
from scipy.signal import savgol_coeffs as _savgol_coeffs

from upright.catalog import RepSignal
from upright.motion.depth import depth_trusted
from upright.motion.landmarks import Landmarks

Arr = npt.NDArray[np.float64]
Space = Literal["world", "image"]

# A point further outside the frame than this fraction of its size is out of frame.
_FRAME_MARGIN = 0.05


@lru_cache(maxsize=64)
def savgol_coeffs(window: int, order: int) -> Arr:
    """Savitzky-Golay coefficients, read-only and cached (live asks for them every frame)."""
    coeffs = np.asarray(_savgol_coeffs(window, order), dtype=np.float64)
    coeffs.flags.writeable = False
    return coeffs


@dataclass(frozen=True)
class Tracks:
    """Clean keypoint tracks.

    Attributes
    ----------
    t
        [T] seconds.
    pts
        [T, 33, 3] float64; metres (world) or pixels with z = 0 (image, a 2-D measure);
        NaN where a point is missing after gap filling.
    space
        "world" (3-D, BlazePose world axes) or "image" (2-D pixels, y down).
    lost
        [T] True on frames where no point at all was seen (the person not found), their
        points filled in across the gap (`fill_gaps`); None when not known.
    """

    t: Arr
    pts: Arr
    space: Space
    lost: npt.NDArray[np.bool_] | None = None


def window_frames(seconds: float, fps: float, minimum: int) -> int:
    """An odd number of frames covering ``seconds`` at ``fps``, at least ``minimum``."""
    n = max(minimum, round(seconds * fps))
    return n if n % 2 == 1 else n + 1


def raw_points(
    image: npt.NDArray[np.floating],
    world: npt.NDArray[np.floating],
    visibility: npt.NDArray[np.floating],
    width: int,
    height: int,
    space: Space,
    min_visibility: float,
) -> Arr:
    """Points of ``space`` with unreliable ones (low visibility, out of frame) set to NaN."""
    img = np.asarray(image, dtype=np.float64)
    if space == "world":
        pts = np.array(world, dtype=np.float64)
    else:
        pts = img.copy()
        pts[..., 2] = 0.0
    x, y = img[..., 0], img[..., 1]
    with np.errstate(invalid="ignore"):
        inside = (
            (x > -_FRAME_MARGIN * width)
            & (x < (1 + _FRAME_MARGIN) * width)
            & (y > -_FRAME_MARGIN * height)
            & (y < (1 + _FRAME_MARGIN) * height)
        )
        ok = inside & (np.asarray(visibility) >= min_visibility) & np.isfinite(pts).all(axis=-1)
    pts[~ok] = np.nan
    return pts


def fill_gaps(pts: Arr, t: Arr, max_gap_s: float) -> Arr:
    """Linearly interpolate each keypoint across gaps of at most ``max_gap_s`` seconds.

    The gap length is the time between the last frame before it and the first after it,
    so a single dropped frame at 30 fps is a 0.067 s gap. Gaps at either end and longer
    gaps stay NaN.
    """
    out = pts.copy()
    n = pts.shape[0]
    if n < 3:
        return out
    # For every frame and keypoint, the last valid frame at or before it and the first
    # at or after it (all keypoints at once: live cleans a short window every frame).
    ok = np.isfinite(pts).all(axis=-1)  # [T, K]
    frame = np.arange(n)[:, None]
    before = np.maximum.accumulate(np.where(ok, frame, -1), axis=0)
    after = np.minimum.accumulate(np.where(ok, frame, n)[::-1], axis=0)[::-1]
    missing, k = np.nonzero(~ok & (before >= 0) & (after < n))
    left, right = before[missing, k], after[missing, k]
    short = (t[right] - t[left]) <= max_gap_s + 1e-9
    missing, k, left, right = missing[short], k[short], left[short], right[short]
    if missing.size == 0:
        return out
    w = ((t[missing] - t[left]) / (t[right] - t[left]))[:, None]
    out[missing, k, :] = (1 - w) * pts[left, k, :] + w * pts[right, k, :]
    return out


def smooth(pts: Arr, window: int) -> Arr:
    """Savitzky-Golay smoothing along time, frames near a gap or an end left as they are.

    Why Savitzky-Golay: a local quadratic fit cuts landmark jitter while keeping the
    height and timing of a rep's peak (a moving average flattens the peak, which would
    bias peak angles and hold times), and, being a fixed centred window, the live path
    reproduces it exactly with a lag of half a window. A one-euro filter adapts to speed
    and lags, so its output depends on history and live and file results would differ.
    """
    if window < 5 or pts.shape[0] < window:
        return pts
    coeffs = savgol_coeffs(window, 2)
    flat = pts.reshape(pts.shape[0], -1)
    finite = np.isfinite(flat)
    filled = np.where(finite, flat, 0.0)
    sm = correlate1d(filled, coeffs[::-1], axis=0, mode="constant", cval=0.0)
    whole = correlate1d(finite.astype(np.float64), np.ones(window), axis=0, mode="constant")
    full = whole >= window - 0.5
    return np.asarray(np.where(full, sm, flat).reshape(pts.shape), dtype=np.float64)


def margin_frames(rep: RepSignal, fps: float) -> int:
    """Frames either side that can change a frame's cleaned value (gap fill + smoothing)."""
    return int(np.ceil(rep.max_gap_s * fps)) + window_frames(rep.smooth_s, fps, 5) // 2 + 2


def clean(
    image: npt.NDArray[np.floating],
    world: npt.NDArray[np.floating],
    visibility: npt.NDArray[np.floating],
    t: Arr,
    width: int,
    height: int,
    fps: float,
    space: Space,
    rep: RepSignal,
) -> Arr:
    """Raw arrays to clean [T, 33, 3] points (see `raw_points`, `fill_gaps`, `smooth`)."""
    pts = raw_points(image, world, visibility, width, height, space, rep.min_visibility)
    pts = fill_gaps(pts, t, rep.max_gap_s)
    return smooth(pts, window_frames(rep.smooth_s, fps, 5))


def tracks(landmarks: Landmarks, rep: RepSignal, space: Space | None = None) -> Tracks:
    """Clean tracks of a whole landmark recording, in ``space`` or the one it is read in.

    Without ``space``: world landmarks when the file has them with depth to trust, else
    the image plane. World depth that `upright.motion.depth` finds squeezed (bones short
    of the depth they need, or growing and shrinking over the set) is set aside: the
    picture is read instead, and what it cannot show is not judged.
    """
    t = np.asarray(landmarks.t, dtype=np.float64)
    if space is not None:
        return Tracks(t, _clean(landmarks, rep, space), space, _lost(landmarks, rep, space))
    image = _clean(landmarks, rep, "image")
    if landmarks.has_world:
        world = _clean(landmarks, rep, "world")
        if depth_trusted(world, image, landmarks.fps):
            return Tracks(t, world, "world", _lost(landmarks, rep, "world"))
    return Tracks(t, image, "image", _lost(landmarks, rep, "image"))


def _lost(landmarks: Landmarks, rep: RepSignal, space: Space) -> npt.NDArray[np.bool_]:
    """[T] True on frames where not one point of ``space`` was seen (see `Tracks`)."""
    raw = raw_points(
        landmarks.image,
        landmarks.world,
        landmarks.visibility,
        landmarks.width,
        landmarks.height,
        space,
        rep.min_visibility,
    )
    return lost_frames(raw)


def lost_frames(raw: Arr) -> npt.NDArray[np.bool_]:
    """[T] True where not one of the `raw_points` [T, 33, 3] was seen."""
    return np.asarray(~np.isfinite(raw).any(axis=(1, 2)), dtype=np.bool_)


def _clean(landmarks: Landmarks, rep: RepSignal, space: Space) -> Arr:
    return clean(
        landmarks.image,
        landmarks.world,
        landmarks.visibility,
        np.asarray(landmarks.t, dtype=np.float64),
        landmarks.width,
        landmarks.height,
        landmarks.fps,
        space,
        rep,
    )


# The rep signal the state machines follow is smoothed again over this long. World
# landmarks are noisy (a far-side elbow easily moves 10 degrees from frame to frame, with
# the noise correlated over a few frames); a 0.6 s local quadratic fit takes most of it
# out while keeping every rep (a rep's raise and return last a second or more, and even
# a rushed 0.3 s raise is followed by its hold or return, which the fit keeps).
SIGNAL_SMOOTH_S = 0.6


# A set whose landmarks jitter more is smoothed over longer: from the noise the set-up
# measures (`setup.SetupDetector.noise`) at this share of the rep's range up, over
# `SIGNAL_SMOOTH_MAX_S`. Sets filmed well stay under it (bench/sim_accuracy.py's phone
# grid, 90th percentile 0.03-0.05, highest 0.07 at 24 and 60 fps); a person far from a
# phone with 3 px of noise reads 0.08-0.26, where the 0.6 s window left holds split in
# two and a resting arm's jitter read as movements (far + 3 px counted exactly on 60 %
# of sets at 0.6 s, 82 % now). The longer window keeps every rep: a raise, hold and
# return last 2 s or more. It is one step, not a window growing with the noise: a
# window a little longer than the usual flattens a row's brief top without yet keeping
# a resting arm's jitter down (2 px rows of the first grid at 0.1 of the range read a
# pull just short of the count level; bird dogs at 0.17 lost a rep at 1.0 s, none at 1.4).
PLAIN_NOISE_SHARE = 0.1
SIGNAL_SMOOTH_MAX_S = 1.4


def signal_half_window(fps: float, noise_share: float = 0.0) -> int:
    """Frames either side of a frame that its smoothed rep signal depends on.

    ``noise_share`` is the set's noise as a share of the rep's range: under
    `PLAIN_NOISE_SHARE`, `SIGNAL_SMOOTH_S`; from it up, `SIGNAL_SMOOTH_MAX_S`.
    """
    seconds = SIGNAL_SMOOTH_S if noise_share < PLAIN_NOISE_SHARE else SIGNAL_SMOOTH_MAX_S
    return window_frames(seconds, fps, 5) // 2


def smooth_signal(raw: Arr, a: int, b: int, half: int) -> Arr:
    """Smoothed values of frames ``a``..``b - 1`` of ``raw`` [N, S] (S signals).

    A Savitzky-Golay fit (quadratic, ``2 * half + 1`` frames) where the whole window is
    known; near a gap or either end of ``raw``, the mean of the known values in the
    window. Frames whose own value is missing stay NaN. A frame's result depends on
    ``raw[k - half : k + half + 1]`` only, so feeding the frames in chunks gives the
    same values as feeding them at once.
    """
    n, width = raw.shape[0], 2 * half + 1
    out = np.full((b - a, raw.shape[1]), np.nan)
    if b <= a:
        return out
    lo, hi = max(a - half, 0), min(b + half, n)
    if b - a == 1 and lo == a - half and hi == b + half and np.isfinite(raw[lo:hi]).all():
        # one frame with its whole window known (live, frame by frame): the fit alone,
        # the same product as below (tests/motion/test_engine_fast.py checks the bits)
        return np.asarray(savgol_coeffs(width, 2) @ raw[lo:hi], dtype=np.float64)[None]
    pad = np.full((b - a + 2 * half, raw.shape[1]), np.nan)
    pad[lo - (a - half) : hi - (a - half)] = raw[lo:hi]
    win = np.lib.stride_tricks.sliding_window_view(pad, width, axis=0)  # [B, S, W]
    finite = np.isfinite(win)
    full = finite.all(axis=-1)
    filled = np.where(finite, win, 0.0)
    fit = filled @ savgol_coeffs(width, 2)
    count = finite.sum(axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = filled.sum(axis=-1) / count
    out = np.where(full, fit, mean)
    out[~np.isfinite(raw[a:b])] = np.nan
    return np.asarray(out, dtype=np.float64)
