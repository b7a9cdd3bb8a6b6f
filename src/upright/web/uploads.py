"""Uploaded files: type checked by content, stored under the data directory by generated name.

A file's name as the user's machine called it is never used as a path: each upload gets
a random 32-hex-digit id and the extension of the type its first bytes show. Ids are
checked against that pattern before any path is built, so ``../`` and friends cannot
reach outside the uploads folder.
"""

from __future__ import annotations

import re
import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Literal

from upright.errors import UprightError
from upright.web.forms import NotHere

Kind = Literal["video", "log"]
UPLOAD_ID = re.compile(r"^[0-9a-f]{32}$")
CHUNK = 1024 * 1024


class UploadError(UprightError):
    """An upload that cannot be taken or found."""


class UploadTypeError(UploadError):
    """An upload whose content is not a type accepted here."""


class UploadNotFound(UploadError, NotHere):
    """An unknown or malformed upload id."""


def sniff_video(head: bytes) -> str | None:
    """The container of a video from its first bytes: ``"mp4"``, ``"webm"``, ``"avi"`` or None.

    MP4 and QuickTime files start with an ``ftyp`` box (bytes 4-7), WebM and Matroska
    with the EBML magic ``1A 45 DF A3``, AVI with ``RIFF`` .... ``AVI ``.
    """
    if head[4:8] == b"ftyp":
        return "mov" if head[8:10] == b"qt" else "mp4"
    if head[:4] == b"\x1a\x45\xdf\xa3":
        return "webm"
    if head[:4] == b"RIFF" and head[8:12] == b"AVI ":
        return "avi"
    return None


def sniff_log(head: bytes) -> str | None:
    """The type of a running-log file from its first bytes: fit, gpx, zip, csv or None.

    FIT files carry ``.FIT`` at bytes 8-11 after a 12- or 14-byte header; GPX is XML
    with a ``<gpx`` element near the top; a ZIP starts with ``PK`` 3 4; a CSV is text
    whose first line has a comma.
    """
    if len(head) >= 12 and head[0] in (12, 14) and head[8:12] == b".FIT":
        return "fit"
    if head[:4] == b"PK\x03\x04":
        return "zip"
    if head[:2] == b"\x1f\x8b":
        return None  # a lone gzip: only inside a Strava zip, which the importer unpacks
    try:
        text = head.decode("utf-8-sig")
    except UnicodeDecodeError:
        # The head may end mid-character: retry without its last few bytes.
        try:
            text = head[:-4].decode("utf-8-sig")
        except UnicodeDecodeError:
            return None
    stripped = text.lstrip()
    if stripped.startswith("<") and "<gpx" in text[:2048]:
        return "gpx"
    first = stripped.splitlines()[0] if stripped else ""
    if "," in first and "\x00" not in text:
        return "csv"
    return None


SNIFFERS = {"video": sniff_video, "log": sniff_log}


@dataclass(frozen=True)
class StoredUpload:
    """One stored upload: its id, detected type, path on disk and size in bytes."""

    id: str
    kind: Kind
    ext: str
    path: Path
    size_bytes: int
    original_name: str


def safe_display_name(name: str | None) -> str:
    """The user's file name reduced to a harmless label (never used as a path)."""
    base = (name or "upload").replace("\\", "/").rsplit("/", 1)[-1]
    return re.sub(r"[^\w.\- ]", "_", base)[:120] or "upload"


class UploadStore:
    """The uploads folder: ``ROOT/<kind>/<id>.<ext>``."""

    def __init__(self, root: Path):
        self.root = root

    def save(self, kind: Kind, src: BinaryIO, original_name: str | None) -> StoredUpload:
        """Copy ``src`` into the store after checking its type by its first bytes.

        Raises
        ------
        UploadTypeError
            When the content is not a type accepted for ``kind``.
        """
        head = src.read(4096)
        ext = SNIFFERS[kind](head)
        label = safe_display_name(original_name)
        if ext is None:
            accepted = "MP4, MOV, WebM or AVI" if kind == "video" else "FIT, GPX, CSV or ZIP"
            raise UploadTypeError(
                f"{label}: expected a {accepted} file, but its content is not one"
            )
        folder = self.root / kind
        folder.mkdir(parents=True, exist_ok=True)
        upload_id = secrets.token_hex(16)
        path = folder / f"{upload_id}.{ext}"
        with path.open("wb") as out:
            out.write(head)
            shutil.copyfileobj(src, out, CHUNK)
        return StoredUpload(upload_id, kind, ext, path, path.stat().st_size, label)

    def path_of(self, kind: Kind, upload_id: str) -> Path:
        """The stored file of ``upload_id``; `UploadNotFound` when malformed or absent."""
        if not UPLOAD_ID.fullmatch(upload_id):
            raise UploadNotFound(f"upload id: expected 32 hex digits, got {upload_id!r}")
        folder = (self.root / kind).resolve()
        for path in folder.glob(f"{upload_id}.*"):
            if path.resolve().parent == folder:
                return path
        raise UploadNotFound(f"no {kind} upload with id {upload_id}")

    def delete(self, kind: Kind, upload_id: str) -> None:
        """Delete the stored file of ``upload_id`` (`UploadNotFound` when there is none)."""
        self.path_of(kind, upload_id).unlink()
