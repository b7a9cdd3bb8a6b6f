"""Calendar weeks, race dates and time zones: the issue's two cases, then properties.

Sunday 27 Dec 2026 is an A race. Its week is Mon 21 - Sun 27 Dec, whatever day the
plan starts on; the taper is the week before; no session on 26, 27, 28 or 29 Dec.
"""

from __future__ import annotations

import tomllib
from datetime import UTC, date, datetime, timedelta

import icalendar
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from plan_fixtures import logged

from upright.catalog import default_catalog
from upright.plan.evidence import default_evidence
from upright.plan.plan_export import plan_to_ics
from upright.plan.planner import build_plan
from upright.plan.profile import (
    DAYS,
    AthleteProfile,
    ProfileError,
    Race,
    allowed_days,
    machine_timezone,
    parse_profile,
)
from upright.plan.profile_template import PROFILE_TEMPLATE

CAT = default_catalog()
EV = default_evidence()
RACE_DAY = date(2026, 12, 27)  # a Sunday
XMAS = AthleteProfile(races=(Race("Xmas marathon", RACE_DAY, "A"),), timezone="UTC")


def _phases(plan):
    return {w.phase.first_day: w.phase.phase for w in plan.weeks}


def test_started_on_a_sunday_the_race_week_holds_the_race():
    plan = build_plan(XMAS, date(2026, 12, 20), 3, catalog=CAT)
    assert _phases(plan) == {
        date(2026, 12, 14): "taper",
        date(2026, 12, 21): "race_week",
        date(2026, 12, 28): "build",
    }
    race_week = plan.weeks[1]
    assert race_week.phase.race is not None and race_week.phase.race.day == RACE_DAY
    assert "on Sun 27 Dec" in race_week.phase.reason
    assert all(s.day >= date(2026, 12, 20) for s in plan.sessions)


def test_started_on_a_monday_nothing_lands_in_the_recovery_days_after_the_race():
    """A marathon (no distance given, A: taken as 42.195 km) leaves 9 days free."""
    plan = build_plan(XMAS, date(2026, 12, 7), 5, catalog=CAT)
    assert [w.phase.phase for w in plan.weeks] == [
        "build",
        "taper",
        "race_week",
        "build",
        "build",
    ]
    days = {s.day for s in plan.sessions}
    assert not days & {RACE_DAY + timedelta(days=k) for k in range(-1, 10)}
    # 9 recovery days to Tue 5 Jan; that week's best days are Wed 6 and Fri 8 Jan
    after = min(d for d in days if d > RACE_DAY)
    assert after == date(2027, 1, 6)
    assert (
        "9 recovery days after an A race of no given distance" in plan.session_on(after).placement
    )
    # taper by date: the taper week's session is the last heavy one, 10-14 days out
    (heavy,) = plan.weeks[1].sessions
    assert 10 <= (RACE_DAY - heavy.day).days <= 14 and not heavy.light
    for s in plan.weeks[2].sessions:
        assert s.light and (RACE_DAY - s.day).days > EV.taper.race_week_quiet_days


def test_a_b_race_blocks_its_day_and_the_day_before_only():
    b = AthleteProfile(races=(Race("Parkrun PB", date(2026, 4, 8), "B"),), timezone="UTC")
    plan = build_plan(b, date(2026, 3, 30), 3, catalog=CAT)
    days = {s.day for s in plan.sessions}
    assert not days & {date(2026, 4, 7), date(2026, 4, 8)}
    assert date(2026, 4, 10) in days  # two days after a B race is allowed (a Friday)


def test_sessions_done_this_week_count_against_its_target():
    """Planning on Thursday after a Tuesday session: one more this week, not two."""
    tue = date(2026, 3, 31)
    done = [logged(tue, "bird_dog", hold_s=3.0)]
    plan = build_plan(AthleteProfile(timezone="UTC"), tue + timedelta(days=2), 2, history=done)
    assert len(plan.weeks[0].sessions) == 1 and plan.weeks[0].sessions[0].day > tue


# ---- the time zone ----------------------------------------------------------------


def test_profile_timezone_is_read_and_checked():
    p = parse_profile({"timezone": "America/Los_Angeles"}, "p.toml")
    assert p.timezone == "America/Los_Angeles"
    with pytest.raises(ProfileError) as err:
        parse_profile({"timezone": "Mars/Olympus"}, "p.toml")
    assert "p.toml: field 'timezone'" in str(err.value) and "Mars/Olympus" in str(err.value)
    for not_a_zone in ("Europe", "../../etc/passwd", "", 2):  # a folder, a path, no text
        with pytest.raises(ProfileError, match="field 'timezone'"):
            parse_profile({"timezone": not_a_zone}, "p.toml")
    assert parse_profile({}, "p.toml").timezone == machine_timezone()
    assert parse_profile(tomllib.loads(PROFILE_TEMPLATE), "t").timezone == machine_timezone()


def test_machine_timezone_follows_tz(monkeypatch):
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    assert machine_timezone() == "Asia/Tokyo"
    monkeypatch.setenv("TZ", "Not/AZone")
    assert machine_timezone() != "Not/AZone"


def test_today_is_the_athletes_date():
    """23:30 UTC on Sunday is already Monday in Auckland and still Sunday in Honolulu."""
    now = datetime(2026, 3, 29, 23, 30, tzinfo=UTC)
    assert AthleteProfile(timezone="Pacific/Auckland").today(now) == date(2026, 3, 30)
    assert AthleteProfile(timezone="Pacific/Honolulu").today(now) == date(2026, 3, 29)


def test_ics_carries_the_time_zone_and_the_races():
    profile = AthleteProfile(
        name="Sam",
        timezone="Europe/Berlin",
        races=(Race("Xmas marathon", RACE_DAY, "A"), Race("Spring 10K", date(2027, 3, 21), "B")),
    )
    plan = build_plan(profile, date(2026, 12, 7), 3, catalog=CAT)
    cal = icalendar.Calendar.from_ical(plan_to_ics(plan))
    (vtz,) = cal.walk("VTIMEZONE")
    assert str(vtz["TZID"]) == "Europe/Berlin"
    sessions = [e for e in cal.walk("VEVENT") if str(e["SUMMARY"]).startswith("Upright")]
    assert len(sessions) == len(plan.sessions)
    for event, s in zip(sessions, plan.sessions, strict=True):
        assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
        start = event.decoded("DTSTART")
        # 07:00 in Berlin in winter is 06:00 UTC, not a floating 07:00
        assert start.astimezone(UTC) == datetime.combine(s.day, s.start).replace(
            tzinfo=UTC
        ) - timedelta(hours=1)
    races = {str(e["SUMMARY"]): e.decoded("DTSTART") for e in cal.walk("VEVENT")}
    assert races["Race: Xmas marathon (A race)"] == RACE_DAY
    assert races["Race: Spring 10K (B race)"] == date(2027, 3, 21)


def test_ics_in_summer_time_is_two_hours_ahead_of_utc():
    profile = AthleteProfile(timezone="Europe/Berlin")
    plan = build_plan(profile, date(2026, 6, 1), 1, catalog=CAT)
    event = next(iter(icalendar.Calendar.from_ical(plan_to_ics(plan)).walk("VEVENT")))
    assert event.decoded("DTSTART").astimezone(UTC).hour == 5


# ---- properties over random profiles, start days and races ------------------------

days = st.sampled_from(DAYS)
STARTS = st.dates(min_value=date(2026, 1, 1), max_value=date(2027, 12, 31))


@st.composite
def profiles_with_races(draw):
    start = draw(STARTS)
    data = {
        "long_run_day": draw(days),
        "key_session_days": draw(st.lists(days, max_size=2, unique=True)),
        "easy_run_days": draw(st.lists(days, max_size=5, unique=True)),
        "strength_days": draw(st.lists(days, max_size=3, unique=True)),
        "strength_time": draw(st.sampled_from(["hard_day", "before_easy_run"])),
        "build_sessions": draw(st.integers(2, 3)),
        "timezone": draw(st.sampled_from(["UTC", "Europe/Berlin", "America/New_York"])),
        "race": [
            {
                "name": f"race {i}",
                "date": start + timedelta(days=draw(st.integers(-10, 70))),
                "priority": draw(st.sampled_from(["A", "B", "C"])),
            }
            for i in range(draw(st.integers(0, 3)))
        ],
    }
    try:
        return parse_profile(data, "generated"), start
    except ProfileError:
        return draw(st.nothing())


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(case=profiles_with_races(), weeks=st.integers(1, 8))
def test_date_rules_for_any_profile_start_and_races(case, weeks):
    profile, start = case
    plan = build_plan(profile, start, weeks, catalog=CAT, ev=EV)
    # weeks are calendar weeks, Monday to Sunday, the first holding the start
    assert plan.weeks[0].phase.first_day <= start <= plan.weeks[0].last_day
    for k, w in enumerate(plan.weeks):
        assert w.phase.first_day.weekday() == 0
        assert w.phase.first_day == plan.weeks[0].phase.first_day + timedelta(weeks=k)
        assert all(w.phase.first_day <= s.day <= w.last_day for s in w.sessions)
    a_races = [r for r in profile.races if r.priority == "A"]
    for w in plan.weeks:
        holds = [r for r in a_races if w.phase.first_day <= r.day <= w.last_day]
        # the race week is the week holding an A race (the first one, if two)
        assert (w.phase.phase == "race_week") == bool(holds)
        if holds:
            assert w.phase.race == holds[0]
            assert all(s.day < holds[0].day for s in w.sessions)
    ok = set(allowed_days(profile, EV))
    for s in plan.sessions:
        assert s.day >= start
        assert s.day.weekday() in ok  # never the long run's day or the day before a hard run
        assert s.day.weekday() != profile.long_run_day
        assert (s.day.weekday() + 1) % 7 != profile.long_run_day
        for r in profile.races:
            assert s.day not in (r.day, r.day - timedelta(days=1))
            if r.priority == "A":
                assert not 1 <= (s.day - r.day).days <= 2
                to_race = (r.day - s.day).days
                if 0 <= to_race <= EV.taper.window_days:
                    assert not s.may_increase  # taper by date
                if 0 <= to_race < EV.taper.last_heavy_days_min:
                    assert s.light
    # at most one session a day
    assert len({s.day for s in plan.sessions}) == len(plan.sessions)
