"""Uploads: type by content, generated names, no path traversal, size limits."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from upright.web.uploads import (
    UploadNotFound,
    UploadStore,
    UploadTypeError,
    safe_display_name,
    sniff_log,
    sniff_video,
)

MP4_HEAD = b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00isomiso2avc1mp41" + b"\x00" * 64
WEBM_HEAD = b"\x1a\x45\xdf\xa3" + b"\x00" * 64
FIT_HEAD = bytes([14, 0x20, 0, 0, 0, 0, 0, 0]) + b".FIT" + b"\x00" * 64
GPX = b'<?xml version="1.0"?>\n<gpx version="1.1" creator="t"><trk></trk></gpx>'


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (MP4_HEAD, "mp4"),
        (WEBM_HEAD, "webm"),
        (b"RIFF\x00\x00\x00\x00AVI LIST", "avi"),
        (b"\x00\x00\x00\x14ftypqt  ", "mov"),
        (b"<html>not a video</html>", None),
        (b"", None),
    ],
)
def test_sniff_video(head: bytes, expected: str | None) -> None:
    assert sniff_video(head) == expected


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (FIT_HEAD, "fit"),
        (GPX, "gpx"),
        (b"PK\x03\x04rest", "zip"),
        (b"Activity ID,Activity Date,Distance\n1,2024,5\n", "csv"),
        (b"\xef\xbb\xbfActivity Type,Date\n", "csv"),
        (MP4_HEAD, None),
        (b"\x89PNG\r\n\x1a\n", None),
        (b"<html><body>", None),
    ],
)
def test_sniff_log(head: bytes, expected: str | None) -> None:
    assert sniff_log(head) == expected


def test_save_uses_generated_name_and_detected_type(tmp_path: Path) -> None:
    store = UploadStore(tmp_path)
    up = store.save("video", io.BytesIO(MP4_HEAD * 10), "../../etc/passwd.webm")
    assert up.path.parent == tmp_path / "video"
    assert up.path.name == f"{up.id}.mp4"
    assert up.size_bytes == len(MP4_HEAD) * 10
    assert up.original_name == "passwd.webm"
    assert store.path_of("video", up.id) == up.path
    store.delete("video", up.id)
    assert not up.path.exists()
    with pytest.raises(UploadNotFound):
        store.path_of("video", up.id)


def test_wrong_content_is_refused_whatever_the_name(tmp_path: Path) -> None:
    store = UploadStore(tmp_path)
    with pytest.raises(UploadTypeError, match="clip.mp4"):
        store.save("video", io.BytesIO(b"#!/bin/sh\nrm -rf /\n"), "clip.mp4")
    assert not any((tmp_path / "video").glob("*"))


@pytest.mark.parametrize("bad", ["../video/x", "..", "a" * 32 + "/..", "A" * 32, "*", ""])
def test_ids_that_could_traverse_are_refused(tmp_path: Path, bad: str) -> None:
    store = UploadStore(tmp_path)
    with pytest.raises(UploadNotFound):
        store.path_of("video", bad)


def test_display_name_is_harmless() -> None:
    assert safe_display_name("C:\\Users\\me\\run <1>.gpx") == "run _1_.gpx"
    assert safe_display_name(None) == "upload"
