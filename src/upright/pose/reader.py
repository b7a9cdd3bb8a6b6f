"""Read ahead: frames decoded on a thread of their own while the model works on earlier ones.

OpenCV releases the GIL while it decodes and LiteRT while it runs the model, so with a
reader thread feeding a small bounded queue both CPU cores work at once: one decodes
frame ``i + 1`` while the other finds the person in frame ``i``. The queue holds a few
frames only (a 1080p frame is 6 MB), and the reader stops as soon as the consumer does.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Generator, Iterable
from typing import TypeVar

T = TypeVar("T")

DEPTH = 4  # frames decoded ahead; more only costs memory once decoding keeps up
_END = object()


class _Failed:
    """The exception the source raised, carried across to the consumer."""

    def __init__(self, exc: BaseException) -> None:
        self.exc = exc


def read_ahead(source: Iterable[T], depth: int = DEPTH) -> Generator[T, None, None]:
    """The items of ``source``, in order, produced on a background thread.

    An exception raised by ``source`` is raised here, after the items before it. When
    the consumer stops early (``break``, an exception, or closing the generator), the
    thread stops too and is joined before this generator returns, so the caller may
    release the source right after.
    """
    items: queue.Queue[object] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def put(item: object) -> bool:
        while not stop.is_set():
            try:
                items.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        items_of = iter(source)
        try:
            for item in items_of:
                if not put(item):
                    return
        except BaseException as exc:  # handed to the consumer, raised there
            put(_Failed(exc))
            return
        finally:
            close = getattr(items_of, "close", None)
            if close is not None:  # a generator source ends here, on this thread
                close()
        put(_END)

    thread = threading.Thread(target=produce, name="upright-frame-reader", daemon=True)
    thread.start()
    try:
        while True:
            item = items.get()
            if item is _END:
                return
            if isinstance(item, _Failed):
                raise item.exc
            yield item  # type: ignore[misc]
    finally:
        stop.set()
        thread.join()
