"""What a set did: reps per side, hold seconds, faults with value against threshold.

Times in a `SetResult` are seconds on the session clock; `started_at` / `ended_at`
are wall-clock datetimes for the log.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

Rating = Literal["clean", "some_faults", "struggled"]
RATINGS: tuple[Rating, ...] = ("clean", "some_faults", "struggled")
RATING_LABELS: dict[str, str] = {
    "clean": "clean",
    "some_faults": "some faults",
    "struggled": "struggled",
}
Source = Literal["camera", "self_report"]


@dataclass(frozen=True)
class FaultLog:
    """One fault: the rule broken, its measured value and threshold, when (set seconds)."""

    rule: str
    name: str
    value: float
    threshold: float
    units: str
    at_s: float
    severity: str = "fault"
    description: str = ""
    rep: int | None = None


@dataclass(frozen=True)
class RepLog:
    """One counted rep: side, start and end (seconds from the set start), hold seconds."""

    index: int
    side: str
    start_s: float
    end_s: float
    hold_s: float = 0.0
    tuck_hold_s: float = 0.0
    faults: tuple[FaultLog, ...] = ()


@dataclass(frozen=True)
class SetResult:
    """One finished set, as shown in the summary and written to the store."""

    exercise_id: str
    exercise_name: str
    exercise_index: int
    set_index: int
    sides: tuple[str, ...]
    reps_target: int
    reps: tuple[RepLog, ...]
    started_at: datetime
    ended_at: datetime
    source: Source
    load_kg: float | None = None
    faults: tuple[FaultLog, ...] = ()
    rating: Rating | None = None
    complete: bool = True
    notes: tuple[str, ...] = field(default=())

    def reps_per_side(self) -> dict[str, int]:
        """Counted reps on each side of the set (0 where none)."""
        counts = dict.fromkeys(self.sides, 0)
        for rep in self.reps:
            counts[rep.side] = counts.get(rep.side, 0) + 1
        return counts

    @property
    def full(self) -> bool:
        """True when every side reached the prescribed reps."""
        return all(n >= self.reps_target for n in self.reps_per_side().values())

    def all_faults(self) -> tuple[FaultLog, ...]:
        """Faults of every rep, then those outside any rep."""
        return tuple(f for r in self.reps for f in r.faults) + self.faults

    def hold_total_s(self) -> float:
        """Seconds held at the top over the whole set."""
        return round(sum(r.hold_s for r in self.reps), 3)

    def suggested_rating(self) -> Rating:
        """A rating from the faults seen: clean, some faults, or struggled past a third.

        Never clean for a set short of its prescribed reps.
        """
        faulty = sum(1 for r in self.reps if any(f.severity == "fault" for f in r.faults))
        loose = any(f.severity == "fault" for f in self.faults)
        if self.reps and faulty > len(self.reps) / 3:
            return "struggled"
        if faulty == 0 and not loose and self.full:
            return "clean"
        return "some_faults"

    def summary_lines(self) -> list[str]:
        """The set's summary in a few lines a runner reads."""
        per_side = self.reps_per_side()
        counts = ", ".join(
            f"{n}/{self.reps_target} {side}" if side != "none" else f"{n}/{self.reps_target}"
            for side, n in per_side.items()
        )
        lines = [f"{self.exercise_name}, set {self.set_index + 1}: reps {counts}"]
        holds = [r.hold_s for r in self.reps if r.hold_s > 0]
        if holds:
            lines.append("holds: " + " ".join(f"{h:.1f}" for h in holds) + " s")
        faults = self.all_faults()
        if not faults:
            lines.append("no faults seen" if self.source == "camera" else "faults: self-rated")
        for f in faults:
            where = f"rep {f.rep}" if f.rep is not None else f"{f.at_s:.1f} s"
            lines.append(f"{f.name or f.rule} ({where}): {f.description}".rstrip(": "))
        if self.rating:
            lines.append(f"rated: {RATING_LABELS[self.rating]}")
        return lines

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready summary for a browser."""
        return {
            "exercise_id": self.exercise_id,
            "exercise": self.exercise_name,
            "set_index": self.set_index,
            "reps_target": self.reps_target,
            "reps_per_side": self.reps_per_side(),
            "holds_s": [round(r.hold_s, 1) for r in self.reps],
            "faults": [
                {
                    "rule": f.rule,
                    "name": f.name,
                    "value": f.value,
                    "threshold": f.threshold,
                    "units": f.units,
                    "rep": f.rep,
                    "description": f.description,
                }
                for f in self.all_faults()
            ],
            "rating": self.rating,
            "source": self.source,
            "complete": self.complete,
            "full": self.full,
            "lines": self.summary_lines(),
        }
