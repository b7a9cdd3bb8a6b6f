"""One place that makes LiteRT interpreters, without LiteRT's start-up banner.

LiteRT's C++ logger writes "INFO: Created TensorFlow Lite XNNPACK delegate for CPU." to
the process's stderr (file descriptor 2, below Python's ``sys.stderr``) the first time a
model is allocated, whatever ``TF_CPP_MIN_LOG_LEVEL`` says. It is noise to a runner
reading `upright analyze`'s output, so the first allocation runs with fd 2 pointed at
/dev/null; later ones print nothing anyway and run untouched.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

_lock = threading.Lock()
_banner_done = False
_default_threads: int | None = None
THREADS_ENV = "UPRIGHT_POSE_THREADS"
THREADS_UNSET = 2


def default_threads() -> int:
    """CPU threads a new pose pipeline gives each interpreter unless told otherwise.

    ``UPRIGHT_POSE_THREADS`` sets it for a process and the processes it starts (2 when
    unset): 1 where several analyses share the cores, such as a test run with a worker
    per core. `set_default_threads` overrides it.
    """
    if _default_threads is not None:
        return _default_threads
    raw = os.environ.get(THREADS_ENV, "").strip()
    if not raw:
        return THREADS_UNSET
    if not raw.isdigit() or int(raw) < 1:
        raise ValueError(f"{THREADS_ENV}: expected a whole number of at least 1, got {raw!r}")
    return int(raw)


def set_default_threads(num_threads: int) -> None:
    """Set `default_threads` for this process (a background worker asks for 1).

    Two threads halve a frame's time on an idle two-core machine; a job that shares the
    machine with live coaching takes one core at most, and one thread spends less CPU
    per frame (no waiting between the threads).
    """
    global _default_threads
    if num_threads < 1:
        raise ValueError(f"num_threads: expected at least 1, got {num_threads}")
    _default_threads = num_threads


@contextmanager
def _quiet_stderr_once() -> Iterator[None]:
    global _banner_done
    with _lock:
        if _banner_done:
            yield
            return
        sys.stderr.flush()
        saved = os.dup(2)
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, 2)
            yield
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            os.close(devnull)
            _banner_done = True


def load_interpreter(model_file: Path | bytes, num_threads: int) -> Any:
    """A LiteRT ``Interpreter`` for ``model_file`` with its tensors allocated.

    Parameters
    ----------
    model_file : Path or bytes
        A ``.tflite`` file, or the model's contents.
    num_threads : int
        CPU threads the interpreter may use.
    """
    from ai_edge_litert.interpreter import Interpreter

    if isinstance(model_file, bytes):
        interp = Interpreter(model_content=model_file, num_threads=num_threads)
    else:
        interp = Interpreter(model_path=str(model_file), num_threads=num_threads)
    with _quiet_stderr_once():
        interp.allocate_tensors()
    return interp
