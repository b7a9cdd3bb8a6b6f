"""The set report links each rule to its fault demonstration when the web app serves it."""

from __future__ import annotations

from upright.catalog import get_exercise
from upright.motion import analyze
from upright.report.set_report import render_report
from upright.sim import FaultSpec, simulate


def test_rules_link_to_their_fault_demonstration_only_when_served() -> None:
    ex = get_exercise("y_raise")
    sim = simulate(ex, reps=2, faults=[FaultSpec("hips_still", 0.3, 1)], seed=2, noise_px=0.5)
    result = analyze(sim.landmarks, ex)
    assert "hips_still" in {f.rule for r in result.reps for f in r.faults}
    served = render_report(result, sim.landmarks, ex, demo_base="/exercises")
    for rule in ex.rules:
        assert f'href="/exercises/y_raise#rule-{rule.id}"' in served
    assert 'target="_top"' in served  # the report shows in a frame of the analysis page
    alone = render_report(result, sim.landmarks, ex)
    assert "/exercises/" not in alone
