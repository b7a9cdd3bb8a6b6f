"""One connection's calls run in order on the shared threads, closing last."""

from __future__ import annotations

import asyncio
import threading
import time

from upright.web.live_pools import LIVE_THREADS, InOrder, shared_pool


def test_the_pools_are_shared_and_bounded() -> None:
    assert shared_pool("live") is shared_pool("live")
    assert shared_pool("live")._max_workers == LIVE_THREADS
    assert shared_pool("pose") is not shared_pool("live")


def test_close_waits_for_the_call_in_progress_even_when_its_caller_left() -> None:
    log: list[str] = []
    started, done = threading.Event(), threading.Event()

    def slow() -> None:
        started.set()
        time.sleep(0.2)
        log.append("frame")

    def close() -> None:
        log.append("close")
        done.set()

    async def scenario() -> None:
        calls = InOrder()
        task = asyncio.create_task(calls.run("pose", slow))
        while not started.is_set():
            await asyncio.sleep(0.01)
        task.cancel()  # the page went away mid-frame
        calls.then(close)
        assert log == []

    asyncio.run(scenario())
    assert done.wait(5)
    assert log == ["frame", "close"]


def test_a_call_starts_after_the_previous_one_ended() -> None:
    log: list[str] = []

    def step(name: str, pause: float) -> str:
        log.append(f"{name} start")
        time.sleep(pause)
        log.append(f"{name} end")
        return name

    async def scenario() -> list[str]:
        calls = InOrder()
        first = asyncio.create_task(calls.run("pose", step, "a", 0.2))
        await asyncio.sleep(0.05)
        first.cancel()  # its caller left; the call itself goes on
        return [await calls.run("live", step, "b", 0.0)]

    assert asyncio.run(scenario()) == ["b"]
    assert log == ["a start", "a end", "b start", "b end"]
