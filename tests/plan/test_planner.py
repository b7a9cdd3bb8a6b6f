"""The plan: a 12-week marathon build, placement reasons, and invariants for any week."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from plan_fixtures import logged

from upright.catalog import default_catalog
from upright.plan.evidence import default_evidence
from upright.plan.placement import recovery_days
from upright.plan.planner import build_plan
from upright.plan.profile import (
    DAYS,
    AthleteProfile,
    ProfileError,
    Race,
    allowed_days,
    parse_profile,
)
from upright.plan.progression import _from_log, changed_quantities

CAT = default_catalog()
EV = default_evidence()
MONDAY = date(2026, 3, 30)
MARATHON = MONDAY + timedelta(weeks=12) - timedelta(days=1)  # Sunday of week 12


def test_twelve_week_marathon_build_then_taper_on_the_right_dates():
    profile = AthleteProfile(races=(Race("Marathon", MARATHON, "A"),))
    plan = build_plan(profile, MONDAY, 12, catalog=CAT)
    phases = [w.phase.phase for w in plan.weeks]
    assert phases == ["build"] * 10 + ["taper", "race_week"]
    for w in plan.weeks[:10]:
        assert 2 <= len(w.sessions) <= 3
        assert all(s.may_increase and not s.light for s in w.sessions)
    (heavy,) = plan.weeks[10].sessions
    assert 10 <= (MARATHON - heavy.day).days <= 14 and not heavy.light
    assert not heavy.may_increase
    assert "last heavy session" in heavy.placement
    race_week = plan.weeks[11].sessions
    assert len(race_week) <= 1
    for s in race_week:
        assert s.light and (MARATHON - s.day).days > EV.taper.race_week_quiet_days
        assert all(p.sets < CAT[p.exercise_id].dosage.sets for p in s.prescription.exercises)


def test_placement_reason_names_the_neighbours():
    plan = build_plan(AthleteProfile(), MONDAY, 1, catalog=CAT)
    tue = plan.session_on(MONDAY + timedelta(days=1))
    assert tue is not None
    assert tue.placement.startswith("Tue: key-session day")
    assert "5 days before the long run" in tue.placement
    assert all(20 <= s.minutes <= 30 for s in plan.sessions)


def test_before_easy_run_preference_uses_easy_days():
    """Easy runs Wed-Fri: Wed and Fri, spread out, beat the key-session day."""
    p = AthleteProfile(strength_time="before_easy_run", easy_run_days=(2, 3, 4))
    plan = build_plan(p, MONDAY, 1, catalog=CAT)
    assert [s.day.weekday() for s in plan.sessions] == [2, 4]
    assert any("6 h before the easy run" in s.placement for s in plan.sessions)


def test_maintain_after_six_weeks_without_race():
    history = [logged(MONDAY - timedelta(weeks=8), "bird_dog", hold_s=3.0)]
    plan = build_plan(AthleteProfile(), MONDAY, 2, history=history, catalog=CAT)
    assert [len(w.sessions) for w in plan.weeks] == [1, 1]
    assert plan.weeks[0].phase.phase == "maintain"


def test_equipment_decides_the_exercises():
    mat_ball = AthleteProfile(equipment=frozenset({"mat", "ball"}))
    rx = build_plan(mat_ball, MONDAY, 1, catalog=CAT).sessions[0].prescription
    assert {p.exercise_id for p in rx.exercises} == {"bird_dog", "y_raise"}
    assert "rows" in rx.reason
    dumbbells = AthleteProfile(equipment=frozenset({"mat", "dumbbells"}))
    ids = {
        p.exercise_id for p in build_plan(dumbbells, MONDAY, 1).sessions[0].prescription.exercises
    }
    assert "seated_cable_row" not in ids and "bent_over_row" in ids


# ---- properties -------------------------------------------------------------------

days = st.sampled_from(DAYS)


@st.composite
def profiles(draw):
    data = {
        "long_run_day": draw(days),
        "key_session_days": draw(st.lists(days, max_size=3, unique=True)),
        "easy_run_days": draw(st.lists(days, max_size=5, unique=True)),
        "strength_days": draw(st.lists(days, max_size=3, unique=True)),
        "strength_time": draw(st.sampled_from(["hard_day", "before_easy_run"])),
        "equipment": draw(
            st.lists(
                st.sampled_from(["gym", "cable", "dumbbells", "ball", "mat"]),
                min_size=1,
                max_size=3,
                unique=True,
            )
        ),
        "build_sessions": draw(st.integers(2, 3)),
    }
    if draw(st.booleans()):
        offset = draw(st.integers(0, 120))
        data["race"] = [
            {
                "name": "Goal",
                "date": MONDAY + timedelta(days=offset),
                "priority": draw(st.sampled_from(["A", "B"])),
            }
        ]
    try:
        return parse_profile(data, "generated")
    except ProfileError:
        return draw(st.nothing())


@st.composite
def histories(draw):
    out = []
    day = MONDAY - timedelta(days=draw(st.integers(3, 120)))
    reps = 8
    for _ in range(draw(st.integers(0, 8))):
        total = 24
        faulty = draw(st.sampled_from([0, 0, 4, 12]))
        out.append(
            logged(
                day,
                "seated_cable_row",
                sets=3,
                reps=reps,
                load_kg=20.0,
                faulty=faulty,
                total=total,
            )
        )
        day += timedelta(days=draw(st.integers(2, 5)))
        if day >= MONDAY:
            break
    return out


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(profile=profiles(), history=histories(), weeks=st.integers(1, 6))
def test_invariants_for_any_profile_and_log(profile, history, weeks):
    plan = build_plan(profile, MONDAY, weeks, history=history, catalog=CAT, ev=EV)
    hard = {profile.long_run_day, *profile.key_session_days}
    # a race's day and its recovery days after it (evidence.toml) may leave a week short
    race_days = {
        r.day + timedelta(days=k) for r in profile.races for k in range(recovery_days(r, EV) + 1)
    }
    previous = {}
    for h in history:
        previous[h.exercise_id] = h
    for week in plan.weeks:
        n = len(week.sessions)
        blocked_by_race = any(
            week.phase.first_day <= d <= week.phase.first_day + timedelta(6) for d in race_days
        )
        if not blocked_by_race:
            assert week.phase.sessions_min <= n <= week.phase.sessions_max
        assert n <= week.phase.sessions_max
        for s in week.sessions:
            # never the day before the long run or a key session
            assert (s.day.weekday() + 1) % 7 not in hard
            assert s.day.weekday() in allowed_days(profile, EV)
            for r in profile.races:
                if r.priority == "A" and 0 <= (r.day - s.day).days <= EV.taper.window_days:
                    assert not s.may_increase
                assert not 0 <= (s.day - r.day).days <= recovery_days(r, EV)
    # never two things at once, and nothing up in the taper window
    last = {}
    for h in history:
        last[h.exercise_id] = _from_log(h, CAT[h.exercise_id])
    for s in plan.sessions:
        for p in s.prescription.exercises:
            before = last.get(p.exercise_id)
            if before is not None:
                ups = changed_quantities(before, p)
                assert len(ups) <= 1
                if not s.may_increase:
                    assert ups == []
            last[p.exercise_id] = p
