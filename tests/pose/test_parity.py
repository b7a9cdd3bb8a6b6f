"""Parity with mediapipe 0.10.21 on stored frames, without installing mediapipe.

``data/mp_reference_demo.npz`` holds mediapipe's landmarks (``mp.solutions.pose``,
model_complexity=1) on six frames of the first 90 of the Sports2D demo, written once by
``bench/pose_parity.py --write-test-data``. Our pipeline runs over the same 90 frames
(smoothing needs the frames before) and must stay as close as the benchmark targets.
"""

from pathlib import Path

import cv2
import numpy as np

DATA = Path(__file__).parent / "data" / "mp_reference_demo.npz"


def test_matches_mediapipe_on_stored_frames(blazepose, demo_path):
    ref = np.load(DATA)
    frames = ref["frames"]
    cap = cv2.VideoCapture(str(demo_path))
    blazepose.reset()
    rows = []
    for i in range(int(frames.max()) + 1):
        ok, frame = cap.read()
        assert ok
        rows.append(blazepose.process(frame, (i + 1) / 30))
    cap.release()
    h, w = frame.shape[:2]
    image = np.stack([rows[i].image for i in frames])
    world = np.stack([rows[i].world for i in frames])
    vis = np.stack([rows[i].visibility for i in frames])
    assert np.isfinite(ref["image"]).all() and np.isfinite(image).all()
    share = np.linalg.norm(image[..., :2] - ref["image"][..., :2], axis=-1) / np.hypot(w, h)
    assert np.median(share) <= 0.01
    assert np.percentile(share, 95) <= 0.03
    assert np.median(np.linalg.norm(world - ref["world"], axis=-1)) <= 0.05  # metres
    assert np.mean((vis > 0.5) == (ref["visibility"] > 0.5)) >= 0.9
