"""Medians and percentiles of sorted lists are numpy's, bit for bit.

The set-up check and the live rise in the picture read them instead of numpy's on every
frame; a last bit off could move a threshold crossing by a frame, so equality is exact.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from upright.motion.ordered import median, percentile

QS = (5, 10, 20, 33, 50, 75, 90, 95)


@pytest.mark.parametrize("seed", range(5))
def test_random_windows_read_as_numpy_reads_them(seed: int) -> None:
    rng = np.random.default_rng(seed)
    for n in range(1, 130):
        for x in (
            rng.normal(90.0, 12.0, n),  # a rep signal, degrees
            np.round(rng.normal(0.0, 3.0, n), 1),  # ties
            np.abs(rng.standard_cauchy(n)) * 1e3,  # a heavy tail of lengths, px
        ):
            ordered = sorted(x.tolist())
            assert median(ordered) == float(np.median(x))
            for q in QS:
                assert percentile(ordered, q) == float(np.percentile(x, q)), (n, q)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.floats(-1e6, 1e6, allow_nan=False), min_size=1, max_size=60),
    st.sampled_from(QS),
)
def test_any_values_read_as_numpy_reads_them(values: list[float], q: int) -> None:
    ordered = sorted(values)
    assert median(ordered) == float(np.median(values))
    assert percentile(ordered, q) == float(np.percentile(values, q))


def test_one_value_is_every_percentile() -> None:
    assert median([3.5]) == 3.5
    assert [percentile([3.5], q) for q in QS] == [3.5] * len(QS)
