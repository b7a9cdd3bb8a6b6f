"""Reading ahead: frames decoded on their own thread, in order, errors and stops passed on."""

import threading
from contextlib import closing

import numpy as np
import pytest

from upright.pose import VideoError, VideoFile
from upright.pose.reader import read_ahead


def test_real_frames_arrive_in_order_and_equal_from_another_thread(clip_path):
    with VideoFile(clip_path) as video:
        direct = list(video)
    threads = []

    def frames():
        with VideoFile(clip_path) as video:
            for item in video:
                threads.append(threading.current_thread().name)
                yield item

    ahead = list(read_ahead(frames(), depth=2))
    assert len(ahead) == len(direct) == 60
    assert [t for _, t in ahead] == [t for _, t in direct]
    for (a, _), (b, _) in zip(ahead, direct, strict=True):
        np.testing.assert_array_equal(a, b)
    assert set(threads) == {"upright-frame-reader"}  # decoded off the caller's thread


def test_an_error_of_the_source_comes_after_the_items_before_it():
    def source():
        yield from range(5)
        raise VideoError("clip.mp4: truncated or damaged")

    got = []
    with pytest.raises(VideoError, match="truncated"):
        for item in read_ahead(source(), depth=2):
            got.append(item)
    assert got == [0, 1, 2, 3, 4]


def test_stopping_early_stops_and_joins_the_reader():
    produced = []
    finished = threading.Event()

    def source():
        try:
            for i in range(10_000):
                produced.append(i)
                yield i
        finally:
            finished.set()

    before = threading.active_count()
    with closing(read_ahead(source(), depth=3)) as items:
        for item in items:
            if item == 10:
                break
    assert finished.is_set()  # the source was closed on the reader thread
    assert threading.active_count() == before
    assert len(produced) <= 10 + 1 + 3 + 1  # never more than the queue's depth ahead
