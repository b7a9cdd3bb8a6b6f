"""Analysis lease: how long a worker's claim on a running analysis holds.

A worker renews the lease while it works; a running analysis whose lease has passed
belonged to a worker that died (with its server, or on another machine) and is taken
again by the next worker that asks.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("analysis", schema=None) as batch_op:
        batch_op.add_column(sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    """Undo this revision."""
    with op.batch_alter_table("analysis", schema=None) as batch_op:
        batch_op.drop_column("lease_until")
