"""Schema migrations for users of the store: upgrade, downgrade, current revision."""

from __future__ import annotations

from upright.store import migrate
from upright.store.engine import Store, make_engine
from upright.store.errors import translated
from upright.store.location import prepare_sqlite_file, resolve_url, sqlite_path

HEAD_REVISION = migrate.head_revision()


def _run(target: Store | str | None, action: str, revision: str) -> None:
    url = target.url if isinstance(target, Store) else resolve_url(target)
    with translated(url):
        path = sqlite_path(url)
        if path is not None:
            prepare_sqlite_file(path)
        engine = target.engine if isinstance(target, Store) else make_engine(url)
        try:
            if action == "up":
                migrate.run_upgrade(engine, revision)
            else:
                migrate.run_downgrade(engine, revision)
        finally:
            if not isinstance(target, Store):
                engine.dispose()


def upgrade(target: Store | str | None = None, revision: str = "head") -> None:
    """Migrate the database (a `Store`, a URL, or None for the default) up to ``revision``."""
    _run(target, "up", revision)


def downgrade(target: Store | str | None = None, revision: str = "base") -> None:
    """Migrate the database down to ``revision`` (``"base"``: drop every table)."""
    _run(target, "down", revision)


def current_revision(target: Store | str | None = None) -> str | None:
    """The schema revision the database is at; None for an empty database."""
    url = target.url if isinstance(target, Store) else resolve_url(target)
    path = sqlite_path(url)
    if path is not None and not path.exists():
        return None  # reading must not create the file
    with translated(url):
        engine = target.engine if isinstance(target, Store) else make_engine(url)
        try:
            return migrate.current_revision_of(engine)
        finally:
            if not isinstance(target, Store):
                engine.dispose()
