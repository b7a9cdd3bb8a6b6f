"""Run mediapipe 0.10.21's legacy ``mp.solutions.pose`` on a video (reference only).

Runs inside the benchmark's own virtual environment (numpy<2, protobuf<5), never in the
project's. Usage: ``python mp_reference.py VIDEO OUT.npz [MAX_FRAMES] [WIDTH HEIGHT]``.
Writes ``image`` [T, 33, 3] (pixels; z on the x scale), ``world`` [T, 33, 3] metres,
``visibility`` [T, 33], ``ms`` [T] (time in ``process()`` per frame) and ``cpu_ms`` [T]
(CPU time of the whole process, all threads, in ``process()`` per frame); frames
without a person are NaN with visibility 0. With WIDTH and HEIGHT, each frame is first
resized to that size.
"""

import sys
import time

import cv2
import mediapipe as mp
import numpy as np


def main() -> None:
    video, out = sys.argv[1], sys.argv[2]
    max_frames = int(sys.argv[3]) if len(sys.argv) > 3 else 10**9
    size = (int(sys.argv[4]), int(sys.argv[5])) if len(sys.argv) > 5 else None
    cap = cv2.VideoCapture(video)
    images, worlds, vis, ms, cpu_ms = [], [], [], [], []
    with mp.solutions.pose.Pose(
        static_image_mode=False,
        model_complexity=1,
        smooth_landmarks=True,
        enable_segmentation=False,
    ) as pose:
        while len(ms) < max_frames:
            ok, frame = cap.read()
            if not ok:
                break
            if size is not None:
                frame = cv2.resize(frame, size, interpolation=cv2.INTER_AREA)
            h, w = frame.shape[:2]
            rgb = cv2.cvtColor(frame, cv2.COLOR_BGR2RGB)
            c0, t0 = time.process_time(), time.perf_counter()
            res = pose.process(rgb)
            ms.append((time.perf_counter() - t0) * 1000.0)
            cpu_ms.append((time.process_time() - c0) * 1000.0)
            img = np.full((33, 3), np.nan, np.float32)
            wld = np.full((33, 3), np.nan, np.float32)
            v = np.zeros(33, np.float32)
            if res.pose_landmarks is not None:
                for i, lm in enumerate(res.pose_landmarks.landmark):
                    img[i] = (lm.x * w, lm.y * h, lm.z * w)
                    v[i] = lm.visibility
                for i, lm in enumerate(res.pose_world_landmarks.landmark):
                    wld[i] = (lm.x, lm.y, lm.z)
            images.append(img)
            worlds.append(wld)
            vis.append(v)
    np.savez(
        out,
        image=np.array(images),
        world=np.array(worlds),
        visibility=np.array(vis),
        ms=np.array(ms),
        cpu_ms=np.array(cpu_ms),
    )


if __name__ == "__main__":
    main()
