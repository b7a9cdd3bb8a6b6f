"""A hold survives a slow sag just below its zone, not a real lowering of the limb."""

from __future__ import annotations

import numpy as np
import pytest

from upright.motion.holds import peak_hold_frames

FPS = 30.0


def _limb(dip_to: float) -> np.ndarray:
    """1 s up to 150 deg, 2 s held, 2 s dipping to ``dip_to``, 2 s held, 1 s down."""
    t = np.arange(0.0, 8.0, 1.0 / FPS)
    v = np.full(t.size, 150.0)
    v[t < 1.0] = 60.0 + 90.0 * t[t < 1.0]
    dip = (t >= 3.0) & (t < 5.0)
    v[dip] = 150.0 - (150.0 - dip_to) * np.sin(np.pi * (t[dip] - 3.0) / 2.0)
    down = t >= 7.0
    v[down] = 150.0 - 90.0 * (t[down] - 7.0)
    return v


def _hold_s(limb: np.ndarray) -> float:
    a, b = peak_hold_frames([limb], 0, len(limb) - 1, 10.0, FPS)
    return (b - a + 1) / FPS


def test_a_slow_sag_a_few_degrees_below_the_zone_keeps_the_hold() -> None:
    assert _hold_s(_limb(135.0)) > 5.5  # 15 deg down (5 below the zone) for over 1 s


def test_lowering_the_limb_well_below_the_zone_ends_the_hold() -> None:
    assert _hold_s(_limb(110.0)) < 2.6  # 40 deg down: two holds of about 2 s


@pytest.mark.parametrize(
    ("view", "seed", "fault", "rep"),
    [("back_left", 25200, "tempo_raise", 0), ("front", 23647, "even_arms", 0)],
)
def test_holds_of_a_y_raise_are_read_whole_through_a_phone_across_the_room(
    view: str, seed: int, fault: str, rep: int
) -> None:
    """bench/sim_accuracy.py's phone grid, Y-raises filmed from behind at an angle or
    from in front, the person small in the frame with 3 px of noise: 4-5.6 s holds read
    0.4-2.4 s (a hold fault on clean reps, 2-7 a set) and the far arm's noise made
    extra reps, where the band a still limb keeps to was the catalog's 10 deg."""
    from testkit import grid_set
    from upright.catalog import get_exercise
    from upright.motion.analyze import analyze

    far = {"fill": (0.25, 0.4), "noise_px": 3.0}
    sim = grid_set("y_raise", view, "image", seed, fault, rep, far)
    a = analyze(sim.landmarks, get_exercise("y_raise"))
    assert len(a.reps) == len(sim.truth.reps)
    for got, want in zip(a.reps, sim.truth.reps, strict=True):
        assert "hold_length" not in {f.rule for f in got.faults}, (got.hold_s, want.measures)
