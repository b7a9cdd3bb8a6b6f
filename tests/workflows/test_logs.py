"""`upright.workflows.logs`: FIT activities written by Garmin's encoder, a real database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from plan_fixtures import fit_activity

from upright import store
from upright.plan.persist import load_activities
from upright.workflows.logs import import_runs, renamed


def _two_runs(folder: Path) -> list[Path]:
    folder.mkdir()
    start = datetime.now(UTC) - timedelta(days=3)
    paths = [folder / "a.fit", folder / "b.fit"]
    paths[0].write_bytes(fit_activity(start, 10_000, 3000))
    paths[1].write_bytes(fit_activity(start - timedelta(days=2), 8_000, 2400))
    return paths


def test_runs_imported_once_by_url(tmp_path: Path, db_url: str) -> None:
    paths = _two_runs(tmp_path / "log")
    first = import_runs(paths, athlete="sam", db=db_url)
    assert (first.added, first.already_stored, first.url) == (2, 0, db_url)
    assert first.summary.exit_status == 0
    again = import_runs(paths, athlete="sam", db=db_url)
    assert again.added == 0 and again.summary.skipped == 2
    with store.open_store(db_url) as st:
        acts = load_activities(st, store.athlete_id(st, "sam"))
    assert sorted(a.distance_m for a in acts) == [8000.0, 10_000.0]


def test_an_open_store_is_used_and_kept_open_with_the_owners_names(
    tmp_path: Path, st: store.Store
) -> None:
    paths = _two_runs(tmp_path / "uploads")
    names = {str(paths[0]): "Morning run.fit", str(paths[1]): "Long run.fit"}
    result = import_runs(paths, athlete="me", db=st, source_names=names)
    assert result.added == 2
    acts = load_activities(st, store.athlete_id(st, "me"))  # the store is still open
    assert sorted(a.source for a in acts) == ["Long run.fit", "Morning run.fit"]


def test_renamed_puts_back_every_owners_name() -> None:
    names = {"/srv/u/1.fit": "a.fit", "/srv/u/2.gpx": "b.gpx"}
    assert renamed("/srv/u/1.fit: bad; /srv/u/2.gpx: ok", names) == "a.fit: bad; b.gpx: ok"
