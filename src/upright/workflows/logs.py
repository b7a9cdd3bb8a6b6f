"""Import running logs (FIT, GPX, activity CSV, a Strava export) into an athlete's log.

The same call for ``upright import-runs`` and the web app's Import page: read the
files (`upright.plan.log_import`), skip the runs already stored, keep the new ones.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from upright import store
from upright.plan.persist import load_activities, save_activities
from upright.plan.profile import DEFAULT_ATHLETE

if TYPE_CHECKING:
    # The file readers (fitdecode, gpxpy) load only when runs are imported.
    from upright.plan.log_import import ImportSummary, Progress


@contextlib.contextmanager
def _opened(db: str | store.Store | None) -> Iterator[store.Store]:
    """The store ``db`` names (opened here and closed after), or the caller's open one."""
    if db is None or isinstance(db, str):
        with store.open_store(db) as st:
            yield st
    else:
        yield db


def renamed(text: str, names: Mapping[str, str]) -> str:
    """``text`` with each stored path in it replaced by the name its owner gave the file."""
    for stored, original in names.items():
        text = text.replace(stored, original)
    return text


@dataclass(frozen=True)
class RunsImported:
    """A batch's summary and the database's own count of added and skipped runs."""

    summary: ImportSummary
    added: int
    already_stored: int
    url: str


def import_runs(
    paths: Iterable[Path],
    *,
    athlete: str = DEFAULT_ATHLETE,
    db: str | store.Store | None = None,
    progress: Progress | None = None,
    garmin_unit: str = "km",
    tz: tzinfo | None = None,
    source_names: Mapping[str, str] | None = None,
) -> RunsImported:
    """Import files into the athlete's running log (the database is created if needed).

    ``source_names`` maps a path read here to the name its owner gave the file (a web
    upload is stored under an id): the log keeps that name as each run's source file.
    ``db`` is a database URL, or a `Store` the caller keeps open (a server's own).
    """
    from upright.plan.log_import import import_paths

    with _opened(db) as st:
        aid = store.ensure_athlete(st, athlete)
        known = [a.key for a in load_activities(st, aid)]
        summary = import_paths(
            paths, known=known, progress=progress, garmin_unit=garmin_unit, tz=tz
        )
        acts = summary.activities
        if source_names:
            acts = [replace(a, source=renamed(a.source, source_names)) for a in acts]
        result = save_activities(st, aid, acts)
        return RunsImported(summary, result.added, result.skipped, st.url)
