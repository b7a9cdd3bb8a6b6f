"""The Athletes page: the coach's table (the terminal's rows), search, pages, Progress."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta

import pytest
from coach_fixtures import cleo_done_this_month, three_runners
from fastapi.testclient import TestClient

from upright import store
from upright.report.coach import coach_rows
from upright.web.settings import WebSettings


def _rows(page_html: str) -> list[str]:
    body = page_html.split("<tbody>")[1].split("</tbody>")[0]
    rows = body.split("<tr")[1:]
    return [html.unescape(" ".join(re.sub(r"<[^>]+>", " ", r).split())) for r in rows]


def _names(page_html: str) -> list[str]:
    return re.findall(r'<td class="name">([^<]+)', page_html)


def test_each_runner_s_state_is_on_one_page(client: TestClient, settings: WebSettings) -> None:
    today = date.today()
    assert settings.db_url
    three_runners(settings.db_url, today)
    page = client.get("/athletes")
    assert page.status_code == 200
    ana, ben, cleo = _rows(page.text)
    assert "Ana Ruiz" in ana and "(today)" in ana and "1/1 (100 %)" in ana
    assert (today + timedelta(days=2)).strftime("%a %d %b") in ana
    assert "never" in ben and "0 done, none planned" in ben
    assert (today + timedelta(days=1)).strftime("%a %d %b") in ben and "none" in ben
    done = cleo_done_this_month(today)
    assert f"{done}/1 ({100 * done} %)" in cleo and "(10 days ago)" in cleo
    assert " today " in cleo  # planned today, not done yet
    assert "jumped 275 % (8 -> 30 km" in cleo  # the spike warning's first sentence
    assert page.text.count('<details class="warnings">') == len(terminal_warnings(settings))
    # the same rows the terminal's `upright athletes` prints
    with store.open_store(settings.db_url) as st:
        terminal = coach_rows(st, today)
    for row, text in zip(terminal, (ana, ben, cleo), strict=True):
        assert row.name in text and row.adherence_text() in text
        for w in row.warnings:
            assert w in text


def terminal_warnings(settings: WebSettings) -> list[str]:
    assert settings.db_url
    with store.open_store(settings.db_url) as st:
        return [w for row in coach_rows(st, date.today()) for w in row.warnings]


def test_progress_button_switches_and_opens_progress(
    client: TestClient, settings: WebSettings
) -> None:
    assert settings.db_url
    three_runners(settings.db_url, date.today())
    r = client.post(
        "/athletes/switch", data={"name": "Ben Okafor", "next": "/history"}, follow_redirects=False
    )
    assert r.status_code == 303 and r.headers["location"] == "/history"
    progress = client.get("/history")
    assert 'title="current athlete">Ben Okafor<' in progress.text
    bad = client.post("/athletes/switch", data={"name": "Ben Okafor", "next": "https://x.example/"})
    assert bad.status_code == 400 and "next: expected one of" in bad.text


@pytest.fixture
def club(client: TestClient, settings: WebSettings) -> TestClient:
    """A club of 120 athletes named runner 000 .. runner 119 (and no one else)."""
    assert settings.db_url
    with store.open_store(settings.db_url) as st:
        for k in range(120):
            store.ensure_athlete(st, f"runner {k:03d}")
    return client


def test_past_fifty_athletes_the_page_is_split(club: TestClient) -> None:
    first = club.get("/athletes")
    assert _names(first.text) == [f"runner {k:03d}" for k in range(50)]
    assert "page 1 of 3" in first.text
    third = club.get("/athletes?page=3")
    names = _names(third.text)
    assert names[-1] == "runner 119" and "page 3 of 3" in third.text
    second = _names(club.get("/athletes?page=2").text)
    assert _names(first.text) + second + names == [f"runner {k:03d}" for k in range(120)]
    assert club.get("/athletes?page=0").status_code == 400
    assert "page 3 of 3" in club.get("/athletes?page=99").text  # past the end: the last page


def test_search_finds_athletes_by_part_of_the_name(club: TestClient) -> None:
    found = club.get("/athletes", params={"q": "NER 11"})
    assert _names(found.text) == [f"runner {k}" for k in range(110, 120)]
    assert "10 of 120 athletes match" in found.text
    none = club.get("/athletes", params={"q": "zz"})
    assert _names(none.text) == [] and 'No athlete\'s name contains "zz"' in html.unescape(
        none.text
    )
