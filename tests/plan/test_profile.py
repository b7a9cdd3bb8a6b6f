"""Athlete profile TOML: parsing, the template, and errors naming file and field."""

from __future__ import annotations

import tomllib
from datetime import date

import pytest

from upright.plan.profile import (
    ProfileError,
    allowed_days,
    default_profile,
    load_profile,
    parse_profile,
)
from upright.plan.profile_template import PROFILE_TEMPLATE


def test_template_parses_to_the_default_week():
    p = parse_profile(tomllib.loads(PROFILE_TEMPLATE), "template")
    d = default_profile()
    assert (p.long_run_day, p.key_session_days, p.equipment) == (
        d.long_run_day,
        d.key_session_days,
        d.equipment,
    )


def test_full_profile(tmp_path):
    path = tmp_path / "me.toml"
    path.write_text("""
name = "Sam"
long_run_day = "sat"
key_session_days = ["tue", "thu"]
strength_days = ["tue"]
strength_time = "before_easy_run"
strength_clock = "06:30"
equipment = ["mat", "ball", "dumbbells"]
build_sessions = 3
[[race]]
name = "Spring half"
date = 2026-05-03
priority = "B"
[[race]]
name = "Marathon"
date = 2026-10-11
""")
    p = load_profile(path)
    assert p.long_run_day == 5 and p.key_session_days == (1, 3)
    assert p.strength_clock.hour == 6 and p.build_sessions == 3
    assert [r.priority for r in p.races] == ["B", "A"] and p.races[1].day == date(2026, 10, 11)
    assert p.equipment_available == {"mat", "ball", "dumbbells"}
    # not the day before Tue, Thu or Sat; not Sat itself
    assert allowed_days(p) == (1, 3, 6)


def test_every_problem_named_with_file_and_field(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text("""
long_run_day = "sunday"
equipment = ["mat", "kettlebell"]
strength_time = "evening"
build_sessions = 5
favourite_colour = "blue"
[[race]]
name = "X"
date = "next spring"
""")
    with pytest.raises(ProfileError) as info:
        load_profile(path)
    text = str(info.value)
    for field in (
        "'long_run_day'",
        "'equipment'",
        "'strength_time'",
        "'build_sessions'",
        "'race 1.date'",
        "'favourite_colour'",
    ):
        assert field in text
    assert str(path) in text and "'sunday'" in text and "from 2 to 3" in text


def test_a_week_with_no_room_is_refused():
    data = {"long_run_day": "sun", "key_session_days": ["mon", "tue", "wed", "thu", "fri"]}
    with pytest.raises(ProfileError, match="key_session_days"):
        parse_profile(data, "crowded.toml")


def test_unreadable_file(tmp_path):
    with pytest.raises(ProfileError, match="not valid TOML"):
        (tmp_path / "x.toml").write_text("name = ")
        load_profile(tmp_path / "x.toml")


def test_equipment_a_users_own_exercise_needs_can_be_listed(tmp_path, monkeypatch):
    from upright.catalog import default_catalog
    from upright.plan.profile import parse_profile

    data = {"long_run_day": "sun", "equipment": ["mat", "band"]}
    monkeypatch.setenv("UPRIGHT_CATALOG", str(tmp_path / "none"))
    default_catalog.cache_clear()
    with pytest.raises(ProfileError, match="'equipment'"):
        parse_profile(data, "p.toml")
    (tmp_path / "band.toml").write_text(
        '[[exercise]]\nid = "band_pull_apart"\nname = "Band pull-apart"\ngroup = "bands"\n'
        'equipment = ["band"]\nrules = []\nsetup = []\ncues = []\n'
        "[exercise.dosage]\nsets = 2\nreps_min = 10\nreps_max = 15\nrest_s = 45\n"
        "raise_s = 1\nreturn_s = 2\n"
        '[exercise.rep]\nsignal = "elbow_flexion"\nrest = 10\npeak = 60\n'
    )
    monkeypatch.setenv("UPRIGHT_CATALOG", str(tmp_path))
    default_catalog.cache_clear()
    try:
        assert parse_profile(data, "p.toml").equipment_available == {"mat", "band"}
    finally:
        monkeypatch.delenv("UPRIGHT_CATALOG")
        default_catalog.cache_clear()
