"""Analysis throughput as a multiple of real time (target >= 1000x, one core).

One minute of 30 fps landmarks (a bird dog set built from known joint angles, with
noise) is analysed by `upright.motion.analyze`; the best of several runs is reported.
Writes bench/motion_speed.json.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import numpy as np

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from upright.catalog import KEYPOINT_INDEX, get_exercise  # noqa: E402
from upright.motion import Landmarks, LiveAnalyzer, analyze  # noqa: E402

K = KEYPOINT_INDEX


def recording(seconds: float = 60.0, fps: float = 30.0) -> Landmarks:
    """A side-view bird dog: the left arm swings 90 -> 170 deg every 6 s and the right leg
    lifts with it, with noise."""
    t = np.arange(int(seconds * fps)) / fps
    e = np.clip(np.sin(2 * np.pi * (t - 2) / 6.0) * 1.5, 0, 1) * (t > 2)
    th = np.radians(90 + 80 * e)
    img = np.zeros((len(t), 33, 3))
    img[:, :, 0], img[:, :, 1] = 300.0, 200.0
    for side, dz in (("left", -5.0), ("right", 5.0)):
        img[:, K[f"{side}_shoulder"]] = [450, 200, dz]
        img[:, K[f"{side}_hip"]] = [300, 200, dz]
        img[:, K[f"{side}_knee"]] = [300, 320, dz]
        img[:, K[f"{side}_ankle"]] = [180, 320, dz]
    el = np.stack([450 - 90 * np.cos(th), 200 + 90 * np.sin(th), np.zeros_like(th)], axis=1)
    img[:, K["left_elbow"]] = el
    img[:, K["left_wrist"]] = 2 * el - img[:, K["left_shoulder"]]
    img[:, K["right_elbow"]] = [450, 290, 5]
    img[:, K["right_wrist"]] = [450, 380, 5]
    # the opposite (right) leg lifts with the arm: thigh from hanging to behind the hip
    phi = np.radians(90 * e)
    knee = np.stack([300 - 120 * np.sin(phi), 200 + 120 * np.cos(phi), np.full_like(phi, 5)], 1)
    img[:, K["right_knee"]] = knee
    img[:, K["right_ankle"]] = knee + np.array([-120.0, 0.0, 0.0])  # the shin stays level
    img += np.random.default_rng(0).normal(0, 1.0, img.shape)
    return Landmarks.create(img, fps=fps, width=640, height=480)


def main() -> None:
    lm = recording()
    ex = get_exercise("bird_dog")
    reps = len(analyze(lm, ex).reps)
    runs = []
    for _ in range(7):
        t0 = time.perf_counter()
        analyze(lm, ex)
        runs.append(time.perf_counter() - t0)
    best = min(runs)
    live = LiveAnalyzer(ex, lm.fps, lm.width, lm.height)
    t0 = time.perf_counter()
    for i in range(len(lm)):
        live.push(float(lm.t[i]), lm.image[i], lm.world[i], lm.visibility[i])
    live.finish()
    per_frame_ms = (time.perf_counter() - t0) / len(lm) * 1e3
    out = {
        "recording_s": lm.duration_s,
        "fps": lm.fps,
        "reps": reps,
        "analyze_ms": round(best * 1e3, 2),
        "median_ms": round(float(np.median(runs)) * 1e3, 2),
        "x_real_time": round(lm.duration_s / best, 1),
        "target_x": 1000,
        "live_ms_per_frame": round(per_frame_ms, 3),
    }
    Path(__file__).with_suffix(".json").write_text(json.dumps(out, indent=2) + "\n")
    print(
        f"motion_speed: 60 s of 30 fps analysed in {out['analyze_ms']} ms = "
        f"{out['x_real_time']}x real time (target 1000x); live {per_frame_ms:.2f} ms/frame; "
        f"{reps} reps"
    )


if __name__ == "__main__":
    main()
