"""Speed of our BlazePose pipeline against mediapipe and the bare landmark model.

Milliseconds per frame (median, single stream) at 640x480 and 1280x720, frames of the
Sports2D demo resized in memory: our `BlazePose.process` (detector only when tracking is
lost, plus the once-a-second people count), mediapipe 0.10.21's ``mp.solutions.pose``
(model_complexity=1, in its own venv, same frames), and the bare ``invoke()`` of the
landmark model (the floor), timed interleaved with ours so both see the same machine
load. Targets: mediapipe / ours >= 2 and ours / bare <= 1.15. Also whole-video
throughput of pose + landmark file + motion analysis as a multiple of real time (target >= 2).
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import cv2
import numpy as np

from pose_common import demo_video, mediapipe_reference, write_result
from upright.catalog import get_exercise
from upright.motion import analyze, save_landmarks
from upright.pose import BlazePose, video_to_landmarks

SIZES = ((640, 480), (1280, 720))
FRAMES = 150
WARMUP = 10


def _frames(video: Path, size: tuple[int, int]) -> list[np.ndarray]:
    cap = cv2.VideoCapture(str(video))
    frames = []
    while len(frames) < FRAMES:
        ok, frame = cap.read()
        if not ok:
            break
        frames.append(cv2.resize(frame, size, interpolation=cv2.INTER_AREA))
    cap.release()
    return frames


def _ours(frames: list[np.ndarray]) -> dict[str, float]:
    pose = BlazePose()
    ours, bare, detections = [], [], 0
    detect = pose.detector.detect

    def counting_detect(frame: np.ndarray) -> list:
        nonlocal detections
        detections += 1
        return detect(frame)

    pose.detector.detect = counting_detect  # type: ignore[method-assign]
    for i, frame in enumerate(frames):
        t0 = time.perf_counter()
        pose.process(frame, (i + 1) / 30.0)
        t1 = time.perf_counter()
        pose.landmarks.invoke_only()
        t2 = time.perf_counter()
        if i >= WARMUP:
            ours.append((t1 - t0) * 1e3)
            bare.append((t2 - t1) * 1e3)
    return {
        "ours_ms": float(np.median(ours)),
        "ours_mean_ms": float(np.mean(ours)),
        "bare_invoke_ms": float(np.median(bare)),
        "detector_runs": detections,
        "frames": len(frames),
    }


def _throughput(video: Path) -> dict[str, float]:
    t0 = time.perf_counter()
    lm = video_to_landmarks(video)
    with tempfile.TemporaryDirectory() as tmp:
        save_landmarks(lm, Path(tmp) / "demo.npz")
    analyze(lm, get_exercise("generic"))
    wall = time.perf_counter() - t0
    return {"video_s": lm.duration_s, "wall_s": wall, "x_real_time": lm.duration_s / wall}


def main() -> None:
    video = demo_video()
    result: dict[str, object] = {}
    parts = []
    for size in SIZES:
        frames = _frames(video, size)
        row = _ours(frames)
        mp = mediapipe_reference(video, FRAMES, size)
        row["mediapipe_ms"] = float(np.median(mp["ms"][WARMUP:]))
        row["speedup_vs_mediapipe"] = row["mediapipe_ms"] / row["ours_ms"]
        row["ours_over_bare_invoke"] = row["ours_ms"] / row["bare_invoke_ms"]
        key = f"{size[0]}x{size[1]}"
        result[key] = row
        parts.append(
            f"{key}: ours {row['ours_ms']:.1f} ms, mediapipe {row['mediapipe_ms']:.1f} ms "
            f"(x{row['speedup_vs_mediapipe']:.2f}), bare invoke {row['bare_invoke_ms']:.1f} ms "
            f"(ours/bare {row['ours_over_bare_invoke']:.3f})"
        )
    tp = _throughput(video)
    result["whole_video_1768x994"] = tp
    result["targets"] = {
        "speedup_vs_mediapipe": 2.0,
        "ours_over_bare_invoke": 1.15,
        "x_real_time": 2.0,
    }
    write_result(
        "pose_speed",
        result,
        "pose speed: "
        + "; ".join(parts)
        + f"; whole demo video (pose + file + analysis) x{tp['x_real_time']:.2f} real time",
    )


if __name__ == "__main__":
    main()
