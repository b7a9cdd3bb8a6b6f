"""Whether a browser can play an uploaded video, and a WebM copy for when it cannot.

The web page plays the uploaded video itself, with the analysis drawn over it. Browsers
play H.264, VP8, VP9 and AV1 in MP4, QuickTime or WebM files; an AVI, or an MPEG-4
Part 2 ("mp4v") or HEVC video, they do not. `browser_plays` tells by the file's first
bytes (the container) and the codec OpenCV reports; `playable_copy` writes a VP8 WebM
copy (the one encoder browsers can play that OpenCV's wheel has), with every frame at
the original rate so the drawing stays in time, scaled down to `MAX_SIDE` pixels.
"""

from __future__ import annotations

import os
from pathlib import Path

from upright.errors import UprightError

# Codec tags as OpenCV (FFmpeg) reports them, lower case, for codecs browsers decode.
BROWSER_CODECS = frozenset({"h264", "avc1", "avc3", "vp80", "vp90", "vp08", "vp09", "av01"})
MAX_SIDE = 1280  # longest side of the WebM copy, pixels
MAX_SHORT_SIDE = 720  # shortest side of the WebM copy, pixels
# In an analysis's folder: the copy, and the mark that it is being made.
PLAYABLE_FILE = "playable.webm"
PENDING_FILE = "playable.pending"


class PlaybackError(UprightError, OSError):
    """A video could not be copied for the browser; the message names the file."""


def container(path: Path) -> str | None:
    """The container of a video by its first bytes: mp4, mov, webm, avi or None."""
    with path.open("rb") as f:
        head = f.read(12)
    if head[4:8] == b"ftyp":
        return "mov" if head[8:10] == b"qt" else "mp4"
    if head[:4] == b"\x1a\x45\xdf\xa3":
        return "webm"
    if head[:4] == b"RIFF" and head[8:12] == b"AVI ":
        return "avi"
    return None


def codec(path: Path) -> str:
    """The video codec's tag as OpenCV reports it, lower case (``h264``, ``vp90``...)."""
    import cv2

    cap = cv2.VideoCapture(str(path))
    try:
        tag = int(cap.get(cv2.CAP_PROP_FOURCC)) if cap.isOpened() else 0
    finally:
        cap.release()
    return tag.to_bytes(4, "little").decode("latin-1").strip("\0 ").lower()


def browser_plays(path: Path) -> bool:
    """Whether common browsers play ``path`` as it is (container and codec)."""
    return container(path) in ("mp4", "mov", "webm") and codec(path) in BROWSER_CODECS


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


def needs_copy(video: Path, out_dir: Path) -> bool:
    """Whether ``video`` needs a WebM copy to play; if so, mark ``out_dir`` as waiting.

    Call before the result is shown, so the page knows a copy is on its way.
    """
    if browser_plays(video):
        return False
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / PENDING_FILE).touch()
    return True


def make_copy(video: Path, out_dir: Path) -> Path:
    """Write ``out_dir``'s `PLAYABLE_FILE` from ``video``, then lift the waiting mark.

    The mark is lifted also when the copy fails (`PlaybackError`, `OSError`), so the
    page stops waiting.
    """
    try:
        return playable_copy(video, out_dir / PLAYABLE_FILE)
    finally:
        (out_dir / PENDING_FILE).unlink(missing_ok=True)


def playback_state(out_dir: Path) -> str:
    """How ``out_dir``'s video plays: ``copy``, ``converting`` or ``original``.

    ``copy`` when the WebM copy is there, ``converting`` while it is made, else
    ``original`` (the upload plays as it is, or its copy could not be made).
    """
    if (out_dir / PLAYABLE_FILE).is_file():
        return "copy"
    return "converting" if (out_dir / PENDING_FILE).is_file() else "original"
