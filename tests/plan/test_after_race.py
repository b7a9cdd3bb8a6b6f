"""After a race: recovery days before the next back session, scaled by the distance.

The rule (evidence.toml, ours): one day per 5 km raced, rounded up, at least two after
an A race; an A race of no given distance is taken as a marathon. So a marathon leaves
9 days free, a half 5, a 10 km 2, and by hand the first session falls on the first
allowed day after them.
"""

from __future__ import annotations

import tomllib
from datetime import date, timedelta

import pytest
from plan_fixtures import logged

from upright.catalog import default_catalog
from upright.plan.evidence import default_evidence
from upright.plan.placement import recovery_days
from upright.plan.planner import build_plan
from upright.plan.profile import AthleteProfile, Race, parse_profile
from upright.plan.profile_toml import dump_profile

CAT = default_catalog()
EV = default_evidence()
RACE_DAY = date(2026, 11, 1)  # a Sunday
OLD_HISTORY_WEEKS = 30  # well past the first six weeks: the weeks after are "maintain"


def _plan(race: Race, weeks: int = 4):
    profile = AthleteProfile(races=(race,), timezone="UTC")
    return build_plan(profile, RACE_DAY + timedelta(days=1), weeks, catalog=CAT)


@pytest.mark.parametrize(
    ("km", "priority", "days"),
    [(42.195, "A", 9), (None, "A", 9), (21.1, "A", 5), (10.0, "A", 2), (5.0, "A", 2)]
    + [(5.0, "C", 1), (42.195, "B", 9), (None, "B", 0)],
)
def test_recovery_days_grow_with_the_distance(km, priority, days):
    assert recovery_days(Race("r", RACE_DAY, priority, km), EV) == days


def test_no_back_session_in_the_nine_days_after_a_marathon():
    """The trial's case: an A marathon on Sunday, and a session 3 days later."""
    plan = _plan(Race("City Marathon", RACE_DAY, "A", 42.195))
    first = plan.sessions[0]
    assert (first.day - RACE_DAY).days > 9
    assert all(not 0 < (s.day - RACE_DAY).days <= 9 for s in plan.sessions)
    assert first.placement.endswith(
        "first back session 10 days after City Marathon: 9 recovery days after a 42.195 km race"
    )
    assert "City Marathon" not in plan.sessions[1].placement  # said once, on the first


def test_a_marathon_in_a_maintain_week_still_leaves_the_recovery_days():
    """With the first six weeks long done, the week after the race is "maintain"."""
    history = [logged(RACE_DAY - timedelta(weeks=OLD_HISTORY_WEEKS), "bird_dog")]
    profile = AthleteProfile(races=(Race("Marathon", RACE_DAY, "A"),), timezone="UTC")
    plan = build_plan(profile, RACE_DAY + timedelta(days=1), 3, history=history, catalog=CAT)
    assert [w.phase.phase for w in plan.weeks] == ["maintain"] * 3
    first = plan.sessions[0]
    assert (first.day - RACE_DAY).days > 9
    assert "taken as a marathon" in first.placement


def test_a_shorter_race_leaves_fewer_days():
    ten = _plan(Race("Parkrun x2", RACE_DAY, "A", 10.0)).sessions[0]
    half = _plan(Race("Half", RACE_DAY, "A", 21.1)).sessions[0]
    assert 2 < (ten.day - RACE_DAY).days < (half.day - RACE_DAY).days
    assert (half.day - RACE_DAY).days > 5


def test_the_distance_is_read_and_written_with_the_profile():
    profile = parse_profile(
        {"race": [{"name": "Half", "date": RACE_DAY, "distance_km": 21.1}]}, "p.toml"
    )
    assert profile.races[0].distance_km == 21.1
    back = parse_profile(tomllib.loads(dump_profile(profile)), "again")
    assert back.races == profile.races
    with pytest.raises(ValueError, match="distance_km"):
        parse_profile({"race": [{"date": RACE_DAY, "distance_km": -3}]}, "p.toml")
