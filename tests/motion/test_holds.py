"""A hold survives a slow sag just below its zone, not a real lowering of the limb."""

from __future__ import annotations

import numpy as np

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
