"""Import a batch of running-log files: files, folders, a Strava export ``.zip``.

One bad file never stops the batch. Activities already known (or repeated inside the
batch: a FIT file and its Strava CSV row) are skipped by their key, start second and
distance. An activity dated before 1990 (a placeholder such as 1901-12-13, the earliest
date a 32-bit clock can hold) or in the future is refused, naming its file. Files in a
folder that are not running logs (LICENSE, README) are left alone and listed once. The
summary counts what was imported, skipped and failed, and gives the exit status.
"""

from __future__ import annotations

import gzip
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path

from upright.plan.activity import Activity, FileImport, ImportProblem, empty_file, unreadable
from upright.plan.csv_import import read_activity_csv
from upright.plan.fit_import import read_fit
from upright.plan.gpx_import import read_gpx

SUFFIXES = (".fit", ".gpx", ".csv")
# ours: clocks drift and time zones are guessed; only a start more than a day ahead of
# now is taken as a wrong date.
FUTURE_TOLERANCE = timedelta(days=1)
# ours: no consumer GPS watch or running app recorded before 1990 (the FIT epoch is
# 1989-12-31); an earlier date is a placeholder written by a device that had no clock.
EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)
# ours: a distance covered in under a second of moving time is a broken clock, not a run.
MIN_MOVING_S = 1.0

Progress = Callable[[str, int, int], None]
"""Called before each file with (name, index from 1, total)."""


@dataclass(frozen=True)
class _Source:
    name: str
    suffix: str
    data: bytes | None  # None: read from disk at `name`


@dataclass
class ImportSummary:
    """The outcome of a batch: new activities, and counts a runner reads."""

    activities: list[Activity] = field(default_factory=list)
    duplicates: int = 0
    skipped_files: list[ImportProblem] = field(default_factory=list)
    failed_files: list[ImportProblem] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    files: int = 0
    known_files: list[str] = field(default_factory=list)
    same_files: list[tuple[str, str]] = field(default_factory=list)
    """(file, earlier file): every activity of the file came from an earlier file of this
    batch (a watch's cut copy beside the whole one), so it was not "already imported"."""
    not_logs: list[str] = field(default_factory=list)

    @property
    def imported(self) -> int:
        """Activities added."""
        return len(self.activities)

    @property
    def skipped(self) -> int:
        """Activities already known plus files that hold no activity (routes, workouts)."""
        return self.duplicates + len({p.file for p in self.skipped_files})

    @property
    def failed(self) -> int:
        """Files that gave nothing, plus rows or activities dropped for an error."""
        return len({p.file for p in self.failed_files}) + sum(p.dropped for p in self.problems)

    @property
    def exit_status(self) -> int:
        """0: all imported (or already known); 1: some failed; 2: nothing imported.

        Nothing imported means no new activity and none already known: every file
        failed, or there was no running log among the paths.
        """
        if not self.activities and not self.duplicates:
            return 2
        return 1 if self.failed else 0

    def why_nothing(self) -> str:
        """Why a batch imported nothing, in plain words."""
        if not self.files:
            return "no running log (.fit, .gpx, .csv or .zip) among these paths"
        if len({p.file for p in self.failed_files}) == self.files:
            return "every file failed"
        return "no activity could be taken from these files"

    def not_logs_line(self) -> str:
        """The files left alone as not running logs, each name once (``LICENSE (2)``)."""
        names = Counter(Path(n).name for n in self.not_logs)
        return ", ".join(f"{n} ({c})" if c > 1 else n for n, c in sorted(names.items()))

    def describe(self) -> str:
        """One line, e.g. ``"9 files: 12 activities imported, 3 skipped, 1 failed"``.

        Skipped and failed count files and activities together (a file can hold several
        activities, a folder of CSV rows many): the lines above the summary say which.
        """
        return (
            f"{self.files} file{'' if self.files == 1 else 's'}: {self.imported} "
            f"activit{'y' if self.imported == 1 else 'ies'} imported, {self.skipped} skipped "
            f"(already known or not an activity), {self.failed} failed"
        )


def _is_log(path: Path) -> bool:
    kind = Path(path.stem).suffix if path.suffix == ".gz" else path.suffix
    return kind.lower() in SUFFIXES or kind.lower() == ".zip"


def _expand(paths: Iterable[Path | str], not_logs: list[str]) -> Iterator[_Source]:
    for p in map(Path, paths):
        if p.is_dir():
            # Inside a folder only the log's own kinds are read; a README is left alone.
            for child in sorted(c for c in p.rglob("*") if c.is_file()):
                if _is_log(child):
                    yield from _expand([child], not_logs)
                else:
                    not_logs.append(str(child))
        elif p.suffix.lower() == ".zip":
            yield from _unzip(p)
        elif p.suffix.lower() == ".gz":
            yield _Source(str(p), Path(p.stem).suffix.lower(), None)
        else:
            yield _Source(str(p), p.suffix.lower(), None)


def _unzip(path: Path) -> Iterator[_Source]:
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        yield _Source(f"{path}", ".zip-bad", str(exc).encode())
        return
    with archive:
        for info in archive.infolist():
            if info.is_dir():
                continue
            inner = Path(info.filename)
            suffix = (Path(inner.stem).suffix if inner.suffix == ".gz" else inner.suffix).lower()
            # A Strava export holds many other CSVs (comments, gear...): only its log.
            if suffix == ".csv" and inner.name != "activities.csv":
                continue
            if suffix in SUFFIXES:
                yield _Source(f"{path}!{info.filename}", suffix, archive.read(info))


def _read(src: _Source, garmin_unit: str, tz: tzinfo | None) -> FileImport:
    data = src.data
    if src.suffix == ".zip-bad":
        return FileImport(
            src.name,
            (),
            (
                ImportProblem(
                    file=src.name,
                    where="",
                    field="",
                    expected="a zip archive",
                    found=(data or b"").decode(),
                    fatal=True,
                    plain="not a readable zip archive (damaged or cut short?)",
                ),
            ),
        )
    if src.suffix not in SUFFIXES:
        return FileImport(src.name, (), (_not_a_log(src),))
    try:
        raw = Path(src.name).read_bytes() if data is None else data
        if raw[:2] == b"\x1f\x8b":
            raw = gzip.decompress(raw)
    except OSError as exc:
        return FileImport(src.name, (), (unreadable(src.name, exc),))
    except (EOFError, gzip.BadGzipFile) as exc:
        return FileImport(
            src.name,
            (),
            (
                ImportProblem(
                    file=src.name,
                    where="",
                    field="",
                    expected="a gzip file",
                    found=str(exc),
                    fatal=True,
                    plain="a damaged .gz file (cut short?)",
                ),
            ),
        )
    if not raw.strip():
        return FileImport(src.name, (), (empty_file(src.name),))
    if src.suffix == ".fit":
        return read_fit(src.name, raw)
    if src.suffix == ".gpx":
        return read_gpx(src.name, raw)
    return read_activity_csv(src.name, raw, garmin_unit=garmin_unit, tz=tz)


def _not_a_log(src: _Source) -> ImportProblem:
    return ImportProblem(
        file=src.name,
        where="",
        field="",
        expected="a .fit, .gpx or .csv file",
        found=f"a {src.suffix or 'bare'} file",
        fatal=True,
        plain="not a running log (Upright reads .fit, .gpx and .csv files and .zip exports)",
    )


def _refusal(act: Activity, now: datetime) -> ImportProblem | None:
    """Why an activity cannot be taken as it is (its date, or its clock), else ``None``."""
    day = f"{act.start:%d %b %Y %H:%M}"
    if act.start < EARLIEST:
        why = (
            f"a date from {EARLIEST.year} on",
            f"dated {day}, before {EARLIEST.year}: a placeholder date (the device did not "
            "know the time), not the day it was done",
        )
    elif act.start > now + FUTURE_TOLERANCE:
        why = (
            "a date that is not in the future",
            f"dated {day}, in the future (is the device's clock right?)",
        )
    elif act.distance_m > 0 and act.moving_s < MIN_MOVING_S:
        why = (
            f"a moving time of at least {MIN_MOVING_S:g} s",
            f"{act.distance_m / 1000:.1f} km in {act.moving_s:.2g} s: its clock is broken",
        )
    else:
        return None
    expected, plain = why
    return ImportProblem(
        file=act.source,
        where=act.where,
        field="start",
        expected=expected,
        found=f"{act.start.isoformat(timespec='minutes')}, {act.moving_s:g} s",
        dropped=True,
        plain=f"{plain}: left out",
    )


_NOT_ACTIVITIES = ("an activity file", "a recorded track", "a .fit, .gpx or .csv file")


def import_paths(
    paths: Iterable[Path | str],
    *,
    known: Iterable[tuple[int, int]] = (),
    progress: Progress | None = None,
    now: datetime | None = None,
    garmin_unit: str = "km",
    tz: tzinfo | None = None,
) -> ImportSummary:
    """Import every activity that files, folders and zip archives hold.

    Parameters
    ----------
    paths:
        Files (.fit, .gpx, .csv, each optionally .gz), folders (searched recursively) and
        zip archives (a Strava bulk export: its ``activities.csv`` and activity files).
    known:
        Keys (`Activity.key`) of activities already in the log; they are skipped.
    progress:
        Called before each file, for a progress bar.
    now:
        The present, for rejecting dates in the future (default: the clock, UTC).
    garmin_unit, tz:
        Distance unit and local time zone of Garmin Connect CSVs.
    """
    not_logs: list[str] = []
    sources = list(_expand(paths, not_logs))
    summary = ImportSummary(files=len(sources), not_logs=not_logs)
    seen = set(known)
    taken_from: dict[tuple[int, int], str] = {}  # activities of this batch: their file
    present = now or datetime.now(UTC)
    for i, src in enumerate(sources, start=1):
        if progress:
            progress(src.name, i, len(sources))
        result = _read(src, garmin_unit, tz)
        _sort_problems(summary, result.problems)
        taken = [a for a in result.activities if _take(summary, a, present)]
        new = [a for a in taken if a.key not in seen]
        summary.duplicates += len(taken) - len(new)
        if taken and not new:
            earlier = {taken_from.get(a.key) for a in taken}
            if None in earlier:
                summary.known_files.append(src.name)
            else:
                summary.same_files.append((src.name, min(n for n in earlier if n)))
        for act in new:
            if act.key in seen:  # twice in one file
                summary.duplicates += 1
                continue
            seen.add(act.key)
            taken_from[act.key] = src.name
            summary.activities.append(act)
    return summary


def _sort_problems(summary: ImportSummary, problems: Iterable[ImportProblem]) -> None:
    for problem in problems:
        if problem.fatal and problem.expected in _NOT_ACTIVITIES:
            summary.skipped_files.append(problem)
        elif problem.fatal:
            summary.failed_files.append(problem)
        else:
            summary.problems.append(problem)


def _take(summary: ImportSummary, act: Activity, now: datetime) -> bool:
    refusal = _refusal(act, now)
    if refusal is not None:
        summary.problems.append(refusal)
    return refusal is None
