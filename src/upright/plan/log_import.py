"""Import a batch of running-log files: files, folders, a Strava export ``.zip``.

One bad file never stops the batch. Activities already known (or repeated inside the
batch: a FIT file and its Strava CSV row) are skipped by their key, start second and
distance. The summary counts what was imported, skipped and failed.
"""

from __future__ import annotations

import gzip
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path

from upright.plan.activity import Activity, FileImport, ImportProblem
from upright.plan.csv_import import read_activity_csv
from upright.plan.fit_import import read_fit
from upright.plan.gpx_import import read_gpx

SUFFIXES = (".fit", ".gpx", ".csv")
# ours: clocks drift and time zones are guessed; only a start more than a day ahead of
# now is taken as a wrong date.
FUTURE_TOLERANCE = timedelta(days=1)

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


def _expand(paths: Iterable[Path | str]) -> Iterator[_Source]:
    for p in map(Path, paths):
        if p.is_dir():
            # Inside a folder only the log's own kinds count; a README is not skipped noise.
            for child in sorted(p.rglob("*")):
                kind = Path(child.stem).suffix if child.suffix == ".gz" else child.suffix
                if child.is_file() and (kind.lower() in SUFFIXES or kind.lower() == ".zip"):
                    yield from _expand([child])
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
            (ImportProblem(src.name, "file", "", "a zip archive", (data or b"").decode(), True),),
        )
    if src.suffix not in SUFFIXES:
        return FileImport(
            src.name,
            (),
            (
                ImportProblem(
                    src.name,
                    "file",
                    "",
                    "a .fit, .gpx or .csv file",
                    f"a {src.suffix or 'bare'} file",
                    True,
                ),
            ),
        )
    try:
        raw = Path(src.name).read_bytes() if data is None else data
        if raw[:2] == b"\x1f\x8b":
            raw = gzip.decompress(raw)
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        return FileImport(
            src.name, (), (ImportProblem(src.name, "file", "", "a readable file", str(exc), True),)
        )
    if src.suffix == ".fit":
        return read_fit(src.name, raw)
    if src.suffix == ".gpx":
        return read_gpx(src.name, raw)
    return read_activity_csv(src.name, raw, garmin_unit=garmin_unit, tz=tz)


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
    sources = list(_expand(paths))
    summary = ImportSummary(files=len(sources))
    seen = set(known)
    limit = (now or datetime.now(UTC)) + FUTURE_TOLERANCE
    for i, src in enumerate(sources, start=1):
        if progress:
            progress(src.name, i, len(sources))
        result = _read(src, garmin_unit, tz)
        for problem in result.problems:
            if problem.fatal and problem.expected in _NOT_ACTIVITIES:
                summary.skipped_files.append(problem)
            elif problem.fatal:
                summary.failed_files.append(problem)
            else:
                summary.problems.append(problem)
        for act in result.activities:
            if act.start > limit:
                summary.problems.append(
                    ImportProblem(
                        act.source,
                        act.where or "file",
                        "start",
                        "a date that is not in the future",
                        act.start.isoformat(timespec="minutes"),
                        dropped=True,
                    )
                )
                continue
            if act.key in seen:
                summary.duplicates += 1
                continue
            seen.add(act.key)
            summary.activities.append(act)
    return summary
