"""The terminal screen, rendered from engine snapshots and read back as text."""

from __future__ import annotations

from rich.console import Console

from upright.session import user_event
from upright.session.screen import big_digits, render, timer_text


def screen_text(snap, width=80):
    console = Console(record=True, width=width, color_system=None, force_terminal=False)
    console.print(render(snap))
    return console.export_text()


def test_timer_text_and_big_digits():
    assert timer_text(None) == "--"
    assert timer_text(2.94) == "2.9"
    assert timer_text(75.0) == "1:15"
    rows = big_digits("10").split("\n")
    assert len(rows) == 5
    assert rows[0] == " █  ███"


def test_hold_screen_shows_timer_reps_per_side_cue_and_next_up(make_engine, fake_clock, ev):
    engine = make_engine(("bird_dog", 2, 8), camera=True)
    clock = fake_clock(engine, step=0.1, confirm=True)
    clock.send(ev("ready", 1.0))
    for i in range(3):
        clock.send(ev("rep_counted", 6.0 + 5 * i, side="left", rep=i))
    clock.send(ev("hold_reached", 22.0))
    clock.run_until(23.0)
    text = screen_text(engine.snapshot())
    assert "Bird dog, set 1 of 2" in text
    assert "HOLD" in text
    assert "timer 2.0 s" in text
    assert "3/8" in text and "0/8" in text
    assert "left" in text and "right" in text
    assert "Next up: Switch sides: right arm with left leg" in text
    assert "Hold." in text  # the phase call is the cue on screen


def test_rating_screen_asks_for_the_rating_and_shows_the_summary(make_engine, fake_clock):
    engine = make_engine(("y_raise", 2, 2), auto_rating=None)
    clock = fake_clock(engine, step=0.1, confirm=True)
    clock.run_to_phase("rate")
    text = screen_text(engine.snapshot())
    assert "HOW WAS THAT SET?" in text
    assert "1: clean   2: some faults   3: struggled" in text
    assert "Prone Y-raise on a ball, set 1: reps 2/2" in text
    assert "holds: 3.0 3.0 s" in text
    clock.send(user_event("rate", clock.t, rating="clean"))
    clock.run_until(clock.t + 10)
    text = screen_text(engine.snapshot())
    assert "REST" in text
    assert "timer 50.0 s" in text
    assert "rated: clean" in text
    assert "Next up: Prone Y-raise on a ball, set 2 of 2" in text
