"""Alembic environment and revisions of the store (run from code, see `migrate`)."""
