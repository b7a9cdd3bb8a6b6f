"""Temporal smoothing of landmarks: the one-euro filter and a low-pass for visibility.

Vectorised over every coordinate of every point, with mediapipe's conventions
(``one_euro_filter.cc``, ``landmarks_smoothing_calculator``): the sampling rate comes
from the timestamps (30 Hz until two frames have been seen), the speed that opens the
cut-off is multiplied by a value scale (1 / the body size in pixels for image points, so
a near and a far person are smoothed alike; 1 for world points in metres), and the
filter forgets everything when the person is lost.
"""

from __future__ import annotations

import math

import numpy as np

DEFAULT_RATE_HZ = 30.0


def _alpha(cutoff_hz: np.ndarray | float, rate_hz: float) -> np.ndarray | float:
    tau = 1.0 / (2.0 * math.pi * cutoff_hz)
    return 1.0 / (1.0 + tau * rate_hz)


class OneEuroFilter:
    """One-euro filter over an array of values, all sampled at the same times.

    Parameters
    ----------
    min_cutoff_hz
        Cut-off frequency when still, in Hz (lower is smoother).
    beta
        How fast the cut-off rises with speed (per unit of scaled speed).
    derivative_cutoff_hz
        Cut-off of the speed estimate, in Hz.
    """

    def __init__(self, min_cutoff_hz: float, beta: float, derivative_cutoff_hz: float = 1.0):
        self.min_cutoff_hz = min_cutoff_hz
        self.beta = beta
        self.derivative_cutoff_hz = derivative_cutoff_hz
        self.reset()

    def reset(self) -> None:
        """Forget the past: the next value passes through unchanged."""
        self._rate_hz = DEFAULT_RATE_HZ
        self._last_t: float | None = None
        self._last_raw: np.ndarray | None = None
        self._value: np.ndarray | None = None
        self._speed: np.ndarray | None = None

    def __call__(self, value: np.ndarray, t_s: float, value_scale: float = 1.0) -> np.ndarray:
        """Filtered copy of ``value`` observed at ``t_s`` seconds."""
        if self._last_t is not None:
            if t_s <= self._last_t:
                return value.copy()
            self._rate_hz = 1.0 / (t_s - self._last_t)
        self._last_t = t_s
        if self._last_raw is None or self._value is None or self._speed is None:
            self._last_raw = value.copy()
            self._value = value.copy()
            self._speed = np.zeros_like(value)
            return value.copy()
        speed = (value - self._last_raw) * (value_scale * self._rate_hz)
        self._speed += _alpha(self.derivative_cutoff_hz, self._rate_hz) * (speed - self._speed)
        cutoff = self.min_cutoff_hz + self.beta * np.abs(self._speed)
        self._value += _alpha(cutoff, self._rate_hz) * (value - self._value)
        self._last_raw = value.copy()
        return self._value.copy()


class LowPass:
    """Exponential smoothing with a fixed weight ``alpha`` on the new value."""

    def __init__(self, alpha: float) -> None:
        self.alpha = alpha
        self._value: np.ndarray | None = None

    def reset(self) -> None:
        """Forget the past."""
        self._value = None

    def __call__(self, value: np.ndarray) -> np.ndarray:
        """Smoothed copy of ``value``."""
        if self._value is None:
            self._value = value.copy()
        else:
            self._value += self.alpha * (value - self._value)
        return self._value.copy()
