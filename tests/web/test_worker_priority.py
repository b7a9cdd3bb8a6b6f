"""An analysis worker yields the CPU to live coaching: lower priority, one pose thread."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from upright.web.settings import WebSettings
from upright.web.worker import WORKER_NICE, WorkerPool

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")


def _nice(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[16])


def test_a_worker_process_runs_at_lower_priority_than_its_server(settings: WebSettings) -> None:
    if os.nice(0) >= 19:
        pytest.skip("the tests already run at the lowest priority")
    pool = WorkerPool(settings, 1)
    pool.start()
    try:
        (pid,) = pool.pids
        expected = min(19, os.nice(0) + WORKER_NICE)
        deadline = time.monotonic() + 30
        while _nice(pid) != expected and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _nice(pid) == expected
        assert os.nice(0) < expected  # the server itself is left as it was
    finally:
        assert pool.stop() == 1


def test_background_priority_gives_the_pose_model_one_thread() -> None:
    code = (
        "from upright.pose.litert import default_threads\n"
        "from upright.web.worker import background_priority\n"
        "before = default_threads(); background_priority(); print(before, default_threads())"
    )
    # the app's default, not the one thread the suite asks for (tests/conftest.py)
    env = {k: v for k, v in os.environ.items() if k != "UPRIGHT_POSE_THREADS"}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert out.stdout.split() == ["2", "1"]
