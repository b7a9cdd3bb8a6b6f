"""Parity of our BlazePose pipeline with mediapipe 0.10.21's ``mp.solutions.pose``.

Both run on every frame of the Sports2D demo video (1768x994, 230 frames) in the same
run. Reported: per-keypoint image distance as a share of the image diagonal (median,
p95; targets 1 % and 3 %), agreement on which frames have a person, visibility agreement
(same side of 0.5, and mean absolute difference), and world-landmark distance in cm.

``--write-test-data`` also stores mediapipe's landmarks on a few frames in
``tests/pose/data/mp_reference_demo.npz`` for the regression test that runs without
mediapipe.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from pose_common import demo_video, mediapipe_reference, write_result
from upright.pose import video_to_landmarks

TEST_FRAMES = (10, 25, 40, 55, 70, 89)  # of the first 90 frames, stored for the test
TEST_DATA = Path(__file__).parents[1] / "tests" / "pose" / "data" / "mp_reference_demo.npz"


def compare(ours: dict[str, np.ndarray], ref: dict[str, np.ndarray], diagonal: float) -> dict:
    """Agreement figures between two landmark sets on the same frames."""
    p_ours = np.isfinite(ours["image"][:, 0, 0])
    p_ref = np.isfinite(ref["image"][:, 0, 0])
    both = p_ours & p_ref
    dist = np.linalg.norm(ours["image"][both, :, :2] - ref["image"][both, :, :2], axis=-1)
    share = dist / diagonal
    world_cm = np.linalg.norm(ours["world"][both] - ref["world"][both], axis=-1) * 100.0
    vis_o, vis_r = ours["visibility"][both], ref["visibility"][both]
    per_kp = np.median(share, axis=0)
    return {
        "frames": int(len(p_ours)),
        "frames_person_ours": int(p_ours.sum()),
        "frames_person_mediapipe": int(p_ref.sum()),
        "frames_person_agree": float(np.mean(p_ours == p_ref)),
        "image_dist_median_pct_diag": float(np.median(share) * 100),
        "image_dist_p95_pct_diag": float(np.percentile(share, 95) * 100),
        "image_dist_median_px": float(np.median(dist)),
        "image_dist_worst_keypoint_median_pct_diag": float(per_kp.max() * 100),
        "visibility_same_side_of_half": float(np.mean((vis_o > 0.5) == (vis_r > 0.5))),
        "visibility_mean_abs_diff": float(np.mean(np.abs(vis_o - vis_r))),
        "world_dist_median_cm": float(np.median(world_cm)),
        "world_dist_p95_cm": float(np.percentile(world_cm, 95)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write-test-data", action="store_true")
    args = parser.parse_args()
    video = demo_video()
    ref = mediapipe_reference(video)
    lm = video_to_landmarks(video)
    ours = {"image": lm.image, "world": lm.world, "visibility": lm.visibility}
    result = compare(ours, ref, float(np.hypot(lm.width, lm.height)))
    result["video"] = f"Sports2D demo.mp4 {lm.width}x{lm.height} {lm.fps:g} fps"
    result["targets"] = {"image_dist_median_pct_diag": 1.0, "image_dist_p95_pct_diag": 3.0}
    result["pass"] = bool(
        result["image_dist_median_pct_diag"] <= 1.0 and result["image_dist_p95_pct_diag"] <= 3.0
    )
    if args.write_test_data:
        idx = np.array(TEST_FRAMES)
        np.savez_compressed(
            TEST_DATA,
            frames=idx,
            image=ref["image"][idx].astype(np.float32),
            world=ref["world"][idx].astype(np.float32),
            visibility=ref["visibility"][idx].astype(np.float32),
        )
    write_result(
        "pose_parity",
        result,
        (
            f"pose parity vs mediapipe 0.10.21 on {result['frames']} frames: image distance "
            f"median {result['image_dist_median_pct_diag']:.3f} % / p95 "
            f"{result['image_dist_p95_pct_diag']:.3f} % of the diagonal (targets 1 / 3 %), "
            f"person-frame agreement {result['frames_person_agree']:.3f}, visibility same side "
            f"{result['visibility_same_side_of_half']:.3f}, world median "
            f"{result['world_dist_median_cm']:.2f} cm -> {'PASS' if result['pass'] else 'FAIL'}"
        ),
    )


if __name__ == "__main__":
    main()
