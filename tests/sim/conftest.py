"""Shared fixtures of the simulator tests."""

from __future__ import annotations

import pytest

from upright.sim import SimResult, simulate


@pytest.fixture(scope="session")
def clean_bird_dog() -> SimResult:
    """A bird dog without fidgets or noise: joint angles equal the script exactly."""
    return simulate("bird_dog", reps=2, seed=11, noise_px=0.0, fidget=0.0)
