"""Read the activity lists of Strava's bulk export and of Garmin Connect, as CSV.

Strava's ``activities.csv`` (bulk export) repeats some column names: the first
"Distance" is the summary in kilometres, a later one the same distance in metres; the
first "Elapsed Time" and "Moving Time" are seconds. "Activity Date" is UTC, written like
``Mar 15, 2021, 7:02:33 AM``.

Garmin Connect's activity list ("Export CSV") writes "Date" in the runner's local time
(``2023-10-01 07:30:12``), "Distance" in the account's unit (km or mi, not stated in the
file), "Time" as ``hh:mm:ss``, ``--`` for a missing value and thousands separators.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from pathlib import Path

from upright.plan.activity import (
    Activity,
    FileImport,
    ImportProblem,
    empty_file,
    sport_named,
    unreadable,
)
from upright.plan.activity_kind import Kind, classify

KM_PER_MILE = 1.609344
M_PER_FOOT = 0.3048
# ours: a plausibility band for a run's average speed, km/h. A value outside it is far
# more often a unit mix-up (metres in a km column, miles read as km) than a real run.
RUN_SPEED_KMH = (2.5, 30.0)

STRAVA_REQUIRED = ("Activity Date", "Activity Type", "Distance", "Elapsed Time")
GARMIN_REQUIRED = ("Activity Type", "Date", "Distance", "Time")
_STRAVA_DATES = ("%b %d, %Y, %I:%M:%S %p", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%SZ")
_GARMIN_DATES = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%m/%d/%Y %H:%M")


class _RowError(Exception):
    def __init__(self, field: str, expected: str, found: str) -> None:
        super().__init__(field)
        self.field, self.expected, self.found = field, expected, found


@dataclass(frozen=True)
class _Row:
    """A CSV row addressed by column name, first occurrence of a repeated name first."""

    cells: dict[str, list[str]]

    def get(self, column: str, occurrence: int = 0) -> str:
        values = self.cells.get(column, [])
        return values[occurrence].strip() if occurrence < len(values) else ""


def _number(row: _Row, column: str, what: str, occurrence: int = 0) -> float | None:
    text = row.get(column, occurrence).replace(",", "")
    if text in ("", "--"):
        return None
    try:
        return float(text)
    except ValueError:
        raise _RowError(column, what, repr(row.get(column, occurrence))) from None


def _clock(row: _Row, column: str) -> float | None:
    """``hh:mm:ss``, ``mm:ss`` (decimals allowed) or plain seconds, in seconds."""
    text = row.get(column).replace(",", "")
    if text in ("", "--"):
        return None
    try:
        seconds = 0.0
        for part in text.split(":"):
            seconds = seconds * 60 + float(part)
    except ValueError:
        raise _RowError(column, "a duration like 01:02:03", repr(text)) from None
    return seconds


def _date(row: _Row, column: str, formats: tuple[str, ...], tz: tzinfo) -> datetime:
    text = row.get(column)
    for fmt in formats:
        try:
            return datetime.strptime(text, fmt).replace(tzinfo=tz)
        except ValueError:
            continue
    raise _RowError(
        column, f"a date like {datetime(2024, 3, 5, 7, 2, 33).strftime(formats[0])}", repr(text)
    )


def _check_speed(act: Activity, column: str, unit: str) -> None:
    if not act.is_running or act.distance_m <= 0 or act.moving_s <= 0:
        return
    kmh = act.distance_m / 1000 / (act.moving_s / 3600)
    low, high = RUN_SPEED_KMH
    if not low <= kmh <= high:
        raise _RowError(
            column,
            f"a run's distance in {unit} ({low:g}-{high:g} km/h over its time)",
            f"{act.distance_m / 1000:.2f} km in {act.moving_s / 60:.0f} min = {kmh:.1f} km/h; "
            "are the units right?",
        )


def _kind(
    row: _Row,
    distance_m: float,
    moving_s: float,
    ascent_m: float | None,
    avg_hr: float | None,
    cadence_spm: float | None = None,
) -> Kind:
    """The row's activity type where it has one, else what its pace and heart rate say."""
    said = row.get("Activity Type")
    return classify(
        sport_named(said),
        said,
        distance_m,
        moving_s,
        ascent_m=ascent_m,
        avg_hr=avg_hr,
        cadence_spm=cadence_spm,
    )


def _strava(row: _Row, name: str, where: str, tz: tzinfo) -> Activity:
    del tz  # Strava's export writes UTC
    distance_km = _number(row, "Distance", "a distance in kilometres") or 0.0
    elapsed = _number(row, "Elapsed Time", "a whole number of seconds") or 0.0
    moving = _number(row, "Moving Time", "a number of seconds") or elapsed
    ascent = _number(row, "Elevation Gain", "metres")
    hr = _number(row, "Average Heart Rate", "beats per minute")
    act = Activity.of_kind(
        _kind(row, distance_km * 1000, moving, ascent, hr),
        start=_date(row, "Activity Date", _STRAVA_DATES, UTC),
        distance_m=distance_km * 1000,
        moving_s=moving,
        elapsed_s=elapsed,
        ascent_m=ascent,
        avg_hr=hr,
        source=name,
        where=where,
        name=row.get("Activity Name"),
    )
    _check_speed(act, "Distance", "kilometres")
    return act


def _garmin(unit: str) -> Callable[[_Row, str, str, tzinfo], Activity]:
    km = KM_PER_MILE if unit == "mi" else 1.0
    m = M_PER_FOOT if unit == "mi" else 1.0

    def read(row: _Row, name: str, where: str, tz: tzinfo) -> Activity:
        time_s = _clock(row, "Time") or 0.0
        ascent = _number(row, "Total Ascent", "a height")
        ascent_m = ascent * m if ascent is not None else None
        distance_m = (_number(row, "Distance", f"a distance in {unit}") or 0.0) * km * 1000
        moving = _clock(row, "Moving Time") or time_s
        hr = _number(row, "Avg HR", "beats per minute")
        cadence = _number(row, "Avg Run Cadence", "steps per minute")  # both feet
        act = Activity.of_kind(
            _kind(row, distance_m, moving, ascent_m, hr, cadence),
            start=_date(row, "Date", _GARMIN_DATES, tz),
            distance_m=distance_m,
            moving_s=moving,
            elapsed_s=_clock(row, "Elapsed Time") or time_s,
            ascent_m=ascent_m,
            avg_hr=hr,
            source=name,
            where=where,
            name=row.get("Title"),
        )
        _check_speed(act, "Distance", "miles" if unit == "mi" else "kilometres")
        return act

    return read


def _header_problem(name: str, header: list[str]) -> ImportProblem:
    def missing(req: tuple[str, ...]) -> list[str]:
        return [c for c in req if c not in header]

    s, g = missing(STRAVA_REQUIRED), missing(GARMIN_REQUIRED)
    kind, gone = ("Strava", s) if len(s) <= len(g) else ("Garmin Connect", g)
    return ImportProblem(
        file=name,
        where="header",
        field=", ".join(gone),
        expected=f"the columns of {kind}'s activity list ({', '.join(gone)})",
        found=f"columns {header[:12]}" + (" ..." if len(header) > 12 else ""),
        fatal=True,
        plain="not an activity list from Strava or Garmin Connect: it has no "
        + " or ".join(f"{c!r}" for c in gone)
        + " column",
    )


def _not_csv(name: str, exc: Exception) -> ImportProblem:
    plain = (
        "not a text (UTF-8) file"
        if isinstance(exc, UnicodeDecodeError)
        else "not a readable CSV file"
    )
    return ImportProblem(
        file=name,
        where="",
        field="",
        expected="a UTF-8 CSV file",
        found=str(exc),
        fatal=True,
        plain=plain,
    )


def read_activity_csv(
    path: Path | str,
    data: bytes | None = None,
    *,
    garmin_unit: str = "km",
    tz: tzinfo | None = None,
) -> FileImport:
    """Import a Strava ``activities.csv`` or a Garmin Connect activities CSV.

    Parameters
    ----------
    path:
        The file, also its name in messages.
    data:
        The bytes when read from an archive.
    garmin_unit:
        ``"km"`` or ``"mi"``: the distance unit of a Garmin Connect export (its ascent is
        then metres or feet). Strava's summary distance is always kilometres.
    tz:
        Time zone of Garmin Connect's local dates; the machine's zone when ``None``.
    """
    name = str(path)
    if garmin_unit not in ("km", "mi"):
        raise ValueError(f"garmin_unit: expected 'km' or 'mi', got {garmin_unit!r}")
    try:
        raw = Path(path).read_bytes() if data is None else data
    except OSError as exc:
        return FileImport(name, (), (unreadable(name, exc),))
    if not raw.strip():
        return FileImport(name, (), (empty_file(name),))
    try:
        rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    except (UnicodeDecodeError, csv.Error) as exc:
        return FileImport(name, (), (_not_csv(name, exc),))
    header = [h.strip() for h in rows[0]] if rows else []
    reader: Callable[[_Row, str, str, tzinfo], Activity]
    if all(c in header for c in STRAVA_REQUIRED) and "Activity Date" in header:
        reader = _strava
    elif all(c in header for c in GARMIN_REQUIRED):
        reader = _garmin(garmin_unit)
    else:
        return FileImport(name, (), (_header_problem(name, header),))
    zone = tz or datetime.now().astimezone().tzinfo or UTC
    activities, problems = [], []
    for number, cells in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        row = _Row({})
        for col, value in zip(header, cells, strict=False):
            row.cells.setdefault(col, []).append(value)
        try:
            activities.append(reader(row, name, f"row {number}", zone))
        except _RowError as err:
            problems.append(
                ImportProblem(
                    file=name,
                    where=f"row {number}",
                    field=err.field,
                    expected=err.expected,
                    found=err.found,
                    dropped=True,
                    plain=f"its {err.field!r} is {err.found}, expected {err.expected}: "
                    "row left out",
                )
            )
    return FileImport(name, tuple(activities), tuple(problems))
