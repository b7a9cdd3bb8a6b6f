"""Plans and their planned sessions; the newest plan is the one in force."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from upright.store.engine import Store
from upright.store.errors import StoreError
from upright.store.models import Plan, PlannedSession
from upright.store.records import PlannedEntry, PlannedRecord, PlanRecord


def _planned(row: PlannedSession) -> PlannedRecord:
    return PlannedRecord(
        id=row.id,
        plan_id=row.plan_id,
        session_date=row.session_date,
        exercises=list(row.exercises),
        reason=row.reason,
    )


def save_plan(
    store: Store,
    athlete: int,
    sessions: Sequence[PlannedEntry],
    *,
    starts: date,
    ends: date,
    note: str = "",
) -> int:
    """Store a new plan for ``starts``..``ends`` (inclusive) with its sessions; its id."""
    if ends < starts:
        raise StoreError(f"plan: ends ({ends}) is before starts ({starts})")
    with store.session() as s:
        plan = Plan(
            athlete_id=athlete, created_at=datetime.now(UTC), starts=starts, ends=ends, note=note
        )
        s.add(plan)
        s.flush()
        for entry in sessions:
            s.add(
                PlannedSession(
                    athlete_id=athlete,
                    plan_id=plan.id,
                    session_date=entry.session_date,
                    exercises=list(entry.exercises),
                    reason=entry.reason,
                )
            )
        return plan.id


def _latest_plan_id(s: Session, athlete: int) -> int | None:
    return s.scalars(
        select(Plan.id)
        .where(Plan.athlete_id == athlete)
        .order_by(Plan.created_at.desc(), Plan.id.desc())
        .limit(1)
    ).first()


def latest_plan(store: Store, athlete: int) -> PlanRecord | None:
    """The plan in force (the newest), with its sessions by date; None when none."""
    with store.reading() as s:
        plan_id = _latest_plan_id(s, athlete)
        if plan_id is None:
            return None
        plan = s.get_one(Plan, plan_id)
        rows = s.scalars(
            select(PlannedSession)
            .where(PlannedSession.plan_id == plan_id)
            .order_by(PlannedSession.session_date, PlannedSession.id)
        )
        return PlanRecord(
            id=plan.id,
            created_at=plan.created_at,
            starts=plan.starts,
            ends=plan.ends,
            note=plan.note,
            sessions=tuple(_planned(r) for r in rows),
        )


def planned_sessions(store: Store, athlete: int, start: date, end: date) -> list[PlannedRecord]:
    """Sessions of the plan in force dated within ``[start, end]``, by date."""
    with store.reading() as s:
        plan_id = _latest_plan_id(s, athlete)
        if plan_id is None:
            return []
        rows = s.scalars(
            select(PlannedSession)
            .where(
                PlannedSession.plan_id == plan_id,
                PlannedSession.session_date >= start,
                PlannedSession.session_date <= end,
            )
            .order_by(PlannedSession.session_date, PlannedSession.id)
        )
        return [_planned(r) for r in rows]
