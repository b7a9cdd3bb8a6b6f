"""Initial schema: every table of the first release.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "athlete",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("profile_toml", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_athlete")),
        sa.UniqueConstraint("name", name=op.f("uq_athlete_name")),
    )
    op.create_table(
        "plan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("starts", sa.Date(), nullable=False),
        sa.Column("ends", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["athlete_id"],
            ["athlete.id"],
            name=op.f("fk_plan_athlete_id_athlete"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan")),
    )
    with op.batch_alter_table("plan", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_athlete_id"), ["athlete_id"], unique=False)

    op.create_table(
        "race",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column("race_date", sa.Date(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("distance_m", sa.Float(), nullable=False),
        sa.Column("priority", sa.String(length=1), nullable=False),
        sa.CheckConstraint("priority IN ('A', 'B', 'C')", name=op.f("ck_race_priority")),
        sa.ForeignKeyConstraint(
            ["athlete_id"],
            ["athlete.id"],
            name=op.f("fk_race_athlete_id_athlete"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_race")),
    )
    with op.batch_alter_table("race", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_race_athlete_id"), ["athlete_id"], unique=False)

    op.create_table(
        "running_activity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sport", sa.String(length=40), nullable=False),
        sa.Column("distance_m", sa.Float(), nullable=False),
        sa.Column("moving_time_s", sa.Float(), nullable=False),
        sa.Column("elevation_gain_m", sa.Float(), nullable=True),
        sa.Column("avg_hr", sa.Float(), nullable=True),
        sa.Column("source_file", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["athlete_id"],
            ["athlete.id"],
            name=op.f("fk_running_activity_athlete_id_athlete"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_running_activity")),
        sa.UniqueConstraint(
            "athlete_id",
            "started_at",
            "distance_m",
            name=op.f("uq_running_activity_athlete_id_started_at_distance_m"),
        ),
    )
    with op.batch_alter_table("running_activity", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_running_activity_athlete_id"), ["athlete_id"], unique=False
        )

    op.create_table(
        "planned_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("session_date", sa.Date(), nullable=False),
        sa.Column("exercises", sa.JSON(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["athlete_id"],
            ["athlete.id"],
            name=op.f("fk_planned_session_athlete_id_athlete"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["plan.id"],
            name=op.f("fk_planned_session_plan_id_plan"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_planned_session")),
    )
    with op.batch_alter_table("planned_session", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_planned_session_athlete_id"), ["athlete_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_planned_session_plan_id"), ["plan_id"], unique=False)

    op.create_table(
        "performed_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column("planned_session_id", sa.Integer(), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("resume_state", sa.JSON(), nullable=True),
        sa.CheckConstraint(
            "status IN ('in_progress', 'completed', 'abandoned')",
            name=op.f("ck_performed_session_status"),
        ),
        sa.ForeignKeyConstraint(
            ["athlete_id"],
            ["athlete.id"],
            name=op.f("fk_performed_session_athlete_id_athlete"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["planned_session_id"],
            ["planned_session.id"],
            name=op.f("fk_performed_session_planned_session_id_planned_session"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_performed_session")),
    )
    with op.batch_alter_table("performed_session", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_performed_session_athlete_id"), ["athlete_id"], unique=False
        )

    op.create_table(
        "exercise_set",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("exercise_id", sa.String(length=80), nullable=False),
        sa.Column("side", sa.String(length=10), nullable=False),
        sa.Column("load_kg", sa.Float(), nullable=True),
        sa.Column("reps", sa.Integer(), nullable=False),
        sa.Column("hold_s", sa.Float(), nullable=True),
        sa.Column("rating", sa.String(length=20), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "rating IN ('clean', 'some_faults', 'struggled')", name=op.f("ck_exercise_set_rating")
        ),
        sa.CheckConstraint(
            "side IN ('none', 'left', 'right', 'both')", name=op.f("ck_exercise_set_side")
        ),
        sa.CheckConstraint(
            "source IN ('camera', 'self_report')", name=op.f("ck_exercise_set_source")
        ),
        sa.ForeignKeyConstraint(
            ["athlete_id"],
            ["athlete.id"],
            name=op.f("fk_exercise_set_athlete_id_athlete"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["performed_session.id"],
            name=op.f("fk_exercise_set_session_id_performed_session"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exercise_set")),
    )
    with op.batch_alter_table("exercise_set", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_exercise_set_athlete_id"), ["athlete_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_exercise_set_athlete_id_exercise_id_started_at"),
            ["athlete_id", "exercise_id", "started_at"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_exercise_set_session_id"), ["session_id"], unique=False
        )

    op.create_table(
        "analysis",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column("set_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("exercise_id", sa.String(length=80), nullable=True),
        sa.Column("params", sa.JSON(), nullable=True),
        sa.Column("video_path", sa.Text(), nullable=True),
        sa.Column("landmark_path", sa.Text(), nullable=True),
        sa.Column("json_path", sa.Text(), nullable=True),
        sa.Column("schema_version", sa.Integer(), nullable=True),
        sa.Column("worker", sa.String(length=200), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("queued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "status IN ('queued', 'running', 'done', 'failed')", name=op.f("ck_analysis_status")
        ),
        sa.ForeignKeyConstraint(
            ["athlete_id"],
            ["athlete.id"],
            name=op.f("fk_analysis_athlete_id_athlete"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["set_id"],
            ["exercise_set.id"],
            name=op.f("fk_analysis_set_id_exercise_set"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_analysis")),
    )
    with op.batch_alter_table("analysis", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_analysis_athlete_id"), ["athlete_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_analysis_status_queued_at"), ["status", "queued_at"], unique=False
        )

    op.create_table(
        "rep",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column("set_id", sa.Integer(), nullable=False),
        sa.Column("rep_index", sa.Integer(), nullable=False),
        sa.Column("side", sa.String(length=10), nullable=False),
        sa.Column("start_s", sa.Float(), nullable=False),
        sa.Column("end_s", sa.Float(), nullable=False),
        sa.Column("phases", sa.JSON(), nullable=False),
        sa.Column("hold_s", sa.Float(), nullable=True),
        sa.CheckConstraint("side IN ('none', 'left', 'right', 'both')", name=op.f("ck_rep_side")),
        sa.ForeignKeyConstraint(
            ["athlete_id"],
            ["athlete.id"],
            name=op.f("fk_rep_athlete_id_athlete"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["set_id"],
            ["exercise_set.id"],
            name=op.f("fk_rep_set_id_exercise_set"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rep")),
    )
    with op.batch_alter_table("rep", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rep_athlete_id"), ["athlete_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_rep_set_id"), ["set_id"], unique=False)

    op.create_table(
        "fault",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column("set_id", sa.Integer(), nullable=False),
        sa.Column("rep_id", sa.Integer(), nullable=True),
        sa.Column("rule", sa.String(length=80), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("threshold", sa.Float(), nullable=False),
        sa.Column("units", sa.String(length=20), nullable=False),
        sa.Column("at_s", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["athlete_id"],
            ["athlete.id"],
            name=op.f("fk_fault_athlete_id_athlete"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["rep_id"], ["rep.id"], name=op.f("fk_fault_rep_id_rep"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["set_id"],
            ["exercise_set.id"],
            name=op.f("fk_fault_set_id_exercise_set"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fault")),
    )
    with op.batch_alter_table("fault", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_fault_athlete_id"), ["athlete_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_fault_rep_id"), ["rep_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_fault_set_id"), ["set_id"], unique=False)


def downgrade() -> None:
    """Undo this revision."""
    with op.batch_alter_table("fault", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_fault_set_id"))
        batch_op.drop_index(batch_op.f("ix_fault_rep_id"))
        batch_op.drop_index(batch_op.f("ix_fault_athlete_id"))

    op.drop_table("fault")
    with op.batch_alter_table("rep", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rep_set_id"))
        batch_op.drop_index(batch_op.f("ix_rep_athlete_id"))

    op.drop_table("rep")
    with op.batch_alter_table("analysis", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_analysis_status_queued_at"))
        batch_op.drop_index(batch_op.f("ix_analysis_athlete_id"))

    op.drop_table("analysis")
    with op.batch_alter_table("exercise_set", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_exercise_set_session_id"))
        batch_op.drop_index(batch_op.f("ix_exercise_set_athlete_id_exercise_id_started_at"))
        batch_op.drop_index(batch_op.f("ix_exercise_set_athlete_id"))

    op.drop_table("exercise_set")
    with op.batch_alter_table("performed_session", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_performed_session_athlete_id"))

    op.drop_table("performed_session")
    with op.batch_alter_table("planned_session", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_planned_session_plan_id"))
        batch_op.drop_index(batch_op.f("ix_planned_session_athlete_id"))

    op.drop_table("planned_session")
    with op.batch_alter_table("running_activity", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_running_activity_athlete_id"))

    op.drop_table("running_activity")
    with op.batch_alter_table("race", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_race_athlete_id"))

    op.drop_table("race")
    with op.batch_alter_table("plan", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_athlete_id"))

    op.drop_table("plan")
    op.drop_table("athlete")
