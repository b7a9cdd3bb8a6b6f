"""The landmark container: one person's 33 BlazePose keypoints over time.

Axes and units
--------------
- ``image``: float32 [T, 33, 3]. x and y in pixels of a ``width`` x ``height`` frame
  (origin top-left, y down); z is BlazePose's relative depth (same scale as x, smaller
  is nearer the camera, the mid-hip at about 0).
- ``world``: float32 [T, 33, 3] metres, origin at the mid-hip, BlazePose's axes: x to the
  image right, y down, z away from the camera. NaN where absent (files from other tools).
- ``visibility``: float32 [T, 33] in 0..1.
- ``t``: float64 [T] seconds, strictly increasing.
- ``fps``: frames per second as recorded (29.97 stays 29.97).

A frame with no person is all-NaN with visibility 0; it is never dropped, so time stays
true.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from upright.catalog.keypoints import KEYPOINT_INDEX, KEYPOINT_NAMES, NUM_KEYPOINTS
from upright.errors import UprightError

FloatArray = npt.NDArray[np.floating]


class LandmarkError(UprightError, ValueError):
    """Landmarks are malformed; the message says what was expected and what was found."""


@dataclass(frozen=True, eq=False)
class Landmarks:
    """One person's keypoints over ``T`` frames (see the module docstring for axes)."""

    image: npt.NDArray[np.float32]
    world: npt.NDArray[np.float32]
    visibility: npt.NDArray[np.float32]
    t: npt.NDArray[np.float64]
    fps: float
    width: int
    height: int

    def __post_init__(self) -> None:
        problems = validate(
            self.image, self.world, self.visibility, self.t, self.fps, self.width, self.height
        )
        if problems:
            raise LandmarkError("; ".join(problems))

    @classmethod
    def create(
        cls,
        image: npt.ArrayLike,
        *,
        fps: float,
        width: int,
        height: int,
        world: npt.ArrayLike | None = None,
        visibility: npt.ArrayLike | None = None,
        t: npt.ArrayLike | None = None,
    ) -> Landmarks:
        """Build from array-likes, casting dtypes and filling what is absent.

        Absent ``world`` becomes NaN, absent ``visibility`` becomes 1 where the image
        point is finite, absent ``t`` becomes ``arange(T) / fps``.
        """
        img = np.asarray(image, dtype=np.float32)
        n = img.shape[0] if img.ndim >= 1 else 0
        wld = (
            np.full(img.shape, np.nan, np.float32)
            if world is None
            else np.asarray(world, dtype=np.float32)
        )
        if visibility is None:
            vis = (
                np.asarray(np.isfinite(img).all(axis=-1), dtype=np.float32)
                if img.ndim == 3
                else np.zeros((n, NUM_KEYPOINTS), np.float32)
            )
        else:
            vis = np.asarray(visibility, dtype=np.float32)
        tt = (
            np.arange(n, dtype=np.float64) / fps
            if t is None and fps > 0
            else np.asarray(t if t is not None else np.arange(n), dtype=np.float64)
        )
        return cls(img, wld, vis, tt, float(fps), int(width), int(height))

    def __len__(self) -> int:
        return int(self.t.shape[0])

    @property
    def duration_s(self) -> float:
        """Seconds from the first frame to one frame past the last."""
        if len(self) == 0:
            return 0.0
        return float(self.t[-1] - self.t[0]) + 1.0 / self.fps

    @property
    def has_world(self) -> bool:
        """True when at least one frame carries world landmarks."""
        return bool(np.isfinite(self.world).any())

    def point(self, name: str, space: str = "image") -> npt.NDArray[np.float32]:
        """Track of one keypoint, [T, 3], in ``space`` "image" or "world"."""
        arr = self.image if space == "image" else self.world
        return arr[:, KEYPOINT_INDEX[name], :]

    def slice(self, start: int, stop: int) -> Landmarks:
        """Frames ``start`` to ``stop`` (exclusive), times kept."""
        return Landmarks(
            self.image[start:stop],
            self.world[start:stop],
            self.visibility[start:stop],
            self.t[start:stop],
            self.fps,
            self.width,
            self.height,
        )


def validate(
    image: np.ndarray,
    world: np.ndarray,
    visibility: np.ndarray,
    t: np.ndarray,
    fps: float,
    width: int,
    height: int,
) -> list[str]:
    """Every problem with these arrays, as "expected X, got Y" sentences."""
    problems: list[str] = []
    if image.ndim != 3 or image.shape[1:] != (NUM_KEYPOINTS, 3):
        problems.append(f"image: expected shape [T, {NUM_KEYPOINTS}, 3], got {list(image.shape)}")
        return problems
    n = image.shape[0]
    if world.shape != image.shape:
        problems.append(f"world: expected shape {list(image.shape)}, got {list(world.shape)}")
    if visibility.shape != (n, NUM_KEYPOINTS):
        problems.append(
            f"visibility: expected shape [{n}, {NUM_KEYPOINTS}], got {list(visibility.shape)}"
        )
    if t.shape != (n,):
        problems.append(f"t: expected shape [{n}], got {list(t.shape)}")
    elif n > 1:
        dt = np.diff(t)
        if not np.all(np.isfinite(t)) or np.any(dt <= 0):
            bad = int(np.argmax(~(dt > 0))) + 1 if np.any(~(dt > 0)) else 0
            problems.append(
                f"t: expected strictly increasing finite times, got t[{bad}]={t[bad]!r} "
                f"after t[{bad - 1}]={t[bad - 1]!r}"
            )
    if not (np.isfinite(fps) and fps > 0):
        problems.append(f"fps: expected a number above 0, got {fps!r}")
    if width <= 0 or height <= 0:
        problems.append(f"width/height: expected positive pixels, got {width}x{height}")
    if visibility.size and np.nanmax(np.abs(visibility - 0.5), initial=0.0) > 0.5 + 1e-6:
        problems.append(
            "visibility: expected values in 0..1, got "
            f"{float(np.nanmin(visibility))}..{float(np.nanmax(visibility))}"
        )
    return problems


__all__ = ["KEYPOINT_NAMES", "LandmarkError", "Landmarks", "validate"]
