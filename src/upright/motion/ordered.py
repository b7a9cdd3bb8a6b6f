"""Medians and percentiles of values kept sorted, with numpy's numbers to the last bit.

The set-up check and the live rise in the picture read medians and percentiles of
windows that change by a frame at a time. Sorting the whole window again with numpy on
every frame was most of their cost; kept in a sorted list (`bisect.insort` as a frame
comes, a bisected delete as it goes), a median or percentile is a look-up. These
functions do numpy's arithmetic on the looked-up values (`numpy.median`'s mean of the
two middle values, `numpy.percentile`'s "linear" interpolation), so the results are
the same floats as numpy's: a threshold crossing a last bit away could move a rep's
start by a frame, and live would part from the file (tests/motion/test_ordered.py).
"""

from __future__ import annotations

import math
from bisect import bisect_left, insort
from collections.abc import Sequence


def median(ordered: Sequence[float]) -> float:
    """`numpy.median` of the sorted, non-empty, NaN-free ``ordered``.

    The middle value, or the two middle values' sum halved (numpy's mean of two).
    """
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def percentile(ordered: Sequence[float], q: float) -> float:
    """`numpy.percentile` (method "linear") of the sorted, non-empty, NaN-free ``ordered``.

    numpy's steps: the virtual index ``(n - 1) * (q / 100)``, the values either side of
    it, and its `_lerp` (from the lower value below half-way, back from the upper one
    from half-way on); past the last index, the last value.
    """
    n = len(ordered)
    at = (n - 1) * (q / 100)
    below = math.floor(at)
    if at >= n - 1:
        return ordered[-1]
    a, b = ordered[below], ordered[below + 1]
    gamma = at - below
    diff = b - a
    return b - diff * (1 - gamma) if gamma >= 0.5 else a + diff * gamma


class SortedSides:
    """Each side's values in a window, kept sorted as frames come and go.

    `add` a frame's values (one a side) as it comes and `remove` the same values as it
    leaves; NaN is left out. ``sides`` holds one sorted list a side for `median` and
    `percentile`.
    """

    def __init__(self) -> None:
        self.sides: list[list[float]] = []

    def add(self, values: Sequence[float]) -> None:
        """Take in a frame's values, one a side."""
        if not self.sides:
            self.sides = [[] for _ in values]
        for side, x in zip(self.sides, values, strict=True):
            if math.isfinite(x):
                insort(side, x)

    def remove(self, values: Sequence[float]) -> None:
        """Let go of a frame's values, as `add` took them in."""
        for side, x in zip(self.sides, values, strict=True):
            if math.isfinite(x):
                del side[bisect_left(side, x)]

    def clear(self) -> None:
        """Let go of every value."""
        for side in self.sides:
            side.clear()
