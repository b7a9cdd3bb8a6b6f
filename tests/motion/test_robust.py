"""Robust readings: movement timing by a fitted min-jerk profile, rolling filters."""

from __future__ import annotations

import numpy as np
import pytest

from upright.motion.robust import fit_move, rolling_mean_points, rolling_median

FPS = 30.0


def _min_jerk(s: np.ndarray) -> np.ndarray:
    s = np.clip(s, 0.0, 1.0)
    return s**3 * (10.0 - 15.0 * s + 6.0 * s * s)


def _rep(raise_s: float, hold_s: float, return_s: float, low: float = 10.0, top: float = 100.0):
    """A rest, a min-jerk raise, a hold, a min-jerk return, a rest; (t, v, raise start)."""
    t = np.arange(0.0, 2.0 + raise_s + hold_s + return_s + 2.0, 1.0 / FPS)
    t0, t1 = 2.0, 2.0 + raise_s
    t2, t3 = t1 + hold_s, t1 + hold_s + return_s
    up = _min_jerk((t - t0) / raise_s)
    down = _min_jerk((t - t2) / return_s)
    v = low + (top - low) * np.where(t < t2, up, 1.0 - down)
    return t, v, (t0, t1, t2, t3)


@pytest.mark.parametrize("raise_s", [0.3, 0.8, 1.5])
def test_clean_min_jerk_moves_time_exactly(raise_s: float) -> None:
    t, v, (t0, t1, t2, t3) = _rep(raise_s, 1.0, 2.0)
    peak = int(np.searchsorted(t, t1 + 0.5))
    up, start = fit_move(v, t, peak, 10.0, 100.0, -1)
    down, end = fit_move(v, t, peak, 10.0, 100.0, 1)
    assert up == pytest.approx(raise_s, abs=0.01)
    assert start == pytest.approx(t0, abs=0.01)
    assert down == pytest.approx(2.0, abs=0.01)
    assert end == pytest.approx(t3, abs=0.01)


def test_noise_averages_out() -> None:
    rng = np.random.default_rng(3)
    errs = []
    for _ in range(40):
        t, v, _ = _rep(1.0, 1.0, 2.0)
        noisy = rolling_median(v + rng.normal(0.0, 6.0, v.shape), 9)
        peak = int(np.searchsorted(t, 3.5))
        errs.append(fit_move(noisy, t, peak, 10.0, 100.0, -1)[0] - 1.0)
    assert abs(float(np.median(errs))) < 0.05
    assert float(np.percentile(np.abs(errs), 90)) < 0.15


def test_a_dip_while_holding_does_not_stretch_the_return() -> None:
    t, v, (_, t1, t2, _) = _rep(1.0, 2.0, 2.0)
    dip = (t > t1 + 0.3) & (t < t1 + 0.6)
    v = np.where(dip, 70.0, v)  # a tracking dip to 67 % of the way, still at the top
    peak = int(np.searchsorted(t, t1 + 0.2))
    down, _ = fit_move(v, t, peak, 10.0, 100.0, 1)
    assert down == pytest.approx(2.0, abs=0.05)


def test_a_move_not_in_view_is_not_timed() -> None:
    t, v, (_, t1, _, _) = _rep(1.0, 1.0, 2.0)
    cut = int(np.searchsorted(t, 2.6))  # the frames start half-way up the raise
    up, start = fit_move(v[cut:], t[cut:], int(np.searchsorted(t, t1)) - cut, 10.0, 100.0, -1)
    assert np.isnan(up) and np.isnan(start)


def test_rolling_filters_keep_nan_frames_and_edges() -> None:
    x = np.array([0.0, 0.0, 10.0, 0.0, np.nan, 0.0, 5.0, 5.0, 5.0])
    med = rolling_median(x, 3)
    assert med[2] == 0.0 and np.isnan(med[4]) and med[-1] == 5.0
    pts = np.zeros((5, 2, 3))
    pts[:, 0, 0] = [1.0, 2.0, np.nan, 4.0, 5.0]
    avg = rolling_mean_points(pts, 3)
    assert avg[2, 0, 0] == pytest.approx(3.0)
    assert avg[0, 0, 0] == pytest.approx(1.5)
