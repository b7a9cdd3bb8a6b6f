"""The store's errors, and the one place database exceptions become them.

Every message names the database (path or host and port), what went wrong and what the
user can do about it.
"""

from __future__ import annotations

import errno
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from upright.errors import UprightError


class StoreError(UprightError):
    """Base class of every error the store raises."""


class DatabaseUnreachable(StoreError):
    """The database server could not be reached."""


class NotADatabase(StoreError):
    """The file at the database path is not a SQLite database."""


class ReadOnlyDatabase(StoreError):
    """The database (or its folder) cannot be written."""


class DiskFull(StoreError):
    """The disk holding the database is full."""


class UnknownAthlete(StoreError):
    """No athlete of that name or id."""


class NotFound(StoreError):
    """No row with that id."""


class SchemaOutOfDate(StoreError):
    """The database's schema is not the one this version of Upright expects."""


class BadHistoryFile(StoreError):
    """An exported history file that cannot be imported."""


def describe_url(url: str) -> str:
    """Name a database for a message: the file for SQLite, host:port/name otherwise."""
    u = make_url(url)
    if u.get_backend_name() == "sqlite":
        return f"SQLite file {u.database or ':memory:'}"
    default_ports = {"postgresql": "5432", "mysql": "3306"}
    port = u.port or default_ports.get(u.get_backend_name(), "?")
    return f"{u.get_backend_name()} server at {u.host or 'localhost'}:{port}/{u.database or ''}"


_FIX = "set --db or UPRIGHT_DB to a database you can reach"
# SQLite on a disk with no byte left often fails to grow its shared-memory file and says
# only "disk I/O error"; below this much free space that error is taken as a full disk.
NEARLY_FULL_BYTES = 1024 * 1024


def _sqlite_folder(url: str) -> Path | None:
    u = make_url(url)
    if u.get_backend_name() != "sqlite" or not u.database or u.database == ":memory:":
        return None
    return Path(u.database).parent


def disk_nearly_full(url: str) -> bool:
    """Whether the disk under a SQLite URL's file has (almost) no space left."""
    folder = _sqlite_folder(url)
    if folder is None:
        return False
    try:
        return shutil.disk_usage(folder).free < NEARLY_FULL_BYTES
    except OSError:
        return False


def disk_full(where: str, got: str) -> DiskFull:
    """The one message for a full disk, whatever the driver said."""
    return DiskFull(
        f"{where}: the disk is full (got: {got}); free some space. Sets already recorded are kept"
    )


def translate(exc: SQLAlchemyError, url: str) -> StoreError:
    """Turn a SQLAlchemy exception into the `StoreError` a user can act on."""
    where = describe_url(url)
    orig = getattr(exc, "orig", None)  # the driver's (or our type's) own error, without SQL
    text = str(orig if orig is not None else exc)
    low = text.lower()
    if "file is not a database" in low or "file is encrypted" in low:
        return NotADatabase(
            f"{where} is not a SQLite database (got: {text.strip()}); move it away or {_FIX}"
        )
    if "readonly" in low or "read-only" in low:
        return ReadOnlyDatabase(
            f"{where} is read-only (got: {text.strip()}); make the file and its folder "
            f"writable or {_FIX}"
        )
    if "disk is full" in low or "no space left" in low or "disk full" in low:
        return disk_full(where, text.strip())
    if "disk i/o error" in low and disk_nearly_full(url):
        return disk_full(where, text.strip())
    if "unable to open database file" in low:
        return ReadOnlyDatabase(
            f"cannot open {where} (got: {text.strip()}); check that its folder exists and "
            f"is writable, or {_FIX}"
        )
    if isinstance(exc, DBAPIError) and exc.connection_invalidated or _is_connect_error(low):
        return DatabaseUnreachable(
            f"cannot connect to {where} (got: {text.strip()}); start the server, check the "
            f"host, port, user and password in the URL, or {_FIX}"
        )
    return StoreError(f"{where}: {text.strip()}")


def _is_connect_error(low: str) -> bool:
    return any(
        s in low
        for s in (
            "connection refused",
            "could not connect",
            "connection failed",
            "could not translate host name",
            "timeout expired",
            "no route to host",
            "name or service not known",
            "password authentication failed",
            "does not exist",
            "server closed the connection",
        )
    )


@contextmanager
def translated(url: str) -> Iterator[None]:
    """Re-raise SQLAlchemy errors met inside the block as `StoreError`s."""
    try:
        yield
    except SQLAlchemyError as exc:
        raise translate(exc, url) from exc
    except OSError as exc:  # e.g. the folder of a new SQLite file cannot be made
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise disk_full(describe_url(url), str(exc)) from exc
        raise ReadOnlyDatabase(f"{describe_url(url)}: {exc}; {_FIX}") from exc


def require_aware(value: datetime | None, field: str) -> None:
    """Refuse a naive datetime for ``field`` (times are stored as UTC)."""
    if value is not None and (value.tzinfo is None or value.utcoffset() is None):
        raise StoreError(f"{field}: expected a timezone-aware datetime, got naive {value}")
