"""Export an athlete's whole history to JSON or CSV, and import it back.

The export holds one list of rows per table, keyed by the row ids of the source
database; an import gives every row a new id and re-links the references. A row already
stored for the athlete (the same natural key, `NATURAL_KEYS`: a session by its start, a
set by its session, exercise, side and start, a rep by its set, index and side...) is
not added again, so importing one file twice adds nothing the second time.
"""

from __future__ import annotations

import csv
import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, cast

from sqlalchemy import JSON, Boolean, Date, Float, Integer, select
from sqlalchemy.orm import Session

from upright.store.engine import Store
from upright.store.errors import BadHistoryFile
from upright.store.models import (
    Analysis,
    Athlete,
    Base,
    ExerciseSet,
    Fault,
    PerformedSession,
    Plan,
    PlannedSession,
    Race,
    Rep,
    RunningActivity,
    UtcDateTime,
)
from upright.store.records import ImportReport

FORMAT = "upright-history"
VERSION = 1
# Parents before children, so an import can re-link references as it goes.
TABLES: tuple[type[Base], ...] = (
    RunningActivity,
    Race,
    Plan,
    PlannedSession,
    PerformedSession,
    ExerciseSet,
    Rep,
    Fault,
    Analysis,
)
# What identifies a row within an athlete's history, references taken after re-linking.
NATURAL_KEYS: dict[str, tuple[str, ...]] = {
    "running_activity": ("started_at", "distance_m"),
    "race": ("race_date", "name"),
    "plan": ("created_at", "starts", "ends"),
    "planned_session": ("plan_id", "session_date", "reason"),
    "performed_session": ("started_at",),
    "exercise_set": ("session_id", "exercise_id", "side", "started_at"),
    "rep": ("set_id", "rep_index", "side"),
    "fault": ("set_id", "rep_id", "rule", "at_s"),
    "analysis": ("queued_at", "video_path"),
}
# Reference column -> table whose new ids it takes.
LINKS = {
    "plan_id": "plan",
    "planned_session_id": "planned_session",
    "session_id": "performed_session",
    "set_id": "exercise_set",
    "rep_id": "rep",
}


def _columns(model: type[Base]) -> list[Any]:
    return [c for c in model.__table__.columns if c.name != "athlete_id"]


def _to_plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def export_history(store: Store, athlete: int) -> dict[str, Any]:
    """The athlete's whole history as JSON-able data (see module docstring)."""
    with store.reading() as s:
        a = s.get(Athlete, athlete)
        if a is None:
            raise BadHistoryFile(f"no athlete with id {athlete} to export")
        tables: dict[str, list[dict[str, Any]]] = {}
        for model in TABLES:
            cols = _columns(model)
            rows = s.execute(
                select(*cols)
                .where(model.__table__.c.athlete_id == athlete)
                .order_by(model.__table__.c.id)
            )
            tables[model.__tablename__] = [
                {c.name: _to_plain(v) for c, v in zip(cols, row, strict=True)} for row in rows
            ]
    return {
        "format": FORMAT,
        "version": VERSION,
        "athlete": {
            "name": a.name,
            "profile_toml": a.profile_toml,
            "created_at": a.created_at.isoformat(),
        },
        "tables": tables,
    }


def _parse(column: Any, value: Any, where: str) -> Any:
    if value is None:
        return None
    t = column.type
    try:
        if isinstance(t, UtcDateTime):
            moment = datetime.fromisoformat(value)
            return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
        if isinstance(t, Date):
            return date.fromisoformat(value)
        if isinstance(t, Integer):
            return int(value)
        if isinstance(t, Float):
            return float(value)
        if isinstance(t, Boolean):
            return _boolean(value)
    except (TypeError, ValueError) as exc:
        raise BadHistoryFile(f"{where}: column {column.name} expected {t}, got {value!r}") from exc
    return value


def _boolean(value: Any) -> bool:
    """A JSON boolean, or its CSV text (``True``/``False``, ``1``/``0``)."""
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("true", "1"):
        return True
    if text in ("false", "0"):
        return False
    raise ValueError(f"expected true or false, got {value!r}")


def import_history(
    store: Store, data: dict[str, Any], *, athlete_name: str | None = None
) -> ImportReport:
    """Add an exported history under its athlete's name (or ``athlete_name``).

    Everything goes in one transaction: a bad file adds nothing. Rows already stored
    (same natural key, `NATURAL_KEYS`) are skipped, so a second import of the same
    file adds nothing; ``ImportReport.counts`` are the rows added.
    """
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BadHistoryFile(
            f"expected an {FORMAT!r} export, got format "
            f"{data.get('format') if isinstance(data, dict) else type(data)}"
        )
    if data.get("version") != VERSION:
        raise BadHistoryFile(f"export version: expected {VERSION}, got {data.get('version')!r}")
    info, tables = data.get("athlete") or {}, data.get("tables") or {}
    name = athlete_name or info.get("name")
    if not name:
        raise BadHistoryFile("athlete.name: missing; pass --athlete NAME")
    with store.session() as s:
        a = s.scalars(select(Athlete).where(Athlete.name == name)).one_or_none()
        if a is None:
            a = Athlete(
                name=name, profile_toml=info.get("profile_toml") or "", created_at=datetime.now(UTC)
            )
            s.add(a)
            s.flush()
        elif not a.profile_toml:
            a.profile_toml = info.get("profile_toml") or ""
        new_ids: dict[str, dict[int, int]] = {}
        counts, already = {}, {}
        for model in TABLES:
            name = model.__tablename__
            counts[name], already[name] = _import_table(s, a.id, model, tables, new_ids)
        return ImportReport(athlete_id=a.id, counts=counts, already=already)


def _existing(
    s: Session, model: type[Base], athlete: int, keys: tuple[str, ...]
) -> dict[tuple[Any, ...], int]:
    """Natural key -> id of the athlete's rows already stored in ``model``'s table."""
    table = model.__table__
    cols = [table.c[k] for k in keys]
    q = select(table.c.id, *cols).where(table.c.athlete_id == athlete)
    return {tuple(row[1:]): row[0] for row in s.execute(q)}


def _relink(values: dict[str, Any], new_ids: dict[str, dict[int, int]], where: str) -> None:
    """Replace the export's references by the ids rows got (or already had) here."""
    for ref, target in LINKS.items():
        if ref in values and values[ref] is not None:
            if values[ref] not in new_ids.get(target, {}):
                raise BadHistoryFile(f"{where}: {ref} {values[ref]} names no row of {target}")
            values[ref] = new_ids[target][values[ref]]


def _import_table(
    s: Session,
    athlete: int,
    model: type[Base],
    tables: dict[str, Any],
    new_ids: dict[str, dict[int, int]],
) -> tuple[int, int]:
    """Add the table's rows; returns (rows added, rows found already stored)."""
    name = model.__tablename__
    rows = tables.get(name) or []
    ids = new_ids.setdefault(name, {})
    cols = {c.name: c for c in _columns(model)}
    keys = NATURAL_KEYS[name]
    stored = _existing(s, model, athlete, keys)
    added = already = 0
    for n, raw in enumerate(rows):
        where = f"tables.{name}[{n}]"
        # A column the export lacks (an older version's) takes the schema's default.
        values = {k: _parse(cols[k], raw[k], where) for k in cols if k != "id" and k in raw}
        _relink(values, new_ids, where)
        key = tuple(values.get(k) for k in keys)
        if key in stored:  # already here: later rows link to the stored one
            ids[int(raw["id"])] = stored[key]
            already += 1
            continue
        row = model(athlete_id=athlete, **values)
        s.add(row)
        s.flush()
        ids[int(raw["id"])] = stored[key] = row.id  # type: ignore[attr-defined]
        added += 1
    return added, already


def write_export(data: dict[str, Any], path: Path, fmt: str) -> None:
    """Write an export: ``json`` to one file, ``csv`` to a folder with one file per table."""
    if fmt == "json":
        path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        return
    if fmt != "csv":
        raise BadHistoryFile(f"export format: expected csv or json, got {fmt!r}")
    path.mkdir(parents=True, exist_ok=True)
    (path / "athlete.json").write_text(
        json.dumps({k: data[k] for k in ("format", "version", "athlete")}, indent=1) + "\n",
        encoding="utf-8",
    )
    for model in TABLES:
        cols = [c.name for c in _columns(model)]
        with open(path / f"{model.__tablename__}.csv", "w", newline="", encoding="utf-8") as fh:
            w = csv.DictWriter(fh, fieldnames=cols)
            w.writeheader()
            for row in data["tables"][model.__tablename__]:
                w.writerow({k: _csv_cell(row[k]) for k in cols})


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    return json.dumps(value) if isinstance(value, dict | list) else value


def read_export(path: Path) -> dict[str, Any]:
    """Read an export written by `write_export` (a JSON file or a CSV folder)."""
    try:
        if path.is_dir():
            return _read_csv_folder(path)
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BadHistoryFile(f"{path}: cannot read an Upright history ({exc})") from exc
    if not isinstance(data, dict):
        raise BadHistoryFile(f"{path}: expected a JSON object, got {type(data).__name__}")
    return cast(dict[str, Any], data)


def _read_csv_folder(path: Path) -> dict[str, Any]:
    head = path / "athlete.json"
    if not head.exists():
        raise BadHistoryFile(
            f"{path}: expected athlete.json and one CSV per table, found no athlete.json"
        )
    data: dict[str, Any] = json.loads(head.read_text(encoding="utf-8"))
    data["tables"] = {}
    for model in TABLES:
        cols = {c.name: c for c in _columns(model)}
        file = path / f"{model.__tablename__}.csv"
        rows: list[dict[str, Any]] = []
        if file.exists():
            with open(file, newline="", encoding="utf-8") as fh:
                for raw in csv.DictReader(fh):
                    rows.append({k: _from_cell(cols[k], v) for k, v in raw.items() if k in cols})
        data["tables"][model.__tablename__] = rows
    return data


def _from_cell(column: Any, text: str) -> Any:
    if text == "" and column.nullable:
        return None
    if isinstance(column.type, JSON):
        return json.loads(text)
    return text
