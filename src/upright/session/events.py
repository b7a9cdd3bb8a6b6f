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
from upright.session.results import RATINGS, Rating, SetResult


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

# Input from the runner (or the front end); ``t`` is when, None for "now".


@dataclass(frozen=True)
class RepDone:
    """The "rep done" key (space): counts the rep under way once its hold has run.

    Only without a camera (with one the camera counts); it also ends a wait, as `Start`.
    """

    t: float | None = None


@dataclass(frozen=True)
class Start:
    """Ends the set-up wait, the get-ready countdown or the rest."""

    t: float | None = None


@dataclass(frozen=True)
class Pause:
    """Freezes the timers."""

    t: float | None = None


@dataclass(frozen=True)
class Resume:
    """Runs the timers again after a `Pause`."""

    t: float | None = None


@dataclass(frozen=True)
class TogglePause:
    """`Pause` when running, `Resume` when paused (one key for both)."""

    t: float | None = None


@dataclass(frozen=True)
class SkipSet:
    """Ends the set now with what was done."""

    t: float | None = None


@dataclass(frozen=True)
class Rate:
    """The runner's rating of the set just done."""

    rating: Rating
    t: float | None = None


@dataclass(frozen=True)
class StreamEnded:
    """The camera or file stream of this set has run out."""

    t: float | None = None


UserEvent = RepDone | Start | Pause | Resume | TogglePause | SkipSet | Rate | StreamEnded

UserAction = Literal[
    "rep_done", "start", "pause", "resume", "toggle_pause", "skip_set", "rate", "stream_ended"
]
_Plain = RepDone | Start | Pause | Resume | TogglePause | SkipSet | StreamEnded
_BY_ACTION: dict[str, type[_Plain]] = {
    "rep_done": RepDone,
    "start": Start,
    "pause": Pause,
    "resume": Resume,
    "toggle_pause": TogglePause,
    "skip_set": SkipSet,
    "stream_ended": StreamEnded,
}


def user_event(action: str, t: float | None = None, rating: str | None = None) -> UserEvent:
    """The event of a button or key named ``action`` (one of `UserAction`).

    ``rating`` (one of `RATINGS`) goes with "rate" only. Raises ValueError naming what
    was expected for an unknown action or rating.
    """
    if action == "rate":
        for known in RATINGS:
            if rating == known:
                return Rate(known, t)
        raise ValueError(f"rating: expected one of {', '.join(RATINGS)}, got {rating!r}")
    if action not in _BY_ACTION:
        actions = ", ".join((*_BY_ACTION, "rate"))
        raise ValueError(f"action: expected one of {actions}, got {action!r}")
    return _BY_ACTION[action](t)


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
