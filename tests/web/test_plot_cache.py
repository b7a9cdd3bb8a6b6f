"""The History page's plot cache: one drawing per change, looked at most every few seconds."""

from __future__ import annotations

import threading
import time

import pytest

from upright.web.plot_cache import PlotCache


class Data:
    """What the plots show, with counts of looks and drawings."""

    def __init__(self) -> None:
        self.version = 1
        self.looks = 0
        self.drawn = 0

    def look(self) -> tuple[int, int]:
        self.looks += 1
        return self.version, self.version

    def render(self, version: int) -> list[tuple[str, str]]:
        self.drawn += 1
        return [("sets", f"v{version}")]


def test_drawn_once_per_change_and_looked_at_most_every_refresh() -> None:
    now = [0.0]
    cache, data = PlotCache(refresh_s=5.0, clock=lambda: now[0]), Data()
    assert cache.get(1, data.look, data.render) == [("sets", "v1")]
    data.version = 2  # a set logged
    now[0] = 4.9
    assert cache.get(1, data.look, data.render) == [("sets", "v1")]  # not looked yet
    assert (data.looks, data.drawn) == (1, 1)
    now[0] = 5.0
    assert cache.get(1, data.look, data.render) == [("sets", "v2")]
    now[0] = 10.0
    assert cache.get(1, data.look, data.render) == [("sets", "v2")]  # looked, not redrawn
    assert (data.looks, data.drawn) == (3, 2)


def test_athletes_are_kept_apart_and_the_oldest_goes_first() -> None:
    cache = PlotCache(size=2, refresh_s=60.0)
    drawn: list[int] = []

    def get(aid: int) -> list[tuple[str, str]]:
        return cache.get(aid, lambda: (aid, aid), lambda a: drawn.append(a) or [(str(a), "")])

    assert [get(a) for a in (1, 2, 1, 3)] == [[("1", "")], [("2", "")], [("1", "")], [("3", "")]]
    get(1)
    get(2)  # 2 went when 3 came (1 had been shown since)
    assert drawn == [1, 2, 3, 2]


def test_concurrent_requests_draw_once() -> None:
    cache, started, release = PlotCache(), threading.Event(), threading.Event()
    drawn: list[int] = []

    def render(v: int) -> list[tuple[str, str]]:
        drawn.append(v)
        started.set()
        release.wait(5)
        return [("p", str(v))]

    got: list[list[tuple[str, str]]] = []
    threads = [
        threading.Thread(target=lambda: got.append(cache.get(7, lambda: (1, 1), render)))
        for _ in range(8)
    ]
    for t in threads:
        t.start()
    assert started.wait(5)
    time.sleep(0.05)
    release.set()
    for t in threads:
        t.join(5)
    assert drawn == [1] and got == [[("p", "1")]] * 8


def test_a_failed_drawing_lets_the_next_request_try_again() -> None:
    cache = PlotCache()

    def broken(_: object) -> list[tuple[str, str]]:
        raise OSError("disk full")

    with pytest.raises(OSError):
        cache.get(1, lambda: (1, 1), broken)
    assert cache.get(1, lambda: (1, 1), lambda v: [("p", str(v))]) == [("p", "1")]
