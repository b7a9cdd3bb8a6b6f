"""Guided sessions: start, resume, record and finish one, the same way from every front end.

The terminal (``upright session``), the Session page and the Live page all run a session
through these calls:

1. `start_session` (a new session; refused with `SessionAlreadyOpen` while the athlete
   has one to continue, unless ``start_over`` names it) or `resume_session` (the
   unfinished one, at its next set) gives a `SessionRun`;
2. `SessionRun.engine` makes the `upright.session.SessionEngine` on the sets left;
3. the front end ticks the engine and hands each finished set to `SessionRun.record`;
4. `SessionRun.end` closes the session, completed or abandoned.

`find_unfinished` says what a runner left open, for the prompt that offers to continue.
One session is open per athlete: a set is always recorded in the session it belongs to.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Literal

from upright.catalog import Exercise, default_catalog
from upright.errors import UprightError
from upright.plan import ExercisePrescription, SessionPrescription, default_session
from upright.session import SessionEngine, SetPlan, SetResult, expand
from upright.session.program import remaining, session_prescription
from upright.session.recorder import (
    ResumeError,
    SessionAlreadyOpen,
    StoreRecorder,
    begin_session,
    latest_open_session,
)
from upright.session.results import Rating
from upright.store import (
    Store,
    UnknownAthlete,
    athlete_id,
    end_session,
    ensure_athlete,
    get_session,
    open_sessions,
)

SessionEnd = Literal["completed", "abandoned"]


class SessionChoiceError(UprightError, ValueError):
    """A session asked for that is not the one this athlete can continue or close."""


@dataclass(frozen=True)
class SessionRun:
    """A session ready to run: where its sets are stored and the sets still to do.

    Attributes
    ----------
    recorder
        Writes each finished set (and the resume state) to the store as it ends.
    plans
        The sets left to run, in order.
    sets_before
        Sets of this stored session already done before this run (0 for a new one).
    """

    recorder: StoreRecorder
    plans: list[SetPlan]
    sets_before: int = 0

    @property
    def session_id(self) -> int:
        """The stored session's id."""
        return self.recorder.session_id

    @property
    def athlete_id(self) -> int:
        """The athlete's id in the store."""
        return self.recorder.athlete_id

    @property
    def sets_saved(self) -> int:
        """Sets saved by this run so far."""
        return self.recorder.sets_saved

    def engine(self, *, camera: bool, auto_rating: Rating | None = None) -> SessionEngine:
        """The session engine on the sets left (camera-driven or self-paced)."""
        return SessionEngine(self.plans, camera=camera, auto_rating=auto_rating)

    def record(self, result: SetResult) -> list[int]:
        """Store a finished set at once; the ids of its rows (none for a set with no rep)."""
        return self.recorder.record(result)

    def end(self, status: SessionEnd) -> None:
        """Close the stored session: ``completed``, or ``abandoned`` (its sets stay)."""
        if status == "completed":
            self.recorder.finish()
        else:
            end_session(self.recorder.store, self.recorder.session_id, status="abandoned")


def planned_prescription(
    planned: SessionPrescription | None, catalog: dict[str, Exercise] | None = None
) -> SessionPrescription:
    """The session to run: the planned one (today's, else the next), else the program's start."""
    return planned if planned is not None else default_session(catalog or default_catalog())


def start_session(
    store: Store,
    athlete: str,
    today: SessionPrescription,
    *,
    day: date | None = None,
    exercise_ids: list[str] | None = None,
    sets: int | None = None,
    reps: int | None = None,
    start_over: int | None = None,
) -> SessionRun:
    """Open a new session of ``today``'s prescription, cut down as the runner asked.

    Parameters
    ----------
    store
        The open store.
    athlete
        Whose session (created when missing).
    today
        The planned prescription (`planned_prescription`).
    day
        The session's date, for linking it to the planned session (default: today).
    exercise_ids, sets, reps
        Only these exercises (one the plan lacks is added at its starting dose), this
        many sets and reps instead of the plan's (`upright.session.program`).
    start_over
        The athlete's unfinished session to close as abandoned first (its sets stay).

    Raises
    ------
    ProgramError
        The choice of exercises, sets or reps cannot be run.
    SessionAlreadyOpen
        The athlete has another session open to continue (its resume point attached).
    SessionChoiceError
        ``start_over`` is another athlete's session.
    """
    catalog = default_catalog()
    prescription = session_prescription(today, catalog, exercise_ids, sets, reps)
    plans = expand(prescription, catalog)
    if start_over is not None:
        abandon_session(store, athlete, start_over)
    recorder = begin_session(store, athlete, prescription, day or date.today(), exclusive=True)
    return SessionRun(recorder=recorder, plans=plans)


def resume_session(store: Store, athlete: str, session_id: int | None = None) -> SessionRun:
    """Continue the athlete's unfinished session at its next set.

    ``session_id`` is the session the runner was offered: `SessionChoiceError` when the
    athlete's newest open session is no longer that one (closed or replaced since), and
    `ResumeError` when there is none to continue.
    """
    point = latest_open_session(store, athlete)
    if session_id is not None and point.session_id != session_id:
        raise SessionChoiceError(
            f"session: expected the unfinished session {point.session_id}, got {session_id}; "
            "reload the page"
        )
    recorder = StoreRecorder(store, athlete, point.prescription, resume=point)
    plans = expand(point.prescription, default_catalog())
    left = remaining(plans, recorder.done)
    return SessionRun(recorder=recorder, plans=left, sets_before=len(plans) - len(left))


def abandon_session(store: Store, athlete: str, session_id: int) -> None:
    """Close the athlete's session ``session_id`` as abandoned; its sets are kept.

    A session already closed is left as it is; another athlete's is a `SessionChoiceError`.
    """
    record = get_session(store, session_id)
    if record.athlete_id != ensure_athlete(store, athlete):
        raise SessionChoiceError(f"start_over: session {session_id} is not {athlete}'s")
    if record.status == "in_progress":
        end_session(store, session_id, status="abandoned")


@dataclass(frozen=True)
class Unfinished:
    """An open session the runner can continue, as the prompts tell it.

    Attributes
    ----------
    session_id
        The stored session's id.
    sets_done, sets_total
        Sets saved so far, and sets in the whole session.
    stopped_at
        When the last set was saved (the session's start when none was), UTC.
    next_title
        The set that continuing starts with (None when every set is saved).
    """

    session_id: int
    sets_done: int
    sets_total: int
    stopped_at: datetime
    next_title: str | None

    def summary(self, now: datetime | None = None) -> str:
        """One plain sentence: how far the runner got and how long ago."""
        ago = time_ago(self.stopped_at, now or datetime.now(UTC))
        if self.sets_done == 0:
            return f"You started a session {ago} but no set was finished."
        if self.next_title is None:
            return f"All {self.sets_total} sets were saved {ago}, but the session was left open."
        return f"You stopped after {self.sets_done} of {self.sets_total} sets, {ago}."


def time_ago(then: datetime, now: datetime) -> str:
    """``then`` in words relative to ``now``: "just now", "40 min ago", "3 h ago", a date."""
    seconds = (now - then).total_seconds()
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{int(seconds // 60)} min ago"
    if seconds < 86400:
        hours, rest = divmod(int(seconds // 60), 60)
        return f"{hours} h {rest} min ago" if rest and hours < 3 else f"{hours} h ago"
    return f"on {then.astimezone():%a %d %b}"


def find_unfinished(store: Store, athlete: str) -> Unfinished | None:
    """The athlete's newest session still open, or None when there is none.

    A session whose resume state cannot be read raises `ResumeError` naming the field.
    It only reads: an athlete never stored has nothing open, and no row is created.
    """
    try:
        aid = athlete_id(store, athlete)
    except UnknownAthlete:
        return None
    try:
        point = latest_open_session(store, athlete)
    except ResumeError:
        # none to resume, or the newest one's state is unreadable: only the latter is news
        if any(s.resume_state for s in open_sessions(store, aid)):
            raise
        return None
    record = get_session(store, point.session_id)
    plans = expand(point.prescription, default_catalog())
    left = remaining(plans, point.done)
    stopped_at = max((s.ended_at for s in record.sets), default=record.started_at)
    return Unfinished(
        session_id=point.session_id,
        sets_done=len(plans) - len(left),
        sets_total=len(plans),
        stopped_at=stopped_at,
        next_title=left[0].title if left else None,
    )


def first_exercise(prescription: SessionPrescription) -> ExercisePrescription:
    """The session's first exercise (what the Live page offers first).

    A prescription with no exercise falls back to the program's starting session, and a
    catalog so empty that the starting session has none is a `SessionChoiceError`.
    """
    for source in (prescription, default_session(default_catalog())):
        if source.exercises:
            return source.exercises[0]
    raise SessionChoiceError("the catalog has no exercise to start a session with")


__all__ = [
    "ResumeError",
    "SessionAlreadyOpen",
    "SessionChoiceError",
    "SessionEnd",
    "SessionRun",
    "Unfinished",
    "abandon_session",
    "find_unfinished",
    "first_exercise",
    "planned_prescription",
    "resume_session",
    "start_session",
    "time_ago",
]
