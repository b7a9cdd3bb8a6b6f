"""The cue queue: priorities, a minimum gap, no overlap, preemption by faults."""

from __future__ import annotations

from itertools import pairwise

import pytest

from upright.plan import default_session
from upright.session import Cue, CueQueue, SessionEngine, expand, user_event


def run(queue, until, step=0.05, start=0.0):
    said = []
    t = start
    while t <= until:
        spoken = queue.poll(t)
        if spoken:
            said.append(spoken)
        t = round(t + step, 6)
    return said


def test_fault_cue_goes_before_encouragement_queued_earlier():
    q = CueQueue()
    q.push(Cue.make("Nice and steady.", "encourage"), 0.0)
    q.push(Cue.make("Keep both hips level.", "fault", priority=1, key="rule:pelvis"), 0.0)
    said = run(q, 10)
    assert [s.cue.text for s in said] == ["Keep both hips level.", "Nice and steady."]


def test_urgent_fault_cuts_encouragement_short_without_overlap():
    q = CueQueue()
    q.push(Cue.make("Go slow. This is about control, not speed.", "encourage"), 0.0)
    run(q, 0.0)
    q.push(Cue.make("Brace your stomach.", "fault", priority=2, key="rule:spine"), 0.5)
    said = run(q, 5, start=0.5)
    assert said[0].cue.text == "Brace your stomach."
    first, second = q.history
    assert first.interrupted and first.end == pytest.approx(0.5)
    assert second.start >= first.end


def test_lesser_fault_waits_for_the_cue_in_progress():
    q = CueQueue()
    q.push(Cue.make("Slower on the way up.", "fault", priority=6, key="a"), 0.0)
    run(q, 0.0)
    q.push(Cue.make("Reach the arm long.", "fault", priority=7, key="b"), 0.2)
    said = run(q, 10, start=0.2)
    assert said[0].start >= q.history[0].end


def test_same_correction_is_not_repeated_within_the_repeat_window():
    q = CueQueue(repeat_after_s=8.0)
    cue = Cue.make("Keep both hips level.", "fault", priority=1, key="rule:pelvis")
    q.push(cue, 0.0)
    run(q, 1.0)
    q.push(cue, 5.0)
    assert run(q, 7.0, start=5.0) == []
    q.push(cue, 9.0)
    assert len(run(q, 12.0, start=9.0)) == 1


def test_stale_cues_are_dropped():
    q = CueQueue()
    long_line = Cue(
        text="A long set-up line.", kind="setup", priority=3, duration_s=6.0, ttl_s=30.0
    )
    q.push(long_line, 0.0)
    q.push(Cue(text="Nice.", kind="encourage", priority=8, duration_s=1.0, ttl_s=5.0), 0.0)
    q.push(Cue(text="Still fresh.", kind="encourage", priority=9, duration_s=1.0, ttl_s=7.0), 0.0)
    said = run(q, 20)
    assert [(s.cue.text, s.start) for s in said] == [
        ("A long set-up line.", 0.0),
        ("Still fresh.", 6.0),
    ]


def test_no_overlap_and_two_second_gap_over_a_whole_camera_like_session(catalog):
    """Flood the engine with faults and phase events; the cues it speaks never overlap."""
    engine = SessionEngine(
        expand(default_session(catalog), catalog), camera=False, auto_rating="clean"
    )
    rules = [r for r in catalog["bird_dog"].rules]
    t = 0.0
    while engine.phase.value != "done":
        t = round(t + 0.1, 6)
        if int(t * 10) % 7 == 0:  # a correction every 0.7 s, all rules in turn
            rule = rules[int(t * 10) // 7 % len(rules)]
            engine.cues.push(Cue.make(rule.cue, "fault", rule.priority, key=rule.id), t)
        engine.tick(t)
        if engine.phase.value == "confirm":  # the runner taps "rep done" after each rep
            engine.handle(user_event("rep_done", t))
    hist = engine.cues.history
    assert len(hist) > 100
    for a, b in pairwise(hist):
        assert b.start >= a.end - 1e-9, (a, b)
        if not a.interrupted:
            assert b.start - a.start >= 2.0 - 1e-9
    interrupted = [a for a in hist if a.interrupted]
    assert all(a.cue.priority >= 8 for a in interrupted)
