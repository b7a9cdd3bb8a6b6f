"""Errors of the pose package: each names the file or source and the problem."""

from __future__ import annotations

from upright.errors import UprightError


class PoseError(UprightError):
    """Pose estimation could not run on this input."""


class VideoError(PoseError):
    """A video file or camera could not be opened or decoded."""


class NoPersonError(PoseError):
    """No person was found in any frame of a video."""
