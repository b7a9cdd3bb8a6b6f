"""What goes into the session engine and what comes out of it.

In: a `SessionEvent`, either a `UserEvent` (a key or button: rep done, pause, skip,
rating) or a `CameraEvent` (what the analysis saw: `upright.motion`'s ``MotionEvent``).
Out: effects the front end carries out: say a cue, play a sound, save a finished set.
Times are seconds on the session clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal, Protocol

from upright.motion.result import Fault, Rep
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
    """What the engine reads from an analysis event (``upright.motion.MotionEvent``).

    ``rep`` is the analysis's `Rep` (its times, holds and faults are then taken), or
    only its number, which later fault events name to reach it.
    """

    @property
    def kind(self) -> str:
        """One of ready, setup, rep_started, hold_reached, hold_ended, rep_counted, ..."""

    @property
    def t(self) -> float:
        """Seconds on the camera's clock."""

    @property
    def side(self) -> str:
        """The working side, "" when the event has none."""

    @property
    def rep(self) -> Rep | int | None:
        """The rep the event belongs to."""

    @property
    def fault(self) -> Fault | None:
        """The broken rule, for a "fault" event."""

    @property
    def hold_s(self) -> float | None:
        """Seconds held, for "hold_ended" (and a rep's hold when ``rep`` is a number)."""

    @property
    def message(self) -> str:
        """Why a movement was not counted."""


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

#: Everything the engine takes in: the runner's input or what the camera's analysis saw.
SessionEvent = UserEvent | CameraEvent
