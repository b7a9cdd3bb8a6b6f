"""Settings for the whole suite, and the order its files run in."""

from __future__ import annotations

import atexit
import os
import sys

import pytest

# Rich wraps its output at the terminal's width, which under pytest defaults to 80
# columns, and the temporary paths of parallel workers are long: a message split over
# two lines would no longer match. Tests read what is said, not how it is laid out
# (tests of the layout set COLUMNS themselves).
os.environ.setdefault("COLUMNS", "250")

# The suite runs a worker per core (``-n auto``), and each worker, server and CLI run it
# starts would otherwise spin threads of its own for work too small to share: OpenBLAS
# and OpenMP one per core for numpy's small matrix products in motion analysis and the
# simulator, LiteRT two per pose interpreter. On two cores those threads wait for one
# another on a busy machine and burn CPU doing it. One thread each gives the same
# results (the tests that are about threads set their own) for less CPU. Set before
# numpy is first imported, which is when OpenBLAS reads it; the processes the tests
# start inherit it.
for _threads in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "UPRIGHT_POSE_THREADS"):
    os.environ.setdefault(_threads, "1")

# Helpers shared across folders (testkit, demo_clips, pg_server, mounts) sit in tests/
# under names of their own and are imported by name; importlib mode puts no test folder
# on sys.path by itself. Nothing imports a ``conftest``: several folders have one.
_TESTS = os.path.dirname(os.path.abspath(__file__))
if _TESTS not in sys.path:
    sys.path.insert(0, _TESTS)

# The test files that take longest, heaviest first (measured per file, as worker wall
# time of two-worker runs; most of their time is real processes, real video through the
# pose model, Chromium, or sessions on a real clock). Their tests are marked ``slow``,
# and they are collected first: pytest-xdist hands whole files to the workers in
# collection order (``--dist loadfile``, with its reordering by test count turned off
# below), so the long files start at once on both workers and the many short ones fill
# in behind them, instead of one long file starting last and running alone at the end.
SLOW_FILES = (
    "plan/test_season_sessions.py",
    "web/test_pages_browser.py",
    "web/test_overlay_browser.py",
    "motion/test_live_space.py",
    "hardening/test_worker_kills.py",
    "web/test_browser.py",
    "hardening/test_fuzz.py",
    "web/test_exercises_browser.py",
    "hardening/test_kills.py",
    "hardening/test_bad_inputs.py",
    "motion/test_front_arm_raise.py",
    "web/test_overlay.py",
    "session/test_terminal.py",
    "report/test_demo_video.py",
    "store/test_processes.py",
    "web/test_resume.py",
    "report/test_video.py",
    "session/test_honest_logging_cli.py",
    "web/test_analyze_results.py",
    "sim/test_demo.py",
    "web/test_lan_browser.py",
    "session/test_end_to_end.py",
    "motion/test_engine_fast.py",
    "hardening/test_security.py",
    "web/test_live_socket.py",
    "pose/test_tracker_and_video.py",
    "report/test_analyze_report_cli.py",
    "motion/test_clean_views.py",
    "pose/test_analyze_video_cli.py",
)


def pytest_configure(config: pytest.Config) -> None:
    # xdist's loadfile/loadgroup schedulers sort files by their number of tests unless
    # told not to; keep the order of pytest_collection_modifyitems below.
    if hasattr(config.option, "loadscopereorder"):
        config.option.loadscopereorder = False


def pytest_unconfigure(config: pytest.Config) -> None:
    # An xdist worker has reported every result by now, and the run ends only when each
    # worker process has ended: let the process go without tearing down its hundreds of
    # imported modules one by one, which took 1 to 3 s at the very end of the run on a
    # busy machine. The other exit handlers still run first.
    if hasattr(config, "workerinput"):
        atexit.register(_leave_now)


def _leave_now() -> None:
    atexit.unregister(_leave_now)
    atexit._run_exitfuncs()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


def _rank(item: pytest.Item) -> int:
    rel = os.path.relpath(str(item.path), _TESTS).replace(os.sep, "/")
    return SLOW_FILES.index(rel) if rel in SLOW_FILES else len(SLOW_FILES)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    slow = pytest.mark.slow
    for item in items:
        if _rank(item) < len(SLOW_FILES):
            item.add_marker(slow)
    items.sort(key=_rank)  # stable: the order within a file and among the rest is kept
