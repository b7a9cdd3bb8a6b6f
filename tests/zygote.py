"""A pre-imported ``upright`` that forks a fresh process per command, for the kill tests.

Importing the CLI costs seconds on a loaded 2-core machine; the kill rounds would spend
most of their time importing. ``python zygote.py`` imports ``upright.cli``, the web
server and the modules the ``session`` and ``serve`` commands import lazily (the session
loop, the motion engine with SciPy, the migrations, the live coach) once, then serves
JSON lines on stdin. ``python zygote.py SCRIPT`` imports the test script SCRIPT (for
example ``store/setlogger.py``) instead, and its children run the script's
``main(ARGS)``:

- ``{"spawn": [ARGS], "out": PATH}``: fork; the child runs ``upright ARGS`` exactly as
  the console script does (``upright.cli.main``), or the script's ``main(ARGS)``, stdout
  and stderr to PATH; answers ``{"pid": PID}``. With ``"new_session": true`` the child
  first leads a session of its own (``setsid``), so every process it starts can be
  found by that session in ``/proc``.
- ``{"kill": PID}``: SIGKILL the child and reap it; answers ``{"status": ...}``.
- ``{"wait": PID}``: reap the child when it ends; answers ``{"status": ...}``.

Each child is a real separate process with its own database connections, killed from
outside with SIGKILL; only the imports are shared. The parent opens no database, so a
child inherits none. The `Zygote` class starts one and talks to it; it ends (at once,
with ``os._exit``) when its stdin closes.
"""

from __future__ import annotations

import importlib
import importlib.util
import io
import json
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

_LAZY = (
    "rich.live",
    "alembic.command",
    "upright.cli.session_cmd",
    "upright.cli.serve_cmd",
    "upright.session.runner",
    "upright.session.screen",
    "upright.session.stream",
    "upright.motion.live",
    "upright.motion.landmark_file",
    "upright.store.migrate",
    "upright.web.memory",
    "upright.web.live",
    "upright.web.live_coach",
)


class Zygote:
    """Client of a zygote: spawn commands (or ``script``'s main), kill or wait for them."""

    def __init__(self, script: Path | None = None, env: dict[str, str] | None = None) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, __file__, *([str(script)] if script else [])],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        assert "ready" in self._read()

    def _read(self) -> dict:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        assert line, "the zygote died"
        return json.loads(line)

    def _ask(self, req: dict) -> dict:
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps(req) + "\n")
        self.proc.stdin.flush()
        return self._read()

    def spawn(self, args: list[str], out: Path, new_session: bool = False) -> int:
        return self._ask({"spawn": args, "out": str(out), "new_session": new_session})["pid"]

    def kill(self, pid: int) -> dict:
        return self._ask({"kill": pid})

    def wait(self, pid: int) -> dict:
        return self._ask({"wait": pid})

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


def _child(args: list[str], out: str, script: ModuleType | None, new_session: bool) -> None:
    if new_session:
        os.setsid()
    fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    sys.stdout = io.TextIOWrapper(io.FileIO(1, "w", closefd=False), line_buffering=True)
    sys.stderr = io.TextIOWrapper(io.FileIO(2, "w", closefd=False), line_buffering=True)
    sys.stdin = io.TextIOWrapper(io.FileIO(0, "r", closefd=False))
    sys.argv = ["upright", *args]
    if script is None:
        from upright.cli import main as run
    else:
        run: Callable[[], object] = lambda: script.main(args)  # noqa: E731
    code = 0
    try:
        result = run()
        code = result if isinstance(result, int) else 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:
        import traceback

        traceback.print_exc()
        code = 1
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def _status(raw: int) -> dict[str, int | None]:
    if os.WIFSIGNALED(raw):
        return {"signal": os.WTERMSIG(raw), "code": None}
    return {"signal": None, "code": os.WEXITSTATUS(raw)}


def _load(path: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(Path(path).stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> None:
    """Serve spawn/kill/wait requests until stdin closes."""
    script = _load(sys.argv[1]) if len(sys.argv) > 1 else None
    if script is None:
        import uvicorn  # noqa: F401  (imported once here, for `upright serve` children)

        import upright.cli  # noqa: F401
        import upright.web.app  # noqa: F401
        import upright.web.pages  # noqa: F401

        # what the commands import inside their functions: measured as what a child of
        # a zygote without these still had to import (about 1 CPU-s per child)
        for name in _LAZY:
            try:
                importlib.import_module(name)
            except ModuleNotFoundError:  # moved or renamed: the children import it as before
                continue

    reply = sys.stdout
    reply.write(json.dumps({"ready": os.getpid()}) + "\n")
    reply.flush()
    for line in sys.stdin:
        req = json.loads(line)
        if "spawn" in req:
            reply.flush()
            # the log exists before the child runs: a kill may land before its first line
            os.close(os.open(req["out"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
            pid = os.fork()
            if pid == 0:
                _child(req["spawn"], req["out"], script, req.get("new_session", False))
            answer: dict[str, object] = {"pid": pid}
        elif "kill" in req:
            os.kill(req["kill"], signal.SIGKILL)
            answer = _status(os.waitpid(req["kill"], 0)[1])
        else:
            answer = _status(os.waitpid(req["wait"], 0)[1])
        reply.write(json.dumps(answer) + "\n")
        reply.flush()
    # stdin closed: the test is done with us. Leave without tearing down the imported
    # modules (most of a second of the test's wall time on a busy machine); every reply
    # is already flushed.
    os._exit(0)


if __name__ == "__main__":
    main()
