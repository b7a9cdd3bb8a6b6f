"""Annotated and stick-figure videos: length, frame rate, and fault labels on the right frames."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest
from report_fixtures import FPS, PELVIS_AT, TEMPO_AT, H, W, make_landmarks

from demo_clips import read_frames
from upright.motion.landmarks import Landmarks
from upright.motion.result import Analysis
from upright.report.overlay import BAR_BG, bar_height, fault_panel_box
from upright.report.timeline import Timeline, fault_label
from upright.report.video import VideoError, annotate_video, render_stick_video


def _write_input(path: Path, n: int, fps: float, size: tuple[int, int]) -> None:
    """A test clip: a moving gradient so consecutive frames differ."""
    w, h = size
    out = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), fps, (w, h))
    assert out.isOpened()
    ramp = np.tile(np.linspace(0, 255, w, dtype=np.float32), (h, 1))
    for i in range(n):
        g = ((ramp + 4 * i) % 256).astype(np.uint8)
        out.write(cv2.merge([g, 255 - g, np.full_like(g, 90)]))
    out.release()


def _read_all(path: Path) -> tuple[float, list[np.ndarray]]:
    cap = cv2.VideoCapture(str(path))
    fps = cap.get(cv2.CAP_PROP_FPS)
    cap.release()
    return fps, read_frames(path)


def _panel_lit(frames: list[np.ndarray], width: int, height: int) -> list[bool]:
    """Per frame: is the fault panel painted (far from the plain bar colour)?"""
    x0, y0, x1, y1 = fault_panel_box(width, height)
    lit = []
    for f in frames:
        inner = f[y0 + 6 : y1 - 6, x0 + 12 : x1 - 12].astype(np.float32)
        lit.append(float(np.abs(inner - np.array(BAR_BG, np.float32)).mean()) > 20.0)
    return lit


def test_fault_label_uses_catalog_rule(known_analysis: Analysis, exercise) -> None:
    pelvis = known_analysis.reps[1].faults[0]
    assert fault_label(pelvis, exercise) == "Pelvis level, no twist: 14.0° > 10°"
    assert fault_label(pelvis) == "pelvis twist: 14.0° > 10°"


def test_timeline_counts_holds_and_windows(known_analysis: Analysis, exercise) -> None:
    tl = Timeline(known_analysis, exercise, show_s=1.0)
    assert tl.reps_done(1.79) == (("left", 0),)
    assert tl.reps_done(1.8) == (("left", 1),)
    assert tl.reps_done(6.0) == (("left", 3),)
    kind, held = tl.hold_at(3.0)
    assert kind == "peak" and held == pytest.approx(0.2)
    assert tl.hold_at(3.5) is None
    assert [w.fault.rule for w in tl.faults_at(PELVIS_AT + 0.5)] == ["pelvis_twist"]
    assert tl.faults_at(PELVIS_AT - 0.01) == ()
    assert tl.faults_at(PELVIS_AT + 1.0) == ()
    assert tl.windows[0].keypoints == ("left_hip", "right_hip")


def test_annotated_video_keeps_frame_count_and_fps(
    tmp_path: Path, landmarks: Landmarks, known_analysis: Analysis, exercise
) -> None:
    src = tmp_path / "in.mp4"
    _write_input(src, len(landmarks), FPS, (W, H))
    info = annotate_video(src, landmarks, known_analysis, tmp_path / "out.webm", exercise)
    fps, frames = _read_all(tmp_path / "out.webm")
    assert info.frames == len(frames) == len(landmarks) == 150
    assert fps == pytest.approx(FPS)
    assert frames[0].shape == (H + bar_height(W), W, 3)
    # The picture part is the input frame (the skeleton aside): check a corner patch.
    _, src_frames = _read_all(src)
    patch = np.s_[5:40, 5:60]
    assert np.abs(frames[10][patch].astype(int) - src_frames[10][patch].astype(int)).mean() < 12


def test_annotated_video_keeps_fractional_fps(tmp_path: Path, known_analysis, exercise) -> None:
    lm = make_landmarks()
    fps = 29.97
    lm = Landmarks.create(lm.image[:40], fps=fps, width=W, height=H)
    src = tmp_path / "ntsc.mp4"
    _write_input(src, 40, fps, (W, H))
    out = tmp_path / "ntsc.webm"
    info = annotate_video(src, lm, known_analysis, out, exercise, codec="VP90")
    got_fps, frames = _read_all(out)
    assert (info.frames, len(frames)) == (40, 40)
    assert got_fps == pytest.approx(fps, abs=0.01)


def test_fault_label_shows_exactly_while_fault_on_screen(
    tmp_path: Path, landmarks: Landmarks, known_analysis: Analysis, exercise
) -> None:
    out = tmp_path / "stick.webm"
    info = render_stick_video(landmarks, known_analysis, out, exercise, show_s=1.0)
    fps, frames = _read_all(out)
    assert (len(frames), fps) == (150, pytest.approx(FPS))
    lit = _panel_lit(frames, info.width, info.height - bar_height(info.width))
    # Faults at 2.62 s and 4.22 s, each on screen for 1 s, at 25 fps: frames 66-90, 106-130.
    expected = set(range(66, 91)) | set(range(106, 131))
    assert {i for i, on in enumerate(lit) if on} == expected
    assert PELVIS_AT * FPS < 66 and TEMPO_AT * FPS < 106


def test_bad_output_names_are_refused(tmp_path: Path, landmarks, known_analysis) -> None:
    with pytest.raises(VideoError, match=r"\.webm"):
        render_stick_video(landmarks, known_analysis, tmp_path / "x.mp4")
    with pytest.raises(VideoError, match="codec"):
        render_stick_video(landmarks, known_analysis, tmp_path / "x.webm", codec="H264")
    with pytest.raises(VideoError, match="could not open"):
        annotate_video(tmp_path / "missing.mp4", landmarks, known_analysis, tmp_path / "y.webm")


def test_simulated_fault_labels_on_the_frames_it_fired(tmp_path: Path, exercise) -> None:
    """A bird dog simulated with a 15 degree pelvis twist in its second rep, analysed by
    motion: the fault panel is lit on exactly the frames within 1 s after each reported
    fault. (15 fps and a small frame keep the encode short; the check is per frame.)"""
    sim = pytest.importorskip("upright.sim")
    if not hasattr(sim, "simulate"):
        pytest.skip("upright.sim.simulate is not there yet")
    from upright.motion import analyze
    from upright.sim.faults import FaultSpec

    result = sim.simulate(
        "bird_dog", reps=2, faults=[FaultSpec.parse("pelvis_twist:15@1")], fps=15.0, seed=0
    )
    lm = result.landmarks
    analysis = analyze(lm, exercise)
    fired = [f.at for f in analysis.all_faults()]
    assert any(f.rule == "pelvis_twist" for f in analysis.all_faults())
    info = render_stick_video(
        lm, analysis, tmp_path / "sim.webm", exercise, max_width=400, show_s=1.0
    )
    _, frames = _read_all(tmp_path / "sim.webm")
    assert len(frames) == len(lm)
    lit = _panel_lit(frames, info.width, info.height - bar_height(info.width))
    expected = {i for i, t in enumerate(lm.t) if any(a <= t < a + 1.0 for a in fired)}
    assert {i for i, on in enumerate(lit) if on} == expected


def test_a_video_faster_than_its_landmarks_keeps_the_frames_with_landmarks(
    tmp_path: Path, landmarks: Landmarks, known_analysis: Analysis, exercise
) -> None:
    # a 50 fps video whose landmarks were taken at 25 Hz (every second frame): its even
    # frames are dark, its odd ones light
    src = tmp_path / "fast.mp4"
    out = cv2.VideoWriter(str(src), cv2.VideoWriter_fourcc(*"mp4v"), 2 * FPS, (W, H))
    for i in range(2 * len(landmarks)):
        out.write(np.full((H, W, 3), (40, 200)[i % 2], np.uint8))
    out.release()
    info = annotate_video(src, landmarks, known_analysis, tmp_path / "out.webm", exercise)
    fps, frames = _read_all(tmp_path / "out.webm")
    assert info.frames == len(frames) == len(landmarks) == 150
    assert fps == pytest.approx(FPS) and info.fps == pytest.approx(FPS)
    corner = np.s_[5:40, 5:60]  # away from the skeleton: the input picture
    assert all(abs(float(f[corner].mean()) - 40) < 12 for f in frames)


def test_a_large_picture_is_scaled_down_with_its_skeleton(
    tmp_path: Path, known_analysis: Analysis, exercise
) -> None:
    lm = make_landmarks()
    big = Landmarks.create(lm.image[:20] * 3, fps=FPS, width=3 * W, height=3 * H)
    src = tmp_path / "big.mp4"
    _write_input(src, 20, FPS, (3 * W, 3 * H))  # 1920x1080
    info = annotate_video(src, big, known_analysis, tmp_path / "big.webm", exercise)
    _, frames = _read_all(tmp_path / "big.webm")
    assert (info.width, info.height) == (960, 540 + bar_height(960))
    assert len(frames) == 20 and frames[0].shape == (540 + bar_height(960), 960, 3)
    # the skeleton lands where the landmarks are, scaled with the picture: a hip point
    # drawn at half the 1920x1080 coordinates differs from the plain input there
    _, src_frames = _read_all(src)
    x, y = (big.image[5, 23, :2] / 2).round().astype(int)
    small = cv2.resize(src_frames[5], (960, 540), interpolation=cv2.INTER_AREA)
    box = np.s_[y - 3 : y + 4, x - 3 : x + 4]
    assert np.abs(frames[5][box].astype(int) - small[box].astype(int)).mean() > 30
