"""Progress plots kept rendered per athlete, so a busy History page does not redraw them.

Drawing the plots is the slow part of the History page (about 0.3 s of CPU), and reading
everything they show means reading every set the athlete ever logged. So a `PlotCache`
keeps each athlete's last drawing and:

- looks at the data again at most every ``refresh_s`` seconds (between two looks the
  plots shown may miss a set logged meanwhile; the page's table of recent sets does not);
- redraws only when what the plots show changed;
- lets one request at a time look and redraw: the others are shown the last drawing
  meanwhile, or wait for the first one when there is none yet.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import TypeVar

Plots = list[tuple[str, str]]  # (title, PNG data URI)
_Data = TypeVar("_Data")


@dataclass
class _Entry:
    key: Hashable
    plots: Plots
    looked: float  # clock time of the last look at the data, seconds


class PlotCache:
    """The plots of up to ``size`` athletes (see the module docstring).

    Parameters
    ----------
    size
        Athletes whose plots are kept; the least recently shown one goes first.
    refresh_s
        Seconds between two looks at an athlete's data.
    clock
        Monotonic seconds (injected by tests).
    """

    def __init__(
        self,
        size: int = 16,
        refresh_s: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.size = size
        self.refresh_s = refresh_s
        self._clock = clock
        self._entries: OrderedDict[int, _Entry] = OrderedDict()
        self._busy: dict[int, threading.Event] = {}
        self._lock = threading.Lock()

    def get(
        self,
        athlete_id: int,
        look: Callable[[], tuple[Hashable, _Data]],
        render: Callable[[_Data], Plots],
    ) -> Plots:
        """The athlete's plots.

        ``look()`` reads the data: (a key that changes when the plots would, the data);
        ``render(data)`` draws them.
        """
        while True:
            with self._lock:
                entry = self._entries.get(athlete_id)
                fresh = entry is not None and self._clock() - entry.looked < self.refresh_s
                if entry is not None and (fresh or athlete_id in self._busy):
                    self._entries.move_to_end(athlete_id)
                    return entry.plots
                busy = self._busy.get(athlete_id)
                if busy is None:
                    self._busy[athlete_id] = threading.Event()
                    break
            busy.wait()  # the first drawing is under way in another request
        try:
            key, data = look()
            plots = entry.plots if entry is not None and entry.key == key else render(data)
            with self._lock:
                self._entries[athlete_id] = _Entry(key, plots, self._clock())
                self._entries.move_to_end(athlete_id)
                while len(self._entries) > self.size:
                    self._entries.popitem(last=False)
        finally:
            with self._lock:
                self._busy.pop(athlete_id).set()
        return plots
