"""The generic counter on image points from a 2-D tool (no depth: z NaN).

Its analysis said "no person was found in any frame" while it counted the reps: the
check asked for a finite depth too.
"""

from __future__ import annotations

import numpy as np

from upright.catalog import get_exercise
from upright.motion import analyze
from upright.sim import simulate


def test_the_generic_counter_on_image_points_only_finds_the_person():
    # image points from a 2-D tool carry no depth (NaN): the person is still seen
    sim = simulate("bent_over_row", reps=3, view="front", noise_px=1.0, seed=3, points="image")
    assert not np.isfinite(sim.landmarks.image[..., 2]).any()
    a = analyze(sim.landmarks, get_exercise("generic"))
    assert "no person was found in any frame" not in a.warnings
    assert len(a.reps) == 3
