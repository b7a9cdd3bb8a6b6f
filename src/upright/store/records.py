"""Plain values going in and out of the store: frozen, keyword-only dataclasses.

Times of day are timezone-aware `datetime`s; times within a set are seconds from the
set's start; loads in kilograms; distances in metres.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

Side = Literal["none", "left", "right", "both"]
Rating = Literal["clean", "some_faults", "struggled"]
Source = Literal["camera", "self_report"]
SessionStatus = Literal["in_progress", "completed", "abandoned"]
AnalysisStatus = Literal["queued", "running", "done", "failed"]
Priority = Literal["A", "B", "C"]

SIDES: tuple[str, ...] = ("none", "left", "right", "both")
RATINGS: tuple[str, ...] = ("clean", "some_faults", "struggled")
SOURCES: tuple[str, ...] = ("camera", "self_report")
SESSION_STATUSES: tuple[str, ...] = ("in_progress", "completed", "abandoned")
ANALYSIS_STATUSES: tuple[str, ...] = ("queued", "running", "done", "failed")
PRIORITIES: tuple[str, ...] = ("A", "B", "C")


@dataclass(frozen=True, kw_only=True)
class AthleteRecord:
    """An athlete: unique name and runner profile as TOML text."""

    id: int
    name: str
    profile_toml: str
    created_at: datetime


@dataclass(frozen=True, kw_only=True)
class RunEntry:
    """One imported activity: start (aware), sport, metres, seconds, metres climbed, bpm.

    ``counts_as_load`` says whether it counts as running load (a walk or a ride does
    not) and ``load_reason`` why, in plain words.
    """

    started_at: datetime
    sport: str
    distance_m: float
    moving_time_s: float
    elevation_gain_m: float | None = None
    avg_hr: float | None = None
    source_file: str | None = None
    counts_as_load: bool = True
    load_reason: str = ""


@dataclass(frozen=True, kw_only=True)
class RunRecord(RunEntry):
    """A stored run."""

    id: int


@dataclass(frozen=True, kw_only=True)
class RunImport:
    """How many runs an import added and how many were already stored."""

    added: int
    skipped: int


@dataclass(frozen=True, kw_only=True)
class RaceEntry:
    """A race on the calendar; priority A (goal race), B or C."""

    race_date: date
    name: str
    distance_m: float
    priority: Priority = "B"


@dataclass(frozen=True, kw_only=True)
class RaceRecord(RaceEntry):
    """A stored race."""

    id: int


@dataclass(frozen=True, kw_only=True)
class PlannedEntry:
    """One planned back session: its date, JSON-able exercise prescriptions and why."""

    session_date: date
    exercises: list[dict[str, Any]]
    reason: str = ""


@dataclass(frozen=True, kw_only=True)
class PlannedRecord(PlannedEntry):
    """A stored planned session."""

    id: int
    plan_id: int


@dataclass(frozen=True, kw_only=True)
class PlanRecord:
    """A stored plan covering ``starts``..``ends`` (inclusive dates)."""

    id: int
    created_at: datetime
    starts: date
    ends: date
    note: str
    sessions: tuple[PlannedRecord, ...]


@dataclass(frozen=True, kw_only=True)
class FaultEntry:
    """A form fault: rule id, measured value, threshold, units, seconds from set start."""

    rule: str
    value: float
    threshold: float
    units: str
    at_s: float


@dataclass(frozen=True, kw_only=True)
class RepEntry:
    """One rep: 1-based index, side, start and end seconds from set start, phases."""

    index: int
    side: Side = "none"
    start_s: float
    end_s: float
    phases: dict[str, Any] = field(default_factory=dict)
    hold_s: float | None = None
    faults: tuple[FaultEntry, ...] = ()


@dataclass(frozen=True, kw_only=True)
class SetEntry:
    """One set as it ended: exercise, side, load (kg), reps, hold seconds, rating, source.

    ``faults`` holds faults not tied to one rep (those sit in ``rep_log``).
    """

    exercise_id: str
    side: Side = "none"
    started_at: datetime
    ended_at: datetime
    reps: int = 0
    load_kg: float | None = None
    hold_s: float | None = None
    rating: Rating = "clean"
    source: Source = "self_report"
    rep_log: tuple[RepEntry, ...] = ()
    faults: tuple[FaultEntry, ...] = ()


@dataclass(frozen=True, kw_only=True)
class SetRecord(SetEntry):
    """A stored set."""

    id: int
    session_id: int


@dataclass(frozen=True, kw_only=True)
class SessionRecord:
    """A performed session with its sets, oldest set first."""

    id: int
    athlete_id: int
    started_at: datetime
    ended_at: datetime | None
    status: SessionStatus
    planned_session_id: int | None
    resume_state: dict[str, Any] | None
    sets: tuple[SetRecord, ...] = ()


@dataclass(frozen=True, kw_only=True)
class WeekTotal:
    """Totals of one week (Monday start): back work and running."""

    week_start: date
    sessions: int
    sets: int
    reps: int
    hold_s: float
    volume_kg: float
    runs: int
    run_distance_m: float
    run_moving_time_s: float


@dataclass(frozen=True, kw_only=True)
class AnalysisRecord:
    """A queued or finished video analysis."""

    id: int
    athlete_id: int
    status: AnalysisStatus
    video_path: str | None
    landmark_path: str | None
    json_path: str | None
    schema_version: int | None
    exercise_id: str | None
    params: dict[str, Any] | None
    set_id: int | None
    worker: str | None
    error: str | None
    queued_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    lease_until: datetime | None = None


@dataclass(frozen=True, kw_only=True)
class ImportReport:
    """What an import of an exported history added, and what it found already stored."""

    athlete_id: int
    counts: dict[str, int]
    already: dict[str, int] = field(default_factory=dict)
