"""What the live analyser tells a front end, frame by frame."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from upright.motion.result import Fault, Rep

EventKind = Literal[
    "ready",
    "setup",
    "rep_started",
    "hold_reached",
    "hold_ended",
    "rep_counted",
    "fault",
    "not_counted",
    "out_of_frame",
]


@dataclass(frozen=True)
class MotionEvent:
    """One thing that happened, at ``t`` seconds on the landmark clock.

    ``kind`` is one of: "setup" (a person is in view, getting into position), "ready"
    (the set-up position is steady; reps count from here), "rep_started",
    "hold_reached" / "hold_ended" (``hold_s``: seconds held), "rep_counted" (``rep``),
    "fault" (``fault``, also inside ``rep``), "not_counted" (``message`` says why),
    "out_of_frame".
    """

    kind: EventKind
    t: float
    side: str = ""
    rep: Rep | None = None
    fault: Fault | None = None
    hold_s: float | None = None
    message: str = ""


@dataclass(frozen=True)
class LiveState:
    """A read-only snapshot of the live analysis.

    Attributes
    ----------
    reps
        Counted reps by side ("left", "right" or "both").
    hold_s
        Seconds the current hold has lasted (0 when not holding).
    phase
        "waiting" (no person yet), "setup", "rest", "moving", "hold" or "out".
    t
        Time of the last analysed frame, seconds.
    """

    reps: dict[str, int] = field(default_factory=dict)
    hold_s: float = 0.0
    phase: str = "waiting"
    t: float = 0.0

    @property
    def total(self) -> int:
        """Reps counted over all sides."""
        return sum(self.reps.values())
