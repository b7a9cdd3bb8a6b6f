"""The plan: the back program placed in the runner's week."""

from upright.plan.prescription import (
    ExercisePrescription,
    SessionPrescription,
    default_session,
    starting_prescription,
)

__all__ = [
    "ExercisePrescription",
    "SessionPrescription",
    "default_session",
    "starting_prescription",
]
