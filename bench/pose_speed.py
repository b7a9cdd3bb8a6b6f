"""Speed of our BlazePose pipeline against mediapipe and the bare landmark model.

On real video with cuts and a second person (`pose_common.cuts_video`: six clips of
real people back to back, 430 frames at 1280x720, two of them with a second person
close by), at 1280x720 and resized in memory to 640x360, single stream: our
`BlazePose.process` (detector only when tracking is lost, plus the once-a-second people
count), mediapipe 0.10.21's ``mp.solutions.pose`` (model_complexity=1, in its own venv,
same frames, same run), and the bare ``invoke()`` of the landmark model as mediapipe
ships it and of the one we run (our floor: it leaves out the segmentation mask nobody
reads, `upright.pose.prune`), both timed interleaved with ours so all see the same
machine load. Milliseconds per frame are the mean over all frames (what a video costs,
detector runs included) and the median; CPU milliseconds per frame (all threads of the
process) depend far less on how busy the machine is. Targets, on the means: mediapipe /
ours >= 2 and ours / bare invoke of the shipped model <= 1.2 (the ratio to our own floor
is given too). Also whole-video throughput of pose + landmark file + motion analysis on
the Sports2D demo as a multiple of real time (target >= 2), and the machine's load
average before and after.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

import cv2
import numpy as np

from pose_common import cuts_video, demo_video, mediapipe_reference, write_result
from upright.catalog import get_exercise
from upright.motion import analyze, save_landmarks
from upright.pose import BlazePose, video_to_landmarks
from upright.pose.litert import default_threads, load_interpreter
from upright.pose.model_files import model_path

SIZES = ((1280, 720), (640, 360))
FPS = 30.0
WARMUP = 10
TARGET_VS_MEDIAPIPE = 2.0
TARGET_OVER_BARE = 1.2


def _frames(video: Path, size: tuple[int, int]) -> list[np.ndarray]:
    cap = cv2.VideoCapture(str(video))
    frames = []
    while True:
        ok, frame = cap.read()
        if not ok:
            break
        if (frame.shape[1], frame.shape[0]) != size:
            frame = cv2.resize(frame, size, interpolation=cv2.INTER_AREA)
        frames.append(frame)
    cap.release()
    return frames


def _ours(frames: list[np.ndarray]) -> dict[str, float]:
    pose = BlazePose()
    for i, frame in enumerate(frames[:WARMUP]):  # warm the interpreters, then start anew
        pose.process(frame, (i + 1) / FPS)
    pose.reset()
    shipped = load_interpreter(model_path("pose_landmark_full.tflite"), default_threads())
    shipped_input = shipped.get_input_details()[0]["index"]
    ours_input = pose.landmarks._input
    ours, bare, full, ours_cpu, bare_cpu, full_cpu = [], [], [], 0.0, 0.0, 0.0
    detections, present = 0, 0
    detect = pose.detector.detect

    def counting_detect(frame: np.ndarray) -> list:
        nonlocal detections
        detections += 1
        return detect(frame)

    pose.detector.detect = counting_detect  # type: ignore[method-assign]
    for i, frame in enumerate(frames):
        c0, t0 = time.process_time(), time.perf_counter()
        row = pose.process(frame, (i + 1) / FPS)
        c1, t1 = time.process_time(), time.perf_counter()
        pose.landmarks.invoke_only()
        c2, t2 = time.process_time(), time.perf_counter()
        shipped.set_tensor(shipped_input, pose.landmarks._interp.get_tensor(ours_input))
        c3, t3 = time.process_time(), time.perf_counter()
        shipped.invoke()
        c4, t4 = time.process_time(), time.perf_counter()
        ours.append((t1 - t0) * 1e3)
        bare.append((t2 - t1) * 1e3)
        full.append((t4 - t3) * 1e3)
        ours_cpu += c1 - c0
        bare_cpu += c2 - c1
        full_cpu += c4 - c3
        present += row.present
    n = len(frames)
    return {
        "ours_mean_ms": float(np.mean(ours)),
        "ours_median_ms": float(np.median(ours)),
        "ours_cpu_ms": 1e3 * ours_cpu / n,
        "bare_invoke_mean_ms": float(np.mean(bare)),
        "bare_invoke_median_ms": float(np.median(bare)),
        "bare_invoke_cpu_ms": 1e3 * bare_cpu / n,
        "shipped_model_invoke_mean_ms": float(np.mean(full)),
        "shipped_model_invoke_cpu_ms": 1e3 * full_cpu / n,
        "detector_runs": detections,
        "frames_with_person": present,
        "frames": n,
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
    video = cuts_video()
    load_before = os.getloadavg()
    result: dict[str, object] = {
        "video": f"{video.name}: 6 real clips with cuts, 430 frames, one with two people"
    }
    parts = []
    for size in SIZES:
        frames = _frames(video, size)
        row = _ours(frames)
        mp = mediapipe_reference(video, len(frames), size)
        row["mediapipe_mean_ms"] = float(np.mean(mp["ms"]))
        row["mediapipe_median_ms"] = float(np.median(mp["ms"]))
        row["mediapipe_cpu_ms"] = float(np.mean(mp["cpu_ms"]))
        row["mediapipe_frames_with_person"] = int(np.isfinite(mp["image"][:, 0, 0]).sum())
        row["speedup_vs_mediapipe"] = row["mediapipe_mean_ms"] / row["ours_mean_ms"]
        row["speedup_vs_mediapipe_cpu"] = row["mediapipe_cpu_ms"] / row["ours_cpu_ms"]
        row["ours_over_bare_invoke"] = row["ours_mean_ms"] / row["shipped_model_invoke_mean_ms"]
        row["ours_over_bare_invoke_cpu"] = row["ours_cpu_ms"] / row["shipped_model_invoke_cpu_ms"]
        row["ours_over_own_floor"] = row["ours_mean_ms"] / row["bare_invoke_mean_ms"]
        row["ours_over_own_floor_cpu"] = row["ours_cpu_ms"] / row["bare_invoke_cpu_ms"]
        key = f"{size[0]}x{size[1]}"
        result[key] = row
        parts.append(
            f"{key}: ours {row['ours_mean_ms']:.1f} ms ({row['ours_cpu_ms']:.1f} CPU ms), "
            f"mediapipe {row['mediapipe_mean_ms']:.1f} ms (x{row['speedup_vs_mediapipe']:.2f}; "
            f"{row['mediapipe_cpu_ms']:.1f} CPU ms, x{row['speedup_vs_mediapipe_cpu']:.2f}), "
            f"bare invoke of the shipped model {row['shipped_model_invoke_mean_ms']:.1f} ms "
            f"({row['shipped_model_invoke_cpu_ms']:.1f} CPU ms; ours/bare "
            f"{row['ours_over_bare_invoke']:.3f}, CPU {row['ours_over_bare_invoke_cpu']:.3f}), "
            f"of ours without the mask {row['bare_invoke_mean_ms']:.1f} ms "
            f"({row['bare_invoke_cpu_ms']:.1f} CPU ms; ours/floor "
            f"{row['ours_over_own_floor']:.3f}, CPU {row['ours_over_own_floor_cpu']:.3f}), "
            f"{row['detector_runs']} detector runs"
        )
    tp = _throughput(demo_video())
    result["whole_video_1768x994"] = tp
    result["load_avg_before"] = [round(x, 2) for x in load_before]
    result["load_avg_after"] = [round(x, 2) for x in os.getloadavg()]
    result["targets"] = {
        "speedup_vs_mediapipe": TARGET_VS_MEDIAPIPE,
        "ours_over_bare_invoke": TARGET_OVER_BARE,
        "x_real_time": 2.0,
    }
    write_result(
        "pose_speed",
        result,
        "pose speed (real video with cuts, two people): "
        + "; ".join(parts)
        + f"; whole demo video (pose + file + analysis) x{tp['x_real_time']:.2f} real time"
        + f"; load {result['load_avg_before'][0]} -> {result['load_avg_after'][0]}",
    )


if __name__ == "__main__":
    main()
