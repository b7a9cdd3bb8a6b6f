"""The schema's head revision without Alembic: opening a database already at head is cheap.

Alembic (and the SQL dialects it loads) takes longer to import than the rest of the store;
`open_store` needs it only when a database must be created or migrated. This reads the
revision ids from the shipped migration scripts and the database's ``alembic_version``
table directly; whenever the answer is not a plain "at the one head", the caller asks
Alembic (`upright.store.migrate`).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from sqlalchemy import Engine, inspect, text

VERSIONS_DIR = Path(__file__).parent / "migrations" / "versions"
VERSION_TABLE = "alembic_version"  # Alembic's default; migrations/env.py keeps it
# `revision = "0004"` / `down_revision: str | None = "0003"` (None for the first one).
_ASSIGNMENT = r"^{name}\s*(?::[^=\n]*)?=\s*(?:[\"']([^\"']+)[\"']|None)\s*$"
_REVISION = re.compile(_ASSIGNMENT.format(name="revision"), re.MULTILINE)
_DOWN_REVISION = re.compile(_ASSIGNMENT.format(name="down_revision"), re.MULTILINE)


@lru_cache(maxsize=1)
def shipped_head() -> str | None:
    """The one head of the shipped scripts, or None when they do not read as a single line.

    None (a branch, a script written another way) sends the caller to Alembic.
    """
    revisions: dict[str, str | None] = {}
    for script in sorted(VERSIONS_DIR.glob("*.py")):
        body = script.read_text(encoding="utf-8")
        rev, down = _REVISION.search(body), _DOWN_REVISION.search(body)
        if rev is None and down is None:
            continue  # not a revision (the package's __init__)
        if rev is None or rev.group(1) is None or down is None:
            return None
        revisions[rev.group(1)] = down.group(1)
    heads = set(revisions) - set(revisions.values())
    return heads.pop() if len(heads) == 1 else None


def at_shipped_head(engine: Engine) -> bool:
    """Whether the database records exactly the shipped head revision (no migration due)."""
    head = shipped_head()
    if head is None:
        return False
    with engine.connect() as conn:
        if not inspect(conn).has_table(VERSION_TABLE):
            return False
        rows = conn.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).all()
    return [row[0] for row in rows] == [head]
