"""Declared input (Query, Form, File with limits) and reads that write nothing.

A bad field gets the same clear page (or JSON ``error``) as the hand checks gave:
``field: expected X, got Y``; a GET never creates the athlete it shows.
"""

from __future__ import annotations

import html

from fastapi.testclient import TestClient

from upright.store import list_athletes, open_store
from upright.web.forms import input_problem
from upright.web.settings import WebSettings

# Every GET page and API that reads the athlete's data.
READS = (
    "/",
    "/api/today",
    "/plan",
    "/plan.ics",
    "/api/plan",
    "/runs",
    "/history",
    "/profile",
    "/athletes",
    "/api/athletes",
    "/import",
    "/exercises",
    "/exercises/bird_dog",
    "/pair",
    "/session",
    "/live",
    "/analyze",
)


def test_reading_the_pages_creates_no_athlete(client: TestClient, settings: WebSettings) -> None:
    for path in READS:
        assert client.get(path).status_code == 200, path
    with open_store(settings.db_url) as st:
        assert list_athletes(st) == []
    progress = client.get("/history").text  # an athlete never stored: the empty plots
    assert "Back sessions and running, by week" in progress


def test_session_and_analyze_read_without_creating_the_athlete(
    client: TestClient, settings: WebSettings
) -> None:
    client.cookies.set("upright_athlete", "Nia")
    session = client.get("/session")
    assert session.status_code == 200
    assert 'id="start"' in session.text and 'id="resume-line"' not in session.text
    analyze = client.get("/analyze")
    assert analyze.status_code == 200
    assert client.get("/api/analyses/1").status_code == 404  # nothing stored for Nia
    with open_store(settings.db_url) as st:
        assert list_athletes(st) == []


def test_the_first_write_creates_the_athlete(client: TestClient, settings: WebSettings) -> None:
    client.cookies.set("upright_athlete", "Nia")
    r = client.post("/athletes/switch", data={"name": "Nia"}, follow_redirects=False)
    assert (r.status_code, r.headers["location"]) == (303, "/")
    with open_store(settings.db_url) as st:
        assert [a.name for a in list_athletes(st)] == ["Nia"]


def _error(text: str) -> str:
    return html.unescape(text.split('role="alert">', 1)[1].split("</p>", 1)[0])


def test_a_bad_query_field_is_named_on_the_error_page(client: TestClient) -> None:
    cases = {
        "/plan?weeks=0": "weeks: expected 1 or more, got '0'",
        "/plan?weeks=27": "weeks: expected 26 or less, got '27'",
        "/plan?weeks=four": "weeks: expected a whole number, got 'four'",
        "/runs?page=-1": "page: expected 1 or more, got '-1'",
        "/athletes?page=x": "page: expected a whole number, got 'x'",
        "/profile?saved=everything": "saved: expected one of '', 'week', 'race' or 'removed', "
        "got 'everything'",
    }
    for path, message in cases.items():
        r = client.get(path)
        assert r.status_code == 400, path
        assert r.headers["content-type"].startswith("text/html"), path
        assert _error(r.text) == message, path


def test_a_bad_api_field_is_named_in_the_json_error(client: TestClient) -> None:
    r = client.get("/api/plan?weeks=52")
    assert r.status_code == 400
    assert r.json() == {"error": "weeks: expected 26 or less, got '52'"}
    r = client.get("/api/demos/bird_dog?rule=")
    assert r.status_code == 400
    assert r.json() == {"error": "rule: expected at least 1 characters, got ''"}


def test_a_path_that_does_not_parse_keeps_422_with_the_field_named(client: TestClient) -> None:
    r = client.get("/plan/2026-13-40.fit")
    assert r.status_code == 422
    assert _error(r.text).startswith("day: expected a date like 2026-10-11, got '2026-13-40'")


def test_a_missing_form_field_is_named(client: TestClient) -> None:
    r = client.post("/athletes/switch", data={"next": "/"})
    assert r.status_code == 400
    assert _error(r.text) == "name: expected a value, got nothing"
    r = client.post("/athletes/switch", data={"name": "Ben", "next": "/runs"})
    assert r.status_code == 400
    assert _error(r.text) == "next: expected one of '/' or '/history', got '/runs'"


def test_long_bad_values_are_shortened_and_value_errors_keep_their_words() -> None:
    long = {"type": "int_parsing", "loc": ("query", "page"), "input": "9" * 500, "msg": "x"}
    message = input_problem(long)
    assert message.startswith("page: expected a whole number, got '999") and message.endswith("…")
    assert len(message) < 150
    checked = {
        "type": "value_error",
        "loc": ("body", "name"),
        "input": "?",
        "msg": "Value error, expected a name",
        "ctx": {"error": ValueError("expected a name, got '?'")},
    }
    assert input_problem(checked) == "name: expected a name, got '?'"
