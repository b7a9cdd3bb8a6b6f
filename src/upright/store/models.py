"""The schema: SQLAlchemy 2 models. Every row belongs to an athlete.

Each table carries ``athlete_id`` with ``ON DELETE CASCADE``, so deleting an athlete
deletes their rows and nobody else's. Times are stored in UTC and come back
timezone-aware; loads are kilograms, distances metres, durations seconds.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    true,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from upright.store.records import (
    ANALYSIS_STATUSES,
    PRIORITIES,
    RATINGS,
    SESSION_STATUSES,
    SIDES,
    SOURCES,
)

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator[datetime]):
    """A timezone-aware datetime stored as UTC (naive UTC text on SQLite)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Refuse naive datetimes; convert aware ones to UTC."""
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"expected a timezone-aware datetime, got naive {value!r}")
        utc = value.astimezone(UTC)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Return UTC-aware datetimes."""
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def _athlete_fk() -> Mapped[int]:
    return mapped_column(ForeignKey("athlete.id", ondelete="CASCADE"), index=True)


class Base(DeclarativeBase):
    """Declarative base with deterministic constraint names."""

    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UtcDateTime(), dict[str, Any]: JSON()}


class Athlete(Base):
    """A runner; the profile is the runner's TOML text."""

    __tablename__ = "athlete"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    profile_toml: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime]


class RunningActivity(Base):
    """An imported run; (athlete, start, distance) identifies it for de-duplication."""

    __tablename__ = "running_activity"
    __table_args__ = (UniqueConstraint("athlete_id", "started_at", "distance_m"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    athlete_id: Mapped[int] = _athlete_fk()
    started_at: Mapped[datetime]
    sport: Mapped[str] = mapped_column(String(40))
    distance_m: Mapped[float] = mapped_column(Float)
    moving_time_s: Mapped[float] = mapped_column(Float)
    elevation_gain_m: Mapped[float | None] = mapped_column(Float)
    avg_hr: Mapped[float | None] = mapped_column(Float)
    source_file: Mapped[str | None] = mapped_column(Text)
    # Whether its time and distance count as running load (a walk or a ride does not),
    # and why, in plain words: set by the importer, read where load is computed.
    counts_as_load: Mapped[bool] = mapped_column(Boolean, server_default=true())
    load_reason: Mapped[str] = mapped_column(Text, server_default="")


class Race(Base):
    """A race on the runner's calendar."""

    __tablename__ = "race"
    __table_args__ = (CheckConstraint(_in("priority", PRIORITIES), name="priority"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    athlete_id: Mapped[int] = _athlete_fk()
    race_date: Mapped[date] = mapped_column(Date)
    name: Mapped[str] = mapped_column(String(200))
    distance_m: Mapped[float] = mapped_column(Float)
    priority: Mapped[str] = mapped_column(String(1))


class Plan(Base):
    """A plan made on ``created_at`` covering the dates ``starts``..``ends``."""

    __tablename__ = "plan"
    id: Mapped[int] = mapped_column(primary_key=True)
    athlete_id: Mapped[int] = _athlete_fk()
    created_at: Mapped[datetime]
    starts: Mapped[date] = mapped_column(Date)
    ends: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")


class PlannedSession(Base):
    """One planned session of a plan: date, exercise prescriptions (JSON), reason."""

    __tablename__ = "planned_session"
    id: Mapped[int] = mapped_column(primary_key=True)
    athlete_id: Mapped[int] = _athlete_fk()
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    session_date: Mapped[date] = mapped_column(Date)
    exercises: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    reason: Mapped[str] = mapped_column(Text, default="")


class PerformedSession(Base):
    """A session the athlete did (or is doing); ``resume_state`` lets it resume."""

    __tablename__ = "performed_session"
    __table_args__ = (CheckConstraint(_in("status", SESSION_STATUSES), name="status"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    athlete_id: Mapped[int] = _athlete_fk()
    planned_session_id: Mapped[int | None] = mapped_column(
        ForeignKey("planned_session.id", ondelete="SET NULL")
    )
    started_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(20))
    resume_state: Mapped[dict[str, Any] | None]


class ExerciseSet(Base):
    """One set: exercise, side, load (kg), reps, hold seconds, rating and source."""

    __tablename__ = "exercise_set"
    __table_args__ = (
        CheckConstraint(_in("side", SIDES), name="side"),
        CheckConstraint(_in("rating", RATINGS), name="rating"),
        CheckConstraint(_in("source", SOURCES), name="source"),
        Index(None, "athlete_id", "exercise_id", "started_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    athlete_id: Mapped[int] = _athlete_fk()
    session_id: Mapped[int] = mapped_column(
        ForeignKey("performed_session.id", ondelete="CASCADE"), index=True
    )
    exercise_id: Mapped[str] = mapped_column(String(80))
    side: Mapped[str] = mapped_column(String(10))
    load_kg: Mapped[float | None] = mapped_column(Float)
    reps: Mapped[int] = mapped_column(Integer)
    hold_s: Mapped[float | None] = mapped_column(Float)
    rating: Mapped[str] = mapped_column(String(20))
    source: Mapped[str] = mapped_column(String(20))
    started_at: Mapped[datetime]
    ended_at: Mapped[datetime]


class Rep(Base):
    """One rep of a set; times are seconds from the set's start."""

    __tablename__ = "rep"
    __table_args__ = (CheckConstraint(_in("side", SIDES), name="side"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    athlete_id: Mapped[int] = _athlete_fk()
    set_id: Mapped[int] = mapped_column(
        ForeignKey("exercise_set.id", ondelete="CASCADE"), index=True
    )
    rep_index: Mapped[int] = mapped_column(Integer)
    side: Mapped[str] = mapped_column(String(10))
    start_s: Mapped[float] = mapped_column(Float)
    end_s: Mapped[float] = mapped_column(Float)
    phases: Mapped[dict[str, Any]]
    hold_s: Mapped[float | None] = mapped_column(Float)


class Fault(Base):
    """A form fault in a set (and rep, when tied to one); ``at_s`` from set start."""

    __tablename__ = "fault"
    id: Mapped[int] = mapped_column(primary_key=True)
    athlete_id: Mapped[int] = _athlete_fk()
    set_id: Mapped[int] = mapped_column(
        ForeignKey("exercise_set.id", ondelete="CASCADE"), index=True
    )
    rep_id: Mapped[int | None] = mapped_column(ForeignKey("rep.id", ondelete="CASCADE"), index=True)
    rule: Mapped[str] = mapped_column(String(80))
    value: Mapped[float] = mapped_column(Float)
    threshold: Mapped[float] = mapped_column(Float)
    units: Mapped[str] = mapped_column(String(20))
    at_s: Mapped[float] = mapped_column(Float)


class Analysis(Base):
    """A video analysis: a queue row (queued → running → done/failed) and its outputs."""

    __tablename__ = "analysis"
    __table_args__ = (
        CheckConstraint(_in("status", ANALYSIS_STATUSES), name="status"),
        Index(None, "status", "queued_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    athlete_id: Mapped[int] = _athlete_fk()
    set_id: Mapped[int | None] = mapped_column(ForeignKey("exercise_set.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(10))
    exercise_id: Mapped[str | None] = mapped_column(String(80))
    params: Mapped[dict[str, Any] | None]
    video_path: Mapped[str | None] = mapped_column(Text)
    landmark_path: Mapped[str | None] = mapped_column(Text)
    json_path: Mapped[str | None] = mapped_column(Text)
    schema_version: Mapped[int | None] = mapped_column(Integer)
    worker: Mapped[str | None] = mapped_column(String(200))
    error: Mapped[str | None] = mapped_column(Text)
    queued_at: Mapped[datetime]
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    lease_until: Mapped[datetime | None]
