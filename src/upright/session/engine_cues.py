"""The words of a set: the catalog's set-up and form cues plus the coach's phase calls.

Set-up lines (`Exercise.setup`), form cues (`Exercise.cues`), the short phase calls
("Hold.", "And back.": `Exercise.call`, defaults in `upright.catalog.DEFAULT_CALLS`) and
fault cues (`Rule.cue` with `Rule.priority`) all come from the catalog.
"""

from __future__ import annotations

from upright.catalog import Rule
from upright.motion.result import Fault
from upright.session.cues import Cue
from upright.session.program import SetPlan
from upright.session.results import FaultLog

#: How a fault's cue key starts: the rule id follows (the snapshot links its demonstration).
RULE_KEY = "rule:"

#: A phase call said later than this after its moment is dropped, seconds.
CALL_TTL_S = 1.5
#: Encouragement every this many reps (form cues from the catalog, in turn).
ENCOURAGE_EVERY = 3


class CueBook:
    """The cues of one set, built from its exercise in the catalog."""

    def __init__(self, plan: SetPlan) -> None:
        self.plan = plan
        self.exercise = plan.exercise

    def set_intro(self, side: str) -> list[Cue]:
        """Announce the set, then its set-up lines."""
        intro = f"{self.plan.title}."
        words = self.exercise.side_words(side)
        if words:
            intro += f" {words.capitalize()} first."
        cues = [Cue.make(intro, "phase", key="intro")]
        cues += [
            Cue.make(line, "setup", key=f"setup{i}") for i, line in enumerate(self.exercise.setup)
        ]
        return cues

    def phase_cue(self, name: str) -> Cue | None:
        """The short call for a phase, None when the exercise has none."""
        text = self.exercise.call(name)
        return Cue.make(text, "phase", key=f"call:{name}", ttl_s=CALL_TTL_S) if text else None

    def rep_cue(self, rep_index: int, camera: bool) -> Cue | None:
        """What to say as rep ``rep_index`` (0-based) starts.

        Every ``ENCOURAGE_EVERY`` reps a form cue from the catalog, in turn; otherwise,
        without a camera, the phase call (the metronome's beat). With a camera the first
        rep is called too: the runner is told to move, not left waiting on a silent screen
        until the camera sees a rep.
        """
        cues = self.exercise.cues
        if cues and rep_index % ENCOURAGE_EVERY == 1:
            text = cues[(rep_index // ENCOURAGE_EVERY) % len(cues)]
            return Cue.make(text, "encourage", key=f"form:{text}")
        return None if camera and rep_index > 0 else self.phase_cue("moving")

    @staticmethod
    def confirm_cue() -> Cue:
        """Ask the runner to confirm the rep just done (self-paced: nothing counts alone)."""
        return Cue.make("Did that rep? Tap Rep done.", "phase", key="confirm")

    @staticmethod
    def too_early_cue() -> Cue:
        """Rep done pressed before the hold ran: it does not count yet."""
        return Cue.make("Finish the hold first; then tap Rep done.", "phase", key="early")

    @staticmethod
    def not_clean_cue(reps: int) -> Cue:
        """A clean rating refused for a set short of its reps."""
        return Cue.make(
            f"A clean set needs all {reps} reps. Was it some faults, or a struggle?",
            "phase",
            priority=1,  # said before anything else waiting: the set is not saved until then
            key="not_clean",
            ttl_s=30.0,
        )

    def switch_cue(self, side: str) -> Cue:
        """Announce the side switch."""
        words = self.exercise.side_words(side) or side
        return Cue.make(f"Switch sides: {words}.", "phase", key="switch")

    def rate_cue(self) -> Cue:
        """Ask for the self-rating."""
        return Cue.make(
            "Set done. How was it: clean, some faults, or a struggle?", "phase", key="rate"
        )

    def rest_cue(self, rest_s: float, following: SetPlan) -> Cue:
        """Announce the rest and what comes after it."""
        return Cue.make(
            f"Rest {rest_s:g} seconds. Next up: {following.title}.", "phase", key="rest"
        )

    @staticmethod
    def done_cue() -> Cue:
        """The whole session is done."""
        return Cue.make("That's the session done. Well worked.", "phase", key="done")

    @staticmethod
    def out_of_frame_cue() -> Cue:
        """Safety first: the camera has lost the runner."""
        return Cue.make(
            "I can't see you. Move back into the camera's view.", "safety", key="out_of_frame"
        )

    @staticmethod
    def not_counted_cue(message: str) -> Cue:
        """A movement the camera did not count, with its reason when there is one."""
        text = "That one didn't count." + (f" {message.strip()}" if message.strip() else "")
        return Cue.make(text, "fault", priority=5, key="not_counted")

    def rule(self, rule_id: str) -> Rule | None:
        """The exercise's rule ``rule_id``, None when the exercise has no such rule."""
        return next((r for r in self.exercise.rules if r.id == rule_id), None)

    def fault_log(self, fault: Fault, at_s: float) -> FaultLog:
        """A fault as a log entry, ``at_s`` seconds into the set (value vs threshold)."""
        rule_id = fault.rule
        rule = self.rule(rule_id)
        value = float(fault.value)
        threshold = float(fault.threshold)
        return FaultLog(
            rule=rule_id,
            name=fault.name or (rule.name if rule else rule_id),
            value=value,
            threshold=threshold,
            units=fault.units,
            at_s=round(at_s, 3),
            severity=fault.severity,
            description=rule.describe(value) if rule else f"{value:.1f} vs {threshold:g}",
        )

    def fault_cue(self, rule_id: str) -> Cue | None:
        """The rule's own cue at the rule's priority; None for a rule we do not know."""
        rule = self.rule(rule_id)
        if rule is None or not rule.cue:
            return None
        return Cue.make(rule.cue, "fault", priority=rule.priority, key=f"{RULE_KEY}{rule_id}")
