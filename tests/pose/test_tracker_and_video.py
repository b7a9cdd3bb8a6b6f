import shutil
import subprocess
import warnings

import cv2
import numpy as np
import pytest

from upright.pose import (
    MultiplePeopleWarning,
    NoPersonError,
    PoseError,
    PoseTracker,
    VideoError,
    VideoFile,
    video_to_landmarks,
)
from upright.pose.pipeline import analysis_step


def _write(path, frames, fps):
    h, w = frames[0].shape[:2]
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), fps, (w, h))
    for f in frames:
        writer.write(f)
    writer.release()
    return path


def test_file_path_equals_streaming_path(blazepose, clip_path, clip_frames):
    blazepose.reset()
    from_file = video_to_landmarks(clip_path, backend=blazepose)
    blazepose.reset()
    tracker = PoseTracker(blazepose)
    rows = [tracker.update(f, i / from_file.fps) for i, f in enumerate(clip_frames)]
    assert len(rows) == len(from_file) == 60
    np.testing.assert_array_equal(np.stack([r.image for r in rows]), from_file.image)
    np.testing.assert_array_equal(np.stack([r.world for r in rows]), from_file.world)
    np.testing.assert_array_equal(np.stack([r.visibility for r in rows]), from_file.visibility)
    assert from_file.fps == 30.0 and (from_file.width, from_file.height) == (640, 360)
    # the walker is found on most frames, with world points in metres about the hips
    found = np.isfinite(from_file.image[:, 0, 0])
    assert found.mean() > 0.8
    hips = from_file.world[found][:, 23:25]
    assert np.all(np.abs(hips) < 0.3)
    assert np.all((from_file.image[found, :, 0] > -100) & (from_file.image[found, :, 0] < 740))


def test_detector_runs_only_when_tracking_is_lost(clip_frames):
    from upright.pose import BlazePose

    pose = BlazePose(recount_every_s=0)
    calls = []
    detect = pose.detector.detect
    pose.detector.detect = lambda frame: calls.append(1) or detect(frame)
    tracker = PoseTracker(pose)
    rows = [tracker.update(f, i / 30) for i, f in enumerate(clip_frames)]
    found = np.array([r.present for r in rows])
    # one detector run per frame without a region from the frame before
    expected = 1 + int(np.sum(~found[:-1]))
    assert len(calls) == expected
    assert len(calls) < 0.3 * len(rows)


def test_frame_without_person_is_a_nan_row(blazepose):
    blazepose.reset()
    tracker = PoseTracker(blazepose)
    row = tracker.update(np.full((360, 640, 3), 90, np.uint8), 0.0)
    assert not row.present
    assert np.isnan(row.image).all() and np.isnan(row.world).all()
    assert (row.visibility == 0).all()


def test_time_must_increase(blazepose):
    blazepose.reset()
    tracker = PoseTracker(blazepose)
    blank = np.zeros((100, 100, 3), np.uint8)
    tracker.update(blank, 1.0)
    with pytest.raises(PoseError, match="expected a finite time after 1.0 s"):
        tracker.update(blank, 1.0)
    with pytest.raises(PoseError, match="uint8"):
        tracker.update(blank.astype(np.float32), 2.0)


def _walker_crops(demo_path, first=110, last=125):
    """600x994 crops (x 500..1100) of the demo where the walker is fully inside."""
    cap = cv2.VideoCapture(str(demo_path))
    crops = []
    for i in range(last):
        ok, frame = cap.read()
        if i >= first:
            crops.append(np.ascontiguousarray(frame[:, 500:1100]))
    cap.release()
    return crops


def test_second_person_warns_once_with_time(blazepose, demo_path):
    crops = _walker_crops(demo_path)
    blazepose.reset()
    messages = []
    tracker = PoseTracker(blazepose, on_warning=messages.append)
    for i, crop in enumerate(crops[:5]):  # the walker alone, an empty grey half beside
        tracker.update(np.hstack([crop, np.full_like(crop, 128)]), i / 30)
    for i, crop in enumerate(crops[5:], start=5):  # then their mirror image comes in
        tracker.update(np.hstack([crop, crop[:, ::-1]]), 1.0 + i / 30)
    assert len(messages) == 1
    assert "another person came into view at 1.17 s" in messages[0]
    assert tracker.frames_with_person == len(crops)


def test_default_warning_goes_through_warnings_module(blazepose, demo_path):
    crop = _walker_crops(demo_path, 119, 120)[0]
    blazepose.reset()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        PoseTracker(blazepose).update(np.hstack([crop, crop[:, ::-1]]), 0.0)
    assert [w.category for w in caught] == [MultiplePeopleWarning]
    assert "2 people in view at 0.00 s" in str(caught[0].message)


def test_fractional_frame_rate_is_kept(tmp_path, clip_frames, blazepose):
    path = _write(tmp_path / "ntsc.mp4", clip_frames[:12], 30000 / 1001)
    blazepose.reset()
    lm = video_to_landmarks(path, backend=blazepose)
    assert lm.fps == pytest.approx(29.97003, abs=1e-4)
    np.testing.assert_allclose(lm.t, np.arange(12) / lm.fps)


@pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="needs Debian's ffmpeg")
def test_rotation_metadata_is_honoured(tmp_path, clip_path):
    rotated = tmp_path / "rotated.mp4"
    subprocess.run(
        [
            "ffmpeg",
            "-loglevel",
            "error",
            "-y",
            "-i",
            str(clip_path),
            "-t",
            "0.2",
            "-c",
            "copy",
            "-metadata:s:v:0",
            "rotate=90",
            str(rotated),
        ],
        check=True,
    )
    with VideoFile(rotated) as video:
        assert (video.info.width, video.info.height) == (360, 640)
        frame, t = next(iter(video))
        assert frame.shape == (640, 360, 3) and t == 0.0


def test_bad_inputs_give_clear_errors(tmp_path, clip_path, demo_path, clip_frames, blazepose):
    empty = tmp_path / "empty.mp4"
    empty.write_bytes(b"")
    text = tmp_path / "notes.mp4"
    text.write_text("this is not a video\n" * 50)
    no_index = tmp_path / "no_index.mp4"  # OpenCV writes the MP4 index at the end
    data = clip_path.read_bytes()
    no_index.write_bytes(data[: len(data) // 2])
    truncated = tmp_path / "truncated.mp4"  # the demo has its index first
    data = demo_path.read_bytes()
    truncated.write_bytes(data[: len(data) // 2])
    one = _write(tmp_path / "one.mp4", clip_frames[:1], 30.0)
    nobody = _write(
        tmp_path / "nobody.mp4",
        [np.full((240, 320, 3), c, np.uint8) for c in range(40, 100, 6)],
        30.0,
    )
    cases = [
        (tmp_path / "missing.mp4", VideoError, "missing.mp4: no such file"),
        (empty, VideoError, "empty.mp4: the file is empty"),
        (text, VideoError, "notes.mp4: not a video"),
        (no_index, VideoError, "no_index.mp4: not a video OpenCV can decode"),
        (truncated, VideoError, "truncated.mp4: truncated or damaged: the file announces 230"),
        (one, VideoError, "one.mp4: expected a video of at least 2 frames, got 1"),
        (nobody, NoPersonError, "nobody.mp4: no person found in any of its 10 frames"),
    ]
    for path, error, message in cases:
        blazepose.reset()
        with pytest.raises(error, match=message):
            video_to_landmarks(path, backend=blazepose)


def test_a_long_video_with_nobody_fails_after_a_few_sampled_frames(tmp_path, blazepose):
    # 40 s of a plain room: the probe looks at 12 frames spread over it and stops
    rng = np.random.default_rng(0)
    room = np.full((240, 320, 3), (180, 190, 200), np.uint8)
    frames = [
        np.clip(room + rng.integers(-6, 7, room.shape), 0, 255).astype(np.uint8)
        for _ in range(1200)
    ]
    path = _write(tmp_path / "empty_room.mp4", frames, 30.0)
    done: list[int] = []
    blazepose.reset()
    with pytest.raises(NoPersonError) as err:
        video_to_landmarks(path, backend=blazepose, progress=lambda n, _: done.append(n))
    assert str(err.value).startswith(
        f"{path}: no person found in 12 frames spread over its 40.0 s, so the rest was not read"
    )
    assert done == [], "no frame should go through the full read"


def test_a_person_who_comes_in_late_is_still_followed(tmp_path, blazepose, clip_frames):
    # two thirds of the video show an empty frame; the probe must find the person after
    h, w = clip_frames[0].shape[:2]
    blank = [np.full((h, w, 3), 128, np.uint8)] * (2 * len(clip_frames))
    path = _write(tmp_path / "late.mp4", blank + list(clip_frames), 30.0)
    blazepose.reset()
    lm = video_to_landmarks(path, backend=blazepose)
    found = np.isfinite(lm.image[:, 0, 0])
    assert len(lm) == 3 * len(clip_frames)
    assert not found[: len(blank)].any() and found[len(blank) :].mean() > 0.9


def test_a_fast_video_is_taken_at_every_second_frame_with_the_file_times(
    tmp_path, clip_frames, blazepose
):
    # the 2 s walk doubled to a 60 fps file of 120 frames: 60 rows at 30 Hz
    path = _write(tmp_path / "fast.mp4", [f for f in clip_frames for _ in (0, 1)], 60.0)
    blazepose.reset()
    lm = video_to_landmarks(path, backend=blazepose)
    assert analysis_step(60.0) == 2
    assert len(lm) == 60 and lm.fps == 30.0
    np.testing.assert_allclose(lm.t, np.arange(0, 120, 2) / 60.0)
    # the same rows as the tracker given the file's even frames at their times
    with VideoFile(path) as video:
        decoded = [f for f, _ in video]
    blazepose.reset()
    tracker = PoseTracker(blazepose)
    rows = [tracker.update(f, i / 60.0) for i, f in enumerate(decoded) if i % 2 == 0]
    np.testing.assert_array_equal(np.stack([r.image for r in rows]), lm.image)
    np.testing.assert_array_equal(np.stack([r.visibility for r in rows]), lm.visibility)
    assert np.isfinite(lm.image[:, 0, 0]).mean() > 0.8


@pytest.mark.parametrize(
    ("fps", "step"),
    [(24.0, 1), (30.0, 1), (30000 / 1001, 1), (48.0, 1), (50.0, 2), (60000 / 1001, 2), (60.0, 2)]
    + [(100.0, 4), (120.0, 4), (240.0, 9)],
)
def test_the_usual_fast_rates_are_taken_at_25_to_30_hz(fps, step):
    assert analysis_step(fps) == step
    if step > 1:
        assert 25.0 <= fps / step <= 30.0 + 1e-9
    assert fps / step >= 25.0 or step == 1  # never fewer than 25 frames a second
