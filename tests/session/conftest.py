from __future__ import annotations

from dataclasses import dataclass

import pytest

from upright.catalog import default_catalog
from upright.plan import ExercisePrescription, SessionPrescription
from upright.session import SessionEngine, expand, user_event


@pytest.fixture(scope="session")
def catalog():
    return default_catalog()


def prescription(catalog, *items: tuple[str, int, int]) -> SessionPrescription:
    """(exercise id, sets, reps) items with the catalog's hold and rest."""
    out = []
    for ex_id, sets, reps in items:
        ex = catalog[ex_id]
        d = ex.dosage
        out.append(
            ExercisePrescription(
                exercise_id=ex_id,
                name=ex.name,
                sets=sets,
                reps=reps,
                per_side=d.per_side,
                hold_s=d.hold_s,
                rest_s=d.rest_s,
            )
        )
    return SessionPrescription(exercises=tuple(out))


@pytest.fixture
def make_prescription(catalog):
    return lambda *items: prescription(catalog, *items)


@pytest.fixture
def make_engine(catalog):
    def make(*items, camera=False, auto_rating="clean", **kw):
        plans = expand(prescription(catalog, *items), catalog)
        return SessionEngine(plans, camera=camera, auto_rating=auto_rating, **kw)

    return make


@dataclass(frozen=True)
class FakeMotionEvent:
    """Shaped like upright.motion's MotionEvent (kind, t, side, rep, fault, hold_s)."""

    kind: str
    t: float
    side: str = ""
    rep: int | None = None
    fault: object = None
    hold_s: float | None = None
    message: str = ""


@dataclass(frozen=True)
class FakeFault:
    rule: str
    value: float
    threshold: float
    units: str = "deg"
    at: float = 0.0
    severity: str = "fault"
    name: str = ""


class FakeClock:
    """Steps the engine's clock in fixed steps and records every phase change.

    ``confirm``: play a runner who taps "rep done" the moment a self-paced rep waits for
    it (after its hold has run); without it nothing confirms a self-paced rep.
    """

    def __init__(self, engine, step=0.05, confirm=False):
        self.engine = engine
        self.step = step
        self.confirm = confirm
        self.t = engine.now
        self.phases = [(engine.phase.value, self.t)]
        self.effects = []

    def run_until(self, t_end):
        while self.t < t_end - 1e-9:
            self.t = round(self.t + self.step, 6)
            self.engine.tick(self.t)
            if self.confirm and self.engine.phase.value == "confirm":
                self.engine.handle(user_event("rep_done", self.t))
            self._note()

    def run_to_phase(self, phase, limit=10_000.0):
        while self.engine.phase.value != phase:
            if self.t > limit:
                raise AssertionError(f"never reached {phase}; at {self.engine.phase}")
            self.run_until(self.t + self.step)

    def send(self, event):
        """Tick up to the event's time (as a live loop would), then hand it over."""
        if event.t is not None:
            self.run_until(event.t)
        self.engine.handle(event)
        self.t = max(self.t, self.engine.now)
        self._note()

    def _note(self):
        self.effects += self.engine.drain()
        if self.engine.phase.value != self.phases[-1][0]:
            self.phases.append((self.engine.phase.value, self.engine.now))


@pytest.fixture
def ev():
    return FakeMotionEvent


@pytest.fixture
def fault():
    return FakeFault


@pytest.fixture
def fake_clock():
    return FakeClock
