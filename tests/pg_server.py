"""A throw-away PostgreSQL server for tests: initdb + pg_ctl in a temporary folder.

Reusable by any test package (the top conftest puts tests/ on ``sys.path``)::

    from pg_server import postgres_or_skip

    @pytest.fixture(scope="session")
    def pg():
        yield from postgres_or_skip()

The server listens on a free port of 127.0.0.1 only, keeps its socket in the temporary
folder, and is stopped (and the folder removed) at the end. The folder is in memory
(``/dev/shm``) when that has room: a database per test is about 8 MB of files, and
removing a few hundred MB of them from a busy disk at the end took 10 to 30 s. As
root, initdb and pg_ctl run as the ``postgres`` user, since initdb refuses root. When
the binaries are missing the tests skip, except under CI (``CI=true``) where they fail.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

PG_BIN = Path(os.environ.get("UPRIGHT_PG_BIN", "/usr/lib/postgresql/15/bin"))
RAM_DIR = Path("/dev/shm")
RAM_NEEDED = 2 * 1024**3  # bytes free in RAM_DIR to put a server there (it grows to ~0.5 GB)


def data_parent() -> str | None:
    """Folder for a server's files: ``/dev/shm`` with room to spare, else the temp folder."""
    try:
        free = os.statvfs(RAM_DIR)
    except OSError:
        return None
    ok = os.access(RAM_DIR, os.W_OK) and free.f_bavail * free.f_frsize >= RAM_NEEDED
    return str(RAM_DIR) if ok else None


def binaries_present() -> bool:
    """Whether initdb and pg_ctl are installed."""
    return all((PG_BIN / exe).is_file() for exe in ("initdb", "pg_ctl", "postgres"))


def free_port() -> int:
    """A TCP port of 127.0.0.1 nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PostgresServer:
    """A running server; `url` names a database on it, `create_database` makes a fresh one."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="upright-pg-", dir=data_parent()))
        self.data = self.root / "data"
        self.port = free_port()
        self._as_postgres = os.geteuid() == 0
        self.user = "postgres" if self._as_postgres else os.environ.get("USER", "postgres")

    def _run(self, *args: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if self._as_postgres else []
        done = subprocess.run([*prefix, *args], capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            log = self.root / "server.log"
            tail = log.read_text()[-2000:] if log.exists() else ""
            raise RuntimeError(
                f"{' '.join(args)} failed ({done.returncode}):\n"
                f"{done.stdout}\n{done.stderr}\n{tail}"
            )

    def start(self) -> PostgresServer:
        """initdb and start the server; waits until it accepts connections."""
        if self._as_postgres:
            shutil.chown(self.root, "postgres", "postgres")
        self._run(
            str(PG_BIN / "initdb"),
            "-D",
            str(self.data),
            "-A",
            "trust",
            "-U",
            self.user,
            "--no-sync",
            "-E",
            "UTF8",
            "--locale=C",
        )
        opts = (
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
            "-c max_connections=60"
        )
        self._run(
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(self.data),
            "-o",
            opts,
            "-l",
            str(self.root / "server.log"),
            "-w",
            "-t",
            "60",
            "start",
        )
        return self

    def stop(self) -> None:
        """Stop the server and remove its folder."""
        try:
            self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        """SQLAlchemy URL (psycopg 3 driver) of a database on this server."""
        return f"postgresql+psycopg://{self.user}@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str | None = None) -> str:
        """Create an empty database and return its URL."""
        import psycopg

        name = name or f"t_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(
            f"host=127.0.0.1 port={self.port} user={self.user} dbname=postgres", autocommit=True
        ) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


def postgres_or_skip() -> Iterator[PostgresServer]:
    """Generator for a session fixture: a started server, stopped afterwards.

    Skips when the binaries are absent, or fails when ``CI=true``.
    """
    if not binaries_present():
        message = f"PostgreSQL binaries not found in {PG_BIN} (apt-get install postgresql)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    server = PostgresServer().start()
    try:
        yield server
    finally:
        server.stop()
