"""The session state machine on a fake clock: transitions, timers, sides, rest, rating."""

from __future__ import annotations

import json
from itertools import pairwise

import pytest

from upright.session import Phase, SessionFinished, SetFinished, Sound, Timings, user_event


def phases_of(engine, start=0):
    return [p for p, _ in engine.transitions[start:]]


def test_self_paced_bird_dog_runs_every_phase_on_the_prescribed_tempo(make_engine, fake_clock):
    # Bird dog: raise 1.5 s, hold 3 s, return 1.5 s, tuck 3 s; set-up 12 s, get ready 3 s.
    # The runner taps "rep done" as soon as each rep waits for it (after the tuck hold).
    engine = make_engine(("bird_dog", 1, 2))
    clock = fake_clock(engine, step=0.05, confirm=True)
    clock.run_to_phase("done")
    expected = (
        ["setup", "get_ready"]
        + ["moving", "hold", "return", "tuck", "confirm"] * 2
        + ["switch_side"]
        + ["moving", "hold", "return", "tuck", "confirm"] * 2
        + ["done"]
    )
    assert phases_of(engine) == expected
    times = [t for _, t in engine.transitions]
    one_rep = [0.0, 1.5, 4.5, 6.0, 9.0]  # moving, hold, return, tuck, confirm within a rep
    assert times[:2] == [0.0, 12.0]
    for rep in range(2):
        start = 15.0 + 9.0 * rep
        assert times[2 + 5 * rep : 7 + 5 * rep] == pytest.approx([start + d for d in one_rep])
    assert times[12] == pytest.approx(33.0)  # side switch right after the 2nd left rep
    assert times[13] == pytest.approx(38.0)  # 5 s switch countdown
    assert times[-1] == pytest.approx(38.0 + 18.0)
    (result,) = engine.results
    assert result.reps_per_side() == {"left": 2, "right": 2}
    assert [r.hold_s for r in result.reps] == [3.0] * 4
    assert [r.tuck_hold_s for r in result.reps] == [3.0] * 4
    assert [r.side for r in result.reps] == ["left", "left", "right", "right"]
    sounds = [e.name for e in clock.effects if isinstance(e, Sound)]
    # go, then per rep two holds ending (peak and tuck), go after the switch
    assert sounds == ["go"] + ["hold_end"] * 4 + ["go"] + ["hold_end"] * 4
    assert sum(isinstance(e, SessionFinished) for e in clock.effects) == 1


def test_the_metronome_alone_counts_no_rep_and_logs_nothing(make_engine, fake_clock):
    """No input: each rep waits for "rep done"; ending the set then logs nothing."""
    engine = make_engine(("bird_dog", 1, 8), ("y_raise", 1, 8))
    clock = fake_clock(engine, step=0.1)
    clock.run_until(300.0)
    assert engine.phase is Phase.CONFIRM  # waiting for the runner, not counting
    assert engine.reps_per_side() == {"left": 0, "right": 0}
    clock.send(user_event("skip_set", 301.0))
    assert engine.phase is Phase.SETUP and engine.plan.exercise.id == "y_raise"
    assert engine.results == [] and not any(isinstance(e, SetFinished) for e in clock.effects)


def test_exercise_without_hold_or_tuck_skips_those_phases(make_engine, fake_clock):
    engine = make_engine(("y_raise", 1, 1))
    fake_clock(engine, confirm=True).run_to_phase("done")
    assert phases_of(engine) == [
        "setup",
        "get_ready",
        "moving",
        "hold",
        "return",
        "confirm",
        "done",
    ]
    assert "tuck" not in phases_of(engine)


def test_side_switch_after_exactly_the_prescribed_reps_with_camera(make_engine, ev, fake_clock):
    engine = make_engine(("bird_dog", 1, 3), camera=True)
    clock = fake_clock(engine)
    clock.send(ev("ready", 1.0))
    assert engine.phase is Phase.GET_READY
    for i in range(3):
        assert engine.side == "left"
        clock.send(ev("rep_counted", 5.0 + 4 * i, side="left", rep=i, hold_s=3.2))
        if i < 2:
            assert engine.phase is Phase.MOVING
            assert engine.reps_per_side() == {"left": i + 1, "right": 0}
    assert engine.phase is Phase.SWITCH_SIDE
    assert engine.side == "right"
    assert engine.snapshot()["next_up"].startswith("Last set")
    for i in range(3):
        clock.send(ev("rep_counted", 30.0 + 4 * i, side="right", rep=3 + i))
    assert engine.phase is Phase.DONE
    assert engine.results[0].reps_per_side() == {"left": 3, "right": 3}
    assert engine.results[0].source == "camera"


def test_camera_hold_timer_starts_when_the_hold_is_seen_and_counts_to_the_tenth(
    make_engine, ev, fake_clock
):
    engine = make_engine(("bird_dog", 1, 1), camera=True)
    clock = fake_clock(engine, step=0.01)
    clock.send(ev("ready", 2.0))
    clock.run_until(5.0)  # 3 s get-ready countdown ends at 5.0 with "go"
    assert engine.phase is Phase.MOVING
    clock.run_until(7.0)
    assert engine.phase is Phase.MOVING  # no timer moves a camera rep on
    clock.send(ev("hold_reached", 7.23))
    assert engine.phase is Phase.HOLD
    for dt in (0.5, 1.0, 1.7, 2.5):
        clock.run_until(7.23 + dt)
        assert engine.snapshot()["timer_s"] == pytest.approx(3.0 - dt, abs=0.1)
    clock.run_until(10.3)
    ends = [e.t for e in clock.effects if isinstance(e, Sound) and e.name == "hold_end"]
    assert ends == [pytest.approx(10.23, abs=1e-9)]
    assert engine.phase is Phase.HOLD  # still held: the camera has not seen the return
    clock.send(ev("hold_ended", 11.0, hold_s=3.77))
    assert engine.phase is Phase.RETURN
    clock.send(ev("hold_reached", 12.5))
    assert engine.phase is Phase.TUCK
    clock.send(ev("hold_ended", 15.6))
    assert engine.phase is Phase.RETURN
    clock.send(ev("rep_counted", 16.0, side="left", rep=0))
    rep = engine.results[0].reps[0] if engine.results else None
    assert engine.phase is Phase.SWITCH_SIDE
    assert rep is None
    clock.send(ev("rep_counted", 25.0, side="right", rep=1, hold_s=4.1))
    reps = engine.results[0].reps
    assert reps[0].hold_s == pytest.approx(3.77)
    assert reps[0].tuck_hold_s == pytest.approx(3.1)
    assert reps[1].hold_s == pytest.approx(4.1)


def test_rest_lasts_the_prescribed_seconds_and_ends_with_a_sound(make_engine, fake_clock):
    engine = make_engine(("y_raise", 2, 1))  # y_raise rests 60 s
    clock = fake_clock(engine, step=0.1, confirm=True)
    clock.run_to_phase("rest")
    rest_start = engine.transitions[-1][1]
    clock.run_to_phase("setup")
    assert engine.transitions[-1][1] - rest_start == pytest.approx(60.0)
    rest_ends = [e for e in clock.effects if isinstance(e, Sound) and e.name == "rest_end"]
    assert [e.t for e in rest_ends] == [pytest.approx(rest_start + 60.0)]
    assert engine.snapshot()["set"] == 2


def test_rest_timer_in_snapshot_and_next_up(make_engine, fake_clock):
    engine = make_engine(("y_raise", 1, 1), ("bird_dog", 1, 1))
    clock = fake_clock(engine, step=0.1, confirm=True)
    clock.run_to_phase("rest")
    start = engine.transitions[-1][1]
    clock.run_until(start + 15.0)
    snap = engine.snapshot()
    assert snap["phase"] == "rest"
    assert snap["timer_s"] == pytest.approx(45.0, abs=0.1)
    assert snap["timer_total_s"] == 60.0
    assert snap["next_up"].startswith("Bird dog, set 1 of 1")
    assert snap["last_set"]["reps_per_side"] == {"none": 1}
    json.dumps(snap)  # the browser gets exactly this


def test_rep_done_counts_only_once_the_hold_has_run(make_engine, fake_clock):
    """Taps during the lift or the hold count nothing; after the hold each counts one."""
    engine = make_engine(("y_raise", 1, 3))  # raise 1.5 s, hold 3 s, return 1.5 s
    clock = fake_clock(engine)
    clock.send(user_event("start", 1.0))  # no need to wait out the set-up
    assert engine.phase is Phase.GET_READY
    clock.send(user_event("rep_done", 2.0))  # skips the countdown
    assert engine.phase is Phase.MOVING and not engine.snapshot()["rep_done"]
    for t in (2.2, 2.4, 3.0, 4.0, 5.0, 6.0):  # lifting (2.0-3.5), then holding (3.5-6.5)
        clock.send(user_event("rep_done", t))
    assert engine.reps_per_side() == {"none": 0}
    clock.run_until(6.6)
    assert engine.phase is Phase.RETURN and engine.snapshot()["rep_done"]
    clock.send(user_event("rep_done", 7.0))  # lowering after the hold: the rep counts
    clock.send(user_event("rep_done", 7.1))  # the next rep's lift: does not
    assert engine.reps_per_side() == {"none": 1}
    (rep,) = engine._reps
    assert (rep.end_s, rep.hold_s) == pytest.approx((7.0, 3.0))  # set began at 0 s


def test_a_short_set_cannot_be_rated_clean(make_engine, fake_clock):
    engine = make_engine(("y_raise", 1, 8), auto_rating=None)
    clock = fake_clock(engine, step=0.1, confirm=True)
    clock.run_until(30.0)
    done = engine.reps_per_side()["none"]
    assert 0 < done < 8
    clock.send(user_event("skip_set", clock.t))
    assert engine.phase is Phase.RATE and not engine.last_result.full
    clock.send(user_event("rate", clock.t, rating="clean"))
    clock.run_until(clock.t + 10.0)
    assert engine.phase is Phase.RATE  # refused, with the reason spoken
    assert "not_clean" in [s.cue.key for s in engine.cues.history]
    clock.send(user_event("rate", clock.t, rating="some_faults"))
    (result,) = engine.results
    assert (result.rating, result.reps_per_side()) == ("some_faults", {"none": done})


def test_an_automatic_clean_rating_is_not_given_to_a_short_set(make_engine, fake_clock):
    engine = make_engine(("y_raise", 1, 8), auto_rating="clean")
    clock = fake_clock(engine, step=0.1, confirm=True)
    clock.run_until(30.0)
    clock.send(user_event("skip_set", clock.t))
    (result,) = engine.results
    assert result.rating == "some_faults" and "not rated clean" in result.notes[-1]


def test_without_camera_the_set_waits_for_the_self_rating(make_engine, fake_clock):
    engine = make_engine(("y_raise", 2, 1), auto_rating=None)
    clock = fake_clock(engine, step=0.1, confirm=True)
    clock.run_to_phase("rate")
    assert engine.snapshot()["rating_pending"]
    assert not any(isinstance(e, SetFinished) for e in clock.effects)
    clock.run_until(clock.t + 120)
    assert engine.phase is Phase.RATE  # waits, no silent default
    clock.send(user_event("rate", clock.t, rating="struggled"))
    saved = [e.result for e in clock.effects if isinstance(e, SetFinished)]
    assert [r.rating for r in saved] == ["struggled"]
    assert engine.phase is Phase.REST


def test_pause_freezes_the_countdown(make_engine, fake_clock):
    engine = make_engine(("y_raise", 2, 1))
    clock = fake_clock(engine, step=0.1, confirm=True)
    clock.run_to_phase("rest")
    start = engine.transitions[-1][1]
    clock.run_until(start + 10)
    clock.send(user_event("pause", start + 10))
    clock.run_until(start + 100)
    assert engine.phase is Phase.REST
    assert engine.snapshot()["timer_s"] == pytest.approx(50.0)
    assert engine.snapshot()["paused"]
    clock.send(user_event("resume", start + 100))
    clock.run_to_phase("setup")
    assert engine.transitions[-1][1] == pytest.approx(start + 150)


def test_skip_and_stream_end_close_the_set_with_what_was_done(make_engine, ev, fake_clock):
    engine = make_engine(("bird_dog", 1, 8), camera=True)
    clock = fake_clock(engine)
    clock.send(ev("ready", 1.0))
    clock.send(ev("rep_counted", 6.0, side="left", rep=0))
    clock.send(user_event("stream_ended", 9.0))
    (result,) = engine.results
    assert not result.complete
    assert result.reps_per_side() == {"left": 1, "right": 0}
    assert result.notes


def test_camera_faults_attach_to_their_rep_with_value_and_threshold(
    make_engine, ev, fault, fake_clock
):
    engine = make_engine(("bird_dog", 1, 2), camera=True)
    clock = fake_clock(engine)
    clock.send(ev("ready", 1.0))
    clock.send(ev("fault", 6.0, rep=0, fault=fault("pelvis_twist", 14.2, 10.0)))
    clock.send(ev("rep_counted", 8.0, side="left", rep=0))
    # a fault judged after its rep was counted still lands on that rep
    clock.send(ev("rep_counted", 14.0, side="left", rep=1))
    clock.send(ev("fault", 14.5, rep=1, fault=fault("tempo_return", 0.6, 1.0, units="s")))
    for i in range(2):
        clock.send(ev("rep_counted", 20.0 + 5 * i, side="right", rep=2 + i))
    result = engine.results[0]
    assert [[f.rule for f in r.faults] for r in result.reps] == [
        ["pelvis_twist"],
        ["tempo_return"],
        [],
        [],
    ]
    faults = {f.rule: f for f in result.all_faults()}
    assert faults["pelvis_twist"].rep == 1
    assert faults["pelvis_twist"].description == "14.2° > 10°"
    assert result.rating == "struggled"  # faults on 2 reps of 4: more than a third
    lines = "\n".join(result.summary_lines())
    assert "Pelvis level, no twist (rep 1): 14.2° > 10°" in lines
    spoken = [s.cue.text for s in engine.cues.history]
    assert engine.plans[0].exercise.rule("pelvis_twist").cue in spoken


def test_a_fault_cue_on_screen_names_its_rule(make_engine, ev, fault, fake_clock):
    """The snapshot's fault cue carries its rule id, so the screen can link its demo."""
    engine = make_engine(("bird_dog", 1, 2), camera=True)
    clock = fake_clock(engine)
    clock.send(ev("ready", 1.0))
    clock.send(ev("fault", 6.0, rep=0, fault=fault("pelvis_twist", 14.2, 10.0)))
    clock.run_until(8.0)  # the correction takes its turn after the call to move
    shown = engine.snapshot()["cue"]
    assert shown is not None and shown["kind"] == "fault", shown
    assert shown["rule"] == "pelvis_twist"
    assert shown["text"] == engine.plans[0].exercise.rule("pelvis_twist").cue


def test_timings_are_injected(make_engine, fake_clock):
    engine = make_engine(("y_raise", 1, 1), timings=Timings(setup_s=2.0, get_ready_s=1.0))
    fake_clock(engine).run_to_phase("moving")
    assert [t for _, t in engine.transitions] == pytest.approx([0.0, 2.0, 3.0])


def test_whole_default_session_self_paced(make_engine, catalog, fake_clock):
    from upright.plan import default_session
    from upright.session import SessionEngine, expand

    engine = SessionEngine(
        expand(default_session(catalog), catalog), camera=False, auto_rating="clean"
    )
    fake_clock(engine, step=0.25, confirm=True).run_to_phase("done")
    got = [(r.exercise_id, r.set_index, r.reps_per_side()) for r in engine.results]
    assert got == [
        ("bird_dog", 0, {"left": 8, "right": 8}),
        ("bird_dog", 1, {"left": 8, "right": 8}),
        ("y_raise", 0, {"none": 8}),
        ("y_raise", 1, {"none": 8}),
        ("seated_cable_row", 0, {"none": 8}),
        ("seated_cable_row", 1, {"none": 8}),
        ("seated_cable_row", 2, {"none": 8}),
    ]
    rests = [b - a for (p, a), (_, b) in pairwise(engine.transitions) if p == "rest"]
    assert rests == pytest.approx([60, 60, 60, 60, 75, 75])
    assert len(rests) == 6


def test_with_a_camera_the_first_rep_is_called(make_engine, ev, fake_clock):
    """After get-ready the screen says to move: it is not blank until the camera sees a rep."""
    engine = make_engine(("bird_dog", 1, 2), camera=True)
    clock = fake_clock(engine)
    clock.send(ev("ready", 1.0))
    clock.run_to_phase("moving")
    calls = []
    for _ in range(40):  # within the next 4 s, once the set-up's words are done
        clock.run_until(clock.t + 0.1)
        shown = engine.snapshot()["cue"]
        calls += [shown["text"]] if shown and shown["kind"] == "phase" else []
    assert calls, "nothing told the runner to move"
