"""Camera frames as pictures: JPEGs decoded for the tracker, frames kept only in a WebM."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from upright.errors import UprightError
from upright.pose.frames import MAX_FRAME_SIDE, FrameError, FrameRecording, decode_jpeg


def gradient(width: int, height: int) -> np.ndarray:
    """A BGR picture whose blue channel rises left to right (0 to 255)."""
    row = np.linspace(0, 255, width, dtype=np.uint8)
    image = np.zeros((height, width, 3), np.uint8)
    image[:, :, 0] = row
    return image


def test_a_jpeg_comes_back_as_the_picture_it_was() -> None:
    picture = gradient(64, 48)
    ok, jpeg = cv2.imencode(".jpg", picture, [cv2.IMWRITE_JPEG_QUALITY, 95])
    assert ok
    image = decode_jpeg(jpeg.tobytes())
    assert image.shape == (48, 64, 3) and image.dtype == np.uint8
    assert np.abs(image.astype(int) - picture.astype(int)).mean() < 3.0


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"\xff\xd8 not a picture", "expected a JPEG image, got 16 undecodable bytes"),
        (b"\0" * 2_000_001, "expected at most 2000000 bytes, got 2000001"),
    ],
)
def test_what_is_not_a_picture_is_named(data: bytes, words: str) -> None:
    with pytest.raises(FrameError, match=words) as bad:
        decode_jpeg(data)
    assert isinstance(bad.value, UprightError)  # the live socket answers it as an error


def test_a_picture_too_large_is_refused() -> None:
    ok, jpeg = cv2.imencode(".jpg", gradient(MAX_FRAME_SIDE + 8, 16))
    assert ok
    with pytest.raises(FrameError, match=f"at most {MAX_FRAME_SIDE} pixels a side, got 1928x16"):
        decode_jpeg(jpeg.tobytes())


def test_a_recording_keeps_every_frame_at_the_first_ones_size(tmp_path: Path) -> None:
    recording = FrameRecording(tmp_path / "recordings", fps=10.0)
    for i in range(12):
        size = (64, 48) if i % 2 == 0 else (128, 96)  # the camera switched: scaled back
        recording.write(gradient(*size))
    recording.close()
    assert recording.path.parent == tmp_path / "recordings"
    assert recording.path.suffix == ".webm"
    cap = cv2.VideoCapture(str(recording.path))
    frames = 0
    while True:
        ok, frame = cap.read()
        if not ok:
            break
        assert frame.shape == (48, 64, 3)
        frames += 1
    cap.release()
    assert frames == 12
