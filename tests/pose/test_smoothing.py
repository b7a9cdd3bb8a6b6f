import numpy as np
import pytest

from upright.pose.smoothing import LowPass, OneEuroFilter


def test_first_value_passes_and_constant_stays_constant():
    f = OneEuroFilter(0.05, 80.0)
    x = np.array([1.0, -2.0, 3.0])
    for i in range(10):
        np.testing.assert_allclose(f(x, i / 30), x)


def test_still_noise_is_damped_fast_motion_is_followed():
    rng = np.random.default_rng(0)
    still = OneEuroFilter(0.05, 80.0)
    noisy = 100.0 + rng.normal(0, 1.0, 120)
    out = np.array([still(np.array([v]), i / 30, 1 / 200)[0] for i, v in enumerate(noisy)])
    assert np.std(out[30:]) < 0.7 * np.std(noisy[30:])

    moving = OneEuroFilter(0.05, 80.0)
    ramp = np.arange(60) * 10.0  # 300 px/s for a 200 px body
    out = np.array([moving(np.array([v]), i / 30, 1 / 200)[0] for i, v in enumerate(ramp)])
    assert abs(out[-1] - ramp[-1]) < 15.0  # lags by little more than one frame


def test_rate_comes_from_timestamps():
    # the same samples at twice the frame rate are smoothed more per sample
    a, b = OneEuroFilter(1.0, 0.0), OneEuroFilter(1.0, 0.0)
    for i in range(3):
        ya = a(np.array([float(i > 0)]), i / 30)
        yb = b(np.array([float(i > 0)]), i / 60)
    assert yb[0] < ya[0]


def test_reset_forgets_and_old_time_passes_value_through():
    f = OneEuroFilter(0.05, 0.0)
    f(np.array([0.0]), 0.0)
    assert f(np.array([10.0]), 1 / 30)[0] < 1.0
    assert f(np.array([7.0]), 1 / 30)[0] == 7.0  # not after the last time: unfiltered
    f.reset()
    assert f(np.array([5.0]), 0.0)[0] == 5.0


def test_low_pass_weight():
    lp = LowPass(0.1)
    assert lp(np.array([1.0]))[0] == 1.0
    assert lp(np.array([0.0]))[0] == pytest.approx(0.9)
    lp.reset()
    assert lp(np.array([0.0]))[0] == 0.0
