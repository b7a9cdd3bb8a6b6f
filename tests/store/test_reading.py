"""Reads do not queue behind a writer: pages keep loading while a set is being written."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from store_fixtures import T0, make_set

from upright import store as st


def test_a_read_is_not_held_up_by_a_writer_holding_the_lock(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    with st.open_store(f"sqlite:///{path}") as store:
        me = st.ensure_athlete(store, "me")
        sid = st.start_session(store, me, started_at=T0)
        st.record_set(store, sid, make_set())
        writer = sqlite3.connect(path, isolation_level=None)
        writer.execute("BEGIN IMMEDIATE")  # another process mid-write holds the lock
        writer.execute("UPDATE athlete SET name = 'renamed'")
        got: list[object] = []
        reader = threading.Thread(
            target=lambda: got.extend((st.list_athletes(store), st.last_sessions(store, me, 3)))
        )
        reader.start()
        reader.join(timeout=5.0)  # a locked read would wait the 30 s busy timeout
        try:
            assert not reader.is_alive(), "a read waited for the writer's lock"
            athletes, sessions = got
            assert [a.name for a in athletes] == ["me"]  # the snapshot before the write
            assert len(sessions) == 1 and len(sessions[0].sets) == 1
        finally:
            writer.execute("ROLLBACK")
            writer.close()
            reader.join()
