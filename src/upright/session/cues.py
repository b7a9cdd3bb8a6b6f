"""The cue queue: what the coach says next, so that cues never talk over each other.

Cues wait in a priority queue (1 is most urgent: safety and form faults come before
phase instructions, which come before encouragement). The queue starts at most one cue
at a time, never before the one in progress has finished speaking, and never sooner
than ``min_gap_s`` seconds after the previous one started. A cue that waited longer
than its time to live is dropped: a stale correction only confuses. Times are seconds
on the session clock.
"""

from __future__ import annotations

import heapq
import itertools
from dataclasses import dataclass, field, replace
from typing import Literal

CueKind = Literal["safety", "fault", "phase", "setup", "encourage"]

#: Priorities of cues that do not come from a catalog rule (rules carry their own, 1-9).
PRIORITY: dict[str, int] = {"safety": 0, "phase": 3, "setup": 3, "encourage": 8}
#: Seconds a cue may wait in the queue before it is dropped, by kind.
TTL_S: dict[str, float] = {
    "safety": 6.0,
    "fault": 6.0,
    "phase": 4.0,
    "setup": 30.0,
    "encourage": 5.0,
}
#: Kinds not repeated within ``repeat_after_s`` (phase calls belong to their moment).
REPEAT_LIMITED: frozenset[str] = frozenset({"safety", "fault", "encourage"})
#: Cues at or above this priority number may be cut short by an urgent one.
INTERRUPTIBLE_FROM = 8
#: Cues at or below this priority number cut short an interruptible cue in progress.
URGENT_UP_TO = 2

# Fitted to espeak-ng at 165 words a minute on the catalog's cues, then rounded up:
# about 0.23 s a word, 0.43 s a comma or colon, 0.49 s a sentence end.
_LEAD_S = 0.3
_WORD_S = 0.3
_PAUSE_S = {",": 0.45, ":": 0.45, ";": 0.45, ".": 0.5, "!": 0.5, "?": 0.5}


def estimate_speech_s(text: str) -> float:
    """Seconds the text takes to speak: a deliberately generous estimate.

    A test checks it is never shorter than what espeak-ng actually renders for the
    catalog's cues, so cues timed with it do not overlap.
    """
    words = max(1, len(text.split()))
    pauses = sum(_PAUSE_S.get(ch, 0.0) for ch in text)
    return round(_LEAD_S + words * _WORD_S + pauses, 2)


@dataclass(frozen=True)
class Cue:
    """One thing to say and show.

    ``key`` identifies a repeated cue (a rule id, a phase name): the same key is not
    queued twice and is not repeated within ``repeat_after_s`` of being spoken.
    """

    text: str
    kind: CueKind
    priority: int
    key: str = ""
    duration_s: float = 0.0
    ttl_s: float = 0.0

    @classmethod
    def make(
        cls,
        text: str,
        kind: CueKind,
        priority: int | None = None,
        key: str = "",
        ttl_s: float | None = None,
    ) -> Cue:
        """Build a cue; priority and time to live default to those of its kind."""
        return cls(
            text=text,
            kind=kind,
            priority=PRIORITY.get(kind, 5) if priority is None else priority,
            key=key or text,
            duration_s=estimate_speech_s(text),
            ttl_s=TTL_S[kind] if ttl_s is None else ttl_s,
        )


@dataclass(frozen=True)
class Spoken:
    """A cue as it was started: when, and until when it speaks (seconds)."""

    cue: Cue
    start: float
    end: float
    interrupted: bool = False


@dataclass
class CueQueue:
    """Priority queue of cues with a minimum gap and no overlap.

    Parameters
    ----------
    min_gap_s
        Least time between the starts of two cues, seconds.
    repeat_after_s
        Least time before the same ``key`` is spoken again, seconds.
    """

    min_gap_s: float = 2.0
    repeat_after_s: float = 8.0
    _heap: list[tuple[int, int, float, Cue]] = field(default_factory=list)
    _order: itertools.count[int] = field(default_factory=itertools.count)
    _current: Spoken | None = None
    _last_said: dict[str, float] = field(default_factory=dict)
    history: list[Spoken] = field(default_factory=list)

    @property
    def current(self) -> Spoken | None:
        """The cue started last (it may have finished speaking)."""
        return self._current

    def pending(self) -> list[Cue]:
        """Queued cues, most urgent first."""
        return [c for _, _, _, c in sorted(self._heap)]

    def push(self, cue: Cue, now: float) -> None:
        """Queue ``cue`` at ``now`` (seconds).

        Skipped when its key already waits, or when a correction or encouragement with
        the same key was said less than ``repeat_after_s`` ago.
        """
        if not cue.key:
            cue = replace(cue, key=cue.text)
        last = self._last_said.get(cue.key)
        if cue.kind in REPEAT_LIMITED and last is not None and now - last < self.repeat_after_s:
            return
        for i, (prio, order, at, queued) in enumerate(self._heap):
            if queued.key == cue.key:
                if cue.priority < prio:
                    self._heap[i] = (cue.priority, order, at, queued)
                    heapq.heapify(self._heap)
                return
        heapq.heappush(self._heap, (cue.priority, next(self._order), now, cue))

    def clear(self, kinds: tuple[CueKind, ...] = ("phase", "setup", "encourage")) -> None:
        """Drop queued cues of these kinds (e.g. when the phase they belong to is over)."""
        self._heap = [item for item in self._heap if item[3].kind not in kinds]
        heapq.heapify(self._heap)

    def poll(self, now: float) -> Spoken | None:
        """Start the next cue if one may start at ``now``; return it, else None."""
        self._drop_stale(now)
        if not self._heap:
            return None
        cur = self._current
        if cur is not None:
            head = self._heap[0][3]
            urgent = (
                head.priority <= URGENT_UP_TO
                and cur.cue.priority >= INTERRUPTIBLE_FROM
                and now < cur.end
            )
            if urgent:
                self._interrupt(now)
            elif now < cur.end or now - cur.start < self.min_gap_s:
                return None
        _, _, _, cue = heapq.heappop(self._heap)
        spoken = Spoken(cue=cue, start=now, end=now + cue.duration_s)
        self._current = spoken
        self._last_said[cue.key] = now
        self.history.append(spoken)
        return spoken

    def _interrupt(self, now: float) -> None:
        cur = self._current
        assert cur is not None
        cut = replace(cur, end=now, interrupted=True)
        self._current = cut
        self.history[-1] = cut

    def _drop_stale(self, now: float) -> None:
        fresh = [item for item in self._heap if now - item[2] <= item[3].ttl_s]
        if len(fresh) != len(self._heap):
            self._heap = fresh
            heapq.heapify(self._heap)
