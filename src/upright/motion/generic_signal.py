"""Signal tools of the generic counter: principal components, trend, period, excursions.

Plain numpy/scipy on [frames] or [frames, columns] arrays on an even clock; the counter
itself (which signal, which reps) is `upright.motion.generic`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy.ndimage import maximum_filter1d, median_filter, minimum_filter1d
from scipy.signal import find_peaks

Arr = npt.NDArray[np.float64]
Mask = npt.NDArray[np.bool_]

# Principal components tried as the rep signal.
COMPONENTS = 6
# Shortest and longest rep periods, seconds (a bird dog with a 10 s hold takes about 17 s).
REP_S = (0.4, 20.0)
# An autocorrelation peak this close to the best one is the period (not a multiple of it).
HARMONIC = 0.85
# ...and one at about half its lag, this high against it, is the period (`find_period`).
SUB = 0.6
# Posture changes slower than this (seconds) are not reps (see `trend`).
TREND_S = 12.0
# Breaks (rests between sets) allowed between reps before they count as irregular.
BREAKS = 4


@dataclass(frozen=True)
class Count:
    """Excursions of a signal: peak, prominence, trough before and after (frames).

    ``typical`` is the usual rep size (`typical`) of the prominences.
    """

    peaks: npt.NDArray[np.intp]
    prom: Arr
    lo: npt.NDArray[np.intp]
    hi: npt.NDArray[np.intp]
    typical: float


def fill(x: Arr) -> Arr:
    """``x`` with NaNs replaced by straight lines between the finite values."""
    ok = np.isfinite(x)
    if ok.all() or not ok.any():
        return x
    idx = np.arange(len(x))
    return np.asarray(np.interp(idx, idx[ok], x[ok]), dtype=np.float64)


@dataclass(frozen=True)
class Basis:
    """Principal directions of the features: ``(f[:, keep] - mean) @ vectors``."""

    keep: Mask
    mean: Arr
    vectors: Arr

    def kept(self, f: Arr) -> Arr:
        """[N, kept] the features the basis was made from, gaps filled with straight lines."""
        return np.stack([fill(c) for c in f[:, self.keep].T], axis=1)

    def project(self, f: Arr, valid: Mask) -> Arr:
        """[N, K] components, straight lines across invalid frames (no peak there)."""
        g = self.kept(f) - self.mean
        z = np.where(valid[:, None], g @ self.vectors, np.nan)
        return np.stack([fill(c) for c in z.T], axis=1)


def principal_basis(f: Arr, valid: Mask) -> Basis | None:
    """The first `COMPONENTS` principal directions of the valid frames' features."""
    keep = np.isfinite(f[valid]).mean(axis=0) >= 0.7
    if not keep.any():
        return None
    g = np.stack([fill(c) for c in f[:, keep].T], axis=1)[valid]
    mean = np.nanmean(g, axis=0)
    g = np.nan_to_num(g - mean)
    w, v = np.linalg.eigh(g.T @ g)
    v = v[:, np.argsort(w)[::-1][:COMPONENTS]]
    # Fix each sign, so the result does not depend on the solver's choice.
    v = v * np.where(v[np.argmax(np.abs(v), axis=0), np.arange(v.shape[1])] > 0, 1.0, -1.0)
    return Basis(keep, mean, v)


def trend(f: Arr, rate: float) -> Arr:
    """[N, F] slow changes of posture: a running median over `TREND_S` seconds.

    Taken on a coarse clock (about 3 per second) and interpolated back. A median follows
    a change of posture (lying down, getting up) at once, while it stays in the middle of
    the faster back-and-forth of reps: subtracting it leaves the reps alone.
    """
    step = max(1, int(round(rate / 3.0)))
    coarse = np.stack([fill(c) for c in f[::step].T], axis=1)
    size = max(3, int(TREND_S * rate / step) | 1)
    if len(coarse) < 2:
        return np.zeros_like(f)
    med = median_filter(coarse, size=(size, 1), mode="nearest")
    at = np.arange(len(f)) / step
    idx = np.arange(len(coarse))
    return np.stack([np.interp(at, idx, c) for c in med.T], axis=1)


def levelled(x: Arr, width: int, within: float) -> Mask:
    """[frames] True where ``x`` stays within ``within`` over ``width`` frames about the frame.

    A rest or a hold: the signal has levelled off, however still the body is otherwise.
    """
    spread = maximum_filter1d(x, width) - minimum_filter1d(x, width)
    return np.asarray(spread < within, dtype=np.bool_)


def noise(x: Arr, valid: Mask) -> float:
    """Frame-to-frame noise of ``x`` (standard deviation, from second differences)."""
    d2 = np.diff(np.where(valid, x, np.nan), 2)
    d2 = d2[np.isfinite(d2)]
    return float(1.4826 * np.median(np.abs(d2)) / np.sqrt(6.0)) if d2.size else 0.0


def typical(prom: Arr) -> float:
    """The usual rep size: the energy-weighted mode of the excursions, in log scale."""
    if prom.size == 1:
        return float(prom[0])
    logs = np.log(prom)
    grid = np.linspace(logs.min(), logs.max(), 64)
    dens = (prom[None, :] ** 2 * np.exp(-0.5 * ((grid[:, None] - logs[None, :]) / 0.2) ** 2)).sum(1)
    mode = grid[int(np.argmax(dens))]
    near = prom[np.abs(logs - mode) <= 0.4]
    return float(np.median(near)) if near.size else float(np.exp(mode))


def excursions(x: Arr, gate: float, distance: float) -> Count:
    """Excursions of ``x`` above ``gate`` prominence, at least ``distance`` frames apart."""
    empty = np.zeros(0, dtype=np.intp)
    if len(x) < 3:
        return Count(empty, np.zeros(0), empty, empty, 0.0)
    p, props = find_peaks(x, prominence=gate, distance=max(1.0, distance))
    if p.size == 0:
        return Count(empty, np.zeros(0), empty, empty, 0.0)
    return bounded(x, p, np.asarray(props["prominences"], dtype=np.float64))


def bounded(x: Arr, p: npt.NDArray[np.intp], prom: Arr) -> Count:
    """The excursions of ``x`` at peaks ``p``, each from its lowest frame on either side."""
    bounds = np.r_[0, p, len(x) - 1]
    lo = np.array([bounds[k] + int(np.argmin(x[bounds[k] : pk + 1])) for k, pk in enumerate(p)])
    hi = np.array([pk + int(np.argmin(x[pk : bounds[k + 2] + 1])) for k, pk in enumerate(p)])
    return Count(p, prom, lo, hi, typical(prom))


def autocorr(z: Arr, valid: Mask, rate: float) -> Arr:
    """Autocorrelation [lags up to the longest period] of the signals in the columns of ``z``.

    Several columns give the autocorrelation of the movement as a whole: the sum of
    their autocovariances over the sum of their variances.
    """
    v = np.where(valid[:, None], z - z[valid].mean(axis=0), 0.0)
    n = len(v)
    hi = min(n // 2, int(REP_S[1] * rate))
    f = np.fft.rfft(v, 2 * n, axis=0)
    ac = np.fft.irfft((f * np.conj(f)).real.sum(axis=1), 2 * n)[: hi + 1]
    return np.asarray(ac / ac[0] if ac[0] > 0 else np.zeros_like(ac), dtype=np.float64)


def find_period(ac: Arr, rate: float) -> float:
    """The period in frames: the first autocorrelation peak nearly as high as the best.

    A peak at about half that lag, `SUB` as high as it, is taken instead (again, while
    there is one): a few reps of uneven tempo can peak higher at two reps than at one.
    """
    lo = max(2, int(REP_S[0] * rate))
    pk, _ = find_peaks(ac)
    pk = pk[(pk >= lo) & (pk <= REP_S[1] * rate) & (ac[pk] > 0.1)]
    if pk.size == 0:
        return float("nan")
    best = float(ac[pk].max())
    period = int(pk[ac[pk] >= HARMONIC * best][0])  # multiples of the period are nearly as high
    # Reps of uneven tempo blur the peak at one period more than at two, where the gaps of
    # two reps add up and even out: a clear peak at about half the lag is the period.
    while True:
        half = pk[(pk >= 0.4 * period) & (pk <= 0.6 * period)]
        if half.size == 0 or ac[half].max() < SUB * ac[period]:
            return float(period)
        period = int(half[np.argmax(ac[half])])


def gap_period(gaps: Arr, least: int = 3) -> float:
    """The usual gap between reps within a set: the median of the gaps, rests left out.

    Gaps longer than 1.7 times the median are rests between sets; NaN when fewer than
    ``least`` gaps remain (too few to show a rhythm).
    """
    if gaps.size == 0:
        return float("nan")
    in_set = gaps[gaps < 1.7 * float(np.median(gaps))]
    return float(np.median(in_set)) if in_set.size >= least else float("nan")


def regularity(peaks: npt.NDArray[np.intp], period: float) -> float:
    """Share of the gaps between reps that are about one period (0..1).

    Up to `BREAKS` (or a tenth of the reps) longer gaps are free: rests between sets.
    Gaps much shorter than the period are sub-movements or noise counted as reps.
    """
    g = np.diff(peaks) / period
    band = int(np.sum((g >= 0.6) & (g <= 1.7)))
    short = int(np.sum(g < 0.6))
    long = int(np.sum(g > 1.7))
    return band / max(1.0, band + short + max(0.0, long - max(BREAKS, 0.1 * peaks.size)))
