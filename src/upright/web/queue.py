"""The few queue queries the web app needs beyond `upright.store.analyses`.

Queue position, deleting an analysis row, and putting back jobs whose worker process
died mid-run (a killed server). They use the store's public `Store.session()` and its
`Analysis` model; they belong in the store package and can move there unchanged.
"""

from __future__ import annotations

import os

from sqlalchemy import delete, func, select, update

from upright.store import Store
from upright.store.models import Analysis


def queue_position(store: Store, analysis_id: int) -> int | None:
    """1 for the next queued analysis to be taken, 2 for the one after; None if not queued."""
    with store.session() as s:
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
                .values(status="queued", worker=None, started_at=None)
            )
        return len(orphans)
