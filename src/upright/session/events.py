"""What goes into the session engine and what comes out of it.

In: `UserEvent` (a key or button: rep done, pause, skip, rating) and camera analysis
events (`upright.motion`'s ``MotionEvent``: any object with ``kind`` and ``t`` and the
optional ``side``, ``rep``, ``fault``, ``hold_s``, ``message``). Out: effects the front
end carries out: say a cue, play a sound, save a finished set.
Times are seconds on the session clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Literal, Protocol

from upright.session.cues import Spoken
from upright.session.results import Rating, SetResult


class Phase(StrEnum):
    """Where the session is. The string values are what `snapshot()` reports."""

    SETUP = "setup"
    GET_READY = "get_ready"
    MOVING = "moving"
    HOLD = "hold"
    RETURN = "return"
    TUCK = "tuck"
    CONFIRM = "confirm"
    SWITCH_SIDE = "switch_side"
    RATE = "rate"
    REST = "rest"
    DONE = "done"


#: Phases in which a rep is under way (``confirm``: self-paced, waiting for "rep done").
REP_PHASES = frozenset({Phase.MOVING, Phase.HOLD, Phase.RETURN, Phase.TUCK, Phase.CONFIRM})
#: Self-paced phases in which "rep done" counts the rep: its hold has run.
CONFIRM_PHASES = frozenset({Phase.RETURN, Phase.TUCK, Phase.CONFIRM})
#: Phases in which the camera's events count towards the current set.
WATCH_PHASES = REP_PHASES | {Phase.SETUP, Phase.GET_READY, Phase.SWITCH_SIDE}

UserAction = Literal[
    "rep_done", "start", "pause", "resume", "toggle_pause", "skip_set", "rate", "stream_ended"
]


@dataclass(frozen=True)
class UserEvent:
    """Input from the runner (or the front end).

    ``rep_done`` (space) confirms the rep under way once its hold has run (without a
    camera; with one the camera counts); ``start`` ends the set-up wait;
    ``skip_set`` ends the set now with what was done; ``rate`` gives the self-rating;
    ``stream_ended`` says the camera or file stream of this set has run out.
    """

    action: UserAction
    t: float | None = None
    rating: Rating | None = None


class CameraEvent(Protocol):
    """What the engine reads from an analysis event (``upright.motion.MotionEvent``)."""

    @property
    def kind(self) -> str:
        """One of ready, setup, rep_started, hold_reached, hold_ended, rep_counted, ..."""

    @property
    def t(self) -> float:
        """Seconds on the session clock."""


@dataclass(frozen=True)
class Say:
    """Speak and show a cue now (it ends by ``spoken.end``)."""

    spoken: Spoken


SoundName = Literal["go", "hold_end", "rest_end"]


@dataclass(frozen=True)
class Sound:
    """Play a short sound.

    ``go`` ends a get-ready countdown, ``hold_end`` a hold, ``rest_end`` a rest.
    """

    name: SoundName
    t: float


@dataclass(frozen=True)
class SetFinished:
    """A set ended: summarise it and write it to the log at once."""

    result: SetResult


@dataclass(frozen=True)
class SessionFinished:
    """Every set of the session is done."""

    t: float


Effect = Say | Sound | SetFinished | SessionFinished


def event_field(event: Any, name: str, default: Any = None) -> Any:
    """Read an optional field of a camera event (events from other packages may lack it)."""
    return getattr(event, name, default)
