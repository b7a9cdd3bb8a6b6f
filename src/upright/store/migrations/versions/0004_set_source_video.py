"""Sets: a set can come from an analysed video (``exercise_set.source = 'video'``).

Widens the ``source`` check to ``camera``, ``self_report`` and ``video``. Downgrading
turns video sets into camera sets (the count came from the pose model either way).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

NAME = "ck_exercise_set_source"  # the models' naming convention: ck_<table>_<name>

exercise_set = sa.table("exercise_set", sa.column("source", sa.String))


def _check(sources: tuple[str, ...]) -> None:
    allowed = ", ".join(f"'{s}'" for s in sources)
    with op.batch_alter_table("exercise_set", schema=None, recreate="auto") as batch_op:
        batch_op.drop_constraint(op.f(NAME), type_="check")
        batch_op.create_check_constraint(op.f(NAME), f"source IN ({allowed})")


def upgrade() -> None:
    """Apply this revision."""
    _check(("camera", "self_report", "video"))


def downgrade() -> None:
    """Undo this revision."""
    op.execute(
        exercise_set.update().where(exercise_set.c.source == "video").values(source="camera")
    )
    _check(("camera", "self_report"))
