"""The web server's settings: where it keeps files, how big an upload may be, who may call."""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from platformdirs import user_data_dir

MB = 1024 * 1024
GB = 1024 * MB
DEFAULT_QUOTA_CAP = 10 * GB
DEFAULT_QUOTA_SHARE = 0.25  # of the free space on the data folder's disk at start
SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?\s*$", re.IGNORECASE)


def default_data_dir() -> Path:
    """The user data directory (``$UPRIGHT_DATA_DIR`` when set), where uploads are kept."""
    env = os.environ.get("UPRIGHT_DATA_DIR")
    return Path(env) if env else Path(user_data_dir("upright", appauthor=False))


@dataclass(frozen=True)
class WebSettings:
    """What one server process needs to know.

    Parameters
    ----------
    data_dir
        Folder for uploads, analysis outputs, the token hash and rendered cue audio.
    db_url
        SQLAlchemy URL of the store; ``None`` means the store's default SQLite file.
    token_hash
        SHA-256 hex digest of the access token; ``None`` means only loopback clients are
        served (every other client gets 401).
    max_video_bytes, max_log_bytes
        Upload size limits in bytes for videos and running logs; larger bodies get 413.
    allowed_hosts
        ``Host`` header values accepted from loopback clients (against DNS rebinding);
        empty means any.
    upload_quota_bytes
        Most bytes that uploads and analysis outputs may take in ``data_dir`` together;
        ``None`` means `default_upload_quota` of the disk when the server starts.
    job_lease_s
        How long a worker's claim on an analysis holds without renewal (it renews every
        third of that); a job whose worker vanished is taken over after it.
    """

    data_dir: Path = field(default_factory=default_data_dir)
    db_url: str | None = None
    token_hash: str | None = None
    max_video_bytes: int = 500 * MB
    max_log_bytes: int = 200 * MB
    allowed_hosts: tuple[str, ...] = ()
    upload_quota_bytes: int | None = None
    job_lease_s: float = 30.0

    @property
    def uploads_dir(self) -> Path:
        """Folder of uploaded files, one sub-folder per kind."""
        return self.data_dir / "uploads"

    @property
    def outputs_dir(self) -> Path:
        """Folder of analysis outputs (landmarks, JSON, report, annotated video)."""
        return self.data_dir / "analyses"


def default_upload_quota(data_dir: Path) -> int:
    """10 GB, or a quarter of the space free on ``data_dir``'s disk when that is less."""
    folder = data_dir
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    free = shutil.disk_usage(folder).free
    return int(min(DEFAULT_QUOTA_CAP, free * DEFAULT_QUOTA_SHARE))


def parse_size(text: str) -> int:
    """Bytes in a size such as ``"500M"``, ``"2 GB"``, ``"1.5g"`` or ``"123456"`` (powers of 1024).

    Raises
    ------
    ValueError
        When ``text`` is not a size; the message shows what was expected.
    """
    m = SIZE.match(text)
    if m is None:
        raise ValueError(f"expected a size such as 500M or 2G, got {text!r}")
    scale = 1024 ** " kmgt".index((m.group(2) or " ").lower())
    return int(float(m.group(1)) * scale)


def format_size(n: float) -> str:
    """``n`` bytes for a person: ``"512 KB"``, ``"1.3 GB"``."""
    for unit in ("bytes", "KB", "MB", "GB"):
        if abs(n) < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit in ("bytes", "KB") else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} GB"
