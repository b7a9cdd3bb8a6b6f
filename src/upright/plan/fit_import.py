"""Read Garmin ``.fit`` activity files with fitdecode, tolerantly.

Real files from watches and phone apps are often damaged after the useful part: a
truncated tail, a second corrupt header, a bad CRC. The reader keeps every message it
decoded before the damage, takes the activity from the session summary (or, when no
session message was read, from the records), and reports what it could not read.
"""

from __future__ import annotations

import struct
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import IO, Any

import fitdecode

from upright.plan.activity import Activity, FileImport, ImportProblem, normalise_sport

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

    def take(self, frame: fitdecode.FitDataMessage) -> None:
        self.messages += 1
        if frame.name == "file_id" and frame.has_field("type"):
            self.file_type = str(frame.get_value("type", fallback=None))
        elif frame.name == "session":
            self.sessions.append(_values(frame, _SESSION_FIELDS))
        elif frame.name == "record":
            rec = _values(frame, ("timestamp", "distance", "heart_rate"))
            self.records += 1
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
            name,
            f"after message {scan.messages}",
            "",
            "a well-formed FIT stream",
            f"{what} damage ({exc}); the rest of the file was not read",
        )
    return None


def _num(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _from_session(
    s: dict[str, Any], index: int, name: str, tz: timezone
) -> tuple[Activity | None, ImportProblem | None]:
    start = s.get("start_time") or s.get("timestamp")
    if not isinstance(start, datetime):
        return None, ImportProblem(
            name, f"session {index}", "start_time", "a date and time", repr(start), dropped=True
        )
    moving = _num(s.get("total_timer_time")) or _num(s.get("total_elapsed_time")) or 0.0
    return Activity(
        start=start.astimezone(tz),
        sport=normalise_sport(str(s.get("sub_sport") or ""), str(s.get("sport") or "")),
        distance_m=_num(s.get("total_distance")) or 0.0,
        moving_s=moving,
        elapsed_s=_num(s.get("total_elapsed_time")) or moving,
        ascent_m=_num(s.get("total_ascent")),
        avg_hr=_num(s.get("avg_heart_rate")),
        source=name,
        where=f"session {index}",
    ), None


def _from_records(scan: _Scan, name: str, tz: timezone) -> Activity:
    start: datetime = scan.first_record["timestamp"]
    end: datetime = scan.last_record["timestamp"]
    seconds = (end - start).total_seconds()
    return Activity(
        start=start.astimezone(tz),
        sport="other",
        distance_m=_num(scan.last_record.get("distance")) or 0.0,
        moving_s=seconds,
        elapsed_s=seconds,
        source=name,
        where=f"records 1-{scan.records} (no session summary)",
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
        stream: IO[bytes] = open(path, "rb") if data is None else _bytes_io(data)  # noqa: SIM115
    except OSError as exc:
        return FileImport(
            name,
            (),
            (ImportProblem(name, "file", "", "a readable file", exc.strerror or str(exc), True),),
        )
    with stream:
        damage = _scan(stream, name, scan)
    problems = [damage] if damage else []
    if scan.file_type not in (None, "activity"):
        problems.append(
            ImportProblem(
                name, "file_id", "type", "an activity file", f"a {scan.file_type} file", True
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
                name,
                "file",
                "session",
                "a session summary",
                "none; distance and time taken from the records",
            )
        )
    if not activities:
        problems.append(
            ImportProblem(
                name,
                f"after message {scan.messages}",
                "session",
                "a session summary or timed records",
                "neither",
                True,
            )
        )
    return FileImport(name, tuple(activities), tuple(problems))


def _bytes_io(data: bytes) -> IO[bytes]:
    import io

    return io.BytesIO(data)
