"""The answer sheet of a simulated set: reps, holds, faults, partial reps, and the set-up.

Times are seconds on the landmark file's clock; values are in the units of their rule
(``docs/measures.md``). ``to_json`` / ``from_json`` round-trip exactly.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from upright.sim.faults import SimError

SCHEMA_VERSION = 1
Window = tuple[float, float]


@dataclass(frozen=True)
class RepTruth:
    """One counted rep: side is the working arm ("both" for two-arm exercises).

    ``hold_s`` is the ``peak_hold`` measure and ``tuck_hold_s`` the ``tuck_hold`` measure
    (None where the exercise has no such hold); ``measures`` holds the value every rule of
    the exercise measures in this rep, clean or not.
    """

    index: int
    side: str
    start: float
    end: float
    phases: dict[str, Window]
    hold_s: float | None = None
    tuck_hold_s: float | None = None
    measures: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class FaultTruth:
    """One injected fault.

    The requested ``size``, the ``expected_value`` its rule measures on clean world
    landmarks, and the time window the fault is present in.
    """

    rule: str
    size: float
    expected_value: float
    units: str
    start: float
    end: float
    rep_index: int
    threshold: float = 0.0
    compare: str = "above"


@dataclass(frozen=True)
class PartialTruth:
    """A rep started but not finished: it must not be counted."""

    start: float
    end: float
    reason: str
    side: str = "both"


@dataclass(frozen=True)
class Truth:
    """Everything known about a simulated set before any analysis runs.

    ``not_reps`` names the movements around the reps, (what, start s, end s): getting
    into position and out of it, picking up and putting down the weights, kneeling
    down, changing sides. None of them is a rep.
    """

    exercise: str
    seed: int
    fps: float
    n_frames: int
    setup: Window
    reps: tuple[RepTruth, ...]
    faults: tuple[FaultTruth, ...] = ()
    partial: tuple[PartialTruth, ...] = ()
    not_reps: tuple[tuple[str, float, float], ...] = ()
    walk_off: Window | None = None
    out_of_frame: tuple[tuple[str, float, float], ...] = ()
    person: dict[str, float] = field(default_factory=dict)
    camera: dict[str, Any] = field(default_factory=dict)
    params: dict[str, Any] = field(default_factory=dict)
    schema_version: int = SCHEMA_VERSION

    def to_json(self) -> str:
        """The truth as indented JSON text."""
        return json.dumps(asdict(self), indent=1, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Truth:
        """Read what `to_json` wrote; `SimError` names the missing field."""
        try:
            d = json.loads(text)
            reps = tuple(
                RepTruth(**(r | {"phases": {k: tuple(v) for k, v in r["phases"].items()}}))
                for r in d.pop("reps")
            )
            faults = tuple(FaultTruth(**f) for f in d.pop("faults"))
            partial = tuple(PartialTruth(**p) for p in d.pop("partial"))
            walk = d.pop("walk_off")
            return cls(
                reps=reps,
                faults=faults,
                partial=partial,
                setup=tuple(d.pop("setup")),
                walk_off=tuple(walk) if walk else None,
                out_of_frame=tuple(tuple(o) for o in d.pop("out_of_frame")),
                not_reps=tuple(tuple(o) for o in d.pop("not_reps", ())),
                **d,
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise SimError(
                f"truth JSON: expected the fields Truth.to_json writes ({exc})"
            ) from None
