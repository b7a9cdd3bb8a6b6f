"""The queue of video analyses: queued -> running -> done or failed, one worker each.

A worker claims a job for a lease it renews while it works, and puts the job back
(`release_analysis`) when it is stopped. A worker that dies without doing so leaves
its job "running": its lease passes and the next claim takes it, or, sooner,
`requeue_orphans` puts back the jobs of dead workers on this machine.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from typing import Any, cast

from sqlalchemy import ColumnElement, delete, func, select, update
from sqlalchemy.orm import Session

from upright.store.engine import Store
from upright.store.errors import NotFound, StoreError
from upright.store.models import Analysis, PerformedSession
from upright.store.records import ANALYSIS_STATUSES, AnalysisRecord, AnalysisStatus, SetEntry
from upright.store.sessions import add_set_rows


def _record(r: Analysis) -> AnalysisRecord:
    return AnalysisRecord(
        id=r.id,
        athlete_id=r.athlete_id,
        status=cast(AnalysisStatus, r.status),
        video_path=r.video_path,
        landmark_path=r.landmark_path,
        json_path=r.json_path,
        schema_version=r.schema_version,
        exercise_id=r.exercise_id,
        params=r.params,
        set_id=r.set_id,
        worker=r.worker,
        error=r.error,
        queued_at=r.queued_at,
        started_at=r.started_at,
        finished_at=r.finished_at,
        lease_until=r.lease_until,
    )


def queue_analysis(
    store: Store,
    athlete: int,
    *,
    video_path: str | None = None,
    landmark_path: str | None = None,
    exercise_id: str | None = None,
    params: dict[str, Any] | None = None,
    set_id: int | None = None,
) -> int:
    """Queue an analysis of a video or landmark file; returns its id."""
    if video_path is None and landmark_path is None:
        raise StoreError("analysis: expected a video_path or a landmark_path, got neither")
    with store.session() as s:
        row = Analysis(
            athlete_id=athlete,
            status="queued",
            video_path=video_path,
            landmark_path=landmark_path,
            exercise_id=exercise_id,
            params=params,
            set_id=set_id,
            queued_at=datetime.now(UTC),
        )
        s.add(row)
        s.flush()
        return row.id


LEASE_S = 30.0  # how long a claim holds unless its worker renews it


def _claimable(now: datetime) -> ColumnElement[bool]:
    """Queued analyses, and running ones whose worker stopped renewing its lease."""
    expired = (Analysis.status == "running") & (Analysis.lease_until < now)
    return (Analysis.status == "queued") | expired


def claim_analysis(
    store: Store, worker: str, *, lease_s: float = LEASE_S, now: datetime | None = None
) -> AnalysisRecord | None:
    """Take the oldest claimable analysis for ``worker`` and mark it running; None if none.

    Claimable are queued analyses and running ones whose lease has passed (their worker
    died without putting them back). The claim holds for ``lease_s`` seconds unless
    `renew_lease` extends it. On PostgreSQL the row is locked with ``FOR UPDATE SKIP
    LOCKED``, so concurrent workers never take the same row; on SQLite the write
    transaction is exclusive already.
    """
    now = now or datetime.now(UTC)
    with store.session() as s:
        q = select(Analysis).where(_claimable(now)).order_by(Analysis.queued_at, Analysis.id)
        if s.get_bind().dialect.name == "postgresql":
            q = q.with_for_update(skip_locked=True)
        row = s.scalars(q.limit(1)).first()
        if row is None:
            return None
        row.status, row.worker, row.started_at = "running", worker, now
        row.lease_until = now + timedelta(seconds=lease_s)
        s.flush()
        return _record(row)


def _held_by(analysis_id: int, worker: str) -> ColumnElement[bool]:
    return (
        (Analysis.id == analysis_id) & (Analysis.status == "running") & (Analysis.worker == worker)
    )


def renew_lease(store: Store, analysis_id: int, worker: str, *, lease_s: float = LEASE_S) -> bool:
    """Extend ``worker``'s claim on a running analysis; False when it is no longer its."""
    until = datetime.now(UTC) + timedelta(seconds=lease_s)
    with store.session() as s:
        done = s.execute(
            update(Analysis).where(_held_by(analysis_id, worker)).values(lease_until=until)
        )
        return bool(cast(Any, done).rowcount)


def release_analysis(store: Store, analysis_id: int, worker: str) -> bool:
    """Put ``worker``'s running analysis back in the queue (it stops without finishing).

    Returns False when the analysis is no longer ``worker``'s (finished, or taken over
    after its lease passed), and then changes nothing.
    """
    with store.session() as s:
        done = s.execute(
            update(Analysis)
            .where(_held_by(analysis_id, worker))
            .values(status="queued", worker=None, started_at=None, lease_until=None)
        )
        return bool(cast(Any, done).rowcount)


def finish_analysis(
    store: Store,
    analysis_id: int,
    *,
    json_path: str | None = None,
    landmark_path: str | None = None,
    schema_version: int | None = None,
    error: str | None = None,
    worker: str | None = None,
    video_set: SetEntry | None = None,
) -> bool:
    """Mark an analysis ``done`` with its outputs, or ``failed`` when ``error`` is given.

    With ``worker``, only while the analysis is still that worker's running claim: a
    worker whose lease passed and whose job another worker took records nothing, so a
    job is finished once. Returns whether the row was updated.

    ``video_set``, the set the video showed, is stored in the same transaction when the
    row is marked done (in a completed session of its own, linked as the analysis's
    ``set_id``): a finished analysis always has its set, and never two.
    """
    values: dict[str, Any] = {
        "finished_at": datetime.now(UTC),
        "status": "failed" if error else "done",
        "error": error,
        "lease_until": None,
    }
    for key, value in (
        ("json_path", json_path),
        ("landmark_path", landmark_path),
        ("schema_version", schema_version),
    ):
        if value is not None:
            values[key] = value
    where = Analysis.id == analysis_id if worker is None else _held_by(analysis_id, worker)
    with store.session() as s:
        if s.get(Analysis, analysis_id) is None:
            raise NotFound(f"no analysis with id {analysis_id}")
        done = bool(cast(Any, s.execute(update(Analysis).where(where).values(**values))).rowcount)
        if done and video_set is not None and not error:
            _add_video_set(s, analysis_id, video_set)
        return done


def _add_video_set(s: Session, analysis_id: int, entry: SetEntry) -> None:
    row = s.get(Analysis, analysis_id)
    if row is None:  # marked done a moment ago in this transaction: cannot happen
        raise NotFound(f"no analysis with id {analysis_id}")
    session = PerformedSession(
        athlete_id=row.athlete_id,
        planned_session_id=None,
        started_at=entry.started_at,
        ended_at=entry.ended_at,
        status="completed",
        resume_state=None,
    )
    s.add(session)
    s.flush()
    row.set_id = add_set_rows(s, row.athlete_id, session.id, entry)


def get_analysis(store: Store, analysis_id: int) -> AnalysisRecord:
    """One analysis by id."""
    if not -(2**63) <= analysis_id < 2**63:  # no row has it, and SQLite cannot bind it
        raise NotFound(f"no analysis with id {analysis_id}")
    with store.reading() as s:
        row = s.get(Analysis, analysis_id)
        if row is None:
            raise NotFound(f"no analysis with id {analysis_id}")
        return _record(row)


def analyses(store: Store, athlete: int, status: str | None = None) -> list[AnalysisRecord]:
    """The athlete's analyses (optionally of one status), newest first."""
    q = select(Analysis).where(Analysis.athlete_id == athlete)
    if status is not None:
        if status not in ANALYSIS_STATUSES:
            raise StoreError(f"analysis status expected one of {ANALYSIS_STATUSES}, got {status!r}")
        q = q.where(Analysis.status == status)
    with store.reading() as s:
        return [
            _record(r) for r in s.scalars(q.order_by(Analysis.queued_at.desc(), Analysis.id.desc()))
        ]


def queue_position(store: Store, analysis_id: int) -> int | None:
    """1 for the next queued analysis to be taken, 2 for the one after; None if not queued."""
    with store.reading() as s:
        row = s.get(Analysis, analysis_id)
        if row is None or row.status != "queued":
            return None
        ahead = s.scalar(
            select(func.count())
            .select_from(Analysis)
            .where(Analysis.status == "queued")
            .where(
                (Analysis.queued_at < row.queued_at)
                | ((Analysis.queued_at == row.queued_at) & (Analysis.id < row.id))
            )
        )
        return int(ahead or 0) + 1


def delete_analysis(store: Store, analysis_id: int) -> None:
    """Delete one analysis row (its files are the caller's)."""
    with store.session() as s:
        s.execute(delete(Analysis).where(Analysis.id == analysis_id))


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def requeue_orphans(store: Store, host: str) -> int:
    """Queue again the running jobs of dead worker processes on ``host``; return how many.

    Worker names are ``HOST:PID:INDEX`` (see `upright.web.worker`), so a server only
    touches its own machine's jobs and never one whose process still runs.
    """
    with store.session() as s:
        rows = s.execute(
            select(Analysis.id, Analysis.worker)
            .where(Analysis.status == "running")
            .where(Analysis.worker.like(f"{host}:%"))
        ).all()
        orphans = []
        for analysis_id, worker in rows:
            parts = (worker or "").split(":")
            if len(parts) == 3 and parts[1].isdigit() and not _pid_alive(int(parts[1])):
                orphans.append(analysis_id)
        if orphans:
            s.execute(
                update(Analysis)
                .where(Analysis.id.in_(orphans))
                .values(status="queued", worker=None, started_at=None, lease_until=None)
            )
        return len(orphans)
