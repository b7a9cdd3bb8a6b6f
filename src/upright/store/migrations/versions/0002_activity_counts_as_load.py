"""Running log: whether an activity counts as running load, and why.

Adds ``running_activity.counts_as_load`` and ``running_activity.load_reason``. Rows
stored before this revision count by their sport, as the planner counted them, except:
GPX tracks stored as runs only because their file named no sport, and slower than a
walk (under 6 km/h flat-equivalent, 8 m of flat per metre climbed: the thresholds of
``upright.plan.activity_kind``) become walks or hikes; and rows dated before 1990 (a
device's placeholder date) stop counting. Nothing is deleted.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-06
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# Frozen copies of the values this revision was written with (the app's may change).
RUNNING_SPORTS = ("run", "trail_run", "treadmill_run", "track_run", "virtual_run")
WALK_BELOW_KMH = 6.0
FLAT_M_PER_M_CLIMBED = 8.0
HIKE_CLIMB_M_PER_KM = 25.0
EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)

activity = sa.table(
    "running_activity",
    sa.column("sport", sa.String),
    sa.column("distance_m", sa.Float),
    sa.column("moving_time_s", sa.Float),
    sa.column("elevation_gain_m", sa.Float),
    sa.column("source_file", sa.Text),
    sa.column("started_at", sa.DateTime(timezone=True)),
    sa.column("counts_as_load", sa.Boolean),
    sa.column("load_reason", sa.Text),
)


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("running_activity", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("counts_as_load", sa.Boolean(), nullable=False, server_default=sa.true())
        )
        batch_op.add_column(sa.Column("load_reason", sa.Text(), nullable=False, server_default=""))
    op.execute(
        activity.update().values(
            counts_as_load=activity.c.sport.in_(RUNNING_SPORTS),
            load_reason="counted by its sport (stored before Upright told runs from walks)",
        )
    )
    _gpx_walks_to_walks()
    op.execute(
        activity.update()
        .where(activity.c.started_at < sa.literal(EARLIEST, sa.DateTime(timezone=True)))
        .values(
            counts_as_load=sa.false(),
            load_reason="dated before 1990: a placeholder date, not counted",
        )
    )


def _gpx_walks_to_walks() -> None:
    """GPX 'runs' with no sport in the file and a walker's pace become walks or hikes."""
    climbed = sa.func.coalesce(activity.c.elevation_gain_m, 0.0)
    flat_kmh = (
        (activity.c.distance_m + FLAT_M_PER_M_CLIMBED * climbed) * 3.6 / activity.c.moving_time_s
    )
    slow_gpx_run = sa.and_(
        activity.c.sport == "run",
        sa.func.lower(activity.c.source_file).like("%.gpx%"),
        activity.c.moving_time_s > 0,
        activity.c.distance_m > 0,
        flat_kmh < WALK_BELOW_KMH,
    )
    hilly = climbed * 1000 >= HIKE_CLIMB_M_PER_KM * activity.c.distance_m
    for sport, steep in (("hike", hilly), ("walk", sa.not_(hilly))):
        op.execute(
            activity.update()
            .where(slow_gpx_run, steep)
            .values(
                sport=sport,
                counts_as_load=sa.false(),
                load_reason=f"no sport in the file and slower than {WALK_BELOW_KMH:g} km/h "
                f"on the flat: a {sport}, kept, not counted as running",
            )
        )


def downgrade() -> None:
    """Undo this revision (walks and hikes found by pace stay walks and hikes)."""
    with op.batch_alter_table("running_activity", schema=None) as batch_op:
        batch_op.drop_column("load_reason")
        batch_op.drop_column("counts_as_load")
