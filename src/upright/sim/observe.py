"""What a pose model would report: noise, jitter, visibility, dropouts, people leaving.

All of it is drawn from the set's random generator, so the same seed gives the same
observation. Clean arrays go in; nothing here changes the ground truth.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from upright.catalog.keypoints import KEYPOINT_NAMES
from upright.sim.geometry import Arr, Mask

_LEFT = np.array([n.startswith("left_") for n in KEYPOINT_NAMES])
_RIGHT = np.array([n.startswith("right_") for n in KEYPOINT_NAMES])


# Kinds of points a landmark file can hold: "world" (BlazePose's image and world points,
# world depth as good as its width), "image" (image points only, world and image depth
# NaN, as 2-D tools such as OpenPose or Sports2D write), "blazepose" (world depth along
# the camera axis squeezed and noisy, the way BlazePose's is on a person facing it).
POINT_KINDS = ("world", "image", "blazepose")


@dataclass(frozen=True)
class Noise:
    """Observation settings.

    Pixel noise (SD, px), jitter (px), dropout fraction of frames, lower visibility
    behind the body, and the kind of points (one of `POINT_KINDS`).
    """

    noise_px: float = 1.0
    jitter_px: float = 1.0
    dropout_rate: float = 0.0
    far_side: bool = True
    points: str = "world"


def outside(image: Arr, width: int, height: int) -> Mask:
    """[T, 33] True where a keypoint projects outside the frame."""
    x, y = image[..., 0], image[..., 1]
    return np.asarray((x < 0) | (x >= width) | (y < 0) | (y >= height))


def absent(image: Arr, width: int, height: int, share: float = 0.4) -> Mask:
    """[T] True for frames where more than ``share`` of the keypoints are off the frame."""
    return np.asarray(outside(image, width, height).mean(axis=1) > share)


def visibility(
    world: Arr, image: Arr, width: int, height: int, rng: np.random.Generator, far_side: bool = True
) -> Arr:
    """BlazePose-like visibility [T, 33].

    High for the near side, lower behind the body, low off the frame.
    """
    n = image.shape[0]
    vis = np.full(image.shape[:2], 0.97) + rng.normal(0.0, 0.015, image.shape[:2])
    if far_side:
        # depth behind the mid-hip (z away from the camera), relative to the nearer twin
        dz = world[..., 2]
        mirror = dz.copy()
        mirror[:, _LEFT] = dz[:, _RIGHT]
        mirror[:, _RIGHT] = dz[:, _LEFT]
        behind = np.clip((dz - mirror - 0.05) / 0.12, 0.0, 1.0)
        vis -= 0.55 * behind * rng.uniform(0.8, 1.2, size=(n, 1))
    off = outside(image, width, height)
    vis = np.where(off, rng.uniform(0.03, 0.25, vis.shape), vis)
    return np.asarray(np.clip(vis, 0.0, 1.0), dtype=np.float64)


def _smooth(x: Arr, frames: int) -> Arr:
    """Moving average along axis 0 over ``frames`` frames (edges padded)."""
    if frames <= 1:
        return x
    pad = np.concatenate([np.repeat(x[:1], frames, 0), x, np.repeat(x[-1:], frames, 0)])
    c = np.cumsum(pad, axis=0)
    out = (c[frames:] - c[:-frames]) / frames
    start = frames - frames // 2
    return np.asarray(out[start : start + x.shape[0]], dtype=np.float64)


def dropouts(n: int, rate: float, rng: np.random.Generator) -> Mask:
    """[T] True on frames lost to short dropouts (runs of 1-6 frames), about ``rate`` of T."""
    lost = np.zeros(n, dtype=bool)
    if rate <= 0 or n == 0:
        return lost
    runs = max(1, round(rate * n / 3.5))
    starts = rng.integers(0, n, size=runs)
    lengths = rng.integers(1, 7, size=runs)
    for s, ln in zip(starts, lengths, strict=True):
        lost[s : s + ln] = True
    return lost


def squeeze_depth(world: Arr, m_per_px: Arr, noise_px: float, rng: np.random.Generator) -> Arr:
    """World points whose depth is squeezed and noisy, as BlazePose's often is.

    The depth of every point relative to the mid-hip (camera z) is scaled by one factor
    of 0.3-0.6 for the set and gets noise of 4-8 times the lateral noise (at least 1 cm),
    half of it slow (smoothed over 9 frames) so it wanders rather than flickers.
    """
    out = world.copy()
    lateral = max(noise_px, 0.5) * m_per_px[..., 0]  # [T, 1] metres per frame
    sd = np.maximum(float(rng.uniform(4.0, 8.0)) * lateral, 0.01)
    fast = rng.standard_normal(out.shape[:2])
    slow = _smooth(rng.standard_normal(out.shape[:2]), 9) * 3.0
    out[..., 2] = float(rng.uniform(0.3, 0.6)) * out[..., 2] + sd * (fast + slow) / np.sqrt(2.0)
    return out


def observe(
    image: Arr,
    world: Arr,
    hip_depth_m: Arr,
    fx: float,
    width: int,
    height: int,
    noise: Noise,
    rng: np.random.Generator,
) -> tuple[Arr, Arr, Arr]:
    """Noisy image, world and visibility arrays from clean ones.

    Noise grows where visibility is low (the far side); world noise is the pixel noise
    turned into metres at the person's distance, twice as large in depth.
    """
    n = image.shape[0]
    vis = visibility(world, image, width, height, rng, noise.far_side)
    scale = (1.0 + 2.0 * (1.0 - vis))[..., None]
    px = noise.noise_px * rng.standard_normal(image.shape)
    px += noise.jitter_px * _smooth(rng.standard_normal(image.shape), 5) * np.sqrt(5.0)
    glitch = rng.random((n, 1, 1)) < 0.004 * (noise.noise_px > 0)
    px += (
        glitch
        * rng.normal(0.0, 6.0 * max(noise.noise_px, 0.5), image.shape)
        * (rng.random((n, image.shape[1], 1)) < 0.15)
    )
    px *= scale
    px[..., 2] *= 2.0
    img = image + px
    m_per_px = (hip_depth_m / fx)[:, None, None]
    wld = world + px * m_per_px
    if noise.points == "image":
        wld[:] = np.nan
        img[..., 2] = np.nan
    elif noise.points == "blazepose":
        wld = squeeze_depth(wld, m_per_px, noise.noise_px, rng)
    gone = dropouts(n, noise.dropout_rate, rng) | absent(image, width, height)
    img[gone] = np.nan
    wld[gone] = np.nan
    vis[gone] = 0.0
    return img, wld, vis
