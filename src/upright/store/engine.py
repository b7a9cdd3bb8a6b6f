"""Opening the database: the `Store` handle, connection settings and first-use migration."""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from upright.store.errors import SchemaOutOfDate, describe_url, translated
from upright.store.location import prepare_sqlite_file, resolve_url, sqlite_path
from upright.store.revisions import at_shipped_head

SQLITE_BUSY_TIMEOUT_S = 30.0
PG_CONNECT_TIMEOUT_S = 5


def _sqlite_pragmas(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    # Take transactions into our own hands (see _sqlite_begin): pysqlite's implicit
    # BEGIN would start reads as deferred and fail when they upgrade to writes.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    try:
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={int(SQLITE_BUSY_TIMEOUT_S * 1000)}")
        mode = cur.execute("PRAGMA journal_mode").fetchone()[0]
        if mode != "wal":
            cur.execute("PRAGMA journal_mode=WAL")
        # FULL: a committed set survives a power cut too, not only a crash.
        cur.execute("PRAGMA synchronous=FULL")
    finally:
        cur.close()


def _sqlite_begin(conn: Any) -> None:
    # IMMEDIATE takes the write lock up front, so busy_timeout applies and two writers
    # queue instead of one failing with "database is locked".
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def _sqlite_begin_read(conn: Any) -> None:
    # A reader under WAL needs no lock: a plain (deferred) BEGIN reads a consistent
    # snapshot without queueing behind writers and their fsyncs. Only `Store.reading`
    # uses this engine, and nothing written there is committed (see `Store.reading`).
    conn.exec_driver_sql("BEGIN")


def _sqlite_read_only(path: Path) -> bool:
    """Whether an existing SQLite file can only be read (read-only mount or permissions)."""
    if not path.exists():
        return False
    on_ro_mount = bool(os.statvfs(path.parent).f_flag & os.ST_RDONLY)
    return on_ro_mount or not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK)


def _read_only_sqlite_engine(path: Path) -> Engine:
    # immutable=1: no -shm or -wal file is needed (nor can be made) on a read-only mount.
    uri = f"file:{quote(str(path))}?mode=ro&immutable=1"
    engine = create_engine(
        "sqlite://", creator=lambda: sqlite3.connect(uri, uri=True, check_same_thread=False)
    )
    event.listen(engine, "connect", lambda c, _r: setattr(c, "isolation_level", None))
    event.listen(engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN"))
    return engine


def make_engine(url: str, *, reader: bool = False) -> Engine:
    """A SQLAlchemy engine with Upright's settings for the URL's backend.

    A SQLite file that cannot be written is opened read-only: it can be read, and any
    write raises `ReadOnlyDatabase`. ``reader`` makes a SQLite engine whose transactions
    start deferred (for `Store.reading`).
    """
    backend = make_url(url).get_backend_name()
    path = sqlite_path(url)
    if path is not None and _sqlite_read_only(path):
        return _read_only_sqlite_engine(path)
    if backend == "sqlite":
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin_read if reader else _sqlite_begin)
        return engine
    args: dict[str, Any] = {}
    if backend == "postgresql":
        args["connect_timeout"] = PG_CONNECT_TIMEOUT_S
    return create_engine(url, connect_args=args, pool_pre_ping=True)


class Store:
    """An open database: its URL, engine and a transaction helper.

    Use the functions of `upright.store` with it; each runs in its own transaction.
    """

    def __init__(self, url: str, engine: Engine) -> None:
        self.url = url
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._read_engine: Engine | None = None
        self._reads: sessionmaker[Session] | None = None
        self._read_lock = threading.Lock()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({describe_url(self.url)})"

    def close(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()
        if self._read_engine is not None:
            self._read_engine.dispose()

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A `Session` in one transaction: committed on success, rolled back on error.

        Database errors leave as `StoreError` subclasses naming the database.
        """
        with translated(self.url), self._sessions() as sess, sess.begin():
            yield sess

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A `Session` for reads only: a consistent snapshot, rolled back at the end.

        On a SQLite file it does not wait for the write lock (pages keep loading while
        sets are being written); elsewhere it is an ordinary transaction. Anything
        written in it is discarded.
        """
        # No commit: closing the session at the end of the block rolls it back.
        with translated(self.url), self._read_sessions()() as sess:
            yield sess

    def _read_sessions(self) -> sessionmaker[Session]:
        with self._read_lock:
            if self._reads is None:
                if self.engine.dialect.name == "sqlite" and sqlite_path(self.url) is not None:
                    self._read_engine = make_engine(self.url, reader=True)
                    self._reads = sessionmaker(self._read_engine, expire_on_commit=False)
                else:
                    self._reads = self._sessions
            return self._reads


def open_store(url: str | None = None, *, migrate_schema: bool = True) -> Store:
    """Open (and on first use create and migrate) the database.

    Parameters
    ----------
    url
        SQLAlchemy URL; None takes ``$UPRIGHT_DB`` or the default SQLite file.
    migrate_schema
        Upgrade an older schema to the newest; when False, an older schema raises.

    Raises
    ------
    StoreError
        Unreachable server, a file that is not a database, read-only or full disk, or a
        schema newer than this version knows.
    """
    url = resolve_url(url)
    with translated(url):
        path = sqlite_path(url)
        if path is not None:
            prepare_sqlite_file(path)
        engine = make_engine(url)
        try:
            _check_schema(engine, url, migrate_schema)
        except BaseException:
            engine.dispose()
            raise
    return Store(url, engine)


def _check_schema(engine: Engine, url: str, migrate_schema: bool) -> None:
    if at_shipped_head(engine):
        return  # the common case, answered without importing Alembic
    from upright.store import migrate

    current = migrate.current_revision_of(engine)
    head = migrate.head_revision()
    if current == head:
        return
    if current is not None and current not in migrate.known_revisions():
        raise SchemaOutOfDate(
            f"{describe_url(url)} is at schema revision {current}, which this version of "
            f"Upright does not know (newest known: {head}); upgrade Upright"
        )
    if not migrate_schema:
        raise SchemaOutOfDate(
            f"{describe_url(url)} is at schema revision {current or 'none'}, expected {head}; "
            "run `upright db upgrade`"
        )
    migrate.run_upgrade(engine)
