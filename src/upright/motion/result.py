"""What an analysis found: reps, holds and faults, and the Analysis result JSON.

Times are seconds on the landmark file's clock (``Landmarks.t``); values are in the
units of their rule (see ``docs/measures.md``).
"""

from __future__ import annotations

import json
import math
import typing
from dataclasses import asdict, dataclass, field, fields
from typing import Any, TypeVar

from upright.catalog.model import UNIT_SYMBOLS
from upright.errors import UprightError

SCHEMA_VERSION = 1


class AnalysisFileError(UprightError, ValueError):
    """An analysis JSON could not be read; the message names the field."""


_T = TypeVar("_T")


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"expected a finite number, got {text}")
    return value


def _record(cls: type[_T], data: Any, where: str, **nested: Any) -> _T:
    """Build ``cls`` from a JSON object whose scalar fields have the declared types."""
    if not isinstance(data, dict):
        raise AnalysisFileError(f"{where}: expected an object, got {type(data).__name__}")
    hints = typing.get_type_hints(cls)
    known = {f.name for f in fields(cls)}  # type: ignore[arg-type]
    values: dict[str, Any] = {}
    for name, value in data.items():
        if name not in known:
            raise AnalysisFileError(f"{where}: unknown field {name!r}")
        if name in nested:
            values[name] = nested[name]
            continue
        hint = hints[name]
        ok = (
            (value is None and hint == int | None)
            or (isinstance(value, str) and hint is str)
            or (isinstance(value, int | float) and not isinstance(value, bool) and hint is float)
            or (
                isinstance(value, int) and not isinstance(value, bool) and hint in (int, int | None)
            )
        )
        if not ok:
            raise AnalysisFileError(f"{where}: field {name!r}: expected {hint}, got {value!r}")
        values[name] = float(value) if hint is float else value
    return cls(**values)


@dataclass(frozen=True, kw_only=True)
class Fault:
    """One broken form rule: the measured value next to its threshold, at a time."""

    rule: str
    value: float
    threshold: float
    units: str
    at: float
    cue: str = ""
    name: str = ""
    compare: str = "above"
    severity: str = "fault"
    rep_index: int | None = None

    def describe(self) -> str:
        """One readable line, e.g. ``"Pelvis level, no twist: 14.0° > 10°"``."""
        sym = UNIT_SYMBOLS.get(self.units, f" {self.units}")
        op = ">" if self.compare == "above" else "<"
        name = self.name or self.rule.replace("_", " ")
        return f"{name}: {self.value:.1f}{sym} {op} {self.threshold:g}{sym}"


@dataclass(frozen=True)
class Phase:
    """A named stretch of a rep (raise, hold, return, tuck, ...), in seconds."""

    name: str
    start: float
    end: float

    @property
    def duration_s(self) -> float:
        """Length in seconds."""
        return self.end - self.start


@dataclass(frozen=True, kw_only=True)
class Rep:
    """One counted repetition."""

    index: int
    side: str
    start: float
    end: float
    phases: tuple[Phase, ...] = ()
    hold_s: float = 0.0
    tuck_hold_s: float = 0.0
    peak: float = 0.0
    faults: tuple[Fault, ...] = ()

    @property
    def clean(self) -> bool:
        """True when no fault (info notes aside) fired in this rep."""
        return not any(f.severity == "fault" for f in self.faults)


@dataclass(frozen=True, kw_only=True)
class Hold:
    """A held position (peak or tuck) and how long it was held, in seconds."""

    kind: str
    side: str
    start: float
    end: float
    rep_index: int | None = None

    @property
    def seconds(self) -> float:
        """Held time in seconds."""
        return self.end - self.start


@dataclass(frozen=True)
class NotCounted:
    """A movement that was not counted, with the reason in words."""

    start: float
    end: float
    reason: str
    side: str = ""


@dataclass(frozen=True, kw_only=True)
class Analysis:
    """The result of analysing one set (or one file) of one exercise."""

    exercise: str
    sides: tuple[str, ...]
    reps: tuple[Rep, ...]
    holds: tuple[Hold, ...] = ()
    not_counted: tuple[NotCounted, ...] = ()
    faults: tuple[Fault, ...] = ()
    duration_s: float = 0.0
    fps: float = 0.0
    view: str = ""
    warnings: tuple[str, ...] = ()
    schema_version: int = SCHEMA_VERSION
    summary: dict[str, Any] = field(default_factory=dict)

    def reps_per_side(self) -> dict[str, int]:
        """Counted reps by side."""
        counts: dict[str, int] = {}
        for rep in self.reps:
            counts[rep.side] = counts.get(rep.side, 0) + 1
        return counts

    def all_faults(self) -> tuple[Fault, ...]:
        """Faults attached to reps, then those outside any rep."""
        return tuple(f for r in self.reps for f in r.faults) + self.faults

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict (DESIGN.md's "Analysis result")."""
        data = asdict(self)
        data["summary"] = {**self.default_summary(), **self.summary}
        return data

    def default_summary(self) -> dict[str, Any]:
        """Counts a reader wants first: reps per side, faults per rule, mean hold."""
        per_rule: dict[str, int] = {}
        for f in self.all_faults():
            per_rule[f.rule] = per_rule.get(f.rule, 0) + 1
        holds = [r.hold_s for r in self.reps if r.hold_s > 0]
        return {
            "reps": len(self.reps),
            "reps_per_side": self.reps_per_side(),
            "faults_per_rule": per_rule,
            "clean_reps": sum(r.clean for r in self.reps),
            "mean_hold_s": round(sum(holds) / len(holds), 3) if holds else 0.0,
        }

    def to_json(self, indent: int | None = None) -> str:
        """The analysis result as JSON text."""
        return json.dumps(self.to_dict(), indent=indent, allow_nan=False)

    @classmethod
    def from_json(cls, text: str, source: str = "analysis JSON") -> Analysis:
        """Read an analysis result; `AnalysisFileError` names the bad field."""
        try:
            data = json.loads(text, parse_float=_finite, parse_constant=_finite)
        except ValueError as exc:  # JSONDecodeError, or NaN / Infinity / 1e400
            raise AnalysisFileError(f"{source}: not JSON ({exc})") from None
        return cls.from_dict(data, source)

    @classmethod
    def from_dict(cls, data: Any, source: str = "analysis JSON") -> Analysis:
        """Build from a dict as written by `to_dict`."""
        if not isinstance(data, dict):
            raise AnalysisFileError(f"{source}: expected an object, got {type(data).__name__}")
        version = data.get("schema_version")
        if version != SCHEMA_VERSION:
            raise AnalysisFileError(
                f"{source}: field 'schema_version': expected {SCHEMA_VERSION}, got {version!r}"
            )
        try:
            reps = tuple(
                _record(
                    Rep,
                    r,
                    f"{source}: reps[{i}]",
                    phases=tuple(
                        _record(Phase, p, f"{source}: reps[{i}].phases")
                        for p in _items(r, "phases", source)
                    ),
                    faults=tuple(
                        _record(Fault, f, f"{source}: reps[{i}].faults")
                        for f in _items(r, "faults", source)
                    ),
                )
                for i, r in enumerate(_items(data, "reps", source, required=True))
            )
            return cls(
                exercise=str(data["exercise"]),
                sides=tuple(str(s) for s in _items(data, "sides", source, required=True)),
                reps=reps,
                holds=tuple(
                    _record(Hold, h, f"{source}: holds") for h in _items(data, "holds", source)
                ),
                not_counted=tuple(
                    _record(NotCounted, n, f"{source}: not_counted")
                    for n in _items(data, "not_counted", source)
                ),
                faults=tuple(
                    _record(Fault, f, f"{source}: faults") for f in _items(data, "faults", source)
                ),
                duration_s=float(data.get("duration_s", 0.0)),
                fps=float(data.get("fps", 0.0)),
                view=str(data.get("view", "")),
                warnings=tuple(str(w) for w in _items(data, "warnings", source)),
                summary=dict(data.get("summary", {})),
            )
        except KeyError as exc:
            raise AnalysisFileError(f"{source}: missing field {exc.args[0]!r}") from None
        except (TypeError, ValueError) as exc:
            raise AnalysisFileError(f"{source}: malformed field ({exc})") from None


def _items(data: Any, key: str, source: str, required: bool = False) -> list[Any]:
    """The JSON list at ``data[key]`` (``[]`` when absent and not required)."""
    if not isinstance(data, dict):
        raise AnalysisFileError(f"{source}: expected an object, got {type(data).__name__}")
    if key not in data and required:
        raise AnalysisFileError(f"{source}: missing field {key!r}")
    value = data.get(key, [])
    if not isinstance(value, list):
        raise AnalysisFileError(f"{source}: field {key!r}: expected a list, got {value!r}")
    return value
