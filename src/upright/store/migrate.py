"""Migrations: Alembic run from code, with the scripts shipped inside this package."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, text

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
# Any fixed number: PostgreSQL's transaction-scoped advisory lock that serialises
# two processes migrating the same new database at once. (SQLite needs none: every
# transaction there is BEGIN IMMEDIATE, so the second migrator waits, then finds head.)
_PG_MIGRATION_LOCK = 0x5550_5249


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic `Config` pointing at the package's migrations (no alembic.ini)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    """The newest revision id shipped with this version."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None  # the package always ships at least one revision
    return head


def known_revisions() -> set[str]:
    """Every revision id shipped with this version."""
    script = ScriptDirectory.from_config(alembic_config())
    return {rev.revision for rev in script.walk_revisions()}


def current_revision_of(engine: Engine) -> str | None:
    """The revision the database is at, or None for an empty database."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def run_upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate up to ``revision`` in one transaction, one process at a time."""
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_MIGRATION_LOCK})
        command.upgrade(alembic_config(conn), revision)


def run_downgrade(engine: Engine, revision: str = "base") -> None:
    """Migrate down to ``revision`` in one transaction."""
    with engine.begin() as conn:
        command.downgrade(alembic_config(conn), revision)
