"""Video files re-encoded for a browser: their codec, and a VP8 WebM copy.

Browsers play H.264, VP8, VP9 and AV1; an MPEG-4 Part 2 ("mp4v") or HEVC video they do
not. `codec` reads the tag OpenCV reports; `playable_copy` writes a VP8 WebM copy (the
one encoder browsers play that OpenCV's wheel has), every frame at the original rate so
anything drawn in time with it stays in time, scaled down to `MAX_SIDE` pixels.
"""

from __future__ import annotations

import os
from pathlib import Path

from upright.errors import UprightError

# Codec tags as OpenCV (FFmpeg) reports them, lower case, for codecs browsers decode.
BROWSER_CODECS = frozenset({"h264", "avc1", "avc3", "vp80", "vp90", "vp08", "vp09", "av01"})
MAX_SIDE = 1280  # longest side of the WebM copy, pixels
MAX_SHORT_SIDE = 720  # shortest side of the WebM copy, pixels


class PlaybackError(UprightError, OSError):
    """A video could not be copied for the browser; the message names the file."""


def codec(path: Path) -> str:
    """The video codec's tag as OpenCV reports it, lower case (``h264``, ``vp90``...)."""
    import cv2

    cap = cv2.VideoCapture(str(path))
    try:
        tag = int(cap.get(cv2.CAP_PROP_FOURCC)) if cap.isOpened() else 0
    finally:
        cap.release()
    return tag.to_bytes(4, "little").decode("latin-1").strip("\0 ").lower()


def copy_size(width: int, height: int) -> tuple[int, int]:
    """Frame size of the WebM copy: within `MAX_SIDE` x `MAX_SHORT_SIDE`, even numbers."""
    long_side, short_side = max(width, height), min(width, height)
    scale = min(1.0, MAX_SIDE / long_side, MAX_SHORT_SIDE / short_side)
    return max(2, round(width * scale / 2) * 2), max(2, round(height * scale / 2) * 2)


def playable_copy(src: Path, dst: Path) -> Path:
    """Write a VP8 WebM copy of ``src`` at ``dst`` (a ``.webm`` name); return ``dst``.

    Every frame is kept at the original frame rate, so frame ``i`` stays at ``i / fps``
    seconds. The file appears at ``dst`` only when complete. `PlaybackError` when the
    video cannot be read or the copy written.
    """
    import cv2

    if dst.suffix.lower() != ".webm":
        raise PlaybackError(f"{dst}: expected a .webm file name, got {dst.suffix!r}")
    cap = cv2.VideoCapture(str(src))
    part = dst.with_name(dst.stem + ".part.webm")
    writer = None
    try:
        fps = float(cap.get(cv2.CAP_PROP_FPS)) if cap.isOpened() else 0.0
        if not fps > 0:
            raise PlaybackError(f"{src}: expected a video with a frame rate, got {fps}")
        while True:
            ok, frame = cap.read()
            if not ok:
                break
            h, w = frame.shape[:2]
            if writer is None:
                size = copy_size(w, h)
                writer = cv2.VideoWriter(str(part), cv2.VideoWriter.fourcc(*"VP80"), fps, size)
                if not writer.isOpened():
                    raise PlaybackError(f"{part}: OpenCV could not open a VP8 WebM writer")
            if (w, h) != size:
                frame = cv2.resize(frame, size, interpolation=cv2.INTER_AREA)
            writer.write(frame)
        if writer is None:
            raise PlaybackError(f"{src}: no frame could be read")
        writer.release()
        writer = None
        os.replace(part, dst)
    finally:
        cap.release()
        if writer is not None:
            writer.release()
        part.unlink(missing_ok=True)
    return dst
