"""Bad databases give one clear `UprightError` and never lose what was committed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text
from store_fixtures import T0, make_set

from mounts import fill_every_byte, tmpfs
from pg_server import free_port
from upright import store as st
from upright.errors import UprightError


def _remount(where: Path, mode: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{mode}", str(where)], check=True)


def test_unreachable_server_names_host_port_and_fix() -> None:
    port = free_port()
    with pytest.raises(st.DatabaseUnreachable) as info:
        st.open_store(f"postgresql+psycopg://upright@127.0.0.1:{port}/upright")
    message = str(info.value)
    assert f"127.0.0.1:{port}" in message
    assert "start the server" in message and "UPRIGHT_DB" in message


def test_cli_reports_unreachable_server_without_traceback() -> None:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "UPRIGHT_DB"}
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "from upright.cli import main; main()",
            "db",
            "upgrade",
            "--db",
            f"postgresql+psycopg://u@127.0.0.1:{port}/x",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 2
    assert f"127.0.0.1:{port}" in done.stderr and "Traceback" not in done.stderr


def test_bad_url_says_what_is_expected() -> None:
    with pytest.raises(st.StoreError, match="--db: expected a SQLAlchemy URL"):
        st.open_store("not a url")


def test_file_that_is_not_sqlite(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite3"
    path.write_bytes(b"these are my running notes, not a database\n" * 50)
    before = path.read_bytes()
    with pytest.raises(st.NotADatabase, match=f"{path} is not a SQLite database"):
        st.open_store(f"sqlite:///{path}")
    assert path.read_bytes() == before  # untouched


def test_newer_schema_is_refused(db_url: str) -> None:
    st.upgrade(db_url)
    with st.open_store(db_url) as store, store.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'f00d'"))
    with pytest.raises(st.SchemaOutOfDate, match="revision f00d.*upgrade Upright"):
        st.open_store(db_url)


def test_read_only_database_keeps_its_sets(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "ro", "4m") as mnt:
        url = f"sqlite:///{mnt / 'upright.sqlite3'}"
        with st.open_store(url) as store:
            a = st.ensure_athlete(store, "ann")
            sid = st.start_session(store, a, started_at=T0)
            ids = [st.record_set(store, sid, make_set(reps=4)) for _ in range(3)]
        _remount(mnt, "ro")
        with st.open_store(url) as store:
            assert [r.id for r in st.exercise_history(store, a, "bird_dog")] == ids[::-1]
            with pytest.raises(st.ReadOnlyDatabase, match="is read-only.*writable"):
                st.record_set(store, sid, make_set())
        with pytest.raises(UprightError, match="new.sqlite3"):
            st.open_store(f"sqlite:///{mnt / 'new.sqlite3'}")  # cannot even be created
        _remount(mnt, "rw")
        with st.open_store(url) as store:
            assert len(st.exercise_history(store, a, "bird_dog")) == 3


def test_full_disk_keeps_what_was_committed(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "full", "1m") as mnt:
        url = f"sqlite:///{mnt / 'upright.sqlite3'}"
        ids = []
        with st.open_store(url) as store:
            a = st.ensure_athlete(store, "ann")
            sid = st.start_session(store, a, started_at=T0)
            with pytest.raises(st.DiskFull, match="disk is full.*already recorded are kept"):
                for _ in range(5000):
                    ids.append(st.record_set(store, sid, make_set(reps=20, with_faults=True)))
        assert len(ids) > 3  # the disk filled up part-way, after real commits
        with st.open_store(url) as store:
            assert sorted(r.id for r in st.exercise_history(store, a, "bird_dog")) == ids
            with store.engine.connect() as conn:
                assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"


def test_no_byte_left_is_named_a_full_disk(tmp_path: Path) -> None:
    """With no space at all SQLite says only "disk I/O error": the message still says full."""
    with tmpfs(tmp_path / "full", "1m") as mnt:
        url = f"sqlite:///{mnt / 'upright.sqlite3'}"
        with st.open_store(url) as store:
            a = st.ensure_athlete(store, "ann")
            sid = st.start_session(store, a, started_at=T0)
            first = st.record_set(store, sid, make_set(reps=3))
        filler = fill_every_byte(mnt)
        assert os.statvfs(mnt).f_bavail == 0
        full = pytest.raises(st.DiskFull, match=r"the disk is full .*already recorded are kept")
        with full, st.open_store(url) as store:
            st.record_set(store, sid, make_set(reps=3))
        filler.unlink()  # with room again, the store opens and holds the first set
        with st.open_store(url) as store:
            assert [r.id for r in st.exercise_history(store, a, "bird_dog")] == [first]
            with store.engine.connect() as conn:
                assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
