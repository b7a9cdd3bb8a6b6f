"""Pure motion analysis: landmarks in, reps, holds and faults out."""

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
from upright.motion.result import (
    SCHEMA_VERSION,
    Analysis,
    Fault,
    Hold,
    NotCounted,
    Phase,
    Rep,
)

__all__ = [
    "SCHEMA_VERSION",
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
    "analyze",
    "load_csv",
    "load_landmarks",
    "load_npz",
    "measure_series",
    "save_csv",
    "save_landmarks",
    "save_npz",
]
