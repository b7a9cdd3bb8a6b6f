"""BlazePose on LiteRT: detector when the person is lost, landmarks from the last crop.

The pipeline is mediapipe's ``pose_landmark_cpu`` graph, owned here: the detector runs
only when there is no region from the previous frame; the landmark model runs on the
region every frame; the smoothed auxiliary points give the next frame's region; a
presence score under 0.5 loses the person and resets the filters. Smoothing uses
mediapipe's settings: one-euro (0.05 Hz, beta 80) on image points scaled by body size,
(0.01 Hz, beta 10) on the auxiliary points, (0.1 Hz, beta 40) on world points in metres,
and a low-pass of weight 0.1 on visibility.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from upright.pose.detector import Detection, PoseDetector, distinct_people
from upright.pose.geometry import ROI_SCALE, Roi, roi_from_points
from upright.pose.landmark_model import NUM_LANDMARKS, LandmarkModel, RawPose
from upright.pose.litert import default_threads
from upright.pose.model_files import model_path
from upright.pose.smoothing import LowPass, OneEuroFilter

RECOUNT_EVERY_S = 1.0  # while tracking, count the people in view this often
MIN_OBJECT_SCALE_PX = 1e-6


@dataclass(frozen=True)
class PoseFrame:
    """One frame's landmarks: one row of a `upright.motion.Landmarks`.

    ``image`` float32 [33, 3] pixels (z on the x scale), ``world`` float32 [33, 3]
    metres about the mid-hip, ``visibility`` float32 [33] in 0..1, ``t`` seconds.
    With no person: NaN points and zero visibility. ``people`` is how many persons the
    detector saw on this frame, or None when it did not run.
    """

    image: np.ndarray
    world: np.ndarray
    visibility: np.ndarray
    t: float
    people: int | None = None

    @property
    def present(self) -> bool:
        """True when a person was found on this frame."""
        return bool(np.isfinite(self.image[0, 0]))

    @classmethod
    def empty(cls, t: float, people: int | None = None) -> PoseFrame:
        """A frame with no person."""
        nan = np.full((NUM_LANDMARKS, 3), np.nan, np.float32)
        return cls(nan, nan.copy(), np.zeros(NUM_LANDMARKS, np.float32), t, people)


class PoseBackend(Protocol):
    """Anything that turns frames, one at a time and in time order, into landmarks."""

    def process(self, frame_bgr: np.ndarray, t_s: float) -> PoseFrame:
        """Landmarks of the followed person in ``frame_bgr`` (uint8 [H, W, 3]) at ``t_s``."""
        ...

    def reset(self) -> None:
        """Forget the followed person and the filters' past."""
        ...


class _Smoother:
    """mediapipe's pose filtering: image, auxiliary and world points, visibility."""

    def __init__(self) -> None:
        self.image = OneEuroFilter(0.05, 80.0, 1.0)
        self.aux = OneEuroFilter(0.01, 10.0, 1.0)
        self.world = OneEuroFilter(0.1, 40.0, 1.0)
        self.visibility = LowPass(0.1)

    def reset(self) -> None:
        for f in (self.image, self.aux, self.world, self.visibility):
            f.reset()

    def __call__(self, raw: RawPose, t_s: float) -> tuple[np.ndarray, ...]:
        body_px = roi_from_points(raw.image[33], raw.image[34]).size
        visibility = self.visibility(raw.visibility)
        world = self.world(raw.world, t_s)
        if body_px < MIN_OBJECT_SCALE_PX:
            return raw.image[:NUM_LANDMARKS], raw.image[NUM_LANDMARKS:], world, visibility
        image = self.image(raw.image[:NUM_LANDMARKS], t_s, 1.0 / body_px)
        aux = self.aux(raw.image[NUM_LANDMARKS:], t_s, 1.0 / body_px)
        return image, aux, world, visibility


class BlazePose:
    """The BlazePose GHUM "full" pipeline on LiteRT, following one person.

    Parameters
    ----------
    smooth
        Filter landmarks over time (as mediapipe does by default).
    num_threads
        Threads for each LiteRT interpreter (default: `upright.pose.litert.default_threads`).
    recount_every_s
        While tracking, run the detector this often (stream seconds) only to count the
        people in view; 0 disables counting.
    """

    def __init__(
        self,
        *,
        smooth: bool = True,
        num_threads: int | None = None,
        recount_every_s: float = RECOUNT_EVERY_S,
    ) -> None:
        if num_threads is None:
            num_threads = default_threads()
        self.detector = PoseDetector(model_path("pose_detection.tflite"), num_threads)
        self.landmarks = LandmarkModel(model_path("pose_landmark_full.tflite"), num_threads)
        self.smooth = smooth
        self.recount_every_s = recount_every_s
        self._smoother = _Smoother()
        self._roi: Roi | None = None
        self._last_centre: np.ndarray | None = None
        self._last_count_t = -math.inf

    def reset(self) -> None:
        """Forget the followed person and the filters' past."""
        self._smoother.reset()
        self._roi = None
        self._last_centre = None
        self._last_count_t = -math.inf

    def _choose(self, people: list[Detection]) -> Detection | None:
        if not people:
            return None
        if self._last_centre is None:  # nobody followed yet: the largest person
            return max(people, key=lambda d: d.body_size_px)
        last = self._last_centre
        return min(people, key=lambda d: float(np.hypot(*(d.keypoints[0] - last))))

    def _lose(self) -> None:
        self._roi = None
        self._smoother.reset()

    def process(self, frame_bgr: np.ndarray, t_s: float) -> PoseFrame:
        """Landmarks of the followed person in ``frame_bgr`` at ``t_s`` seconds."""
        count: int | None = None
        roi = self._roi
        recount = self.recount_every_s > 0 and t_s - self._last_count_t >= self.recount_every_s
        if roi is None or recount:
            people = distinct_people(self.detector.detect(frame_bgr))
            count = len(people)
            self._last_count_t = t_s
            if roi is None:
                chosen = self._choose(people)
                roi = chosen.roi() if chosen is not None else None
        if roi is None:
            self._lose()
            return PoseFrame.empty(t_s, count)
        raw = self.landmarks.run(frame_bgr, roi)
        if raw is None:
            self._lose()
            return PoseFrame.empty(t_s, count)
        if self.smooth:
            image, aux, world, visibility = self._smoother(raw, t_s)
        else:
            image, aux = raw.image[:NUM_LANDMARKS], raw.image[NUM_LANDMARKS:]
            world, visibility = raw.world, raw.visibility
        self._roi = roi_from_points(aux[0], aux[1]).scaled(ROI_SCALE)
        self._last_centre = aux[0, :2].copy()
        return PoseFrame(
            image.astype(np.float32),
            world.astype(np.float32),
            visibility.astype(np.float32),
            t_s,
            count,
        )
