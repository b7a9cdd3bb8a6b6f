"""Read the catalog's TOML files into frozen dataclasses, once.

A catalog file holds shared rule definitions (``[rules.<id>]``), plan groups
(``[groups.<name>]``: where the planner puts the group's exercises) and one or more
exercises (``[[exercise]]``). An exercise lists the rules it uses by id and may override
any field of a rule for itself (``[exercise.overrides.<id>]``). Every problem found in a
file is collected and reported together, naming the file, exercise and field.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from upright.catalog.keypoints import KEYPOINT_INDEX
from upright.catalog.model import (
    DEFAULT_CALLS,
    DEFAULT_GROUP,
    LEGS,
    LIMBS,
    UNITS,
    Dosage,
    Exercise,
    FitName,
    Placement,
    ProgressionStep,
    RepSignal,
    Rule,
)
from upright.errors import UprightError

BUILTIN_DIR = Path(__file__).with_name("exercises")
SIDES = ("none", "per_side", "alternating")
PHASES = ("setup", "moving", "raise", "return", "peak", "hold", "tuck", "top", "bottom", "rep")


class CatalogError(UprightError, ValueError):
    """A catalog file could not be read; the message lists every problem found."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("catalog problems:\n  " + "\n  ".join(problems))


def user_catalog_dir() -> Path:
    """Folder where a user drops their own exercise TOML files.

    ``$UPRIGHT_CATALOG`` if set, else ``$XDG_CONFIG_HOME/upright/exercises`` (the same
    place platformdirs chooses on Linux), else ``~/.config/upright/exercises``.
    """
    if env := os.environ.get("UPRIGHT_CATALOG"):
        return Path(env)
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "upright" / "exercises"


class _Reader:
    """Typed field access that records problems instead of raising at the first one."""

    def __init__(self, where: str, problems: list[str]) -> None:
        self.where = where
        self.problems = problems

    def _bad(self, key: str, expected: str, got: object) -> None:
        self.problems.append(f"{self.where}: field {key!r}: expected {expected}, got {got!r}")

    def text(self, d: Mapping[str, Any], key: str, default: str | None = None) -> str:
        if key not in d:
            if default is None:
                self.problems.append(f"{self.where}: missing field {key!r}")
            return default or ""
        value = d[key]
        if not isinstance(value, str):
            self._bad(key, "text", value)
            return ""
        return value

    def number(
        self, d: Mapping[str, Any], key: str, default: float | None = None, what: str = "number"
    ) -> float:
        if key not in d:
            if default is None:
                self.problems.append(f"{self.where}: missing field {key!r}")
            return default or 0.0
        value = d[key]
        if isinstance(value, bool) or not isinstance(value, int | float):
            self._bad(key, what, value)
            return 0.0
        return float(value)

    def integer(self, d: Mapping[str, Any], key: str, default: int | None = None) -> int:
        if key not in d:
            if default is None:
                self.problems.append(f"{self.where}: missing field {key!r}")
            return default or 0
        value = d[key]
        if isinstance(value, bool) or not isinstance(value, int):
            self._bad(key, "whole number", value)
            return 0
        return value

    def texts(self, d: Mapping[str, Any], key: str) -> tuple[str, ...]:
        value = d.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self._bad(key, "list of text", value)
            return ()
        return tuple(value)

    def flag(self, d: Mapping[str, Any], key: str, default: bool) -> bool:
        value = d.get(key, default)
        if not isinstance(value, bool):
            self._bad(key, "true or false", value)
            return default
        return value

    def choice(self, d: Mapping[str, Any], key: str, choices: Iterable[str], default: str) -> str:
        value = d.get(key, default)
        options = tuple(choices)
        if value not in options:
            self._bad(key, "one of " + ", ".join(options), value)
            return default
        return str(value)


def _table(value: Any, key: str, r: _Reader) -> Mapping[str, Any]:
    """``value`` when it is a TOML table, else ``{}`` and a problem naming ``key``."""
    if isinstance(value, Mapping):
        return value
    r._bad(key, "a table", value)
    return {}


def _rule(rid: str, spec: Mapping[str, Any], r: _Reader) -> Rule:
    keypoints = r.texts(spec, "keypoints")
    for kp in keypoints:
        if kp not in KEYPOINT_INDEX:
            r.problems.append(f"{r.where}: rule {rid!r}: unknown keypoint {kp!r}")
    if "units" not in spec:
        r.problems.append(f"{r.where}: rule {rid!r}: missing field 'units'")
    return Rule(
        id=rid,
        name=r.text(spec, "name"),
        measure=r.text(spec, "measure"),
        threshold=r.number(spec, "threshold", what="number (the rule's threshold)"),
        units=r.choice(spec, "units", UNITS, "deg"),  # type: ignore[arg-type]
        compare=r.choice(spec, "compare", ("above", "below"), "above"),  # type: ignore[arg-type]
        phase=r.choice(spec, "phase", PHASES, "rep"),
        cue=r.text(spec, "cue"),
        baseline=bool(spec.get("baseline", False)),
        severity=r.choice(spec, "severity", ("fault", "info"), "fault"),  # type: ignore[arg-type]
        keypoints=keypoints,
        priority=r.integer(spec, "priority", 5),
        fault_when=r.text(spec, "fault_when", ""),
    )


def _dosage(spec: Mapping[str, Any], r: _Reader) -> Dosage:
    d = Dosage(
        sets=r.integer(spec, "sets"),
        reps_min=r.integer(spec, "reps_min"),
        reps_max=r.integer(spec, "reps_max"),
        rest_s=r.number(spec, "rest_s", what="number of seconds"),
        raise_s=r.number(spec, "raise_s", what="number of seconds"),
        return_s=r.number(spec, "return_s", what="number of seconds"),
        hold_s=r.number(spec, "hold_s", 0.0, what="number of seconds"),
        hold_max_s=r.number(spec, "hold_max_s", 0.0, what="number of seconds"),
        tuck_hold_s=r.number(spec, "tuck_hold_s", 0.0, what="number of seconds"),
        squeeze_s=r.number(spec, "squeeze_s", 0.0, what="number of seconds"),
        per_side=bool(spec.get("per_side", False)),
    )
    if d.reps_min > d.reps_max:
        r.problems.append(f"{r.where}: dosage: reps_min {d.reps_min} > reps_max {d.reps_max}")
    return d


def _rep(spec: Mapping[str, Any], r: _Reader) -> RepSignal:
    return RepSignal(
        signal=r.text(spec, "signal"),
        rest=r.number(spec, "rest"),
        peak=r.number(spec, "peak"),
        enter_fraction=r.number(spec, "enter_fraction", 0.25),
        count_fraction=r.number(spec, "count_fraction", 0.8),
        exit_fraction=r.number(spec, "exit_fraction", 0.2),
        min_dwell_s=r.number(spec, "min_dwell_s", 0.1, what="number of seconds"),
        max_gap_s=r.number(spec, "max_gap_s", 0.4, what="number of seconds"),
        smooth_s=r.number(spec, "smooth_s", 0.2, what="number of seconds"),
        setup_s=r.number(spec, "setup_s", 0.8, what="number of seconds"),
        setup_tolerance=r.number(spec, "setup_tolerance", 12.0),
        peak_zone=r.number(spec, "peak_zone", 10.0),
        tuck_distance=r.number(spec, "tuck_distance", 0.25, what="torso lengths"),
        min_visibility=r.number(spec, "min_visibility", 0.3, what="number in 0..1"),
        one_arm_share=r.number(spec, "one_arm_share", 0.4, what="number in 0..1"),
        leg_opens=r.number(spec, "leg_opens", 0.0, what="number of degrees"),
        hand_stays=r.number(spec, "hand_stays", 0.0, what="number in 0..1"),
        tuck=r.flag(spec, "tuck", False),
        leg=r.choice(spec, "leg", LEGS, "same"),  # type: ignore[arg-type]
        limbs=r.choice(spec, "limbs", LIMBS, "signal"),  # type: ignore[arg-type]
    )


def _calls(spec: Mapping[str, Any], r: _Reader) -> tuple[tuple[str, str], ...]:
    """The phase calls: `DEFAULT_CALLS` with the exercise's own texts over them."""
    for key in spec:
        if key not in DEFAULT_CALLS:
            r.problems.append(
                f"{r.where}: calls: unknown moment {key!r} (known: {', '.join(DEFAULT_CALLS)})"
            )
    return tuple((k, r.text(spec, k, default)) for k, default in DEFAULT_CALLS.items())


def _group(name: str, spec: Mapping[str, Any], r: _Reader) -> Placement:
    """A ``[groups.<name>]`` table: the group's part of every member's `Placement`."""
    known = ("order", "needs", "purpose", "second")
    for key in spec:
        if key not in known:
            r.problems.append(
                f"{r.where}: groups.{name}: unknown field {key!r} (known: {', '.join(known)})"
            )
    return Placement(
        order=r.integer(spec, "order", 100),
        needs=r.text(spec, "needs", ""),
        purpose=r.text(spec, "purpose", ""),
        second=r.flag(spec, "second", False),
    )


def _file_groups(data: Mapping[str, Any], path: Path, problems: list[str]) -> dict[str, Placement]:
    r = _Reader(path.name, problems)
    tables = _table(data.get("groups", {}), "groups", r)
    return {
        name: _group(name, _table(spec, f"groups.{name}", r), r) for name, spec in tables.items()
    }


def _progression(items: Any, r: _Reader) -> tuple[ProgressionStep, ...]:
    if not isinstance(items, list):
        r.problems.append(f"{r.where}: field 'progression': expected list, got {items!r}")
        return ()
    steps = []
    for item in (_table(i, "progression", r) for i in items):
        steps.append(
            ProgressionStep(
                change=r.choice(item, "change", ("load", "hold_s", "reps", "variant"), "load"),  # type: ignore[arg-type]
                step=r.number(item, "step", 0.0),
                up_to=r.number(item, "up_to", 0.0),
                to_exercise=r.text(item, "to_exercise", ""),
                note=r.text(item, "note", ""),
            )
        )
    return tuple(steps)


def _exercise(
    spec: Mapping[str, Any],
    shared: Mapping[str, Any],
    groups: Mapping[str, Placement],
    path: Path,
    problems: list[str],
) -> Exercise | None:
    ex_id = spec.get("id", "?")
    r = _Reader(f"{path.name}: exercise {ex_id!r}", problems)
    before = len(problems)
    overrides = _table(spec.get("overrides", {}), "overrides", r)
    rules = []
    for rid in r.texts(spec, "rules"):
        if rid not in shared:
            problems.append(
                f"{r.where}: unknown rule {rid!r} (known rules: {', '.join(sorted(shared))})"
            )
            continue
        base = _table(shared[rid], f"rules.{rid}", r)
        rules.append(_rule(rid, {**base, **_table(overrides.get(rid, {}), rid, r)}, r))
    for rid in overrides:
        if rid not in {x.id for x in rules}:
            problems.append(
                f"{r.where}: override for rule {rid!r}, which the exercise does not use"
            )
    fit = _table(spec["fit"], "fit", r) if spec.get("fit") else None
    group = r.text(spec, "group", DEFAULT_GROUP)
    if not group.strip():
        r._bad("group", "a group name (any name; exercises sharing it are one group)", group)
    plan = _table(spec.get("plan", {}), "plan", r)
    rank = r.integer(plan, "rank", 0)
    if rank < 0:
        r._bad("plan.rank", "0 (never picked) or a rank from 1", rank)
    ex = Exercise(
        id=r.text(spec, "id"),
        name=r.text(spec, "name"),
        group=group,
        equipment=r.texts(spec, "equipment"),
        sides=r.choice(spec, "sides", SIDES, "none"),  # type: ignore[arg-type]
        view=r.choice(spec, "view", ("side", "front", "any"), "side"),
        dosage=_dosage(_table(spec.get("dosage", {}), "dosage", r), r),
        rep=_rep(_table(spec.get("rep", {}), "rep", r), r),
        setup=r.texts(spec, "setup"),
        cues=r.texts(spec, "cues"),
        rules=tuple(rules),
        progression=_progression(spec.get("progression", []), r),
        variant_of=r.text(spec, "variant_of", ""),
        fit=FitName(r.text(fit, "category"), r.text(fit, "name", "")) if fit else None,
        summary=r.text(spec, "summary", ""),
        calls=_calls(_table(spec.get("calls", {}), "calls", r), r),
        plan=replace(groups.get(group, Placement()), rank=rank),
        source=str(path),
    )
    return ex if len(problems) == before else None


def _parse(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise CatalogError([f"{path}: not valid TOML: {exc}"]) from exc
    except OSError as exc:
        raise CatalogError([f"{path}: cannot read: {exc.strerror}"]) from exc


def _file_exercises(
    data: Mapping[str, Any],
    path: Path,
    shared_rules: Mapping[str, Any],
    groups: Mapping[str, Placement],
    problems: list[str],
) -> list[Exercise]:
    top = _Reader(path.name, problems)
    shared = {**shared_rules, **_table(data.get("rules", {}), "rules", top)}
    specs = data.get("exercise", [])
    if not isinstance(specs, list):
        top._bad("exercise", "[[exercise]] tables", specs)
        specs = []
    exercises = [
        _exercise(_table(e, "exercise", top), shared, groups, path, problems) for e in specs
    ]
    return [e for e in exercises if e is not None]


def load_file(
    path: Path,
    shared_rules: Mapping[str, Any] | None = None,
    groups: Mapping[str, Placement] | None = None,
) -> list[Exercise]:
    """Parse one catalog file; raise `CatalogError` listing every problem in it.

    ``groups`` are plan groups declared elsewhere; the file's own ``[groups.<name>]``
    tables are added to them.
    """
    data = _parse(path)
    problems: list[str] = []
    known = {**(groups or {}), **_file_groups(data, path, problems)}
    exercises = _file_exercises(data, path, shared_rules or {}, known, problems)
    if problems:
        raise CatalogError(problems)
    return exercises


def _all_groups(
    parsed: list[tuple[Path, dict[str, Any]]], problems: list[str]
) -> dict[str, Placement]:
    """Every file's ``[groups.<name>]``; a group declared twice is a problem."""
    groups: dict[str, Placement] = {}
    declared: dict[str, Path] = {}
    for f, data in parsed:
        for name, placement in _file_groups(data, f, problems).items():
            if name in declared:
                problems.append(
                    f"{f.name}: group {name!r} already declared in {declared[name].name}"
                )
            groups[name], declared[name] = placement, f
    return groups


def load_catalog(extra_dirs: Iterable[Path] = ()) -> dict[str, Exercise]:
    """Load the built-in catalog and any user exercise files; ids must be unique.

    Rules defined in the built-in ``rules.toml`` may be used by any file, and a plan
    group declared in any file (``[groups.<name>]``, once) holds for every exercise of it.
    """
    shared = _parse(BUILTIN_DIR / "rules.toml")["rules"]
    files = sorted(BUILTIN_DIR.glob("*.toml"))
    for d in extra_dirs:
        if d.is_dir():
            files += sorted(d.glob("*.toml"))
    problems: list[str] = []
    parsed: list[tuple[Path, dict[str, Any]]] = []
    for f in files:
        try:
            parsed.append((f, _parse(f)))
        except CatalogError as exc:
            problems += exc.problems
    groups = _all_groups(parsed, problems)
    catalog: dict[str, Exercise] = {}
    for f, data in parsed:
        for ex in _file_exercises(data, f, shared, groups, problems):
            if ex.id in catalog:
                problems.append(
                    f"{f.name}: exercise id {ex.id!r} already defined in "
                    f"{Path(catalog[ex.id].source).name}"
                )
            catalog[ex.id] = ex
    for ex in catalog.values():
        for step in ex.progression:
            if step.to_exercise and step.to_exercise not in catalog:
                problems.append(
                    f"{Path(ex.source).name}: exercise {ex.id!r}: progression "
                    f"names unknown exercise {step.to_exercise!r}"
                )
    if problems:
        raise CatalogError(problems)
    return catalog


@lru_cache(maxsize=1)
def default_catalog() -> dict[str, Exercise]:
    """The built-in catalog plus the user's folder (`user_catalog_dir`), parsed once."""
    return load_catalog([user_catalog_dir()])


def get_exercise(exercise_id: str) -> Exercise:
    """Return one exercise of the default catalog; `KeyError` listing the known ids."""
    catalog = default_catalog()
    try:
        return catalog[exercise_id]
    except KeyError:
        known = ", ".join(sorted(catalog))
        raise KeyError(f"unknown exercise {exercise_id!r}; known: {known}") from None
