"""Fixtures with known answers for the report tests.

`all_fours` is a stick person on hands and knees seen side-on in a 640 x 360 frame,
whose left arm swings from hanging (straight down) to straight forward and back once
every 2 s: 3 reps in 6 s at 25 fps (150 frames). `known_analysis` is the analysis a
perfect analyser would return for it, with one pelvis fault at 2.62 s (in rep 2) and one
tempo fault at 4.22 s (in rep 3); both fall between frames (25 fps), so which frame
first shows each is not a matter of rounding.
"""

from __future__ import annotations

import numpy as np

from upright.catalog import KEYPOINT_INDEX
from upright.motion.landmarks import Landmarks
from upright.motion.result import Analysis, Fault, Hold, Phase, Rep

FPS = 25.0
SECONDS = 6.0
W, H = 640, 360


def _all_fours(t: np.ndarray) -> np.ndarray:
    """Image keypoints [T, 33, 3] of the side-on person; arm angle 0 (down) to 90 (forward)."""
    n = len(t)
    pts = np.full((n, 33, 3), np.nan, np.float32)
    shoulder = np.array([420.0, 180.0])
    hip = np.array([240.0, 180.0])
    arm = np.deg2rad(90.0 * np.sin(np.pi * (t % 2.0) / 2.0) ** 2)  # 0 -> 90 deg -> 0
    elbow = shoulder + np.stack([np.sin(arm), np.cos(arm)], axis=1) * 55
    wrist = shoulder + np.stack([np.sin(arm), np.cos(arm)], axis=1) * 110

    def put(name: str, xy: np.ndarray) -> None:
        pts[:, KEYPOINT_INDEX[name], :2] = xy
        pts[:, KEYPOINT_INDEX[name], 2] = 0.0

    for side in ("left", "right"):
        put(f"{side}_shoulder", shoulder)
        put(f"{side}_hip", hip)
        put(f"{side}_knee", hip + [0, 110])
        put(f"{side}_ankle", hip + [-110, 110])
        put(f"{side}_heel", hip + [-118, 108])
        put(f"{side}_foot_index", hip + [-125, 118])
    put("right_elbow", shoulder + [0, 55])
    put("right_wrist", shoulder + [0, 110])
    put("right_index", shoulder + [8, 118])
    put("left_elbow", elbow)
    put("left_wrist", wrist)
    put("left_index", wrist + 8)
    put("nose", shoulder + [60, -10])
    put("left_ear", shoulder + [35, -25])
    put("right_ear", shoulder + [35, -25])
    return pts


def make_landmarks() -> Landmarks:
    t = np.arange(round(SECONDS * FPS)) / FPS
    return Landmarks.create(_all_fours(t), fps=FPS, width=W, height=H, t=t)


PELVIS_AT = 2.62
TEMPO_AT = 4.22


def make_analysis() -> Analysis:
    pelvis = Fault(
        rule="pelvis_twist", value=14.0, threshold=10.0, units="deg", at=PELVIS_AT, rep_index=2
    )
    tempo = Fault(
        rule="tempo_raise",
        value=0.3,
        threshold=0.5,
        units="s",
        at=TEMPO_AT,
        compare="below",
        rep_index=3,
    )
    reps = []
    for k in range(3):
        start = 2.0 * k
        faults = {1: (pelvis,), 2: (tempo,)}.get(k, ())
        reps.append(
            Rep(
                index=k + 1,
                side="left",
                start=start + 0.2,
                end=start + 1.8,
                phases=(
                    Phase("raise", start + 0.2, start + 0.8),
                    Phase("hold", start + 0.8, start + 1.2),
                    Phase("return", start + 1.2, start + 1.8),
                ),
                hold_s=0.4,
                faults=faults,
            )
        )
    holds = tuple(
        Hold(kind="peak", side="left", start=2.0 * k + 0.8, end=2.0 * k + 1.2, rep_index=k + 1)
        for k in range(3)
    )
    return Analysis(
        exercise="bird_dog",
        sides=("left",),
        reps=tuple(reps),
        holds=holds,
        duration_s=SECONDS,
        fps=FPS,
    )
