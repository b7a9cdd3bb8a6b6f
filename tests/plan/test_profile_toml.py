"""A profile written back as TOML reads back as the same profile."""

from __future__ import annotations

import tomllib
from datetime import date, time

from hypothesis import given, settings
from hypothesis import strategies as st

from upright.plan.profile import AthleteProfile, Race, default_profile, parse_profile
from upright.plan.profile_toml import dump_profile


def _again(p: AthleteProfile) -> AthleteProfile:
    return parse_profile(tomllib.loads(dump_profile(p)), "dumped")


def test_the_default_week_round_trips() -> None:
    p = default_profile()
    assert _again(p) == p


def test_a_full_profile_with_races_round_trips() -> None:
    p = AthleteProfile(
        name='Sam "the back" O\'Neil',
        long_run_day=5,
        key_session_days=(1, 3),
        easy_run_days=(0,),
        strength_days=(2, 6),
        strength_time="before_easy_run",
        strength_clock=time(6, 30),
        equipment=frozenset({"mat", "ball"}),
        races=(Race("Half", date(2026, 4, 12), "B"), Race("City Marathon", date(2026, 10, 11))),
        build_sessions=3,
        timezone="America/Sao_Paulo",
    )
    text = dump_profile(p)
    assert '[[race]]\nname = "City Marathon"\ndate = 2026-10-11\npriority = "A"' in text
    assert _again(p) == p


@settings(max_examples=60, deadline=None)
@given(name=st.text(max_size=40), race=st.text(min_size=1, max_size=40))
def test_any_text_in_names_round_trips(name: str, race: str) -> None:
    p = AthleteProfile(name=name.strip(), races=(Race(race, date(2027, 1, 3), "C"),))
    assert _again(p) == p
