"""Simulated exercise sets with exact ground truth, seen through a camera.

`simulate` returns BlazePose-style landmarks (image, world, visibility) of a scripted
person doing a catalog exercise, and a `Truth` with its reps, holds, faults and partial
reps. It is the main fixture of `upright.motion`'s tests.
"""

from upright.sim.camera import VIEWS
from upright.sim.faults import EXAMPLE_SIZES, FaultSpec, SimError
from upright.sim.sequence import SUPPORTED
from upright.sim.simulate import FPS_CHOICES, SimResult, simulate
from upright.sim.truth import FaultTruth, PartialTruth, RepTruth, Truth

__all__ = [
    "EXAMPLE_SIZES",
    "FPS_CHOICES",
    "SUPPORTED",
    "VIEWS",
    "FaultSpec",
    "FaultTruth",
    "PartialTruth",
    "RepTruth",
    "SimError",
    "SimResult",
    "Truth",
    "simulate",
]
