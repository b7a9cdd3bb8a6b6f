"""The guided session: a state machine on an injected clock, its cues and its speech."""

from upright.session.cues import Cue, CueQueue, Spoken, estimate_speech_s
from upright.session.engine import SessionEngine, Timings
from upright.session.events import (
    CameraEvent,
    Pause,
    Phase,
    Rate,
    RepDone,
    Resume,
    Say,
    SessionEvent,
    SessionFinished,
    SetFinished,
    SkipSet,
    Sound,
    Start,
    StreamEnded,
    TogglePause,
    UserAction,
    UserEvent,
    user_event,
)
from upright.session.program import ProgramError, SetPlan, expand
from upright.session.results import FaultLog, RepLog, SetResult

__all__ = [
    "TogglePause",
    "StreamEnded",
    "Start",
    "SkipSet",
    "Resume",
    "RepDone",
    "Rate",
    "Pause",
    "CameraEvent",
    "Cue",
    "CueQueue",
    "FaultLog",
    "Phase",
    "ProgramError",
    "RepLog",
    "Say",
    "SessionEngine",
    "SessionEvent",
    "SessionFinished",
    "SetFinished",
    "SetPlan",
    "SetResult",
    "Sound",
    "Spoken",
    "Timings",
    "UserAction",
    "UserEvent",
    "estimate_speech_s",
    "expand",
    "user_event",
]
