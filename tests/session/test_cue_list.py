"""Every line a session can say is known before it runs (its audio can be made ahead).

The engine is driven through whole sessions of every catalog exercise, with a camera's
events and self-paced, and every line it said must be in `session_cue_texts`; the only
line allowed outside it is a camera's "not counted" with motion's own reason, which the
front ends render when it is said.
"""

from __future__ import annotations

import inspect
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from upright.catalog import default_catalog
from upright.motion.result import Fault
from upright.plan import ExercisePrescription, SessionPrescription
from upright.session import Phase, Say, SessionEngine, cue_list, engine, expand, user_event
from upright.session.cue_list import PHASE_CALL_NAMES, session_cue_texts
from upright.session.engine_cues import CueBook
from upright.session.events import REP_PHASES

CATALOG = default_catalog()
REASON = "The arm did not come high enough."


@dataclass(frozen=True)
class Seen:
    """A camera analysis event as the engine reads it (`upright.motion.MotionEvent`'s fields)."""

    kind: str
    t: float
    side: str | None = None
    rep: Any = None
    fault: Any = None
    hold_s: float | None = None
    message: str | None = None


def two_sets(ex_id: str) -> list[Any]:
    """Two sets of 3 reps (a side) of ``ex_id`` and one of bird dog after, short rests."""
    items = []
    for item_id, sets in ((ex_id, 2), ("bird_dog", 1)):
        d = CATALOG[item_id].dosage
        items.append(
            ExercisePrescription(
                exercise_id=item_id,
                name=CATALOG[item_id].name,
                sets=sets,
                reps=3,
                per_side=d.per_side,
                hold_s=d.hold_s,
                rest_s=4.0,
            )
        )
    return expand(SessionPrescription(exercises=tuple(items)), CATALOG)


class Drive:
    """Runs an engine on a clock in 0.25 s steps and keeps every line it says."""

    def __init__(self, eng: SessionEngine) -> None:
        self.eng = eng
        self.t = 0.0
        self.said: list[str] = []

    def wait(self, seconds: float) -> None:
        end = self.t + seconds
        while self.t < end and self.eng.phase is not Phase.DONE:
            self.t += 0.25
            self.eng.tick(self.t)
            self.keep()

    def end(self) -> list[str]:
        """Let the last lines be said after the session is done; every line said."""
        for _ in range(40):
            self.t += 0.25
            self.eng.tick(self.t)
            self.keep()
        return self.said

    def keep(self) -> None:
        self.said += [e.spoken.cue.text for e in self.eng.drain() if isinstance(e, Say)]

    def see(self, kind: str, **fields: Any) -> None:
        self.eng.handle(Seen(kind, self.t, **fields))
        self.keep()
        self.wait(2.0)

    def press(self, action: str, rating: str | None = None) -> None:
        self.eng.handle(user_event(action, rating=rating), now=self.t)
        self.keep()
        self.wait(2.0)


def run_with_camera(plans: list[Any]) -> list[str]:
    drive = Drive(SessionEngine(plans, camera=True))
    rep_no = 0
    while drive.eng.phase is not Phase.DONE and drive.t < 2000:
        plan = drive.eng.plan
        assert plan is not None
        if drive.eng.phase is Phase.SETUP:
            drive.see("ready")
            drive.wait(4.0)  # get ready, then the first rep's call
        elif drive.eng.phase in REP_PHASES or drive.eng.phase is Phase.SWITCH_SIDE:
            rep_no += 1
            drive.see("rep_started")
            drive.see("hold_reached")
            drive.wait(plan.hold_s + 1.0)  # the hold runs out: "and back"
            drive.see("hold_ended")
            drive.see("hold_reached")  # the tuck, where the exercise has one
            drive.wait(plan.tuck_hold_s + 1.0)
            drive.see("hold_ended")
            for rule in plan.exercise.rules:
                fault = Fault(
                    rule=rule.id,
                    value=1.0,
                    threshold=0.5,
                    units=rule.units,
                    at=drive.t,
                    severity=rule.severity,
                )
                drive.see("fault", fault=fault)
            drive.see("out_of_frame")
            drive.see("not_counted", message=REASON if rep_no % 2 else "")
            drive.see("rep_counted", side=drive.eng.side, rep=rep_no)
        else:  # rest
            drive.wait(plan.rest_s + 1.0)
    return drive.end()


def run_self_paced(plans: list[Any]) -> list[str]:
    drive = Drive(SessionEngine(plans, camera=False))
    skipped = False
    while drive.eng.phase is not Phase.DONE and drive.t < 5000:
        phase = drive.eng.phase
        if phase is Phase.MOVING:
            drive.press("rep_done")  # too early: the hold has not run
        elif phase is Phase.CONFIRM:
            drive.press("rep_done")
            if not skipped and sum(drive.eng.reps_per_side().values()) == 1:
                skipped = True
                drive.press("skip_set")  # a set short of its reps, rated below
        elif phase is Phase.RATE:
            drive.press("rate", "clean")  # refused for a short set
            if drive.eng.phase is Phase.RATE:
                drive.wait(8.0)  # "a clean set needs all ..." is said after the question
                drive.press("rate", "some_faults")
        else:
            drive.wait(0.25)
    return drive.end()


@pytest.mark.parametrize("ex_id", sorted(CATALOG))
def test_every_line_said_with_a_camera_is_listed(ex_id: str) -> None:
    plans = two_sets(ex_id)
    said = run_with_camera(plans)
    listed = set(session_cue_texts(plans, camera=True))
    unlisted = {text for text in said if text not in listed}
    assert unlisted == {f"That one didn't count. {REASON}"}  # rendered when said
    assert len(set(said)) >= 8, said  # the drive reached intros, calls, faults and rests
    assert "That's the session done. Well worked." in said


@pytest.mark.parametrize("ex_id", sorted(CATALOG))
def test_every_line_said_self_paced_is_listed(ex_id: str) -> None:
    plans = two_sets(ex_id)
    said = run_self_paced(plans)
    listed = set(session_cue_texts(plans, camera=False))
    assert [text for text in said if text not in listed] == []
    assert any(text.startswith("A clean set needs all") for text in said)
    assert len(set(said)) >= 8, said  # intros, calls, form cues, the rating, rests


def test_the_phase_calls_the_engine_asks_for_are_all_listed() -> None:
    source = Path(inspect.getfile(engine)).read_text()
    asked = set(re.findall(r"phase_cue\(\"(\w+)\"\)", source))
    assert asked and asked <= set(PHASE_CALL_NAMES)


def test_every_cue_the_book_makes_is_asked_for_by_the_list() -> None:
    """A cue added to `CueBook` shows up here until `cue_list` lists it too."""
    makers = [
        name
        for name, fn in inspect.getmembers(CueBook, inspect.isfunction)
        if not name.startswith("_") and "Cue" in str(inspect.signature(fn).return_annotation)
    ]
    source = Path(inspect.getfile(cue_list)).read_text()
    assert len(makers) >= 10
    assert [m for m in makers if f".{m}(" not in source] == []
