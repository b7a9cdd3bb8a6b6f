"""Read Garmin ``.fit`` activity files with fitdecode, tolerantly.

Real files from watches and phone apps are often damaged after the useful part: a
truncated tail, a second corrupt header, a bad CRC. The reader keeps every message it
decoded before the damage, takes the activity from the session summary (or, when no
session message was read, from the records), and reports what it could not read.
"""

from __future__ import annotations

import io
import struct
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import IO, Any

import fitdecode

from upright.plan.activity import (
    Activity,
    FileImport,
    ImportProblem,
    empty_file,
    sport_named,
    unreadable,
)
from upright.plan.activity_kind import classify

_SESSION_FIELDS = (
    "start_time",
    "timestamp",
    "sport",
    "sub_sport",
    "total_distance",
    "total_timer_time",
    "total_elapsed_time",
    "total_ascent",
    "avg_heart_rate",
    "avg_cadence",
)


def _values(frame: fitdecode.FitDataMessage, names: tuple[str, ...]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in names:
        if frame.has_field(name):
            out[name] = frame.get_value(name, fallback=None)
    return out


class _Scan:
    """What a pass over the file collected, message by message."""

    def __init__(self) -> None:
        self.file_type: str | None = None
        self.sessions: list[dict[str, Any]] = []
        self.records = 0
        self.first_record: dict[str, Any] = {}
        self.last_record: dict[str, Any] = {}
        self.utc_offset: timedelta | None = None
        self.messages = 0
        self.sport: dict[str, Any] = {}  # the file's "sport" message, if any
        self.hr: list[float] = []  # record heart rates, bpm
        self.cadence: list[float] = []  # record cadences, per foot

    def _sensors(self, rec: dict[str, Any]) -> None:
        """Keep a record's heart rate and cadence where the sensor gave one (0: none)."""
        if (hr := _num(rec.get("heart_rate"))) and hr > 0:
            self.hr.append(hr)
        if (cad := _num(rec.get("cadence"))) and cad > 0:
            self.cadence.append(cad)

    def take(self, frame: fitdecode.FitDataMessage) -> None:
        self.messages += 1
        if frame.name == "file_id" and frame.has_field("type"):
            self.file_type = str(frame.get_value("type", fallback=None))
        elif frame.name == "session":
            self.sessions.append(_values(frame, _SESSION_FIELDS))
        elif frame.name == "sport":
            self.sport = _values(frame, ("sport", "sub_sport"))
        elif frame.name == "record":
            rec = _values(frame, ("timestamp", "distance", "heart_rate", "cadence"))
            self.records += 1
            self._sensors(rec)
            # a damaged definition can leave the raw integer where a datetime belongs
            timed = isinstance(rec.get("timestamp"), datetime)
            if not self.first_record and timed:
                self.first_record = rec
            if timed:
                self.last_record = rec
        elif frame.name == "activity":
            ts = frame.get_value("timestamp", fallback=None)
            local = frame.get_value("local_timestamp", fallback=None)
            if isinstance(ts, datetime) and isinstance(local, int | datetime):
                self.utc_offset = _offset(ts, local)


def _offset(ts: datetime, local: int | datetime) -> timedelta | None:
    """UTC offset from the activity message's ``local_timestamp`` (whole quarter hours)."""
    if isinstance(local, datetime):
        local_naive = local.replace(tzinfo=None)
    else:  # seconds since the FIT epoch, 1989-12-31 00:00, in local time
        local_naive = datetime(1989, 12, 31) + timedelta(seconds=local)
    diff = local_naive - ts.astimezone(UTC).replace(tzinfo=None)
    quarters = round(diff.total_seconds() / 900)
    return timedelta(minutes=15 * quarters) if abs(quarters) <= 14 * 4 else None


# On damaged bytes fitdecode raises more than FitError: struct.error (a header cut inside
# its CRC), ValueError('size'), AssertionError (a chunk longer than the body), TypeError
# and IndexError from its field processors.
_DAMAGE = (
    fitdecode.FitError,
    struct.error,
    ValueError,
    AssertionError,
    TypeError,
    IndexError,
    KeyError,
    OverflowError,
)


def _damage_words(exc: Exception) -> str:
    """What a decoding error means, in plain words (no offsets or message numbers)."""
    if isinstance(exc, fitdecode.FitEOFError):
        return "the file ends in the middle of a record (truncated?)"
    if isinstance(exc, fitdecode.FitHeaderError):
        return "a file header inside it is damaged"
    if isinstance(exc, fitdecode.FitParseError) and "not defined" in str(exc):
        return "a record refers to a record type the file never described (damaged bytes)"
    return "some of its bytes are damaged"


def _scan(stream: IO[bytes], name: str, scan: _Scan) -> ImportProblem | None:
    """Decode until the end or the first damage; return the damage as a problem."""
    try:
        with fitdecode.FitReader(
            stream,
            check_crc=fitdecode.CrcCheck.DISABLED,
            error_handling=fitdecode.ErrorHandling.IGNORE,
            keep_raw_chunks=False,
        ) as reader:
            for frame in reader:
                if isinstance(frame, fitdecode.FitDataMessage):
                    scan.take(frame)
    except _DAMAGE as exc:
        what = type(exc).__name__.removeprefix("Fit").removesuffix("Error").lower() or "fit"
        return ImportProblem(
            file=name,
            where="",
            field="",
            expected="a well-formed FIT stream",
            found=f"{what} damage after message {scan.messages} ({exc})",
            plain=f"damaged after {scan.records} records: {_damage_words(exc)}; "
            "the rest of the file was not read",
        )
    return None


def _num(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _per_foot_to_steps(cadence: float | None) -> float | None:
    """A FIT cadence (strides per minute, one foot) as steps per minute."""
    return 2 * cadence if cadence else None


def _from_session(
    s: dict[str, Any], index: int, name: str, tz: timezone
) -> tuple[Activity | None, ImportProblem | None]:
    start = s.get("start_time") or s.get("timestamp")
    where = f"session {index}"
    if not isinstance(start, datetime):
        return None, ImportProblem(
            file=name,
            where=where,
            field="start_time",
            expected="a date and time",
            found=repr(start),
            dropped=True,
            plain="it has no start time, so it cannot be put on a day: left out",
        )
    moving = _num(s.get("total_timer_time")) or _num(s.get("total_elapsed_time")) or 0.0
    texts = [str(s.get("sub_sport") or ""), str(s.get("sport") or "")]
    distance = _num(s.get("total_distance")) or 0.0
    kind = classify(
        sport_named(*texts),
        "/".join(t for t in reversed(texts) if t and t != "generic"),
        distance,
        moving,
        ascent_m=_num(s.get("total_ascent")),
        avg_hr=_num(s.get("avg_heart_rate")),
        cadence_spm=_per_foot_to_steps(_num(s.get("avg_cadence"))),
    )
    return Activity.of_kind(
        kind,
        start=start.astimezone(tz),
        distance_m=distance,
        moving_s=moving,
        elapsed_s=_num(s.get("total_elapsed_time")) or moving,
        ascent_m=_num(s.get("total_ascent")),
        avg_hr=_num(s.get("avg_heart_rate")),
        source=name,
        where=where,
    ), None


def _from_records(scan: _Scan, name: str, tz: timezone) -> Activity:
    start: datetime = scan.first_record["timestamp"]
    end: datetime = scan.last_record["timestamp"]
    seconds = (end - start).total_seconds()
    distance = _num(scan.last_record.get("distance")) or 0.0
    texts = [str(scan.sport.get("sub_sport") or ""), str(scan.sport.get("sport") or "")]
    kind = classify(
        sport_named(*texts),
        "/".join(t for t in reversed(texts) if t and t != "generic"),
        distance,
        seconds,
        avg_hr=_mean(scan.hr),
        cadence_spm=_per_foot_to_steps(_mean(scan.cadence)),
    )
    return Activity.of_kind(
        kind,
        start=start.astimezone(tz),
        distance_m=distance,
        moving_s=seconds,
        elapsed_s=seconds,
        avg_hr=_mean(scan.hr),
        source=name,
        where=f"records 1-{scan.records}",
    )


def read_fit(path: Path | str, data: bytes | None = None) -> FileImport:
    """Import the activities of one FIT file.

    Parameters
    ----------
    path:
        The file (also used as its name in messages).
    data:
        The file's bytes when they come from elsewhere (a zip archive).

    Returns
    -------
    FileImport
        One activity per session summary (distance m, timer time s, ascent m, average
        heart rate bpm); problems name the record or session and the field.
    """
    name = str(path)
    scan = _Scan()
    try:
        raw = Path(path).read_bytes() if data is None else data
    except OSError as exc:
        return FileImport(name, (), (unreadable(name, exc),))
    if not raw:
        return FileImport(name, (), (empty_file(name),))
    stream = io.BytesIO(raw)
    with stream:
        damage = _scan(stream, name, scan)
    problems = [damage] if damage else []
    if scan.file_type not in (None, "activity"):
        problems.append(
            ImportProblem(
                file=name,
                where="",
                field="file_id.type",
                expected="an activity file",
                found=f"a {scan.file_type} file",
                fatal=True,
                plain=f"a {scan.file_type} file (made for the watch), not a recorded activity",
            )
        )
        return FileImport(name, (), tuple(problems))
    tz = timezone(scan.utc_offset) if scan.utc_offset is not None else UTC
    activities = []
    for i, session in enumerate(scan.sessions, start=1):
        act, problem = _from_session(session, i, name, tz)
        if act:
            activities.append(act)
        if problem:
            problems.append(problem)
    if not scan.sessions and scan.first_record and scan.last_record:
        activities.append(_from_records(scan, name, tz))
        problems.append(
            ImportProblem(
                file=name,
                where="",
                field="session",
                expected="a session summary",
                found="none; distance and time taken from the records",
                plain="no session summary (the watch did not finish the file?); "
                "distance and time are taken from the records",
            )
        )
    if not activities:
        problems = [_nothing(name, scan, damage)]
    return FileImport(name, tuple(activities), tuple(problems))


def _nothing(name: str, scan: _Scan, damage: ImportProblem | None) -> ImportProblem:
    """The fatal problem of a FIT file that gave no activity, in plain words."""
    if damage is not None and scan.messages == 0:
        plain = "not a readable FIT file: " + damage.plain.split(": ", 1)[-1]
    elif damage is not None:
        plain = "no activity could be read before the damage: " + damage.plain.split(": ", 1)[-1]
    else:
        plain = "holds no activity: no session summary and no timed records"
    return ImportProblem(
        file=name,
        where="",
        field="session",
        expected="a session summary or timed records",
        found=f"neither{f'; {damage.found}' if damage else ''}",
        fatal=True,
        plain=plain,
    )
