"""One activity of the running log, and the problems met while reading one.

Every importer (FIT, GPX, Strava CSV, Garmin Connect CSV) returns `Activity` values and
`ImportProblem` values; nothing else of a file format leaks past its importer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from upright.errors import UprightError

# Sport names as the importers normalise them. Every name that starts with "run" (run,
# trail_run, treadmill_run, virtual_run) counts as running load; the rest is kept but
# does not count.
RUNNING_SPORTS = frozenset({"run", "trail_run", "treadmill_run", "track_run", "virtual_run"})


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

    def __post_init__(self) -> None:
        if self.start.tzinfo is None:
            raise ValueError(f"{self.source}: start time {self.start} has no time zone")

    @property
    def is_running(self) -> bool:
        """True when the activity counts as running load."""
        return self.sport in RUNNING_SPORTS

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
    ("hik", "walk"),
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


@dataclass(frozen=True)
class ImportProblem:
    """Something that could not be read: where, which field, expected against found.

    ``where`` is ``"row 12"``, ``"record 340"``, ``"header"``, ``"file"``...
    ``fatal`` is True when nothing of the file was imported; ``dropped`` when one
    activity (a row, a session, a track) was left out for this problem.
    """

    file: str
    where: str
    field: str
    expected: str
    found: str
    fatal: bool = False
    dropped: bool = False

    def __str__(self) -> str:
        loc = f"{self.file}, {self.where}" if self.where else self.file
        fld = f", field {self.field!r}" if self.field else ""
        return f"{loc}{fld}: expected {self.expected}, found {self.found}"


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
