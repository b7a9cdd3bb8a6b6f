"""One activity of the running log, and the problems met while reading one.

Every importer (FIT, GPX, Strava CSV, Garmin Connect CSV) returns `Activity` values and
`ImportProblem` values; nothing else of a file format leaks past its importer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from upright.errors import UprightError
from upright.plan.activity_kind import RUNNING_SPORTS, Kind, verdict


@dataclass(frozen=True)
class Activity:
    """One recorded activity.

    Attributes
    ----------
    start:
        Start time, time-zone aware (UTC where the source gives no offset).
    sport:
        Normalised sport: ``run``, ``trail_run``, ``treadmill_run``, ``walk``, ``ride``,
        ``strength``, ``other`` ...
    distance_m:
        Distance in metres (0 where none was recorded, e.g. gym equipment).
    moving_s:
        Moving (timer) time in seconds.
    elapsed_s:
        Elapsed time in seconds, start to end.
    ascent_m:
        Elevation gain in metres, ``None`` where absent.
    avg_hr:
        Average heart rate in beats per minute, ``None`` where absent.
    source:
        File it came from, for messages.
    where:
        Row or record of that file (``"row 3"``, ``"session 1"``), for messages.
    name:
        Title given by the app, if any.
    counts_as_load:
        Whether its time and distance count as running load; ``None`` (the default)
        means "by its sport" (`RUNNING_SPORTS`), and is replaced by that answer.
    load_reason:
        Why it counts or not, in plain words (the file's sport, or the pace, cadence and
        heart rate that told a walk from a run: see `upright.plan.activity_kind`).
    """

    start: datetime
    sport: str
    distance_m: float
    moving_s: float
    elapsed_s: float = 0.0
    ascent_m: float | None = None
    avg_hr: float | None = None
    source: str = field(default="", compare=False)
    where: str = field(default="", compare=False)
    name: str = field(default="", compare=False)
    counts_as_load: bool | None = None
    load_reason: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if self.start.tzinfo is None:
            raise ValueError(f"{self.source}: start time {self.start} has no time zone")
        if self.counts_as_load is None:  # frozen: set once, here
            object.__setattr__(self, "counts_as_load", self.sport in RUNNING_SPORTS)

    @classmethod
    def of_kind(cls, kind: Kind, **fields: Any) -> Activity:
        """An activity whose sport, load flag and reason come from `activity_kind`."""
        return cls(
            sport=kind.sport, counts_as_load=kind.counts_as_load, load_reason=kind.reason, **fields
        )

    @property
    def is_running(self) -> bool:
        """True when the activity counts as running load."""
        return bool(self.counts_as_load)

    @property
    def verdict(self) -> str:
        """What it is, whether it counts as running load, and why (`activity_kind`)."""
        return verdict(self.sport, self.is_running, self.load_reason)

    @property
    def key(self) -> tuple[int, int]:
        """Deduplication key: start time (whole seconds, UTC) and distance (to 50 m).

        Two exports of one activity (a FIT file and the Strava CSV row of it) agree on
        the start second; their distances can differ by rounding (Strava's summary keeps
        two decimals of a kilometre), hence the 50 m bins.
        """
        return int(self.start.timestamp()), int(round(self.distance_m / 50.0))


_SPORT_WORDS: tuple[tuple[str, str], ...] = (
    # (word found in the source's sport text, normalised sport); first match wins.
    ("treadmill", "treadmill_run"),
    ("trail", "trail_run"),
    ("virtual run", "virtual_run"),
    ("virtualrun", "virtual_run"),
    ("track", "track_run"),
    ("run", "run"),
    ("walk", "walk"),
    ("hik", "hike"),
    ("rid", "ride"),
    ("cycl", "ride"),
    ("bik", "ride"),
    ("swim", "swim"),
    ("row", "row"),
    ("strength", "strength"),
    ("weight", "strength"),
    ("training", "strength"),
    ("fitness_equipment", "gym"),
)


def normalise_sport(*texts: str | None) -> str:
    """Map a source's sport text(s) (FIT sport and sub-sport, Strava or Garmin type).

    The most specific text goes first: ``normalise_sport("treadmill", "running")``.
    Unknown sports become ``"other"``, never running.
    """
    for text in texts:
        if not text:
            continue
        low = text.strip().lower().replace("_", " ")
        if low in ("generic", "all", "invalid"):
            continue
        for word, sport in _SPORT_WORDS:
            if word.replace("_", " ") in low:
                return sport
    return "other"


def sport_named(*texts: str | None) -> str | None:
    """The normalised sport the texts name, or ``None`` when they name none.

    Empty, "generic", "all" and bare numbers (Strava's GPX type codes, which differ
    between its exports) name no sport: the activity's pace then decides.
    """
    told = [t for t in texts if t and t.strip().lower() not in _NO_SPORT and not t.isdigit()]
    return normalise_sport(*told) if told else None


_NO_SPORT = frozenset({"", "generic", "all", "invalid", "none", "unknown"})


@dataclass(frozen=True, kw_only=True)
class ImportProblem:
    """Something that could not be read: where, which field, expected against found.

    ``where`` is ``"row 12"``, ``"track 2 ('Morning')"``, ``"session 1"``, or ``""``
    for the whole file. ``plain`` says the problem in plain words for the runner (no
    field names or byte offsets); ``field``, ``expected`` and ``found`` keep the
    details for the record (`detail`). ``fatal`` is True when nothing of the file was
    imported; ``dropped`` when one activity (a row, a session, a track) was left out.
    """

    file: str
    where: str
    field: str
    expected: str
    found: str
    fatal: bool = False
    dropped: bool = False
    plain: str = ""

    def __str__(self) -> str:
        loc = f"{self.file}, {self.where}" if self.where and self.where != "file" else self.file
        return f"{loc}: {self.plain or f'expected {self.expected}, found {self.found}'}"

    @property
    def detail(self) -> str:
        """The technical detail: field, expected and found."""
        fld = f"{self.field}: " if self.field else ""
        return f"{fld}expected {self.expected}, found {self.found}"


def empty_file(name: str) -> ImportProblem:
    """The problem of a file with no bytes in it."""
    return ImportProblem(
        file=name,
        where="",
        field="",
        expected="a running log",
        found="0 bytes",
        fatal=True,
        plain="the file is empty",
    )


def unreadable(name: str, exc: OSError) -> ImportProblem:
    """The problem of a file the system would not let us read."""
    why = exc.strerror or str(exc)
    return ImportProblem(
        file=name,
        where="",
        field="",
        expected="a readable file",
        found=why,
        fatal=True,
        plain=f"cannot be read ({why})",
    )


@dataclass(frozen=True)
class FileImport:
    """What one file gave: its activities and its problems."""

    file: str
    activities: tuple[Activity, ...]
    problems: tuple[ImportProblem, ...] = ()

    @property
    def failed(self) -> bool:
        """True when the file gave no activity and reported a problem."""
        return not self.activities and bool(self.problems)


class LogImportError(UprightError, ValueError):
    """A running-log file could not be read at all; the message names file and field."""

    def __init__(self, problem: ImportProblem) -> None:
        self.problem = problem
        super().__init__(str(problem))
