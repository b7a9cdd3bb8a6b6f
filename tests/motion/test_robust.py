"""Robust readings: movement timing by a fitted min-jerk profile, rolling filters."""

from __future__ import annotations

import numpy as np
import pytest

from upright.motion.robust import duration_error, fit_move, rolling_mean_points, rolling_median

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


def test_duration_error_grows_with_noise_and_covers_the_truth() -> None:
    rng = np.random.default_rng(5)
    peak_at = 3.5
    for sd in (2.0, 8.0):
        ses, errs = [], []
        for _ in range(30):
            t, v, _ = _rep(1.0, 1.0, 2.0)
            noisy = rolling_median(v + rng.normal(0.0, sd, v.shape), 9)
            peak = int(np.searchsorted(t, peak_at))
            move = fit_move(noisy, t, peak, 10.0, 100.0, -1)
            ses.append(duration_error(noisy, t, 10.0, 100.0, move, -1))
            errs.append(abs(move[0] - 1.0))
        se = np.asarray(ses)
        assert np.isfinite(se).all()
        # the least-squares error is about half the readings' real spread here (the fit
        # reads fewer frames than the error assumes): within four of it almost always
        assert float(np.mean(np.asarray(errs) <= 4.0 * se)) >= 0.9
        if sd == 2.0:
            low_noise = float(np.median(se))
    assert float(np.median(se)) > 2.0 * low_noise


def test_duration_error_of_a_move_not_timed_is_nan() -> None:
    t, v, _ = _rep(1.0, 1.0, 2.0)
    assert np.isnan(duration_error(v, t, 10.0, 100.0, (float("nan"), float("nan")), -1))


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


def test_a_pause_part_way_down_is_not_where_the_return_ends() -> None:
    """A row's return that stalls for 0.6 s at 40 % and goes on down ends at the rest."""
    from upright.catalog import get_exercise
    from upright.motion.tempo import TempoReader, Window

    ex = get_exercise("seated_cable_row")
    reader = TempoReader(ex, fps=FPS, zone=10.0)
    t = np.arange(0.0, 8.0, 1.0 / FPS)
    v = np.full(t.shape, 100.0)
    v[t < 1.0] = 20.0
    stall0, stall1 = 3.0, 3.6
    v[(t >= 2.0) & (t < stall0)] = 100.0 - 60.0 * (t[(t >= 2.0) & (t < stall0)] - 2.0)
    v[(t >= stall0) & (t < stall1)] = 40.0
    after = t >= stall1
    v[after] = np.maximum(20.0, 40.0 - 40.0 * (t[after] - stall1))
    z1 = int(np.searchsorted(t, 1.9))
    w = Window(0, 30, 45, z1, int(np.searchsorted(t, 4.2)), len(t) - 1)
    assert reader.return_level(v, w, 20.0, 100.0) == pytest.approx(20.0, abs=1.0)


def test_level_time_reads_the_fitted_rise() -> None:
    from upright.motion.robust import level_time

    t, v, (t0, t1, _, _) = _rep(1.2, 1.0, 2.0)
    peak = int(np.searchsorted(t, t1 + 0.3))
    s = np.linspace(0.0, 1.0, 100001)
    want = t0 + 1.2 * float(s[np.searchsorted(_min_jerk(s), 0.8)])
    assert level_time(v, t, peak, 10.0, 100.0, 0.8) == pytest.approx(want, abs=0.01)
    rng = np.random.default_rng(8)
    errs = []
    for _ in range(30):
        noisy = rolling_median(v + rng.normal(0.0, 8.0, v.shape), 13)  # steps, as in the app
        errs.append(level_time(noisy, t, peak, 10.0, 100.0, 0.8) - want)
    assert float(np.percentile(np.abs(errs), 90)) < 0.1
