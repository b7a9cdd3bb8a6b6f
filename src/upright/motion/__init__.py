"""Pure motion analysis: landmarks in, reps, holds and faults out.

The names below load on first use (PEP 562): importing ``upright.motion.landmarks``
(as the pose package does) does not pull in SciPy and the analysis with it.
"""

from typing import TYPE_CHECKING

from upright.lazy_exports import lazy_exports

if TYPE_CHECKING:
    from upright.motion.analyze import analyze, measure_series
    from upright.motion.events import LiveState, MotionEvent
    from upright.motion.landmark_file import (
        LandmarkFileError,
        load_csv,
        load_landmarks,
        load_npz,
        save_csv,
        save_landmarks,
        save_npz,
    )
    from upright.motion.landmarks import LandmarkError, Landmarks
    from upright.motion.live import LiveAnalyzer
    from upright.motion.result import SCHEMA_VERSION, Analysis, Fault, Hold, NotCounted, Phase, Rep

# Each exported name and the submodule of upright.motion it lives in.
_EXPORTS: dict[str, str] = {
    "analyze": "analyze",
    "measure_series": "analyze",
    "LiveState": "events",
    "MotionEvent": "events",
    "LandmarkFileError": "landmark_file",
    "load_csv": "landmark_file",
    "load_landmarks": "landmark_file",
    "load_npz": "landmark_file",
    "save_csv": "landmark_file",
    "save_landmarks": "landmark_file",
    "save_npz": "landmark_file",
    "LandmarkError": "landmarks",
    "Landmarks": "landmarks",
    "LiveAnalyzer": "live",
    "SCHEMA_VERSION": "result",
    "Analysis": "result",
    "Fault": "result",
    "Hold": "result",
    "NotCounted": "result",
    "Phase": "result",
    "Rep": "result",
}

__all__ = [
    "Analysis",
    "Fault",
    "Hold",
    "LandmarkError",
    "LandmarkFileError",
    "Landmarks",
    "LiveAnalyzer",
    "LiveState",
    "MotionEvent",
    "NotCounted",
    "Phase",
    "Rep",
    "SCHEMA_VERSION",
    "analyze",
    "load_csv",
    "load_landmarks",
    "load_npz",
    "measure_series",
    "save_csv",
    "save_landmarks",
    "save_npz",
]


__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
