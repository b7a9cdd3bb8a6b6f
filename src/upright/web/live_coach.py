"""The web app's side of a live camera session: the guided session on the stream's clock.

The coaching itself (pose on each frame, the set's analyser, the session engine, the
cue audio rendered ahead) is the use case `upright.workflows.live`; the Live socket
(`upright.web.live`) decodes each message and calls its `LiveCoach`. Here is only what
the web app adds: a `GuidedSession` (effects for the browser, sets saved to the store,
known to the Session page's take-overs) whose clock is the camera stream's.
"""

from __future__ import annotations

from dataclasses import dataclass

from upright.web.guided import GuidedSession
from upright.workflows.live import (
    POSE_AT_ONCE,
    LiveCoach,
    LiveInputError,
    live_cue_texts,
    prerender,
)

__all__ = [
    "POSE_AT_ONCE",
    "LiveCoach",
    "LiveGuided",
    "LiveInputError",
    "live_cue_texts",
    "prerender",
]


@dataclass
class LiveGuided(GuidedSession):
    """A guided session whose clock is the camera stream's: seconds since its first row."""

    stream_s: float = 0.0

    def clock(self) -> float:
        """Session seconds: stream time of the latest row since the first."""
        return self.stream_s
