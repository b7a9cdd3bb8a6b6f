"""The engine's state as a plain, JSON-ready dict: what any screen needs to draw it.

Keys: ``phase``, ``paused``, ``camera``, ``t`` (session seconds), ``exercise``
({id, name} or None), ``set`` / ``sets`` (1-based), ``title``, ``side``, ``sides``,
``reps`` (counted per side), ``reps_target`` (per side), ``timer_s`` (seconds left on
the countdown, 0.1 s resolution, None when none runs), ``timer_total_s``, ``cue``
({text, kind, priority} while it is on screen, else None), ``next_up`` (words),
``last_set`` (the finished set's summary dict during rest, rating and done),
``rating_pending``, ``rep_done`` (a "rep done" press counts a rep now), ``sets_done``,
``sets_total``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from upright.session.engine_cues import RULE_KEY
from upright.session.events import Phase

if TYPE_CHECKING:
    from upright.session.engine import SessionEngine
    from upright.session.program import SetPlan

#: A cue stays on screen at least this long after it starts, seconds.
CUE_SHOW_S = 4.0


def _describe(plan: SetPlan) -> str:
    return f"{plan.title}: {plan.prescription.describe()}"


def next_up(engine: SessionEngine) -> str:
    """Words for what comes after the current phase."""
    phase = engine.phase
    following = engine.following
    if phase is Phase.DONE:
        return ""
    if phase in (Phase.REST, Phase.RATE):
        return _describe(following) if following else "Done"
    plan = engine.plan
    if plan is not None:
        counts = engine.reps_per_side()
        later = [s for s in plan.sides if s != engine.side and counts.get(s, 0) < plan.reps]
        if later:
            words = plan.exercise.side_words(later[0]) or later[0]
            return f"Switch sides: {words}"
    if following is None:
        return "Last set, then done"
    return f"Rest {plan.rest_s:g} s, then {following.title}" if plan else ""


def snapshot(engine: SessionEngine) -> dict[str, Any]:
    """The state of ``engine`` for a screen or a browser (see the module docstring)."""
    plan = engine.plan
    left = engine.timer_left()
    spoken = engine.cues.current
    cue = None
    # A cue is shown with the step it was said in (a correction stays its few seconds).
    entered = engine.transitions[-1][1] if engine.transitions else 0.0
    if (
        spoken is not None
        and engine.now < max(spoken.end, spoken.start + CUE_SHOW_S)
        and (spoken.start >= entered or spoken.cue.kind in ("fault", "safety"))
    ):
        cue = {"text": spoken.cue.text, "kind": spoken.cue.kind, "priority": spoken.cue.priority}
        if spoken.cue.key.startswith(RULE_KEY):  # a fault's cue names its rule (its demo)
            cue["rule"] = spoken.cue.key.removeprefix(RULE_KEY)
    last = engine.last_result
    show_last = engine.phase in (Phase.REST, Phase.RATE, Phase.DONE) and last is not None
    return {
        "phase": engine.phase.value,
        "paused": engine.paused,
        "camera": engine.camera,
        "t": round(engine.now, 3),
        "exercise": (
            {"id": plan.exercise.id, "name": plan.exercise.name, "hold_s": plan.hold_s}
            if plan
            else None
        ),
        "set": plan.set_index + 1 if plan else None,
        "sets": plan.sets if plan else None,
        "title": "Session done" if engine.phase is Phase.DONE or not plan else plan.title,
        "side": engine.side,
        "sides": list(plan.sides) if plan else [],
        "reps": engine.reps_per_side(),
        "reps_target": plan.reps if plan else 0,
        "timer_s": None if left is None else round(left, 1),
        "timer_total_s": round(engine.timer_total, 1),
        "cue": cue,
        "next_up": next_up(engine),
        "last_set": last.to_dict() if show_last and last is not None else None,
        "rating_pending": engine.phase is Phase.RATE,
        "rep_done": engine.rep_done_counts,
        "sets_done": len(engine.results),
        "sets_total": len(engine.plans),
    }
