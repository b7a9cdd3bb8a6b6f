"""The threads that run the live connections' work, shared by every connection.

A connection's calls (open the session, each frame or rows message, close) run one
after another, in order, on a few threads the whole server shares: `LIVE_THREADS` for
rows, buttons, opening and closing, and `upright.workflows.live.POSE_AT_ONCE` for
camera frames (pose is the heavy part, and more at once only makes the model's threads
fight for the cores). A thread per connection would mean a new thread, and its own
memory arena, for every page that opens the Live view.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

from upright.workflows.live import POSE_AT_ONCE

T = TypeVar("T")

#: Threads for the rows, button, open and close work of all live connections.
LIVE_THREADS = 4

_pools: dict[str, ThreadPoolExecutor] = {}
_pools_lock = threading.Lock()


def shared_pool(kind: str) -> ThreadPoolExecutor:
    """The server's pool for ``kind`` ("live" or "pose"), started on first use."""
    with _pools_lock:
        pool = _pools.get(kind)
        if pool is None:
            size = POSE_AT_ONCE if kind == "pose" else LIVE_THREADS
            pool = _pools[kind] = ThreadPoolExecutor(size, thread_name_prefix=f"upright-{kind}")
        return pool


class InOrder:
    """One connection's calls, run in order on the shared pools (one at a time)."""

    def __init__(self) -> None:
        self._last: Future[Any] | None = None

    async def run(self, kind: str, fn: Callable[..., T], *args: Any) -> T:
        """Run ``fn(*args)`` on the ``kind`` pool once the previous call has ended."""
        if self._last is not None and not self._last.done():
            await asyncio.wait({asyncio.wrap_future(self._last)})  # its outcome was taken
        future = shared_pool(kind).submit(fn, *args)
        self._last = future
        return await asyncio.wrap_future(future)

    def then(self, fn: Callable[[], object]) -> Future[None]:
        """Run ``fn()`` on the live pool after the call in progress, without waiting.

        For closing: it runs even when the caller is being cancelled. The future ends
        when ``fn`` has run (a caller not cancelled may wait for it).
        """
        last = self._last
        ran: Future[None] = Future()

        def call() -> None:
            try:
                fn()
            except BaseException as exc:
                ran.set_exception(exc)
            else:
                ran.set_result(None)

        def submit(_done: object = None) -> None:
            try:
                shared_pool("live").submit(call)
            except RuntimeError:  # the interpreter is shutting down: no pool any more
                call()

        if last is None or last.done():
            submit()
        else:
            last.add_done_callback(submit)
        return ran
