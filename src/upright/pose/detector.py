"""The BlazePose person detector: letterboxed 224x224 input, SSD anchors, weighted NMS.

The detector finds each person's face box and four alignment keypoints; the first two
(mid-hip centre, and a point encoding body size and tilt) give the region the landmark
model crops (`upright.pose.geometry.roi_from_points`). The settings are those of
mediapipe's ``pose_detection_cpu`` graph: five anchor layers with strides 8, 16, 32,
32, 32, two anchors of fixed size per cell, scores through a sigmoid, detections below
0.5 dropped, overlapping ones (IoU above 0.3) merged by a score-weighted mean.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from upright.pose.geometry import ROI_SCALE, Roi, roi_from_points
from upright.pose.litert import load_interpreter

INPUT_PX = 224
STRIDES = (8, 16, 32, 32, 32)
ANCHORS_PER_LAYER = 2  # one aspect ratio (1.0) plus the interpolated scale
MIN_SCORE = 0.5
NMS_IOU = 0.3
SCORE_CLIP = 100.0


@dataclass(frozen=True)
class Detection:
    """One detected person, in image pixels.

    ``box`` is ``(xmin, ymin, xmax, ymax)`` of the face; ``keypoints`` [4, 2] are the
    mid-hip centre, the full-body size point, the mid-shoulder centre and the
    upper-body size point; ``score`` is in 0..1.
    """

    box: tuple[float, float, float, float]
    keypoints: np.ndarray
    score: float

    def roi(self) -> Roi:
        """Region for the landmark model, margin included."""
        return roi_from_points(self.keypoints[0], self.keypoints[1]).scaled(ROI_SCALE)

    @property
    def body_size_px(self) -> float:
        """Side of the body region before the margin, in pixels (to rank people)."""
        return roi_from_points(self.keypoints[0], self.keypoints[1]).size


def ssd_anchor_centres() -> np.ndarray:
    """Anchor centres [2254, 2] in 0..1 of the input, in the model's output order."""
    centres = []
    layer = 0
    while layer < len(STRIDES):
        stride = STRIDES[layer]
        last = layer
        while last < len(STRIDES) and STRIDES[last] == stride:
            last += 1
        per_cell = ANCHORS_PER_LAYER * (last - layer)
        cells = math.ceil(INPUT_PX / stride)
        grid = (np.arange(cells, dtype=np.float64) + 0.5) / cells
        yy, xx = np.meshgrid(grid, grid, indexing="ij")
        cell_centres = np.stack([xx.ravel(), yy.ravel()], axis=1)
        centres.append(np.repeat(cell_centres, per_cell, axis=0))
        layer = last
    return np.concatenate(centres).astype(np.float32)


def decode(
    raw_boxes: np.ndarray, raw_scores: np.ndarray, anchors: np.ndarray, min_score: float = MIN_SCORE
) -> tuple[np.ndarray, np.ndarray]:
    """Candidates above ``min_score``: coordinates [K, 12] in 0..1 and scores [K].

    Coordinates are the box ``xmin, ymin, xmax, ymax`` then the four keypoints' x, y,
    all relative to the letterboxed input.
    """
    logits = np.clip(raw_scores.reshape(-1), -SCORE_CLIP, SCORE_CLIP)
    keep = np.flatnonzero(logits > math.log(min_score / (1.0 - min_score)))
    if keep.size == 0:
        return np.zeros((0, 12), np.float32), np.zeros(0, np.float32)
    raw = raw_boxes.reshape(-1, 12)[keep] / INPUT_PX
    anchor = anchors[keep]
    cx = raw[:, 0] + anchor[:, 0]
    cy = raw[:, 1] + anchor[:, 1]
    half_w, half_h = raw[:, 2] / 2.0, raw[:, 3] / 2.0
    out = np.empty((keep.size, 12), np.float32)
    out[:, 0], out[:, 1], out[:, 2], out[:, 3] = cx - half_w, cy - half_h, cx + half_w, cy + half_h
    out[:, 4::2] = raw[:, 4::2] + anchor[:, :1]
    out[:, 5::2] = raw[:, 5::2] + anchor[:, 1:]
    scores = 1.0 / (1.0 + np.exp(-logits[keep]))
    return out, scores.astype(np.float32)


def _iou(box: np.ndarray, boxes: np.ndarray) -> np.ndarray:
    ix = np.clip(np.minimum(box[2], boxes[:, 2]) - np.maximum(box[0], boxes[:, 0]), 0, None)
    iy = np.clip(np.minimum(box[3], boxes[:, 3]) - np.maximum(box[1], boxes[:, 1]), 0, None)
    inter = ix * iy
    area = (box[2] - box[0]) * (box[3] - box[1])
    areas = (boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])
    union = area + areas - inter
    return np.where(union > 0, inter / np.where(union > 0, union, 1), 0.0)


def weighted_nms(
    coords: np.ndarray, scores: np.ndarray, iou_threshold: float = NMS_IOU
) -> list[tuple[np.ndarray, float]]:
    """Merge overlapping candidates; each group becomes its score-weighted mean.

    Returns ``(coords[12], score)`` per person, highest score first; the score is the
    group's best.
    """
    remaining = np.argsort(-scores, kind="stable")
    merged = []
    while remaining.size:
        top = remaining[0]
        overlap = _iou(coords[top], coords[remaining]) > iou_threshold
        overlap[0] = True
        group = remaining[overlap]
        weights = scores[group]
        mean = (coords[group] * weights[:, None]).sum(axis=0) / weights.sum()
        merged.append((mean, float(scores[top])))
        remaining = remaining[~overlap]
    return merged


SAME_PERSON_SHARE = 0.5  # hip centres closer than this share of body size: one person


def distinct_people(people: list[Detection]) -> list[Detection]:
    """Drop detections that are another view of a person already in the list.

    The detector sometimes returns two boxes for one body (for instance a face box and
    a torso-sized one) that overlap too little for NMS to merge; their hip centres
    nearly coincide. A detection counts as a new person only when its hip centre is at
    least half the smaller body size away from every person kept (best score first).
    """
    kept: list[Detection] = []
    for det in sorted(people, key=lambda d: -d.score):
        if all(
            np.hypot(*(det.keypoints[0] - k.keypoints[0]))
            >= SAME_PERSON_SHARE * min(det.body_size_px, k.body_size_px)
            for k in kept
        ):
            kept.append(det)
    return kept


class PoseDetector:
    """Runs ``pose_detection.tflite`` on whole frames; returns people in image pixels."""

    def __init__(self, model_file: Path, num_threads: int = 2) -> None:
        self._interp = load_interpreter(model_file, num_threads)
        self._input = self._interp.get_input_details()[0]["index"]
        outputs = {d["name"]: d["index"] for d in self._interp.get_output_details()}
        self._boxes_idx, self._scores_idx = outputs["Identity"], outputs["Identity_1"]
        self._anchors = ssd_anchor_centres()
        # the letterboxed input and its RGB copy are written in place on every run
        self._small = np.empty((INPUT_PX, INPUT_PX, 3), np.uint8)
        self._rgb = np.empty_like(self._small)

    def detect(self, frame_bgr: np.ndarray) -> list[Detection]:
        """People in ``frame_bgr`` (uint8 [H, W, 3]), highest score first."""
        h, w = frame_bgr.shape[:2]
        side = float(max(w, h))
        x0, y0 = w / 2.0 - side / 2.0, h / 2.0 - side / 2.0  # letterbox square, pixels
        k = INPUT_PX / side
        to_input = np.array([[k, 0.0, -x0 * k], [0.0, k, -y0 * k]])
        cv2.warpAffine(
            frame_bgr,
            to_input,
            (INPUT_PX, INPUT_PX),
            dst=self._small,
            flags=cv2.INTER_LINEAR,
            borderMode=cv2.BORDER_CONSTANT,
            borderValue=(0, 0, 0),
        )
        cv2.cvtColor(self._small, cv2.COLOR_BGR2RGB, dst=self._rgb)  # the small input only
        tensor = self._interp.tensor(self._input)()
        np.multiply(self._rgb, np.float32(2.0 / 255.0), out=tensor[0], casting="unsafe")
        tensor -= 1.0
        del tensor
        self._interp.invoke()
        coords, scores = decode(
            self._interp.get_tensor(self._boxes_idx),
            self._interp.get_tensor(self._scores_idx),
            self._anchors,
        )
        people = []
        for mean, score in weighted_nms(coords, scores):
            px = mean * side
            px[0::2] += x0
            px[1::2] += y0
            people.append(
                Detection(
                    (float(px[0]), float(px[1]), float(px[2]), float(px[3])),
                    px[4:].reshape(4, 2).astype(np.float64),
                    score,
                )
            )
        return people
