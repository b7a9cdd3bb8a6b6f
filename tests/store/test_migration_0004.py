"""Revision 0004: a set may come from an analysed video; every other check still holds."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from store_fixtures import make_set

from upright import store as st
from upright.store import current_revision, downgrade, upgrade
from upright.store.engine import make_engine

T = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)


def _insert(db_url: str, source: str, side: str = "none") -> None:
    engine = make_engine(db_url)
    try:
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO exercise_set (athlete_id, session_id, exercise_id, side, reps, "
                    "rating, source, started_at, ended_at) "
                    "VALUES (1, 1, 'bird_dog', :side, 8, 'clean', :source, :t, :t)"
                ),
                {"side": side, "source": source, "t": T},
            )
    finally:
        engine.dispose()


def test_video_sets_are_stored_and_a_downgrade_keeps_them_as_camera_sets(db_url: str) -> None:
    with st.open_store(db_url) as store:
        assert current_revision(store) == "0004" == st.HEAD_REVISION
        a = st.ensure_athlete(store, "ann")
        session = st.start_session(store, a, started_at=T)
        st.record_set(store, session, replace(make_set(), source="video"))
    with pytest.raises(IntegrityError):
        _insert(db_url, "hearsay")  # still checked
    with pytest.raises(IntegrityError):
        _insert(db_url, "video", side="middle")  # and the other checks kept their place
    downgrade(db_url, "0003")
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            sources = conn.execute(text("SELECT source FROM exercise_set")).scalars().all()
    finally:
        engine.dispose()
    assert sources == ["camera"]  # the set is kept, as what the pose model saw
    with pytest.raises(IntegrityError):
        _insert(db_url, "video")
    upgrade(db_url)
    _insert(db_url, "video")
