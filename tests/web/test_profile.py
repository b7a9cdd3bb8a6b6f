"""The Profile page: a new user's default week, changed in the browser's forms.

The profile is checked by the terminal's `parse_profile` and kept where ``upright profile
save`` keeps it; the plan the other pages show follows it.
"""

from __future__ import annotations

import html
import re
import tomllib
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from upright.plan.profile import DAYS, allowed_days, parse_profile
from upright.store import get_athlete, list_athletes, open_store
from upright.web.settings import WebSettings

WEEK = {
    "name": "Sam",
    "long_run_day": "sat",
    "key_session_days": ["wed"],
    "easy_run_days": ["mon", "thu"],
    "strength_days": [],
    "strength_time": "before_easy_run",
    "strength_clock": "06:30",
    "equipment": ["mat", "ball"],
    "build_sessions": "3",
    "timezone": "America/Sao_Paulo",
}


@pytest.fixture(autouse=True)
def _no_profile_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No terminal profile file: the page and the plan read the database's (or the default)."""
    path = tmp_path / "config" / "profile.toml"
    monkeypatch.setenv("UPRIGHT_PROFILE", str(path))
    return path


def _stored(settings: WebSettings, name: str = "me") -> str:
    with open_store(settings.db_url) as st:
        return get_athlete(st, name).profile_toml


def _problems(text: str, box: str) -> list[str]:
    part = text.split(f'id="{box}"', 1)[1].split("</ul>", 1)[0]
    return [html.unescape(p) for p in re.findall(r"<li>(.*?)</li>", part)]


def test_a_new_user_sees_the_default_week_and_nothing_is_written(
    client: TestClient, settings: WebSettings
) -> None:
    r = client.get("/profile")
    assert r.status_code == 200
    assert 'id="origin"' in r.text and "the default week" in r.text
    assert '<option value="sun" selected>Sunday</option>' in r.text
    assert re.search(r'name="key_session_days" value="tue" checked', r.text)
    assert 'id="default-week"' in client.get("/").text  # Today points to it too
    with open_store(settings.db_url) as st:
        assert list_athletes(st) == []  # looking is not writing


def test_a_saved_week_is_the_terminal_s_profile_and_moves_the_plan(
    client: TestClient, settings: WebSettings
) -> None:
    before = client.get("/api/plan?weeks=3").json()
    r = client.post("/profile", data=WEEK, follow_redirects=False)
    assert (r.status_code, r.headers["location"]) == (303, "/profile?saved=week")
    # the text `upright profile save` would have kept, read by the terminal's parser
    profile = parse_profile(tomllib.loads(_stored(settings)), "stored")
    assert (profile.name, DAYS[profile.long_run_day], profile.key_session_days) == (
        "Sam",
        "sat",
        (2,),
    )
    assert (profile.equipment, profile.build_sessions) == (frozenset({"mat", "ball"}), 3)
    assert (profile.timezone, f"{profile.strength_clock:%H:%M}") == ("America/Sao_Paulo", "06:30")
    shown = client.get("/profile?saved=week").text
    assert 'id="saved"' in shown and 'id="origin"' not in shown
    assert '<option value="sat" selected>Saturday</option>' in shown
    after = client.get("/api/plan?weeks=3").json()
    assert after != before
    assert (after["athlete"], after["timezone"]) == ("Sam", "America/Sao_Paulo")
    sessions = [s for w in after["weeks"] for s in w["sessions"]]
    days = [date.fromisoformat(s["day"]).weekday() for s in sessions]
    assert days and set(days) <= set(allowed_days(profile))  # never Fri, Tue or Sat now
    assert 'id="default-week"' not in client.get("/").text


def test_a_bad_week_is_refused_with_each_field_named_and_nothing_saved(
    client: TestClient, settings: WebSettings
) -> None:
    client.post("/profile", data=WEEK)
    bad = {
        **WEEK,
        "key_session_days": ["sat"],  # the long run's day
        "equipment": [],
        "timezone": "Europe",
        "strength_clock": "7 o'clock",
        "build_sessions": "9",
    }
    r = client.post("/profile", data=bad)
    assert r.status_code == 400
    problems = _problems(r.text, "problems")
    assert "Equipment: expected a non-empty list from gym, cable, dumbbells, ball, mat, got []" in (
        problems
    )
    assert "Time zone: expected a time zone name like \"Europe/Berlin\", got 'Europe'" in problems
    assert 'Time of day: expected a time of day like "07:00", got "7 o\'clock"' in problems
    assert "Sessions a week while building: expected a whole number from 2 to 3, got 9" in problems
    assert any(
        p.startswith("Key-session days: expected days other than the long run") for p in problems
    )
    assert 'value="Europe"' in r.text  # the form keeps what was typed
    assert parse_profile(tomllib.loads(_stored(settings)), "s").timezone == "America/Sao_Paulo"


def test_races_are_added_checked_and_removed(client: TestClient, settings: WebSettings) -> None:
    r = client.post("/profile/races", data={"race_name": " ", "race_date": "11/10/2027"})
    assert r.status_code == 400
    assert _problems(r.text, "race-problems") == [
        "Race name: expected a name, got nothing",
        "Race date: expected a date like 2026-10-11, got '11/10/2027'",
        "Priority: expected A, B or C, got ''",
    ]
    for name, day, prio in (
        ("City Marathon", "2027-10-10", "A"),
        ("Spring Half", "2027-04-11", "B"),
    ):
        data = {"race_name": name, "race_date": day, "race_priority": prio}
        assert client.post("/profile/races", data=data, follow_redirects=False).status_code == 303
    races = parse_profile(tomllib.loads(_stored(settings)), "s").races
    assert [(r.name, r.day, r.priority) for r in races] == [
        ("Spring Half", date(2027, 4, 11), "B"),
        ("City Marathon", date(2027, 10, 10), "A"),
    ]
    page = client.get("/profile").text
    assert page.index("Spring Half") < page.index("City Marathon")
    # saving the week keeps the races
    client.post("/profile", data=WEEK)
    gone = {"race_name": "Spring Half", "race_date": "2027-04-11"}
    assert (
        client.post("/profile/races/remove", data=gone, follow_redirects=False).status_code == 303
    )
    races = parse_profile(tomllib.loads(_stored(settings)), "s").races
    assert [r.name for r in races] == ["City Marathon"]
    assert client.post("/profile/races/remove", data=gone).status_code == 404


def test_a_terminal_profile_file_in_force_is_named(
    client: TestClient, _no_profile_file: Path
) -> None:
    _no_profile_file.parent.mkdir(parents=True)
    _no_profile_file.write_text('long_run_day = "fri"\nkey_session_days = ["tue"]\n')
    page = client.get("/profile").text
    assert "is in force" in page and str(_no_profile_file) in page
    assert '<option value="fri" selected>Friday</option>' in page


def test_today_is_today_in_the_profile_s_time_zone(client: TestClient) -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    starts = {}
    for zone in ("Pacific/Kiritimati", "Pacific/Pago_Pago"):  # UTC+14 and UTC-11
        assert client.post("/profile", data={**WEEK, "timezone": zone}).status_code == 200
        expected = datetime.now(ZoneInfo(zone)).date()
        starts[zone] = client.get("/api/plan?weeks=2").json()["start"]
        assert starts[zone] == expected.isoformat()
        assert expected.strftime("%A %d %B") in client.get("/").text
    assert starts["Pacific/Kiritimati"] > starts["Pacific/Pago_Pago"]  # 25 h apart


def test_a_race_in_the_past_is_kept_with_a_warning(
    client: TestClient, settings: WebSettings
) -> None:
    data = {"race_name": "Last Year's 10K", "race_date": "2020-05-03", "race_priority": "A"}
    r = client.post("/profile/races", data=data, follow_redirects=False)
    assert (r.status_code, r.headers["location"]) == (303, "/profile?saved=race&past=2020-05-03")
    page = client.get(r.headers["location"]).text
    warning = page.split('id="past-race"', 1)[1].split("</p>", 1)[0]
    assert "Sun 03 May 2020" in warning and "will not shape the plan" in warning
    assert "Last Year" in page.split('id="races"', 1)[1]  # kept
    assert [r.name for r in parse_profile(tomllib.loads(_stored(settings)), "s").races] == [
        "Last Year's 10K"
    ]
    ahead = {**data, "race_name": "Next", "race_date": f"{date.today().year + 2}-05-03"}
    r = client.post("/profile/races", data=ahead, follow_redirects=False)
    assert r.headers["location"] == "/profile?saved=race"
    assert 'id="past-race"' not in client.get(r.headers["location"]).text


def test_a_race_added_while_a_profile_file_is_in_force_says_where_it_went(
    client: TestClient, settings: WebSettings, _no_profile_file: Path
) -> None:
    """The file comes first: the race goes to the stored profile, and the page says so."""
    week = {**WEEK, "long_run_day": "sat"}
    assert client.post("/profile", data=week, follow_redirects=False).status_code == 303
    _no_profile_file.parent.mkdir(parents=True)
    _no_profile_file.write_text('long_run_day = "fri"\nkey_session_days = ["tue"]\n')
    data = {"race_name": "City Marathon", "race_date": "2099-10-11", "race_priority": "A"}
    r = client.post("/profile/races", data=data, follow_redirects=False)
    page = client.get(r.headers["location"]).text
    saved = html.unescape(page.split('id="saved"', 1)[1].split("</p>", 1)[0])
    assert "Race added" not in page
    assert "profile kept here" in saved and str(_no_profile_file) in saved
    assert "overrides it" in saved
    stored = parse_profile(tomllib.loads(_stored(settings)), "s")
    assert [r.name for r in stored.races] == ["City Marathon"]
    assert DAYS[stored.long_run_day] == "sat"  # the stored week, not the file's


def test_a_race_distance_is_kept_and_a_wrong_one_refused(
    client: TestClient, settings: WebSettings
) -> None:
    base = {"race_name": "Lakeside 10K", "race_date": "2099-05-03", "race_priority": "A"}
    for typed in ("ten", "0", "4219"):
        r = client.post("/profile/races", data={**base, "race_distance": typed})
        assert r.status_code == 400
        problems = _problems(r.text, "race-problems")
        assert len(problems) == 1 and problems[0].startswith("Distance: expected km above 0")
        assert problems[0].endswith(f"got {typed!r}")
        assert f'value="{typed}"' in r.text  # the form keeps what was typed
    ok = client.post(
        "/profile/races", data={**base, "race_distance": "10,0"}, follow_redirects=False
    )
    assert ok.status_code == 303, ok.text
    half = {"race_name": "Half", "race_date": "2099-09-03", "race_priority": "B"}
    assert client.post("/profile/races", data=half, follow_redirects=False).status_code == 303
    races = parse_profile(tomllib.loads(_stored(settings)), "s").races
    assert [(r.name, r.distance_km) for r in races] == [("Lakeside 10K", 10.0), ("Half", None)]
    assert "Sun 03 May 2099, 10 km" in client.get("/profile").text
