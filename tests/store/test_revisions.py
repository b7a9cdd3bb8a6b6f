"""The head revision read without Alembic is Alembic's own, and at-head is told right."""

from pathlib import Path

from sqlalchemy import text

from upright import store
from upright.store import migrate
from upright.store.engine import make_engine
from upright.store.revisions import at_shipped_head, shipped_head


def test_shipped_head_is_alembics_head():
    assert shipped_head() == migrate.head_revision() == store.HEAD_REVISION


def test_at_head_only_for_a_database_at_the_shipped_head(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'u.sqlite3'}"
    engine = make_engine(url)
    try:
        assert not at_shipped_head(engine)  # empty: no version table
        with store.open_store(url):
            pass
        assert at_shipped_head(engine)
        store.downgrade(url, "0001")
        assert store.current_revision(url) == "0001"
        assert not at_shipped_head(engine)
        with store.open_store(url):  # migrated back up by Alembic
            pass
        assert at_shipped_head(engine)
        with engine.begin() as conn:  # two rows (a branched history) is not "at head"
            conn.execute(text("INSERT INTO alembic_version (version_num) VALUES ('zzzz')"))
        assert not at_shipped_head(engine)
    finally:
        engine.dispose()
