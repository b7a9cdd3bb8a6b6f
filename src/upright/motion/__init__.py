"""Pure motion analysis: landmarks in, reps, holds and faults out."""

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

__all__ = [
    "LandmarkError",
    "LandmarkFileError",
    "Landmarks",
    "load_csv",
    "load_landmarks",
    "load_npz",
    "save_csv",
    "save_landmarks",
    "save_npz",
]
