"""Writing each set to the store the moment it ends, and resuming a session after a crash.

A performed session is opened in the store when the guided session starts; every set
is committed as it ends together with the resume state (the prescription and which sets
are done), so a killed process loses at most the set in progress and
``upright session --resume`` continues with the next set.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from upright.errors import UprightError
from upright.plan import SessionPrescription
from upright.plan.prescription import prescription_from_json, prescription_to_json
from upright.session.results import FaultLog, RepLog, SetResult
from upright.store import (
    FaultEntry,
    RepEntry,
    SessionRecord,
    SetEntry,
    Side,
    Store,
    end_session,
    ensure_athlete,
    latest_plan,
    open_sessions,
    record_sets,
    start_session,
)

RESUME_VERSION = 1


class ResumeError(UprightError):
    """No session to resume, or its saved state cannot be read (the message says which)."""


class SessionAlreadyOpen(UprightError):
    """A new session asked for while the athlete's last one is still open to continue.

    ``point`` is that session's resume point: the caller offers to continue it.
    """

    def __init__(self, athlete: str, point: ResumePoint) -> None:
        super().__init__(
            f"athlete {athlete!r} has an unfinished session (session {point.session_id}, "
            f"{len(point.done)} set{'' if len(point.done) == 1 else 's'} saved); "
            "continue it or start over"
        )
        self.point = point


def _fault(f: FaultLog) -> FaultEntry:
    return FaultEntry(rule=f.rule, value=f.value, threshold=f.threshold, units=f.units, at_s=f.at_s)


def _side(side: str) -> Side:
    for known in ("none", "left", "right", "both"):
        if side == known:
            return known
    return "none"


def _rep_entry(r: RepLog, index: int) -> RepEntry:
    return RepEntry(
        index=index,
        side=_side(r.side),
        start_s=r.start_s,
        end_s=r.end_s,
        phases={"tuck_hold_s": r.tuck_hold_s} if r.tuck_hold_s else {},
        hold_s=r.hold_s or None,
        faults=tuple(_fault(f) for f in r.faults),
    )


def _side_of(at_s: float, reps: tuple[RepLog, ...], first: str) -> str:
    """The side being worked at ``at_s`` (seconds from the set start)."""
    started = [r.side for r in reps if r.start_s <= at_s]
    return started[-1] if started else first


def set_entries(result: SetResult) -> list[SetEntry]:
    """The store's rows of a finished set: one a side for a per-side set, else one.

    Each row holds only its side's reps (numbered from 1), so a bird dog of 8 a side is
    two rows of 8, never one of 16; rep times stay seconds from the set's start. The
    rating is the runner's own, else the one the camera's faults suggest. A set with no
    rep on any side gives no row: nothing was done, so nothing is logged.
    """
    if not result.reps:
        return []
    rating = result.rating or result.suggested_rating()
    split = len(result.sides) > 1
    rows = []
    for side in result.sides:
        reps = tuple(r for r in result.reps if r.side == side) if split else result.reps
        loose = tuple(
            f
            for f in result.faults
            if not split or _side_of(f.at_s, result.reps, result.sides[0]) == side
        )
        rows.append(
            SetEntry(
                exercise_id=result.exercise_id,
                side=_side(side),
                started_at=result.started_at,
                ended_at=result.ended_at,
                reps=len(reps),
                load_kg=result.load_kg,
                hold_s=round(sum(r.hold_s for r in reps), 3) or None,
                rating=rating,
                source=result.source,
                rep_log=tuple(_rep_entry(r, i + 1) for i, r in enumerate(reps)),
                faults=tuple(_fault(f) for f in loose),
            )
        )
    return rows


@dataclass(frozen=True)
class ResumePoint:
    """A session to continue: its store id, prescription, and the sets already done."""

    session_id: int
    prescription: SessionPrescription
    done: frozenset[tuple[int, int]]


def resume_state(
    prescription: SessionPrescription, done: set[tuple[int, int]] | frozenset[tuple[int, int]]
) -> dict[str, Any]:
    """JSON-able state: the prescription and the (exercise index, set index) pairs done."""
    return {
        "version": RESUME_VERSION,
        "reason": prescription.reason,
        "exercises": prescription_to_json(prescription),
        "done": sorted([list(k) for k in done]),
    }


def read_resume_state(record: SessionRecord) -> ResumePoint:
    """The resume point stored with a session; `ResumeError` names the bad field."""
    state = record.resume_state
    where = f"session {record.id}: resume_state"
    if not isinstance(state, dict) or state.get("version") != RESUME_VERSION:
        raise ResumeError(
            f"{where}: expected version {RESUME_VERSION}, got "
            f"{state.get('version') if isinstance(state, dict) else state!r}"
        )
    try:
        exercises = prescription_from_json(state["exercises"], f"{where}.exercises")
        done = frozenset((int(a), int(b)) for a, b in state["done"])
    except (KeyError, TypeError, ValueError) as exc:
        raise ResumeError(f"{where}: malformed ({exc})") from None
    return ResumePoint(
        record.id, SessionPrescription(exercises, str(state.get("reason", ""))), done
    )


class StoreRecorder:
    """Records one guided session's sets in the store as they end.

    Parameters
    ----------
    store
        An open `upright.store.Store`.
    athlete
        The athlete's name (created when missing).
    prescription
        What the session runs (saved with every set, for resuming).
    resume
        A session to continue instead of opening a new one.
    exclusive
        Refuse to open a new session (`SessionAlreadyOpen`) while the athlete has one
        still open that can be continued: one open session per athlete.
    planned_session_id
        The stored planned session this one was started from, if any.
    """

    def __init__(
        self,
        store: Store,
        athlete: str,
        prescription: SessionPrescription,
        resume: ResumePoint | None = None,
        *,
        exclusive: bool = False,
        planned_session_id: int | None = None,
    ) -> None:
        self.store = store
        self.athlete_id = ensure_athlete(store, athlete)
        self.prescription = prescription
        if resume is None and exclusive:
            _refuse_a_second(store, athlete)
        if resume is None:
            self.done: set[tuple[int, int]] = set()
            self.session_id = start_session(
                store,
                self.athlete_id,
                planned_session_id=planned_session_id,
                resume_state=resume_state(prescription, self.done),
            )
        else:
            self.session_id = resume.session_id
            self.done = set(resume.done)
        self.set_ids: list[int] = []  # the first row of each set recorded
        self.sets_saved = 0

    def record(self, result: SetResult) -> list[int]:
        """Commit a finished set (and the new resume state); the ids of its rows.

        A set with no rep done records nothing and stays to do (an empty list).
        """
        entries = set_entries(result)
        if not entries:
            return []
        done = {*self.done, (result.exercise_index, result.set_index)}
        # one transaction: a kill between two would keep the set but redo it on --resume
        state = resume_state(self.prescription, done)
        ids = record_sets(self.store, self.session_id, entries, resume_state=state)
        self.done = done
        self.set_ids.append(ids[0])
        self.sets_saved += 1
        return ids

    def finish(self) -> None:
        """Mark the session completed."""
        end_session(self.store, self.session_id, status="completed", ended_at=datetime.now(UTC))


def _refuse_a_second(store: Store, athlete: str) -> None:
    """`SessionAlreadyOpen` when ``athlete`` has an open session that can be continued.

    A session whose resume state cannot be read does not block a new one (there is
    nothing to continue); the caller may close it.
    """
    try:
        point = latest_open_session(store, athlete)
    except ResumeError:
        return
    raise SessionAlreadyOpen(athlete, point)


def begin_session(
    store: Store,
    athlete: str,
    prescription: SessionPrescription,
    day: date,
    *,
    exclusive: bool = False,
) -> StoreRecorder:
    """Open a session the same way from every front end (terminal, web page, live camera).

    The prescription it runs is kept with it (progression reads the dose from there),
    and it is linked to the planned session of ``day`` in the athlete's newest stored
    plan when there is one.
    """
    athlete_id = ensure_athlete(store, athlete)
    plan = latest_plan(store, athlete_id)
    planned = next((s.id for s in plan.sessions if s.session_date == day), None) if plan else None
    return StoreRecorder(
        store, athlete, prescription, exclusive=exclusive, planned_session_id=planned
    )


def latest_open_session(store: Store, athlete: str) -> ResumePoint:
    """The athlete's newest session still in progress; `ResumeError` when there is none."""
    sessions = [s for s in open_sessions(store, ensure_athlete(store, athlete)) if s.resume_state]
    if not sessions:
        raise ResumeError(
            f"athlete {athlete!r} has no unfinished session to resume; "
            "start one with `upright session`"
        )
    newest = max(sessions, key=lambda s: (s.started_at, s.id))
    return read_resume_state(newest)
