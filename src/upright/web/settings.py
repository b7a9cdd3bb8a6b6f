"""The web server's settings: where it keeps files, how big an upload may be, who may call."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from platformdirs import user_data_dir

MB = 1024 * 1024


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
    """

    data_dir: Path = field(default_factory=default_data_dir)
    db_url: str | None = None
    token_hash: str | None = None
    max_video_bytes: int = 500 * MB
    max_log_bytes: int = 200 * MB
    allowed_hosts: tuple[str, ...] = ()

    @property
    def uploads_dir(self) -> Path:
        """Folder of uploaded files, one sub-folder per kind."""
        return self.data_dir / "uploads"

    @property
    def outputs_dir(self) -> Path:
        """Folder of analysis outputs (landmarks, JSON, report, annotated video)."""
        return self.data_dir / "analyses"
