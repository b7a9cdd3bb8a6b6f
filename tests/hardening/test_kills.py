"""SIGKILL while sets are being logged: by the CLI session, and by the web server.

Every kill lands at a chosen moment measured from a write point the process itself
reports (the start of a run, the commit of a set as its log says it), so a slow machine
moves the moments but not what they test, and every moment of the list is killed at
least once. After each kill: every set the process had reported as committed is in the
database, no set is doubled, SQLite's integrity check passes, and the next start
(``--resume`` for the CLI, a restart for the server) works. The processes are forked
from a pre-imported ``upright`` (``tests/zygote.py``) so the kills fit in the test budget;
each is a real process killed from outside.
"""

from __future__ import annotations

import re
import threading
import time
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select, text

from pg_server import free_port
from upright import store as st
from upright.store.models import ExerciseSet
from zygote import Zygote

# A CLI kill: (sets newly saved by this run, wall seconds after that write point). 0 sets
# is the start of the run: while it opens or resumes the session, in the get-ready phase,
# mid-rep; 1 set is right after a commit: while the next set is rated, in the rest, in
# the next set (or, for a resumed run with one set left, while it closes the session).
CLI_MOMENTS = tuple((saved, delay) for delay in (0.0, 0.3, 0.6, 0.9) for saved in (0, 1))
# A server kill: wall seconds after the server reported its first saved set (sessions
# are being logged back to back, so each lands somewhere in the next one).
WEB_MOMENTS = (0.0, 0.1, 0.2, 0.4, 0.6)
CLI_KILLS = 10  # every moment once, the first two twice
WEB_KILLS = 10  # every moment twice
SETS = 3  # sets a CLI session runs (one landmark file each)
SAVED = re.compile(r"Set saved \(log entr(?:y|ies) ([\d, ]+)\)")


def integrity_ok(url: str) -> bool:
    with st.open_store(url) as store, store.engine.connect() as conn:
        return conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"


def set_ids(url: str) -> dict[int, int]:
    """Set id -> performed-session id of every stored set."""
    with st.open_store(url) as store, store.session() as s:
        return dict(s.execute(select(ExerciseSet.id, ExerciseSet.session_id)).all())


def has_open_session(url: str, athlete: str) -> bool:
    with st.open_store(url) as store:
        return bool(st.open_sessions(store, st.ensure_athlete(store, athlete)))


# ---------------------------------------------------------------- the CLI session
def _wait_for_saved(log: Path, count: int, timeout: float) -> None:
    """Wait until ``log`` reports ``count`` saved sets (or the timeout passes)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        text = log.read_text() if log.exists() else ""
        if len(SAVED.findall(text)) >= count:
            return
        time.sleep(0.02)


def cli_kills(tmp: Path, kills: int) -> dict:
    from upright.sim import simulate

    files = [
        str(simulate("y_raise", reps=2, seed=40 + i).save(tmp, f"set{i}")[0]) for i in range(SETS)
    ]
    url = f"sqlite:///{tmp / 'cli.sqlite3'}"
    base = ["session", "--db", url, "--athlete", "k", "--exercise", "y_raise"]
    base += ["--sets", str(SETS), "--reps", "2", "--speed", "60", "--mute"]
    base += [x for f in files for x in ("--landmarks", f)]
    zyg = Zygote()
    reported: set[int] = set()
    landed = resumed = 0
    moments: set[tuple[int, float]] = set()  # those a kill landed at
    try:
        for k in range(3 * kills):  # a start that ends before its kill time does not count
            last = landed == kills
            resume = k > 0 and has_open_session(url, "k")
            out = tmp / f"cli-{k}.log"
            pid = zyg.spawn([*base, *(["--resume"] if resume else [])], out)
            resumed += resume
            if not last:
                # the next moment not yet killed at: a run that ends before it is tried
                # again on the next start
                moment = CLI_MOMENTS[landed % len(CLI_MOMENTS)]
                _wait_for_saved(out, moment[0], timeout=60.0)
                time.sleep(moment[1])
                status = zyg.kill(pid)
            else:
                status = zyg.wait(pid)  # the last start runs to the end
            log = out.read_text()
            assert "Traceback" not in log, log
            saved = {int(i) for m in SAVED.findall(log) for i in m.split(",")}
            if status["signal"] == 9:
                landed += 1
                moments.add(moment)
            else:
                assert status["code"] == 0, log
            reported |= saved
            stored = set_ids(url)
            assert reported <= set(stored), f"committed sets lost: {reported - set(stored)}"
            per_session: dict[int, int] = {}
            for session in stored.values():
                per_session[session] = per_session.get(session, 0) + 1
            assert max(per_session.values(), default=0) <= SETS, f"a set doubled: {per_session}"
            assert integrity_ok(url)
            if last:
                break
        assert not has_open_session(url, "k")  # the last run finished what was open
    finally:
        zyg.close()
    return {
        "kills": landed,
        "resumed": resumed,
        "sets_reported": len(reported),
        "moments": len(moments),
    }


# ---------------------------------------------------------------- the web server
def _post_sets(base: str, stop: threading.Event, saved: list[str]) -> None:
    """Log one-set sessions through the API until the server dies or ``stop``."""
    with httpx.Client(base_url=base, timeout=5) as client:
        while not stop.is_set():
            try:
                reply = client.post("/api/sessions", json={"speed": 200})
                if reply.status_code == 409:  # one left open by the killed server
                    start_over = {"speed": 200, "start_over": reply.json()["unfinished"]}
                    reply = client.post("/api/sessions", json=start_over)
                state = reply.json()
                sid = state["id"]
                for _ in range(2):
                    state = client.post(f"/api/sessions/{sid}/events", json={"action": "start"})
                    state = state.json()
                for _ in range(5000):  # tap "rep done" whenever a rep waits for it
                    snap = state["snapshot"]
                    if snap["rating_pending"]:
                        break
                    action = "rep_done" if snap["rep_done"] else "start"
                    if snap["rep_done"] or snap["phase"] == "switch_side":
                        state = client.post(
                            f"/api/sessions/{sid}/events", json={"action": action}
                        ).json()
                    else:
                        time.sleep(0.02)  # 4 s of the session at 200x (the page: 0.1 s)
                        state = client.get(f"/api/sessions/{sid}").json()
                state = client.post(
                    f"/api/sessions/{sid}/events", json={"action": "rate", "rating": "clean"}
                ).json()
                # one stored row a side: a per-side set is two rows
                saved += [
                    sid
                    for e in state["effects"]
                    if e["type"] == "set_saved"
                    for _side in e["set"]["reps_per_side"]
                ]
                client.post(f"/api/sessions/{sid}/abandon")
            except (httpx.HTTPError, KeyError, ValueError):
                return  # the server is gone


def _wait_ready(base: str, timeout: float = 60.0) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            if httpx.get(base + "/api/athletes", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.05)
    raise AssertionError("the server did not start")


def web_kills(tmp: Path, kills: int) -> dict:
    url = f"sqlite:///{tmp / 'web.sqlite3'}"
    zyg = Zygote()
    reported = 0
    try:
        for k in range(kills + 1):
            port = free_port()
            base = f"http://127.0.0.1:{port}"
            out = tmp / f"web-{k}.log"
            args = ["serve", "--host", "127.0.0.1", "--port", str(port), "--db", url]
            pid = zyg.spawn([*args, "--data-dir", str(tmp / "data"), "--workers", "0"], out)
            _wait_ready(base)
            if k == kills:  # the start after the last kill serves cleanly
                assert httpx.get(base + "/").status_code == 200
                assert httpx.get(base + "/history").status_code == 200
                zyg.kill(pid)
                break
            stop, saved = threading.Event(), []
            poster = threading.Thread(target=_post_sets, args=(base, stop, saved))
            poster.start()
            # At the next moment after this server has saved a set, whatever its speed.
            end = time.monotonic() + 60.0
            while len(saved) == 0 and poster.is_alive() and time.monotonic() < end:
                time.sleep(0.02)
            time.sleep(WEB_MOMENTS[k % len(WEB_MOMENTS)])
            status = zyg.kill(pid)
            stop.set()
            poster.join(timeout=30)
            assert status["signal"] == 9
            assert "Traceback" not in out.read_text()
            reported += len(saved)
            stored = len(set_ids(url))
            assert stored >= reported, f"committed sets lost: {reported} reported, {stored} kept"
            # at most the set in flight at each kill (two rows for a per-side set)
            assert stored <= reported + 2 * (k + 1)
            assert integrity_ok(url)
    finally:
        zyg.close()
    with st.open_store(url) as store, store.session() as s:
        total = s.execute(select(func.count()).select_from(ExerciseSet)).scalar()
    return {"kills": kills, "sets_reported": reported, "sets_stored": total}


@pytest.fixture(scope="module")
def kills(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    """Both kill loops at once (the CLI's is CPU-bound, the server's mostly waits)."""
    results: dict[str, dict] = {}

    def run(name: str, loop, kills: int, where: Path) -> None:
        try:
            results[name] = loop(where, kills)
        except BaseException as exc:  # re-raised by the test of this loop
            results[name] = {"error": exc}

    # made here, not in the threads: the factory's first call creates its base
    # directory, and two threads racing to create it fail with FileExistsError
    cli_dir, web_dir = tmp_path_factory.mktemp("cli"), tmp_path_factory.mktemp("web")
    threads = [
        threading.Thread(target=run, args=("cli", cli_kills, CLI_KILLS, cli_dir)),
        threading.Thread(target=run, args=("web", web_kills, WEB_KILLS, web_dir)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(f"kill figures: {results}")  # shown with pytest -s
    return results


def test_sigkill_of_the_cli_session_loses_no_set(kills: dict[str, dict]) -> None:
    result = kills["cli"]
    if "error" in result:
        raise result["error"]
    assert result["kills"] == CLI_KILLS  # each landed on a running session
    assert result["moments"] == len(CLI_MOMENTS)  # each moment was killed at least once
    assert result["sets_reported"] >= CLI_KILLS // 2  # many landed while sets were logged
    assert result["resumed"] >= 3


def test_sigkill_of_the_web_server_loses_no_set(kills: dict[str, dict]) -> None:
    result = kills["web"]
    if "error" in result:
        raise result["error"]
    assert result["kills"] == WEB_KILLS
    assert result["sets_reported"] >= WEB_KILLS  # sets were being logged at the kills
    assert result["sets_stored"] >= result["sets_reported"]
