"""Where the database is: the URL in force and the default SQLite file.

Order: an explicit URL (``--db``), then the ``UPRIGHT_DB`` environment variable, then
one SQLite file in the user data directory.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

ENV_VAR = "UPRIGHT_DB"
DB_FILENAME = "upright.sqlite3"


def default_db_path() -> Path:
    """The default SQLite file: ``<user_data_dir("upright")>/upright.sqlite3``."""
    return Path(platformdirs.user_data_dir("upright")) / DB_FILENAME


def resolve_url(url: str | None = None) -> str:
    """The database URL in force: ``url``, else ``$UPRIGHT_DB``, else the default file.

    Raises
    ------
    StoreError
        When the URL cannot be parsed; the message names where it came from.
    """
    # SQLAlchemy loads only when a URL is read: the default path alone needs none of it.
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    from upright.store.errors import StoreError

    origin = "--db"
    if not url:
        url, origin = os.environ.get(ENV_VAR) or None, ENV_VAR
    if not url:
        return f"sqlite:///{default_db_path()}"
    try:
        make_url(url)
    except ArgumentError as exc:
        raise StoreError(
            f"{origin}: expected a SQLAlchemy URL such as sqlite:///path/to/file.sqlite3 or "
            f"postgresql+psycopg://user@host:5432/upright, got {url!r}"
        ) from exc
    return url


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL, or None for another backend or an in-memory database."""
    from sqlalchemy.engine import make_url

    u = make_url(url)
    if u.get_backend_name() != "sqlite" or not u.database or u.database == ":memory:":
        return None
    return Path(u.database)


def prepare_sqlite_file(path: Path) -> None:
    """Create the file's folder (mode 0700) and an empty file (mode 0600) if missing.

    Existing folders and files keep their modes: they are the user's.
    """
    if not path.parent.exists():
        # exist_ok: another process may create it between the check and the mkdir
        path.parent.mkdir(parents=True, mode=0o700, exist_ok=True)
        os.chmod(path.parent, 0o700)  # mkdir's mode is filtered by the umask
    if not path.exists():
        try:
            fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600)
        except FileExistsError:
            return  # another process made it first; it is theirs to have set up
        os.close(fd)
        os.chmod(path, 0o600)
