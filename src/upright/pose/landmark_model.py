"""The BlazePose GHUM "full" landmark model on one rotated 256x256 crop.

Outputs of ``pose_landmark_full.tflite``: ``Identity`` [1, 195] (39 points x 5: x, y, z
in crop pixels, visibility and presence logits), ``Identity_1`` [1, 1] (probability a
person is in the crop), ``Identity_2`` the segmentation, ``Identity_3`` [1, 64, 64, 39]
heatmaps, ``Identity_4`` [1, 117] world points in metres (39 x 3). Points 33 and 34 are
auxiliary: the body centre and the size/tilt point for the next frame's crop. The
segmentation is never used, so the model runs without it (`upright.pose.prune`): the
other outputs are the same and each frame costs less than half.

Post-processing follows mediapipe's ``pose_landmark_by_roi`` graph: sigmoid on
visibility and presence, a 7x7 heatmap refinement of x and y, projection back into the
image, and world points turned by the crop's angle.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from upright.pose.geometry import Roi, crop_matrix, project_to_image, rotate_world
from upright.pose.litert import load_interpreter
from upright.pose.prune import without_outputs

INPUT_PX = 256
NUM_POINTS = 39  # 33 landmarks, 2 auxiliary (ROI) points, 4 unused
NUM_LANDMARKS = 33
PRESENCE_THRESHOLD = 0.5
HEATMAP_KERNEL = 7
HEATMAP_MIN_CONFIDENCE = 0.5
UNUSED_OUTPUTS = ("Identity_2",)  # the segmentation mask


@dataclass(frozen=True)
class RawPose:
    """One crop's unsmoothed result, in image pixels and metres.

    ``image`` [35, 3]: the 33 landmarks then the 2 auxiliary points (x, y pixels, z on
    the x scale); ``world`` [33, 3] metres; ``visibility`` [33] in 0..1; ``score`` the
    probability that a person fills the crop.
    """

    image: np.ndarray
    world: np.ndarray
    visibility: np.ndarray
    score: float


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return np.asarray(1.0 / (1.0 + np.exp(-x)))


_TO_UNIT = np.float32(1.0 / 255.0)  # float32 scalar: no float64 detour
_OFFSETS = np.arange(HEATMAP_KERNEL) - (HEATMAP_KERNEL - 1) // 2
_LM_INDEX = np.arange(NUM_POINTS)[:, None, None]


def refine_with_heatmap(xy: np.ndarray, heatmap: np.ndarray) -> np.ndarray:
    """Replace crop-normalised ``xy`` [39, 2] by the heatmap's local weighted centre.

    For each point, a 7x7 window of its heatmap channel ([64, 64, 39] logits) around
    the point's cell is turned into confidences; where the window's best confidence
    reaches 0.5 the point moves to the confidence-weighted mean cell (in cell units
    over the side, as mediapipe computes it). Points outside the map keep their value.
    """
    side_h, side_w = heatmap.shape[:2]
    col = np.trunc(xy[:, 0] * side_w).astype(np.int64)
    row = np.trunc(xy[:, 1] * side_h).astype(np.int64)
    # mediapipe compares the column against the height here too; the maps are square.
    inside = (col >= 0) & (col < side_w) & (row >= 0) & (col < side_h)
    rows = row[:, None] + _OFFSETS
    cols = col[:, None] + _OFFSETS
    valid = ((rows >= 0) & (rows < side_h))[:, :, None] & ((cols >= 0) & (cols < side_w))[:, None]
    rows_in = np.clip(rows, 0, side_h - 1)[:, :, None]
    window = heatmap[rows_in, np.clip(cols, 0, side_w - 1)[:, None], _LM_INDEX]
    conf = np.where(valid, _sigmoid(window), 0.0)
    total = conf.sum(axis=(1, 2))
    ok = inside & (conf.max(axis=(1, 2)) >= HEATMAP_MIN_CONFIDENCE) & (total > 0)
    safe = np.where(total > 0, total, 1.0)
    col_shift = (conf.sum(axis=1) * _OFFSETS).sum(axis=1) / safe
    row_shift = (conf.sum(axis=2) * _OFFSETS).sum(axis=1) / safe
    out = xy.copy()
    out[:, 0] = np.where(ok, (col + col_shift) / side_w, xy[:, 0])
    out[:, 1] = np.where(ok, (row + row_shift) / side_h, xy[:, 1])
    return out


class LandmarkModel:
    """Runs ``pose_landmark_full.tflite`` on the crop of one region of a frame."""

    def __init__(self, model_file: Path, num_threads: int = 2) -> None:
        self._interp = load_interpreter(without_outputs(model_file, UNUSED_OUTPUTS), num_threads)
        self._input = self._interp.get_input_details()[0]["index"]
        out = {d["name"]: d["index"] for d in self._interp.get_output_details()}
        self._points, self._flag = out["Identity"], out["Identity_1"]
        self._heatmap, self._world = out["Identity_3"], out["Identity_4"]
        # the crop and its RGB copy are written in place every frame: no allocation
        self._crop = np.empty((INPUT_PX, INPUT_PX, 3), np.uint8)
        self._rgb = np.empty_like(self._crop)

    def invoke_only(self) -> None:
        """Run the model on whatever input it holds (the speed floor, for benchmarks)."""
        self._interp.invoke()

    def run(self, frame_bgr: np.ndarray, roi: Roi) -> RawPose | None:
        """Landmarks of the person in ``roi``; None when the model sees no person."""
        cv2.warpAffine(
            frame_bgr,
            crop_matrix(roi, INPUT_PX),
            (INPUT_PX, INPUT_PX),
            dst=self._crop,
            flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
            borderMode=cv2.BORDER_REPLICATE,
        )
        cv2.cvtColor(self._crop, cv2.COLOR_BGR2RGB, dst=self._rgb)  # the crop only
        tensor = self._interp.tensor(self._input)()
        np.multiply(self._rgb, _TO_UNIT, out=tensor[0], casting="unsafe")
        del tensor
        self._interp.invoke()
        score = float(self._interp.get_tensor(self._flag).reshape(-1)[0])
        if score < PRESENCE_THRESHOLD:
            return None
        raw = self._interp.get_tensor(self._points).reshape(NUM_POINTS, 5)
        heatmap = self._interp.tensor(self._heatmap)()[0]
        norm = raw[:, :3] / INPUT_PX
        norm[:, :2] = refine_with_heatmap(norm[:, :2], heatmap)
        del heatmap
        image = project_to_image(norm[: NUM_LANDMARKS + 2].astype(np.float64), roi)
        world = self._interp.get_tensor(self._world).reshape(NUM_POINTS, 3)[:NUM_LANDMARKS]
        return RawPose(
            image=image,
            world=rotate_world(world.astype(np.float64), roi.angle),
            visibility=_sigmoid(raw[:NUM_LANDMARKS, 3].astype(np.float64)),
            score=score,
        )
