"""Keyframed channels: the joint-angle script of a set, evaluated at the frame times.

A channel (say ``arm_left_flex``, degrees) is a list of knots ``(time s, value)``; between
two knots it moves with a minimum-jerk profile (smooth start and stop, like a person's
reach), and it holds its last value until the next move. A `Script` keeps all channels
and the clock of the set being written.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from upright.sim.geometry import Arr


def min_jerk(s: Arr) -> Arr:
    """Minimum-jerk progress 10s^3 - 15s^4 + 6s^5 for ``s`` in 0..1."""
    s = np.clip(s, 0.0, 1.0)
    return np.asarray(s**3 * (10.0 - 15.0 * s + 6.0 * s * s), dtype=np.float64)


class Script:
    """Channels of knots, written in time order, then sampled with `evaluate`.

    Parameters
    ----------
    start
        Initial value of every channel (degrees, metres, or 0..1 weights).
    """

    def __init__(self, start: Mapping[str, float]) -> None:
        self.now = 0.0
        self._knots: dict[str, list[tuple[float, float]]] = {
            k: [(0.0, float(v))] for k, v in start.items()
        }

    def value(self, channel: str) -> float:
        """The value a channel holds after its last knot."""
        return self._knots[channel][-1][1]

    def values(self) -> dict[str, float]:
        """The current (last knot) value of every channel."""
        return {k: v[-1][1] for k, v in self._knots.items()}

    def move(
        self,
        duration_s: float,
        targets: Mapping[str, float],
        *,
        at: float | None = None,
        advance: bool = True,
    ) -> tuple[float, float]:
        """Move ``targets`` channels from their current values over ``duration_s``.

        The move starts at ``at`` (default: the script clock) and, with ``advance``, the
        clock moves to its end. Returns the move's (start, end) seconds.
        """
        t0 = self.now if at is None else float(at)
        t1 = t0 + max(float(duration_s), 1e-3)
        for ch, v in targets.items():
            knots = self._knots[ch]
            last_t, last_v = knots[-1]
            if t0 < last_t - 1e-9:
                raise ValueError(
                    f"channel {ch}: move at {t0:.3f} s before its last knot {last_t:.3f} s"
                )
            if t0 > last_t + 1e-9:
                knots.append((t0, last_v))
            knots.append((t1, float(v)))
        if advance:
            self.now = max(self.now, t1)
        return t0, t1

    def wait(self, duration_s: float) -> tuple[float, float]:
        """Hold every channel for ``duration_s``; returns (start, end) seconds."""
        t0 = self.now
        self.now += max(float(duration_s), 0.0)
        return t0, self.now

    def evaluate(self, t: Arr) -> dict[str, Arr]:
        """Every channel sampled at the times ``t`` (seconds) [T]."""
        out: dict[str, Arr] = {}
        for ch, knots in self._knots.items():
            kt = np.array([k[0] for k in knots])
            kv = np.array([k[1] for k in knots])
            if len(kt) == 1:
                out[ch] = np.full(t.shape, kv[0])
                continue
            i = np.clip(np.searchsorted(kt, t, side="right") - 1, 0, len(kt) - 2)
            span = np.maximum(kt[i + 1] - kt[i], 1e-9)
            s = min_jerk((t - kt[i]) / span)
            out[ch] = kv[i] + (kv[i + 1] - kv[i]) * s
        return out


def smooth_noise(
    rng: np.random.Generator,
    t: Arr,
    amplitude: float,
    band_hz: tuple[float, float] = (0.08, 0.6),
    parts: int = 4,
) -> Arr:
    """Slow wandering (sum of a few random sines) of RMS about ``amplitude`` [T]."""
    freq = rng.uniform(*band_hz, size=parts)
    phase = rng.uniform(0.0, 2.0 * np.pi, size=parts)
    w = rng.uniform(0.5, 1.0, size=parts)
    w = w / np.sqrt(np.sum(w**2) / 2.0)
    return np.asarray(
        amplitude * (np.sin(2.0 * np.pi * np.outer(t, freq) + phase) @ w), dtype=np.float64
    )
