"""The Runs page: every imported activity, newest first, by page; one deleted on request."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from test_routes import _gpx, _hike_gpx

from upright.store import RunEntry, add_runs, ensure_athlete, open_store, runs
from upright.web.pages.runs import PAGE_SIZE
from upright.web.settings import WebSettings


@pytest.fixture(autouse=True)
def _no_profile_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("UPRIGHT_PROFILE", str(tmp_path / "no-profile.toml"))


def _rows(text: str) -> list[str]:
    body = text.split('<table id="runs"', 1)[1].split("</tbody>", 1)[0]
    return [html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", r))).strip()
            for r in body.split("<tr data-run=")[1:]]  # fmt: skip


def test_imported_files_are_listed_by_their_own_names_newest_first(client: TestClient) -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    files = [
        ("files", ("older run.gpx", _gpx(now - timedelta(days=3), 10.0))),
        ("files", ("hike.gpx", _hike_gpx(now - timedelta(days=1)))),
    ]
    result = client.post("/import", files=files).text
    assert 'href="/runs"' in result  # the import's result leads here
    rows = _rows(client.get("/runs").text)
    assert len(rows) == 2
    hike, run = rows
    assert "walk" in hike and "not counted" in hike and "slower than 6 km/h" in hike
    assert hike.endswith("hike.gpx Delete")  # the user's name, not the stored id
    assert " 10.0 " in run and "1:00:00" in run and "counted" in run and "older run.gpx" in run


def test_a_run_is_deleted_after_a_confirmation(client: TestClient, settings: WebSettings) -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    client.post("/import", files=[("files", ("a.gpx", _gpx(now - timedelta(days=2), 8.0)))])
    run_id = re.search(r'data-run="(\d+)"', client.get("/runs").text).group(1)  # type: ignore[union-attr]
    ask = client.get(f"/runs/{run_id}/delete")
    assert ask.status_code == 200 and "Delete this run?" in ask.text and "8.0 km" in ask.text
    with open_store(settings.db_url) as st:
        aid = ensure_athlete(st, "me")
        assert len(runs(st, aid)) == 1  # asking deleted nothing
    done = client.post(f"/runs/{run_id}/delete", follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"].startswith("/runs?deleted=")
    page = client.get(done.headers["location"]).text
    assert 'id="deleted"' in page and 'id="no-runs"' in page
    with open_store(settings.db_url) as st:
        assert runs(st, aid) == []
    assert client.post(f"/runs/{run_id}/delete").status_code == 404


def test_another_athlete_s_run_cannot_be_deleted(client: TestClient, settings: WebSettings) -> None:
    with open_store(settings.db_url) as st:
        other = ensure_athlete(st, "someone else")
        run = RunEntry(
            started_at=datetime(2026, 1, 5, 7, tzinfo=UTC),
            sport="run",
            distance_m=5000,
            moving_time_s=1500,
        )
        add_runs(st, other, [run])
        (theirs,) = runs(st, other)
    assert client.get(f"/runs/{theirs.id}/delete").status_code == 404
    assert client.post(f"/runs/{theirs.id}/delete").status_code == 404
    with open_store(settings.db_url) as st:
        assert len(runs(st, other)) == 1


def test_runs_come_a_page_at_a_time(client: TestClient, settings: WebSettings) -> None:
    first = datetime(2026, 1, 1, 7, tzinfo=UTC)
    n = PAGE_SIZE + 7
    with open_store(settings.db_url) as st:
        aid = ensure_athlete(st, "me")
        add_runs(st, aid, [RunEntry(started_at=first + timedelta(days=k), sport="run",
                                    distance_m=1000 + k, moving_time_s=600, source_file=f"{k}.fit")
                           for k in range(n)])  # fmt: skip
    one = client.get("/runs").text
    assert len(_rows(one)) == PAGE_SIZE and "page 1 of 2" in one
    assert _rows(one)[0].endswith(f"{n - 1}.fit Delete")  # the newest first
    two = client.get("/runs?page=2").text
    assert [r.rsplit(" ", 2)[-2] for r in _rows(two)] == [f"{k}.fit" for k in range(6, -1, -1)]
    assert "page 2 of 2" in client.get("/runs?page=99").text  # past the end: the last page


def test_short_and_distance_less_activities_show_honest_kilometres(
    client: TestClient, settings: WebSettings
) -> None:
    # From the real files: a 29 m GPS fragment and an indoor row (no distance) both read
    # "0.0" km, as if a run of nothing; a fragment shows its metres' worth, a row a dash.
    day = datetime(2026, 1, 5, 7, tzinfo=UTC)
    with open_store(settings.db_url) as st:
        aid = ensure_athlete(st, "me")
        add_runs(st, aid, [
            RunEntry(started_at=day, sport="run", distance_m=28.7, moving_time_s=13,
                     source_file="fragment.gpx"),
            RunEntry(started_at=day + timedelta(hours=1), sport="row", distance_m=0.0,
                     moving_time_s=1707, source_file="row.fit", counts_as_load=False),
            RunEntry(started_at=day + timedelta(hours=2), sport="run", distance_m=9008.2,
                     moving_time_s=2832, source_file="run.fit"),
        ])  # fmt: skip
    page = client.get("/runs").text
    kms = re.findall(r'data-label="km">([^<]*)<', page)
    assert kms == ["9.0", "–", "0.03"]  # newest first
