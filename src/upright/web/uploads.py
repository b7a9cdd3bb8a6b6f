"""Uploaded files: type checked by content, stored under the data directory by generated name.

A file's name as the user's machine called it is never used as a path: each upload gets
a random 32-hex-digit id and the extension of the type its first bytes show. Ids are
checked against that pattern before any path is built, so ``../`` and friends cannot
reach outside the uploads folder.

Uploads and the analyses made from them share a quota per data folder
(``upright serve --upload-quota``): an upload that would pass it is refused with the
sizes, and one cut short (quota, full disk, dropped connection) leaves no partial file.
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Literal

from upright.errors import UprightError
from upright.web.forms import NotHere
from upright.web.settings import format_size

Kind = Literal["video", "log"]
UPLOAD_ID = re.compile(r"^[0-9a-f]{32}$")
CHUNK = 1024 * 1024


class UploadError(UprightError):
    """An upload that cannot be taken or found."""


class UploadTypeError(UploadError):
    """An upload whose content is not a type accepted here."""


class UploadNotFound(UploadError, NotHere):
    """An unknown or malformed upload id."""


class UploadNoRoom(UploadError):
    """An upload refused for want of space: the data folder's quota, or a full disk."""


def folder_bytes(folders: Iterable[Path]) -> int:
    """Total size of the files under ``folders`` (missing folders count 0)."""
    total = 0
    for folder in folders:
        for root, _dirs, files in os.walk(folder):
            for name in files:
                try:
                    total += os.stat(os.path.join(root, name), follow_symlinks=False).st_size
                except OSError:
                    continue  # removed while we counted
    return total


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
    """The uploads folder: ``ROOT/<kind>/<id>.<ext>``.

    Parameters
    ----------
    root
        The uploads folder.
    quota_bytes
        Most bytes the uploads and the ``counted`` folders may hold together; None for
        no quota.
    counted
        Other folders whose files count against the quota (the analyses' outputs).
    """

    def __init__(self, root: Path, quota_bytes: int | None = None, counted: tuple[Path, ...] = ()):
        self.root = root
        self.quota_bytes = quota_bytes
        self.counted = counted

    def used_bytes(self) -> int:
        """Bytes the uploads and the counted folders take now."""
        return folder_bytes((self.root, *self.counted))

    def save(self, kind: Kind, src: BinaryIO, original_name: str | None) -> StoredUpload:
        """Copy ``src`` into the store after checking its type by its first bytes.

        Raises
        ------
        UploadTypeError
            When the content is not a type accepted for ``kind``.
        UploadNoRoom
            When the file would pass the quota or the disk is full (nothing is kept).
        """
        head = src.read(4096)
        ext = SNIFFERS[kind](head)
        label = safe_display_name(original_name)
        if ext is None:
            accepted = "MP4, MOV, WebM or AVI" if kind == "video" else "FIT, GPX, CSV or ZIP"
            raise UploadTypeError(
                f"{label}: expected a {accepted} file, but its content is not one"
            )
        room = None if self.quota_bytes is None else self.quota_bytes - self.used_bytes()
        size = _size_of(src)
        if room is not None and size is not None and size > room:
            raise self._over_quota(label, size, room)
        folder = self.root / kind
        folder.mkdir(parents=True, exist_ok=True)
        upload_id = secrets.token_hex(16)
        path = folder / f"{upload_id}.{ext}"
        try:
            written = self._copy(head, src, path, room)
        except BaseException as exc:
            path.unlink(missing_ok=True)  # no partial file stays behind
            if isinstance(exc, _PastQuota):
                raise self._over_quota(label, exc.written, room or 0, exact=False) from None
            if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
                raise self._disk_full(label) from None
            raise
        return StoredUpload(upload_id, kind, ext, path, written, label)

    @staticmethod
    def _copy(head: bytes, src: BinaryIO, path: Path, room: int | None) -> int:
        """Write ``head`` and the rest of ``src`` to ``path``; `_PastQuota` past ``room``."""
        written = 0
        with path.open("wb") as out:
            chunk = head
            while chunk:
                written += len(chunk)
                if room is not None and written > room:
                    raise _PastQuota(written)
                out.write(chunk)
                chunk = src.read(CHUNK)
            out.flush()
            os.fsync(out.fileno())  # a full disk shows here, not later in the worker
        return written

    def _disk_full(self, label: str) -> UploadNoRoom:
        free = shutil.disk_usage(self.root).free
        return UploadNoRoom(
            f"{label}: not stored: the disk holding this server's data folder is full "
            f"({format_size(free)} free); free some space there and upload again"
        )

    def _over_quota(self, label: str, size: int, room: int, *, exact: bool = True) -> UploadNoRoom:
        quota = self.quota_bytes or 0
        used = quota - room
        at_least = "" if exact else "at least "
        return UploadNoRoom(
            f"{label}: not stored: it is {at_least}{format_size(size)}, but uploads and "
            f"analyses may "
            f"take {format_size(quota)} here and {format_size(used)} is used, leaving "
            f"{format_size(max(0, room))}. Delete old analyses on the Analyze page, or "
            "start the server with a larger --upload-quota"
        )

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


class _PastQuota(Exception):
    """Raised mid-copy when an upload passes the room the quota left."""

    def __init__(self, written: int) -> None:
        super().__init__(written)
        self.written = written


def _size_of(src: BinaryIO) -> int | None:
    """Bytes in ``src`` in all (from its start), when it can tell without reading."""
    try:
        here = src.tell()
        end = src.seek(0, os.SEEK_END)
        src.seek(here)
    except (OSError, ValueError, AttributeError):
        return None
    return int(end)
