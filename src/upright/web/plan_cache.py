"""Plans kept between page loads until the database changes.

Today, Plan, Session and Live each make the athlete's plan, and making it reads the
profile, the running log, the races and the last sessions' sets: a dozen queries a page.
A `PlanCache` keeps each plan it made and gives it again while nothing was written:

- every write committed through SQLAlchemy in this process (this server's sets, imports,
  profiles; a test's own store) ends the plans kept before it at once;
- a write by another process (the CLI, a worker, a second server on the same PostgreSQL)
  is seen within ``max_age_s`` seconds, when a kept plan is made again anyway.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar, cast

from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session

_T = TypeVar("_T")
_generation = itertools.count(1)
_current = [0]  # bumped after every commit that wrote (read without a lock: one int)
_listening = threading.Lock()
_installed = [False]


def _wrote(session: Session, *_args: Any) -> None:
    session.info["upright_wrote"] = True


def _orm_execute(state: ORMExecuteState) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        state.session.info["upright_wrote"] = True


def _committed(session: Session) -> None:
    if session.info.pop("upright_wrote", False):
        _current[0] = next(_generation)


def _rolled_back(session: Session) -> None:
    session.info.pop("upright_wrote", None)


def watch_writes() -> None:
    """Listen to every SQLAlchemy session of this process for committed writes (once)."""
    with _listening:
        if _installed[0]:
            return
        event.listen(Session, "after_flush", _wrote)
        event.listen(Session, "do_orm_execute", _orm_execute)
        event.listen(Session, "after_commit", _committed)
        event.listen(Session, "after_rollback", _rolled_back)
        _installed[0] = True


def write_generation() -> int:
    """A number that changes after every write committed in this process."""
    return _current[0]


class PlanCache:
    """Values (plans) by key, kept until a write or ``max_age_s`` seconds.

    Parameters
    ----------
    size
        Values kept; the least recently used goes first.
    max_age_s
        Longest a value is given again, seconds (bounds how late another process's
        writes are seen).
    clock
        Monotonic seconds (injected by tests).
    """

    def __init__(
        self, size: int = 64, max_age_s: float = 2.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        watch_writes()
        self.size = size
        self.max_age_s = max_age_s
        self._clock = clock
        self._items: OrderedDict[Hashable, tuple[int, float, object]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, make: Callable[[], _T]) -> _T:
        """The value kept for ``key``, or ``make()``'s (kept when nothing was written meanwhile).

        A key stands for one computation, so what is kept under it is what ``make`` gives.
        """
        generation, now = write_generation(), self._clock()
        with self._lock:
            item = self._items.get(key)
            if item is not None and item[0] == generation and now - item[1] < self.max_age_s:
                self._items.move_to_end(key)
                return cast(_T, item[2])
        value = make()  # read after `generation`: a write committed meanwhile changes it
        with self._lock:
            self._items[key] = (generation, now, value)
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value
