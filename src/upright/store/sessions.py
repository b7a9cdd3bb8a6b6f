"""Performed sessions and their sets; a set is committed the moment it is recorded."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from upright.store.engine import Store
from upright.store.errors import NotFound, StoreError, require_aware
from upright.store.models import ExerciseSet, Fault, PerformedSession, Rep
from upright.store.records import (
    RATINGS,
    SESSION_STATUSES,
    SIDES,
    SOURCES,
    FaultEntry,
    Rating,
    RepEntry,
    SessionRecord,
    SessionStatus,
    SetEntry,
    SetRecord,
    Side,
    Source,
)


def start_session(
    store: Store,
    athlete: int,
    *,
    started_at: datetime | None = None,
    planned_session_id: int | None = None,
    resume_state: dict[str, Any] | None = None,
) -> int:
    """Open a performed session (status ``in_progress``); returns its id.

    ``resume_state`` is kept in the same transaction as the row, so a process killed
    just after the start never leaves an open session that cannot be resumed.
    """
    require_aware(started_at, "started_at")
    with store.session() as s:
        row = PerformedSession(
            athlete_id=athlete,
            planned_session_id=planned_session_id,
            started_at=started_at or datetime.now(UTC),
            ended_at=None,
            status="in_progress",
            resume_state=None if resume_state is None else dict(resume_state),
        )
        s.add(row)
        s.flush()
        return row.id


def _check_set(entry: SetEntry) -> None:
    require_aware(entry.started_at, f"set of {entry.exercise_id!r}: started_at")
    require_aware(entry.ended_at, f"set of {entry.exercise_id!r}: ended_at")
    problems = []
    for field, value, allowed in (
        ("side", entry.side, SIDES),
        ("rating", entry.rating, RATINGS),
        ("source", entry.source, SOURCES),
    ):
        if value not in allowed:
            problems.append(f"{field} expected one of {', '.join(allowed)}, got {value!r}")
    if entry.reps < 0:
        problems.append(f"reps expected >= 0, got {entry.reps}")
    if entry.ended_at < entry.started_at:
        problems.append(f"ended_at {entry.ended_at} is before started_at {entry.started_at}")
    problems += [
        f"rep {r.index}: side {r.side!r} unknown" for r in entry.rep_log if r.side not in SIDES
    ]
    if problems:
        raise StoreError(f"set of {entry.exercise_id!r}: " + "; ".join(problems))


def _fault_row(athlete: int, set_id: int, rep_id: int | None, f: FaultEntry) -> Fault:
    return Fault(
        athlete_id=athlete,
        set_id=set_id,
        rep_id=rep_id,
        rule=f.rule,
        value=float(f.value),
        threshold=float(f.threshold),
        units=f.units,
        at_s=float(f.at_s),
    )


def record_set(
    store: Store, session_id: int, entry: SetEntry, resume_state: dict[str, Any] | None = None
) -> int:
    """Write one finished set with its reps and faults in one transaction, then commit.

    Once this returns the set survives a crash of the process. Returns the set id.
    ``resume_state``, when given, replaces the session's resume state in the same
    transaction, so a crash can never keep the set without the state that marks it done.
    """
    return record_sets(store, session_id, [entry], resume_state)[0]


def record_sets(
    store: Store,
    session_id: int,
    entries: Sequence[SetEntry],
    resume_state: dict[str, Any] | None = None,
) -> list[int]:
    """Write several rows of one finished set (one a side) in one transaction.

    All or none are kept, with ``resume_state`` (see `record_set`); returns their ids.
    """
    if not entries:
        raise StoreError(f"session {session_id}: a set needs at least one row to record")
    with store.session() as s:
        sess = s.get(PerformedSession, session_id)
        if sess is None:
            raise NotFound(f"no performed session with id {session_id}")
        if resume_state is not None:
            sess.resume_state = dict(resume_state)
        return [add_set_rows(s, sess.athlete_id, session_id, entry) for entry in entries]


def add_set_rows(s: Session, aid: int, session_id: int, entry: SetEntry) -> int:
    """Add a set, its reps and faults to the open transaction ``s``; returns the set's id."""
    _check_set(entry)
    row = ExerciseSet(
        athlete_id=aid,
        session_id=session_id,
        exercise_id=entry.exercise_id,
        side=entry.side,
        load_kg=entry.load_kg,
        reps=entry.reps,
        hold_s=entry.hold_s,
        rating=entry.rating,
        source=entry.source,
        started_at=entry.started_at,
        ended_at=entry.ended_at,
    )
    s.add(row)
    s.flush()
    for rep in entry.rep_log:
        rep_row = Rep(
            athlete_id=aid,
            set_id=row.id,
            rep_index=rep.index,
            side=rep.side,
            start_s=float(rep.start_s),
            end_s=float(rep.end_s),
            phases=dict(rep.phases),
            hold_s=rep.hold_s,
        )
        s.add(rep_row)
        s.flush()
        s.add_all(_fault_row(aid, row.id, rep_row.id, f) for f in rep.faults)
    s.add_all(_fault_row(aid, row.id, None, f) for f in entry.faults)
    return row.id


def save_resume_state(store: Store, session_id: int, state: dict[str, Any]) -> None:
    """Store the JSON-able state a session engine needs to resume after a crash."""
    with store.session() as s:
        _get(s, session_id).resume_state = dict(state)


def end_session(
    store: Store, session_id: int, *, status: str = "completed", ended_at: datetime | None = None
) -> None:
    """Close a session as ``completed`` or ``abandoned``."""
    if status not in SESSION_STATUSES:
        raise StoreError(f"session status expected one of {SESSION_STATUSES}, got {status!r}")
    require_aware(ended_at, "ended_at")
    with store.session() as s:
        row = _get(s, session_id)
        row.status = status
        row.ended_at = ended_at or datetime.now(UTC)


def _get(s: Session, session_id: int) -> PerformedSession:
    row = s.get(PerformedSession, session_id)
    if row is None:
        raise NotFound(f"no performed session with id {session_id}")
    return row


def get_session(store: Store, session_id: int) -> SessionRecord:
    """One performed session with its sets (oldest first)."""
    with store.reading() as s:
        return session_records(s, [_get(s, session_id)])[0]


def open_sessions(store: Store, athlete: int) -> list[SessionRecord]:
    """The athlete's sessions still ``in_progress`` (to resume), newest first."""
    with store.reading() as s:
        rows = s.scalars(
            select(PerformedSession)
            .where(PerformedSession.athlete_id == athlete, PerformedSession.status == "in_progress")
            .order_by(PerformedSession.started_at.desc(), PerformedSession.id.desc())
        )
        return session_records(s, list(rows))


def set_records(s: Session, rows: Sequence[ExerciseSet]) -> list[SetRecord]:
    """Turn set rows into `SetRecord`s with their reps and faults (three queries)."""
    ids = [r.id for r in rows]
    if not ids:
        return []
    reps: dict[int, list[Rep]] = defaultdict(list)
    for rep in s.scalars(select(Rep).where(Rep.set_id.in_(ids)).order_by(Rep.rep_index, Rep.id)):
        reps[rep.set_id].append(rep)
    faults: dict[int | None, list[Fault]] = defaultdict(list)
    set_faults: dict[int, list[Fault]] = defaultdict(list)
    for f in s.scalars(select(Fault).where(Fault.set_id.in_(ids)).order_by(Fault.at_s, Fault.id)):
        (faults[f.rep_id] if f.rep_id is not None else set_faults[f.set_id]).append(f)
    return [_set_record(r, reps[r.id], faults, set_faults[r.id]) for r in rows]


def _fault(f: Fault) -> FaultEntry:
    return FaultEntry(rule=f.rule, value=f.value, threshold=f.threshold, units=f.units, at_s=f.at_s)


def _set_record(
    row: ExerciseSet, reps: list[Rep], faults: dict[int | None, list[Fault]], own: list[Fault]
) -> SetRecord:
    rep_log = tuple(
        RepEntry(
            index=r.rep_index,
            side=cast(Side, r.side),
            start_s=r.start_s,
            end_s=r.end_s,
            phases=dict(r.phases),
            hold_s=r.hold_s,
            faults=tuple(_fault(f) for f in faults.get(r.id, [])),
        )
        for r in reps
    )
    return SetRecord(
        id=row.id,
        session_id=row.session_id,
        exercise_id=row.exercise_id,
        side=cast(Side, row.side),
        started_at=row.started_at,
        ended_at=row.ended_at,
        reps=row.reps,
        load_kg=row.load_kg,
        hold_s=row.hold_s,
        rating=cast(Rating, row.rating),
        source=cast(Source, row.source),
        rep_log=rep_log,
        faults=tuple(_fault(f) for f in own),
    )


def session_records(s: Session, rows: Sequence[PerformedSession]) -> list[SessionRecord]:
    """Turn session rows into `SessionRecord`s with their sets, keeping the order given."""
    ids = [r.id for r in rows]
    set_rows = (
        list(
            s.scalars(
                select(ExerciseSet)
                .where(ExerciseSet.session_id.in_(ids))
                .order_by(ExerciseSet.started_at, ExerciseSet.id)
            )
        )
        if ids
        else []
    )
    by_session: dict[int, list[SetRecord]] = defaultdict(list)
    for rec in set_records(s, set_rows):
        by_session[rec.session_id].append(rec)
    return [
        SessionRecord(
            id=r.id,
            athlete_id=r.athlete_id,
            started_at=r.started_at,
            ended_at=r.ended_at,
            status=cast(SessionStatus, r.status),
            planned_session_id=r.planned_session_id,
            resume_state=r.resume_state,
            sets=tuple(by_session[r.id]),
        )
        for r in rows
    ]
