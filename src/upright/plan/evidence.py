"""The planner's numbers, read once from the commented ``evidence.toml``.

Each figure carries its source in a comment of that file; code reads the figure by name
from these frozen dataclasses and never repeats it.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path
from typing import Any

from upright.errors import UprightError

EVIDENCE_FILE = Path(__file__).with_name("evidence.toml")


class EvidenceError(UprightError, ValueError):
    """The evidence file is missing a figure or holds the wrong type."""


@dataclass(frozen=True)
class LoadFigures:
    """Weekly load: ACWR (weeks, bands), the two-week ramp, and how warnings act (days)."""

    acwr_weeks: int
    acwr_sweet_low: float
    acwr_sweet_high: float
    acwr_risk: float
    acwr_source: str
    acwr_contested: str
    ramp_weeks: int
    ramp_warn_fraction: float
    ramp_hazard_ratio: float
    ramp_source: str
    stale_after_days: int
    act_days: int
    spike_clear_days_before_long_run: int


@dataclass(frozen=True)
class SpikeBand:
    """A run more than ``above_fraction`` longer than the recent longest run."""

    name: str
    above_fraction: float
    hazard_ratio: float


@dataclass(frozen=True)
class SpikeFigures:
    """Single-run spike: look-back window (days) and bands, lowest first."""

    lookback_days: int
    source: str
    bands: tuple[SpikeBand, ...]


@dataclass(frozen=True)
class ScheduleFigures:
    """Sessions per week by phase, placement gaps (hours, days) and session length (min)."""

    build_sessions_min: int
    build_sessions_max: int
    build_sessions_default: int
    build_horizon_weeks: int
    build_min_weeks: int
    maintain_sessions: int
    gap_before_easy_run_h: float
    allow_long_run_day: bool
    min_days_between: int
    session_min_min: float
    session_max_min: float
    transition_s: float


@dataclass(frozen=True)
class TaperFigures:
    """Taper before an A race: days from the race, volume cut as a fraction."""

    last_heavy_days_min: int
    last_heavy_days_max: int
    window_days: int
    volume_cut: float
    race_week_sessions: int
    race_week_quiet_days: int
    after_a_race_days: int
    recovery_km_per_day: float
    unknown_a_race_km: float


@dataclass(frozen=True)
class ProgressionFigures:
    """Sessions in a row before a progression or a step back; the faulty-rep fraction."""

    clean_sessions_to_progress: int
    faulty_sessions_to_step_back: int
    faulty_rep_fraction: float


@dataclass(frozen=True)
class Evidence:
    """All the planner's figures."""

    load: LoadFigures
    spike: SpikeFigures
    schedule: ScheduleFigures
    taper: TaperFigures
    progression: ProgressionFigures


def _section(cls: type, data: dict[str, Any], name: str, path: Path) -> Any:
    """Build dataclass ``cls`` from table ``name``, naming every missing or wrong field."""
    table = data.get(name, {})
    problems, values = [], {}
    for f in fields(cls):
        if f.name == "bands":
            continue
        if f.name not in table:
            problems.append(f"{path}: [{name}] missing field {f.name!r}")
            continue
        value, want = table[f.name], str(f.type)
        ok = {
            "int": isinstance(value, int) and not isinstance(value, bool),
            "float": isinstance(value, int | float) and not isinstance(value, bool),
            "bool": isinstance(value, bool),
            "str": isinstance(value, str),
        }.get(want, True)
        if not ok:
            problems.append(f"{path}: [{name}] field {f.name!r}: expected {want}, got {value!r}")
        values[f.name] = float(value) if want == "float" and ok else value
    if problems:
        raise EvidenceError("\n".join(problems))
    if cls is SpikeFigures:
        bands = tuple(_section(SpikeBand, {"b": b}, "b", path) for b in table.get("band", []))
        values["bands"] = tuple(sorted(bands, key=lambda b: b.above_fraction))
    return cls(**values)


def load_evidence(path: Path = EVIDENCE_FILE) -> Evidence:
    """Read an evidence file; `EvidenceError` names the file, table and field at fault."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise EvidenceError(f"{path}: cannot read the planner's figures: {exc}") from exc
    return Evidence(
        load=_section(LoadFigures, data, "load", path),
        spike=_section(SpikeFigures, data, "spike", path),
        schedule=_section(ScheduleFigures, data, "schedule", path),
        taper=_section(TaperFigures, data, "taper", path),
        progression=_section(ProgressionFigures, data, "progression", path),
    )


@lru_cache(maxsize=1)
def default_evidence() -> Evidence:
    """The built-in figures, read once."""
    return load_evidence()
