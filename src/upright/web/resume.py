"""Picking up a guided session left unfinished: the Session page's prompt and its two paths.

Continuing uses the terminal's own resume steps (`upright.session.recorder`:
`latest_open_session`, a `StoreRecorder` on the resume point, and
`upright.session.program.remaining`), so the browser and ``upright session --resume``
run the same sets from the same stored state. Starting over closes the old session as
abandoned; its sets stay in the log.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from upright.catalog import default_catalog
from upright.session import SetPlan, expand
from upright.session.program import remaining
from upright.session.recorder import (
    ResumeError,
    ResumePoint,
    StoreRecorder,
    latest_open_session,
)
from upright.store import Store, end_session, ensure_athlete, get_session, open_sessions
from upright.web.forms import FormError


@dataclass(frozen=True)
class Unfinished:
    """An open session the runner can continue, as the Session page tells it.

    Attributes
    ----------
    session_id
        The stored session's id.
    sets_done, sets_total
        Sets saved so far, and sets in the whole session.
    stopped_at
        When the last set was saved (the session's start when none was), UTC.
    next_title
        The set that Continue starts with (None when every set is saved).
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
    """
    try:
        point = latest_open_session(store, athlete)
    except ResumeError:
        # none to resume, or the newest one's state is unreadable: only the latter is news
        if any(s.resume_state for s in open_sessions(store, ensure_athlete(store, athlete))):
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


@dataclass(frozen=True)
class Continued:
    """What a continued session runs: its recorder, the sets left, and how many were done."""

    recorder: StoreRecorder
    plans: list[SetPlan]
    sets_before: int


def continue_session(store: Store, athlete: str, session_id: int) -> Continued:
    """The terminal's resume, for stored session ``session_id`` (the page's prompt).

    `FormError` when the athlete's newest open session is no longer ``session_id``
    (closed or replaced since the page was drawn), `ResumeError` when there is none.
    """
    point: ResumePoint = latest_open_session(store, athlete)
    if point.session_id != session_id:
        raise FormError(
            f"session: expected the unfinished session {point.session_id}, got {session_id}; "
            "reload the page"
        )
    recorder = StoreRecorder(store, athlete, point.prescription, resume=point)
    plans = expand(point.prescription, default_catalog())
    left = remaining(plans, recorder.done)
    return Continued(recorder=recorder, plans=left, sets_before=len(plans) - len(left))


def close_as_abandoned(store: Store, athlete: str, session_id: int) -> None:
    """End the athlete's open session ``session_id`` as abandoned; its sets are kept.

    A session already closed is left as it is; another athlete's is a `FormError`.
    """
    record = get_session(store, session_id)
    if record.athlete_id != ensure_athlete(store, athlete):
        raise FormError(f"start_over: session {session_id} is not {athlete}'s")
    if record.status == "in_progress":
        end_session(store, session_id, status="abandoned")


__all__ = [
    "Continued",
    "ResumeError",
    "Unfinished",
    "close_as_abandoned",
    "continue_session",
    "find_unfinished",
    "time_ago",
]
