"""Alembic environment: runs on the connection handed over by `upright.store.migrate`."""

from __future__ import annotations

from typing import Any, Literal

from alembic import context
from sqlalchemy import text

from upright.store.models import Base, UtcDateTime

# A fixed key for PostgreSQL's advisory lock, so two processes opening a new database
# at once migrate it one after the other.
_MIGRATION_LOCK_KEY = 74_726_001

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through upright.store.migrate, not the alembic CLI")


def _render_item(type_: str, obj: Any, autogen_context: Any) -> str | Literal[False]:
    # Revisions must not import the models: render our UTC type as the plain column type.
    if type_ == "type" and isinstance(obj, UtcDateTime):
        return "sa.DateTime(timezone=True)"
    return False


context.configure(
    connection=connection,
    render_item=_render_item,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    if connection.dialect.name == "postgresql":
        connection.execute(text(f"SELECT pg_advisory_xact_lock({_MIGRATION_LOCK_KEY})"))
    context.run_migrations()
