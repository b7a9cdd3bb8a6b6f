"""The guided-session engine: an explicit state machine on an injected clock.

The engine never reads a clock: the front end calls ``tick(now)`` with the session
clock in seconds and ``handle(event)`` with inputs, then carries out ``drain()``'s
effects (say a cue, play a sound, save a set) and draws ``snapshot()``.

Phases of one set: ``setup`` (set-up cues; ends on the camera's "ready", on a key, or
after ``setup_s`` without a camera) -> ``get_ready`` (short countdown, "go" sound) ->
per rep ``moving`` -> ``hold`` (countdown of the prescribed hold, a sound at its end)
-> ``return`` -> ``tuck`` (bird dog: elbow-to-knee hold) -> ... ``switch_side`` after
exactly the prescribed reps of the first side -> ``rate`` (self-rating, only without a
camera) -> ``rest`` (countdown, a sound at its end) -> next set ... -> ``done``.

Without a camera the rep phases follow the prescription's tempo (a metronome), but the
metronome never counts a rep: after the return (and tuck) it waits in ``confirm`` for
the runner's "rep done" (space), which counts only once the rep's hold has run. With a
camera, the analysis events drive the phases: the hold countdown starts when the camera
sees the hold position, and a rep counts when the camera counts it.

A set's reps are what was done: a set ended with no rep is not rated and not logged;
a set short of its reps is never rated clean.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from upright.motion.result import Fault, Rep
from upright.session.cues import Cue, CueQueue
from upright.session.engine_cues import CueBook
from upright.session.events import (
    CONFIRM_PHASES,
    REP_PHASES,
    WATCH_PHASES,
    CameraEvent,
    Effect,
    Pause,
    Phase,
    Rate,
    RepDone,
    Resume,
    Say,
    SessionEvent,
    SessionFinished,
    SetFinished,
    SkipSet,
    Sound,
    Start,
    StreamEnded,
    TogglePause,
    UserEvent,
)
from upright.session.program import SetPlan
from upright.session.results import FaultLog, Rating, RepLog, SetResult
from upright.session.snapshot import snapshot

#: Steps in which the set-up's cues still apply.
SETTING_UP = frozenset({Phase.SETUP, Phase.GET_READY, Phase.SWITCH_SIDE})


@dataclass(frozen=True)
class Timings:
    """Lengths of the engine's own countdowns, seconds."""

    setup_s: float = 12.0
    get_ready_s: float = 3.0
    switch_side_s: float = 5.0


class SessionEngine:
    """A guided session as a state machine (see the module docstring).

    Parameters
    ----------
    plans
        The sets to run, in order (`upright.session.program.expand`).
    camera
        True when analysis events drive the reps; False for self-paced input.
    start
        Session-clock time of the start, seconds.
    timings
        Lengths of set-up, get-ready and side-switch countdowns.
    auto_rating
        Without a camera, rate every set with this instead of waiting for the runner
        (for scripts and tests); None waits in the ``rate`` phase.
    wall_clock
        Gives the wall-clock time of session time ``start`` (for the log's timestamps).
    """

    def __init__(
        self,
        plans: Iterable[SetPlan],
        *,
        camera: bool,
        start: float = 0.0,
        timings: Timings | None = None,
        auto_rating: Rating | None = None,
        wall_clock: Callable[[], datetime] | None = None,
        cues: CueQueue | None = None,
    ) -> None:
        self.plans = list(plans)
        self.camera = camera
        self.timings = timings or Timings()
        self.auto_rating = auto_rating
        self.cues = cues or CueQueue()
        self._wall0 = (wall_clock or (lambda: datetime.now(UTC)))()
        self._t0 = start
        self._now = start
        self._effects: list[Effect] = []
        self._paused_at: float | None = None
        self.results: list[SetResult] = []
        #: Added to camera event times to put them on the session clock, seconds.
        self.camera_offset_s = 0.0
        #: Every phase entered, with its session time (seconds): a log for tests and debug.
        self.transitions: list[tuple[str, float]] = []
        self._set_no = -1
        self._last_result: SetResult | None = None
        self.phase = Phase.DONE
        self._timer_end: float | None = None
        self._timer_total = 0.0
        if self.plans:
            self._begin_set(0, start)
        else:
            self._finish_session(start)

    # ----- public API ---------------------------------------------------------------
    @property
    def plan(self) -> SetPlan | None:
        """The set under way (None once done)."""
        return self.plans[self._set_no] if 0 <= self._set_no < len(self.plans) else None

    @property
    def following(self) -> SetPlan | None:
        """The set after the current one (None on the last)."""
        nxt = self._set_no + 1
        return self.plans[nxt] if nxt < len(self.plans) else None

    def snapshot(self) -> dict[str, Any]:
        """The state as a JSON-ready dict (keys in `upright.session.snapshot`)."""
        return snapshot(self)

    @property
    def now(self) -> float:
        """The latest session-clock time the engine has seen, seconds."""
        return self._now

    @property
    def side(self) -> str:
        """The side being worked (``left``, ``right``, ``none`` or ``both``)."""
        plan = self.plan
        return plan.sides[self._side_i] if plan else ""

    def reps_per_side(self) -> dict[str, int]:
        """Reps counted so far in the set under way, by side."""
        plan = self.plan
        counts = dict.fromkeys(plan.sides, 0) if plan else {}
        for rep in self._reps if plan else ():
            counts[rep.side] = counts.get(rep.side, 0) + 1
        return counts

    def timer_left(self) -> float | None:
        """Seconds left on the running countdown, None when no countdown runs."""
        if self._timer_end is None:
            return None
        now = self._paused_at if self._paused_at is not None else self._now
        return max(0.0, self._timer_end - now)

    def tick(self, now: float) -> None:
        """Advance the session clock to ``now`` (seconds): run out timers, start cues."""
        if now < self._now:
            return
        if self._paused_at is None:
            while self._timer_end is not None and self._timer_end <= now:
                at = self._timer_end
                self._now = at
                self._timer_end = None
                self._on_timer(at)
        self._now = now
        spoken = self.cues.poll(now)
        if spoken is not None:
            self._effects.append(Say(spoken))

    def handle(self, event: SessionEvent, now: float | None = None) -> None:
        """Take one input: a `UserEvent` or a camera analysis event (`CameraEvent`)."""
        if isinstance(event, UserEvent):
            at = self._at(event.t, now)
            self.tick(at)
            self._on_user(event, at)
        else:
            at = self._at(event.t + self.camera_offset_s, now)
            self.tick(at)
            if self.camera and self._paused_at is None:
                self._on_camera(event, at)
        self.tick(at)

    def _at(self, t: float | None, now: float | None) -> float:
        """When an input happened: its own time, else ``now``, never before the clock."""
        t = now if t is None else t
        return self._now if t is None else max(t, self._now)

    def drain(self) -> list[Effect]:
        """Effects produced since the last call, oldest first."""
        out, self._effects = self._effects, []
        return out

    # ----- transitions ---------------------------------------------------------------
    def _enter(self, phase: Phase, at: float, timer_s: float | None = None) -> None:
        self.phase = phase
        self.transitions.append((phase.value, at))
        # A step's words belong to it: the set-up's (kneel, brace) are dropped once the
        # set is under way, so none is said or shown a step late.
        self.cues.clear(("phase",) if phase in SETTING_UP else ("phase", "setup"))
        if timer_s is None:
            self._timer_end = None
            self._timer_total = 0.0
        else:
            self._timer_end = at + timer_s
            self._timer_total = timer_s

    def _begin_set(self, index: int, at: float) -> None:
        self._set_no = index
        self._side_i = 0
        self._reps: list[RepLog] = []
        self._loose_faults: list[FaultLog] = []
        self._rep_faults: list[FaultLog] = []
        self._rep_start = at
        self._hold_start: float | None = None
        self._hold_s = 0.0
        self._tuck_s = 0.0
        self._set_start = at
        self._notes: list[str] = []
        self._motion_reps: dict[int, int] = {}  # the analysis' rep number -> our rep list
        self._seen_faults: set[tuple[str, float]] = set()
        plan = self.plans[index]
        self._book = CueBook(plan)
        self._enter(Phase.SETUP, at, None if self.camera else self.timings.setup_s)
        for cue in self._book.set_intro(self.side):
            self.cues.push(cue, at)

    def _start_reps(self, at: float) -> None:
        self._enter(Phase.GET_READY, at, self.timings.get_ready_s)

    def _start_rep(self, at: float) -> None:
        plan = self.plan
        assert plan is not None
        self._rep_start = at
        self._hold_s = 0.0
        self._tuck_s = 0.0
        self._hold_start = None
        self._enter(Phase.MOVING, at, None if self.camera else plan.raise_s)
        self._push(self._book.rep_cue(len(self._reps), self.camera), at)

    def _start_hold(self, at: float) -> None:
        plan = self.plan
        assert plan is not None
        self._hold_start = at
        self._enter(Phase.HOLD, at, plan.hold_s)
        self._push(self._book.phase_cue("hold"), at)

    def _start_tuck(self, at: float) -> None:
        plan = self.plan
        assert plan is not None
        self._hold_start = at
        self._enter(Phase.TUCK, at, plan.tuck_hold_s)
        self._push(self._book.phase_cue("tuck"), at)

    def _start_return(self, at: float) -> None:
        plan = self.plan
        assert plan is not None
        self._enter(Phase.RETURN, at, None if self.camera else plan.return_s)
        if not self.camera:
            self._push(self._book.phase_cue("return"), at)

    def _on_timer(self, at: float) -> None:
        plan = self.plan
        phase = self.phase
        if phase is Phase.SETUP:
            self._start_reps(at)
        elif phase in (Phase.GET_READY, Phase.SWITCH_SIDE):
            self._effects.append(Sound("go", at))
            self._start_rep(at)
        elif phase is Phase.REST:
            self._effects.append(Sound("rest_end", at))
            self._begin_set(self._set_no + 1, at)
        elif plan is not None and phase in REP_PHASES:
            self._on_rep_timer(phase, plan, at)

    def _on_rep_timer(self, phase: Phase, plan: SetPlan, at: float) -> None:
        if phase is Phase.MOVING:  # self-paced only: the lift took its prescribed time
            if plan.hold_s > 0:
                self._start_hold(at)
            else:
                self._start_return(at)
        elif phase is Phase.HOLD:
            self._effects.append(Sound("hold_end", at))
            self._hold_s = plan.hold_s
            if self.camera:  # the hold runs on until the camera sees the arm come down
                self._push(self._book.phase_cue("hold_done"), at)
            else:
                self._start_return(at)
        elif phase is Phase.RETURN:  # self-paced only
            if plan.tuck_hold_s > 0:
                self._start_tuck(at)
            else:
                self._await_confirm(at)
        elif phase is Phase.TUCK:
            self._effects.append(Sound("hold_end", at))
            self._tuck_s = plan.tuck_hold_s
            if not self.camera:
                self._await_confirm(at)

    def _await_confirm(self, at: float) -> None:
        """Self-paced: the rep's timers ran out; it counts when the runner says it was done."""
        self._enter(Phase.CONFIRM, at)
        self._push(self._book.confirm_cue(), at)

    def _count_rep(
        self,
        at: float,
        side: str | None = None,
        hold_s: float | None = None,
        motion_rep: int | None = None,
    ) -> None:
        plan = self.plan
        assert plan is not None
        if self.phase is Phase.HOLD and self._hold_start is not None and hold_s is None:
            self._hold_s = min(plan.hold_s, at - self._hold_start)
        rep_side = side if side in plan.sides else self.side
        index = len(self._reps) + 1
        rep = RepLog(
            index=index,
            side=rep_side,
            start_s=self._rep_start - self._set_start,
            end_s=at - self._set_start,
            hold_s=round(self._hold_s if hold_s is None else hold_s, 3),
            tuck_hold_s=round(self._tuck_s, 3),
            faults=tuple(replace(f, rep=index) for f in self._rep_faults),
        )
        self._reps.append(rep)
        self._rep_faults = []
        if motion_rep is not None:
            self._motion_reps[motion_rep] = index - 1
        self._after_rep(at)

    def _after_rep(self, at: float) -> None:
        plan = self.plan
        assert plan is not None
        counts = self.reps_per_side()
        if counts.get(self.side, 0) < plan.reps:
            self._start_rep(at)
            return
        remaining = [i for i, s in enumerate(plan.sides) if counts.get(s, 0) < plan.reps]
        if not remaining:
            self._end_set(at, complete=True)
            return
        self._side_i = remaining[0]
        self._enter(Phase.SWITCH_SIDE, at, self.timings.switch_side_s)
        self._push(self._book.switch_cue(self.side), at)

    def _end_set(self, at: float, complete: bool) -> None:
        plan = self.plan
        assert plan is not None
        if not self._reps:  # nothing was done: nothing to rate, nothing to log
            self._next_set(at)
            return
        if self._rep_faults:
            self._loose_faults.extend(self._rep_faults)
            self._rep_faults = []
        self._last_result = SetResult(
            exercise_id=plan.exercise.id,
            exercise_name=plan.exercise.name,
            exercise_index=plan.exercise_index,
            set_index=plan.set_index,
            sides=plan.sides,
            reps_target=plan.reps,
            reps=tuple(self._reps),
            started_at=self._wall(self._set_start),
            ended_at=self._wall(at),
            source="camera" if self.camera else "self_report",
            load_kg=plan.prescription.load_kg,
            faults=tuple(self._loose_faults),
            complete=complete,
            notes=tuple(self._notes),
        )
        if self.camera:
            self._save_set(self._last_result.suggested_rating(), at)
        elif self.auto_rating is not None:
            self._save_set(self._allowed(self.auto_rating), at)
        else:
            self._enter(Phase.RATE, at)
            self._push(self._book.rate_cue(), at)

    def _allowed(self, rating: Rating) -> Rating:
        """``rating``, or "some faults" for a "clean" the set's reps cannot back."""
        result = self._last_result
        assert result is not None
        if rating == "clean" and not result.full:
            self._last_result = replace(
                result,
                notes=(*result.notes, f"not rated clean: short of {result.reps_target} reps"),
            )
            return "some_faults"
        return rating

    def _next_set(self, at: float) -> None:
        """Straight on to the next set (or the end) after a set with nothing to log."""
        if self._set_no + 1 >= len(self.plans):
            self._finish_session(at)
        else:
            self._begin_set(self._set_no + 1, at)

    def _save_set(self, rating: Rating, at: float) -> None:
        assert self._last_result is not None
        result = replace(self._last_result, rating=rating)
        self._last_result = result
        self.results.append(result)
        self._effects.append(SetFinished(result))
        if self._set_no + 1 >= len(self.plans):
            self._finish_session(at)
            return
        plan = self.plan
        assert plan is not None
        self._enter(Phase.REST, at, plan.rest_s)
        self._push(self._book.rest_cue(plan.rest_s, self.plans[self._set_no + 1]), at)

    def _finish_session(self, at: float) -> None:
        self._enter(Phase.DONE, at)
        self._effects.append(SessionFinished(at))
        self.cues.push(CueBook.done_cue(), at)

    # ----- inputs ----------------------------------------------------------------------
    def _on_user(self, event: UserEvent, at: float) -> None:
        if isinstance(event, Pause | Resume | TogglePause):
            self._pause(event, at)
            return
        if self._paused_at is not None:
            return
        match event:
            case Rate(rating=rating) if self.phase is Phase.RATE:
                self._on_rating(rating, at)
            case RepDone() | Start():
                self._on_key(event, at)
            case SkipSet() | StreamEnded() if self.phase in WATCH_PHASES:
                if isinstance(event, StreamEnded):
                    self._notes.append("the camera stream ended before the set was complete")
                self._end_set(at, complete=False)

    def _on_rating(self, rating: Rating, at: float) -> None:
        result = self._last_result
        if rating == "clean" and result is not None and not result.full:
            self._push(self._book.not_clean_cue(result.reps_target), at)
            return  # still waiting for an honest rating
        self._save_set(rating, at)

    @property
    def rep_done_counts(self) -> bool:
        """True when a "rep done" press would count a rep now (self-paced, hold run)."""
        return not self.camera and self._paused_at is None and self.phase in CONFIRM_PHASES

    def _on_key(self, event: RepDone | Start, at: float) -> None:
        if self.phase is Phase.SETUP:
            self._start_reps(at)
        elif self.phase in (Phase.GET_READY, Phase.SWITCH_SIDE):
            self._effects.append(Sound("go", at))
            self._start_rep(at)
        elif self.phase is Phase.REST:
            self._begin_set(self._set_no + 1, at)
        elif isinstance(event, RepDone) and self.rep_done_counts:
            if self.phase is Phase.TUCK and self._hold_start is not None:
                self._tuck_s = at - self._hold_start
            self._count_rep(at)
        elif isinstance(event, RepDone) and not self.camera and self.phase in REP_PHASES:
            self._push(self._book.too_early_cue(), at)

    def _pause(self, event: Pause | Resume | TogglePause, at: float) -> None:
        toggled = isinstance(event, TogglePause) and self._paused_at is None
        pausing = isinstance(event, Pause) or toggled
        if pausing and self._paused_at is None:
            self._paused_at = at
        elif not pausing and self._paused_at is not None:
            if self._timer_end is not None:
                self._timer_end += at - self._paused_at
            self._paused_at = None

    def _on_camera(self, event: CameraEvent, at: float) -> None:
        kind = event.kind
        if kind == "out_of_frame":
            self._push(self._book.out_of_frame_cue(), at)
        elif self.phase not in WATCH_PHASES:
            return  # resting, rating or done: movement now belongs to no set
        elif kind == "fault":
            self._on_fault(event, at)
        elif kind == "not_counted":
            self._push(self._book.not_counted_cue(event.message), at)
        elif kind in ("ready", "setup"):
            if self.phase is Phase.SETUP:
                self._start_reps(at)
        elif kind == "rep_started":
            self._on_rep_started(at)
        elif kind == "hold_reached":
            self._on_hold_reached(at)
        elif kind == "hold_ended":
            self._on_hold_ended(event, at)
        elif kind == "rep_counted":
            self._on_rep_counted(event, at)

    def _on_rep_counted(self, event: CameraEvent, at: float) -> None:
        if self.phase not in REP_PHASES:
            self._start_rep(at)
        rep = event.rep
        hold_s = event.hold_s
        if isinstance(rep, Rep):  # the analysis's rep: its own times, holds and faults
            self._seen_faults.clear()  # fault events after this one repeat this rep's faults
            hold_s = rep.hold_s
            self._tuck_s = rep.tuck_hold_s
            self._rep_start = min(at, rep.start + self.camera_offset_s)
            for fault in rep.faults:
                self._take_fault(fault, at)
        self._count_rep(at, side=event.side, hold_s=hold_s, motion_rep=_rep_number(rep))

    def _take_fault(self, fault: Fault, at: float) -> FaultLog | None:
        """Log a fault once, however many events carry it; None when already logged."""
        at_s = fault.at + self.camera_offset_s - self._set_start
        ident = (fault.rule, round(at_s, 3))
        if ident in self._seen_faults:
            return None
        self._seen_faults.add(ident)
        log = self._book.fault_log(fault, at_s)
        if log is not None:
            self._rep_faults.append(log)
        return log

    def _on_rep_started(self, at: float) -> None:
        if self.phase in (Phase.SETUP, Phase.GET_READY, Phase.SWITCH_SIDE):
            self._start_rep(at)
        elif self.phase is Phase.MOVING:
            self._rep_start = at

    def _on_hold_reached(self, at: float) -> None:
        plan = self.plan
        assert plan is not None
        if self.phase in (Phase.SETUP, Phase.GET_READY, Phase.SWITCH_SIDE):
            self._start_rep(at)
        if self.phase is Phase.MOVING and plan.hold_s > 0:
            self._start_hold(at)
        elif self.phase is Phase.RETURN and plan.tuck_hold_s > 0:
            self._start_tuck(at)

    def _on_hold_ended(self, event: CameraEvent, at: float) -> None:
        if self._hold_start is None:
            return
        held = event.hold_s
        held_s = float(held) if held is not None else at - self._hold_start
        if self.phase is Phase.HOLD:
            self._hold_s = held_s
            self._start_return(at)
        elif self.phase is Phase.TUCK:
            self._tuck_s = held_s
            self._enter(Phase.RETURN, at)
        self._hold_start = None

    def _on_fault(self, event: CameraEvent, at: float) -> None:
        fault = event.fault
        if fault is None:
            return
        self._push(self._book.fault_cue(fault.rule), at)
        number = _rep_number(event.rep)
        target = self._motion_reps.get(number) if number is not None else None
        pending = len(self._rep_faults)
        log = self._take_fault(fault, at)
        if log is not None and target is not None:  # judged after its rep was counted
            del self._rep_faults[pending:]
            done = self._reps[target]
            self._reps[target] = replace(done, faults=(*done.faults, replace(log, rep=done.index)))

    # ----- helpers ---------------------------------------------------------------------
    def _push(self, cue: Cue | None, at: float) -> None:
        if cue is not None:
            self.cues.push(cue, at)

    def _wall(self, t: float) -> datetime:
        return self._wall0 + timedelta(seconds=t - self._t0)

    @property
    def last_result(self) -> SetResult | None:
        """The set finished last (its summary is on screen during the rest)."""
        return self._last_result

    @property
    def paused(self) -> bool:
        """True while the session is paused (timers frozen)."""
        return self._paused_at is not None

    @property
    def timer_total(self) -> float:
        """Length of the running countdown, seconds (0 when none runs)."""
        return self._timer_total if self._timer_end is not None else 0.0


def _rep_number(rep: Rep | int | None) -> int | None:
    """The analysis's number for a rep an event names (the `Rep` itself or its number)."""
    return rep.index if isinstance(rep, Rep) else rep
