"""Whether a browser can play an uploaded video, and a WebM copy for when it cannot.

The web page plays the uploaded video itself, with the analysis drawn over it. Browsers
play H.264, VP8, VP9 and AV1 in MP4, QuickTime or WebM files; an AVI, or an MPEG-4
Part 2 ("mp4v") or HEVC video, they do not. `browser_plays` tells by the file's first
bytes (the container) and the codec (`upright.pose.transcode`, which also writes the
VP8 WebM copy: pixels are the pose package's).
"""

from __future__ import annotations

from pathlib import Path

from upright.pose.transcode import BROWSER_CODECS, codec, playable_copy

# In an analysis's folder: the copy, and the mark that it is being made.
PLAYABLE_FILE = "playable.webm"
PENDING_FILE = "playable.pending"


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


def browser_plays(path: Path) -> bool:
    """Whether common browsers play ``path`` as it is (container and codec)."""
    return container(path) in ("mp4", "mov", "webm") and codec(path) in BROWSER_CODECS


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
