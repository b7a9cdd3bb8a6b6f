"""What the annotated video shows at each moment: rep counts, hold timer, fault labels.

Everything here is pure: it turns an `Analysis` into a per-time state that the drawing
code paints. Times are seconds on the landmark clock (``Landmarks.t``).

A fault is an instant (``Fault.at``); a label shown for one frame cannot be read, so
each fault is shown for ``show_s`` seconds from the moment it fired
(`FAULT_SHOW_S` by default). That window is the definition the tests check against.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from upright.catalog import Exercise, Rule
from upright.motion.result import Analysis, Fault

FAULT_SHOW_S = 2.0
"""Seconds a fault label stays on screen after the fault fired."""


@dataclass(frozen=True)
class FaultWindow:
    """One fault and the stretch of time ``[start_s, end_s)`` its label is on screen."""

    fault: Fault
    label: str
    start_s: float
    end_s: float
    keypoints: tuple[str, ...] = ()

    def active(self, t: float) -> bool:
        """True when the label is on screen at time ``t`` (seconds)."""
        return self.start_s <= t < self.end_s


@dataclass(frozen=True)
class FrameState:
    """What to draw at one moment."""

    reps: tuple[tuple[str, int], ...]
    hold: tuple[str, float] | None
    faults: tuple[FaultWindow, ...]

    @property
    def fault_labels(self) -> tuple[str, ...]:
        """The texts of the faults on screen, most recent first."""
        return tuple(w.label for w in self.faults)


def find_rule(fault: Fault, exercise: Exercise | None) -> Rule | None:
    """The catalog rule a fault names, or None when the exercise does not have it."""
    if exercise is None:
        return None
    for rule in exercise.rules:
        if rule.id == fault.rule:
            return rule
    return None


def fault_label(fault: Fault, exercise: Exercise | None = None) -> str:
    """One readable line, e.g. ``"Pelvis level, no twist: 14.0° > 10°"``.

    Uses the catalog rule's name and `Rule.describe` when the exercise has the rule,
    otherwise the fault's own name, units and comparison.
    """
    rule = find_rule(fault, exercise)
    if rule is not None:
        return f"{rule.name}: {rule.describe(fault.value)}"
    return fault.describe()


class Timeline:
    """The state of the overlay over time, built once from an analysis.

    Parameters
    ----------
    analysis
        The analysis of the set shown.
    exercise
        Its catalog exercise, for rule names and keypoints (optional).
    show_s
        Seconds each fault label stays on screen.
    """

    def __init__(
        self, analysis: Analysis, exercise: Exercise | None = None, show_s: float = FAULT_SHOW_S
    ) -> None:
        self.analysis = analysis
        self.sides = self._sides(analysis)
        windows = []
        for f in sorted(analysis.all_faults(), key=lambda f: f.at):
            rule = find_rule(f, exercise)
            windows.append(
                FaultWindow(
                    fault=f,
                    label=fault_label(f, exercise),
                    start_s=f.at,
                    end_s=f.at + show_s,
                    keypoints=rule.keypoints if rule else (),
                )
            )
        self.windows: tuple[FaultWindow, ...] = tuple(windows)

    @staticmethod
    def _sides(analysis: Analysis) -> tuple[str, ...]:
        sides = list(analysis.sides)
        for rep in analysis.reps:
            if rep.side not in sides:
                sides.append(rep.side)
        return tuple(sides) or ("both",)

    def reps_done(self, t: float) -> tuple[tuple[str, int], ...]:
        """Reps finished by time ``t`` (seconds), per side in the analysis' side order."""
        return tuple(
            (side, sum(1 for r in self.analysis.reps if r.side == side and r.end <= t))
            for side in self.sides
        )

    def hold_at(self, t: float) -> tuple[str, float] | None:
        """The hold under way at ``t``: its kind and seconds held so far, else None."""
        for hold in self.analysis.holds:
            if hold.start <= t < hold.end:
                return hold.kind, t - hold.start
        return None

    def faults_at(self, t: float) -> tuple[FaultWindow, ...]:
        """Fault labels on screen at ``t``, most recent first."""
        return tuple(w for w in reversed(self.windows) if w.active(t))

    def state(self, t: float) -> FrameState:
        """Everything to draw at time ``t`` (seconds)."""
        return FrameState(self.reps_done(t), self.hold_at(t), self.faults_at(t))

    def states(self, times: Sequence[float]) -> list[FrameState]:
        """`state` at each time."""
        return [self.state(float(t)) for t in times]
