"""The standard error of a held posture, read from the blocks of its own frames."""

from __future__ import annotations

import numpy as np
import pytest

from upright.motion.body import Baseline, make_baseline
from upright.motion.held_error import block_medians, held_error

FPS = 30.0


def _nose_x(p: np.ndarray, b: Baseline) -> np.ndarray:
    return np.asarray(p[:, 0, 0])


def _tracks(sigma: float, n: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    pts = np.zeros((n, 33, 3))
    pts[:, :, 1] = np.linspace(0.0, 1.0, 33)  # a body with a trunk, so a baseline exists
    pts[:, 0, 0] = sigma * rng.standard_normal(n)
    return pts


def test_block_medians_take_whole_blocks_in_order() -> None:
    pts = np.zeros((40, 33, 3))
    pts[:, 0, 0] = np.arange(40.0)
    got = block_medians(pts, np.arange(5, 30), 9)  # 25 frames: two blocks, 7 left out
    assert got.shape == (2, 33, 3)
    assert got[:, 0, 0].tolist() == [9.0, 18.0]


@pytest.mark.parametrize("sigma", [0.5, 2.0])
def test_error_matches_the_median_of_white_noise(sigma: float) -> None:
    pts = _tracks(sigma, 600, seed=3)
    base = make_baseline(pts[:30], planar=False)
    se = held_error(_nose_x, pts, np.arange(600), None, base, FPS)
    want = 1.2533 * sigma / np.sqrt(600)  # standard error of a median of n normal values
    assert se == pytest.approx(want, rel=0.3)


def test_a_top_shorter_than_two_blocks_has_no_error() -> None:
    pts = _tracks(1.0, 60, seed=1)
    base = make_baseline(pts, planar=False)
    assert np.isnan(held_error(_nose_x, pts, np.arange(12), None, base, FPS))


def test_a_short_rest_adds_its_share_of_the_error() -> None:
    pts = _tracks(1.0, 600, seed=2)
    base = make_baseline(pts[:12], planar=False)
    alone = held_error(_nose_x, pts, np.arange(100, 400), None, base, FPS)
    with_rest = held_error(_nose_x, pts, np.arange(100, 400), np.arange(12), base, FPS)
    # 300 top frames and a 12-frame rest: the rest's share is 300 / 12 = 25 times the top's
    assert with_rest == pytest.approx(alone * np.sqrt(1 + 300 / 12), rel=1e-6)
