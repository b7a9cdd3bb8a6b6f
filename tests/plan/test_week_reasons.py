"""A week's reason adds to its phase's name instead of repeating it."""

from __future__ import annotations

from datetime import date

from upright.catalog import default_catalog
from upright.plan.planner import build_plan
from upright.plan.profile import AthleteProfile, Race

CAT = default_catalog()


def test_a_week_reason_does_not_repeat_its_phase():
    """The page heads each week with its phase; the reason adds what that phase asks."""
    profile = AthleteProfile(races=(Race("Marathon", date(2027, 1, 31), "A"),), timezone="UTC")
    plan = build_plan(profile, date(2026, 11, 2), 14, catalog=CAT)
    seen = set()
    for w in plan.weeks:
        name = w.phase.phase.replace("_", " ")
        seen.add(name)
        assert name not in w.phase.reason.lower(), w.phase.reason
    assert seen == {"build", "taper", "race week", "maintain"}
    assert "sessions a week" in plan.weeks[0].phase.reason
