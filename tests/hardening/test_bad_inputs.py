"""The bad-input catalogue: one real bad input each, through the command a user runs.

Each test checks the exit code, the message (it names the file or field and says what
was expected), and that no traceback reached the user.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import cv2
import gpxpy.gpx
import numpy as np
import pytest
from sqlalchemy import text

from demo_clips import demo_video
from mounts import fill_every_byte, tmpfs
from upright import store as st
from upright.plan.profile_template import PROFILE_TEMPLATE

UPRIGHT = Path(sys.executable).with_name("upright")
SHARED_FIT = Path(__file__).resolve().parents[3] / "shared/data/running-logs/fit"
MODELS = Path.home() / ".cache" / "upright" / "models"


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """``upright ARGS`` in this process, as `upright.cli.main` runs it.

    main turns an `UprightError` into ``error: MESSAGE`` and exit code 2; any other
    exception would reach the user as a traceback, so it is re-raised here.
    """
    from typer.testing import CliRunner

    from upright.catalog import default_catalog
    from upright.cli import app
    from upright.errors import UprightError

    default_catalog.cache_clear()
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": "250", **(env or {})})
    default_catalog.cache_clear()
    out, code = result.output, result.exit_code
    if isinstance(result.exception, UprightError):
        out, code = out + f"\nerror: {result.exception}\n", 2
    elif result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return subprocess.CompletedProcess(args, code, out, "")


def run_process(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    """The real ``upright`` command in its own process."""
    env = {**os.environ, "COLUMNS": "250", "NO_COLOR": "1"}
    env.pop("UPRIGHT_DB", None)
    return subprocess.run(
        [str(UPRIGHT), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        stdin=subprocess.DEVNULL,
    )


def said(proc: subprocess.CompletedProcess) -> str:
    """Everything printed, with Rich's line wrapping undone."""
    out = proc.stdout + proc.stderr
    assert "Traceback" not in out, out
    return " ".join(out.split())


def needs_models() -> None:
    if not (MODELS / "pose_landmark_full.tflite").is_file():
        pytest.skip("pose models not fetched (run `upright models fetch`)")


def write_video(path: Path, frames: list[np.ndarray], fps: float = 30.0) -> Path:
    h, w = frames[0].shape[:2]
    out = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), fps, (w, h))
    for f in frames:
        out.write(f)
    out.release()
    return path


# ---------------------------------------------------------------- videos
def test_empty_video(tmp_path: Path) -> None:
    (tmp_path / "empty.mp4").write_bytes(b"")
    proc = run("analyze", str(tmp_path / "empty.mp4"), "-e", "y_raise")
    assert proc.returncode == 2
    assert "empty.mp4: the file is empty (0 bytes)" in said(proc)


def test_corrupt_video(tmp_path: Path) -> None:
    good = write_video(tmp_path / "good.mp4", [np.full((64, 64, 3), 90, np.uint8)] * 5)
    data = bytearray(good.read_bytes())
    data[32:] = np.random.default_rng(3).integers(0, 256, len(data) - 32, np.uint8).tobytes()
    (tmp_path / "corrupt.mp4").write_bytes(bytes(data))
    proc = run("analyze", str(tmp_path / "corrupt.mp4"), "-e", "y_raise")
    assert proc.returncode == 2
    assert "corrupt.mp4: not a video OpenCV can decode" in said(proc)


@pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="needs Debian's ffmpeg")
def test_audio_only_file(tmp_path: Path) -> None:
    audio = tmp_path / "voice-memo.mp4"
    subprocess.run(
        ["ffmpeg", "-loglevel", "error", "-f", "lavfi", "-i", "sine=frequency=440:duration=1"]
        + ["-c:a", "aac", str(audio)],
        check=True,
    )
    proc = run("analyze", str(audio), "-e", "bird_dog")
    assert proc.returncode == 2
    assert "voice-memo.mp4: not a video OpenCV can decode (no frame could be read)" in said(proc)


def test_video_with_no_person(tmp_path: Path) -> None:
    needs_models()
    frames = [np.full((240, 320, 3), 60 + 5 * i, np.uint8) for i in range(10)]
    write_video(tmp_path / "wall.mp4", frames)
    proc = run("analyze", str(tmp_path / "wall.mp4"), "-e", "y_raise")
    assert proc.returncode == 2
    assert "wall.mp4: no person found in any of its 10 frames" in said(proc)


def test_video_with_two_people(tmp_path: Path) -> None:
    """The demo walker beside their mirror image: warned once, the largest one followed."""
    needs_models()
    cap = cv2.VideoCapture(str(demo_video()))
    frames = []
    for i in range(125):
        ok, frame = cap.read()
        assert ok
        if i >= 110:  # the walker is fully inside x 500..1100 here
            crop = frame[:, 500:1100]
            frames.append(np.hstack([crop, crop[:, ::-1]]))
    cap.release()
    video = write_video(tmp_path / "two.mp4", frames)
    proc = run("landmarks", str(video), "-o", str(tmp_path / "two.npz"))
    assert proc.returncode == 0
    out = said(proc)
    assert "warning: 2 people in view at 0.00 s; following the largest" in out
    assert "a person in 15 of them" in out


def test_wrong_exercise_name(tmp_path: Path) -> None:
    proc = run("analyze", str(tmp_path / "any.npz"), "-e", "y_rasie")
    assert proc.returncode == 2
    out = said(proc)
    assert "unknown exercise 'y_rasie'" in out and "y_raise" in out


def test_recording_of_another_exercise(tmp_path: Path) -> None:
    """A bird dog analysed as a Y-raise: no rep counted, and the output asks why."""
    from upright.sim import simulate

    path, _truth = simulate("bird_dog", reps=3, seed=5).save(tmp_path, "birddog")
    proc = run("analyze", str(path), "-e", "y_raise")
    out = said(proc)
    assert "birddog.npz: y_raise, 0 reps" in out
    assert (
        "were seen but 0 looked like a prone y-raise on a ball: is this the right exercise?" in out
    )


def test_y_raise_analysed_as_bird_dog_counts_nothing(tmp_path: Path) -> None:
    from upright.sim import simulate

    path, _truth = simulate("y_raise", reps=4, seed=5).save(tmp_path, "yraise")
    proc = run("analyze", str(path), "-e", "bird_dog", "--json")
    result = json.loads(proc.stdout.splitlines()[-1])
    assert result["summary"]["reps"] == 0


# ---------------------------------------------------------------- running logs
def test_ten_hour_gap_in_a_running_log(tmp_path: Path) -> None:
    gpx = gpxpy.gpx.GPX()
    track = gpxpy.gpx.GPXTrack(name="Watch left running")
    gpx.tracks.append(track)
    seg = gpxpy.gpx.GPXTrackSegment()
    track.segments.append(seg)
    start = datetime(2025, 3, 2, 7, 0, tzinfo=UTC)
    for i in range(60):
        t = start + timedelta(seconds=5 * i, hours=10 if i >= 30 else 0)
        seg.points.append(gpxpy.gpx.GPXTrackPoint(46.0 + i * 15 / 111_195, 14.0, time=t))
    (tmp_path / "gap.gpx").write_text(gpx.to_xml())
    db = f"sqlite:///{tmp_path / 'u.sqlite3'}"
    proc = run("import-runs", str(tmp_path / "gap.gpx"), "--db", db)
    assert proc.returncode == 0
    out = said(proc)
    # in plain words now: the file and track, then what is wrong (no "field 'time'")
    assert (
        "gap.gpx, track 1 ('Watch left running'): a 10.0 h gap after point 30; the pause "
        "is left out of the moving time (290 s)"
    ) in out
    with st.open_store(db) as store:
        (run_,) = st.runs(store, st.athlete_id(store, "me"))
    assert run_.moving_time_s == pytest.approx(290)  # the load counts the running, not the pause


def _points_track(name: str, times: list[datetime], step_m: float) -> str:
    gpx = gpxpy.gpx.GPX()
    track = gpxpy.gpx.GPXTrack(name=name)
    gpx.tracks.append(track)
    seg = gpxpy.gpx.GPXTrackSegment()
    track.segments.append(seg)
    for i, t in enumerate(times):
        seg.points.append(gpxpy.gpx.GPXTrackPoint(46.0 + i * step_m / 111_195, 14.0, time=t))
    return gpx.to_xml()


def test_gpx_with_a_placeholder_date_on_every_point(tmp_path: Path) -> None:
    """A device with no clock wrote 1901-12-13 20:45:52 (-2**31 s) on all 300 points."""
    stamp = datetime(1901, 12, 13, 20, 45, 52, tzinfo=UTC)
    (tmp_path / "noclock.gpx").write_text(_points_track("No clock", [stamp] * 300, 10.0))
    db = f"sqlite:///{tmp_path / 'u.sqlite3'}"
    proc = run("import-runs", str(tmp_path / "noclock.gpx"), "--db", db)
    assert proc.returncode == 2  # nothing imported
    out = said(proc)
    assert "noclock.gpx, track 1 ('No clock'): dated 13 Dec 1901 20:45, before 1990" in out
    with st.open_store(db) as store:
        assert st.runs(store, st.athlete_id(store, "me")) == []


def test_gpx_hike_with_no_sport(tmp_path: Path) -> None:
    """2.3 km in 76 min, no <type>: stored as a walk, not counted as running load."""
    start = datetime(2025, 3, 2, 9, 0, tzinfo=UTC)
    times = [start + timedelta(seconds=20 * i) for i in range(229)]  # 76 min
    (tmp_path / "hike.gpx").write_text(_points_track("Sunday hike", times, 2300 / 228))
    db = f"sqlite:///{tmp_path / 'u.sqlite3'}"
    proc = run("import-runs", str(tmp_path / "hike.gpx"), "--db", db)
    assert proc.returncode == 0
    assert "hike.gpx, track 1 ('Sunday hike'): a walk, kept in the log but not counted" in said(
        proc
    )
    from upright.plan import load_report
    from upright.plan.persist import load_activities

    with st.open_store(db) as store:
        acts = load_activities(store, st.athlete_id(store, "me"))
    assert [(a.sport, a.is_running) for a in acts] == [("walk", False)]
    report = load_report(acts, start.date() + timedelta(days=1))
    assert all(w.distance_km == 0 and w.runs == 0 for w in report.weeks)


def test_empty_running_log(tmp_path: Path) -> None:
    (tmp_path / "watch.fit").write_bytes(b"")
    proc = run("import-runs", str(tmp_path / "watch.fit"), "--db", f"sqlite:///{tmp_path / 'u.db'}")
    assert proc.returncode == 2
    assert "watch.fit: the file is empty" in said(proc)


def test_fit_of_a_bike_ride(tmp_path: Path) -> None:
    bike = SHARED_FIT / "garmin-fenix-5-bike.fit"
    if not bike.is_file():
        pytest.skip("../shared/data/running-logs is absent")
    db = f"sqlite:///{tmp_path / 'u.sqlite3'}"
    proc = run("import-runs", str(bike), "--db", db)
    assert proc.returncode == 0
    out = said(proc)
    assert "garmin-fenix-5-bike.fit, session 1: a ride, kept in the log but not counted" in out
    from upright.plan import load_report
    from upright.plan.persist import load_activities

    with st.open_store(db) as store:
        acts = load_activities(store, st.athlete_id(store, "me"))
    assert [a.sport for a in acts] == ["ride"]
    report = load_report(acts, acts[0].start.date() + timedelta(days=1))
    assert all(w.distance_km == 0 and w.runs == 0 for w in report.weeks)


def test_catalog_with_a_typo_in_a_rule_name(tmp_path: Path) -> None:
    from upright.catalog.loader import BUILTIN_DIR

    folder = tmp_path / "exercises"
    folder.mkdir()
    source = (BUILTIN_DIR / "y_raise.toml").read_text()
    mine = source.replace('id = "y_raise"', 'id = "my_y_raise"').replace(
        '"hips_still"', '"hips_stil"'
    )
    (folder / "mine.toml").write_text(mine)
    proc = run("exercises", "list", env={"UPRIGHT_CATALOG": str(folder)})
    assert proc.returncode != 0
    out = said(proc)
    assert "mine.toml: exercise 'my_y_raise': unknown rule 'hips_stil'" in out
    assert "hips_still" in out  # the known rules are listed


def test_profile_with_a_race_in_the_past(tmp_path: Path) -> None:
    race = '\n[[race]]\nname = "Spring Marathon"\ndate = 2024-04-14\npriority = "A"\n'
    (tmp_path / "profile.toml").write_text(PROFILE_TEMPLATE + race)
    db = f"sqlite:///{tmp_path / 'u.sqlite3'}"
    proc = run(
        "plan", "--profile", str(tmp_path / "profile.toml"), "--start", "2025-03-03", "--db", db
    )
    assert proc.returncode == 0
    out = said(proc)
    assert "race 'Spring Marathon' on 14 Apr 2024 is before the plan starts (03 Mar 2025)" in out
    assert "check its date in" in out and "profile.toml" in out
    assert "taper" not in out and "race week" not in out


# ---------------------------------------------------------------- the database
def test_locked_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from upright.store import engine as store_engine

    monkeypatch.setattr(store_engine, "SQLITE_BUSY_TIMEOUT_S", 0.3)
    path = tmp_path / "u.sqlite3"
    url = f"sqlite:///{path}"
    with st.open_store(url) as store:
        st.ensure_athlete(store, "ann")
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # another program holds the write lock
    try:
        with (
            pytest.raises(st.StoreError, match=r"SQLite file .*u\.sqlite3: database is locked"),
            st.open_store(url) as store,
        ):
            st.ensure_athlete(store, "bob")
    finally:
        other.execute("ROLLBACK")
        other.close()
    with st.open_store(url) as store:  # once the lock is gone the same call works
        st.ensure_athlete(store, "bob")
        assert {a.name for a in st.list_athletes(store)} == {"ann", "bob"}


def test_full_disk_during_a_session(tmp_path: Path) -> None:
    """The disk fills after the first set: a clean message, the first set kept, resumable."""
    from upright.sim import simulate

    files = [
        str(simulate("y_raise", reps=2, seed=20 + i).save(tmp_path, f"s{i}")[0]) for i in range(3)
    ]
    mnt = tmp_path / "small"
    with tmpfs(mnt, "2m"):
        db = f"sqlite:///{mnt / 'u.sqlite3'}"
        args = ["session", "--db", db, "--exercise", "y_raise", "--sets", "3", "--reps", "2"]
        args += ["--speed", "30", "--mute"]
        env = {**os.environ, "COLUMNS": "250"}
        proc = subprocess.Popen(
            [str(UPRIGHT), *args, *(x for f in files for x in ("--landmarks", f))],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            stdin=subprocess.DEVNULL,
        )
        assert proc.stdout is not None
        for line in proc.stdout:
            if "Set saved (log entr" in line:
                break
        filler = mnt / "filler"
        with open(filler, "wb") as fh:  # take every byte left
            try:
                while True:
                    fh.write(b"\0" * 65536)
                    fh.flush()
            except OSError:
                pass
        rest, err = proc.communicate(timeout=120)
        out = " ".join((line + rest + err).split())
        assert "Traceback" not in out, out
        assert proc.returncode == 2, out
        assert "the disk is full" in out and "Sets already recorded are kept" in out
        filler.unlink()
        with st.open_store(db) as store:
            kept = st.exercise_history(store, st.athlete_id(store, "me"), "y_raise")
            with store.engine.connect() as conn:
                assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        assert len(kept) >= 1
        again = run_process(*args, "--resume", *(x for f in files for x in ("--landmarks", f)))
        assert again.returncode == 0, said(again)
        with st.open_store(db) as store:
            sets = st.exercise_history(store, st.athlete_id(store, "me"), "y_raise")
        assert len(sets) == 3  # the resumed session did only the sets still to do


def test_session_started_on_a_disk_with_no_byte_left(tmp_path: Path) -> None:
    """Not one byte free when the session starts: SQLite says only "disk I/O error" there.

    The message must still say the disk is full; once space is freed the same command runs.
    """
    from upright.sim import simulate

    landmarks = str(simulate("y_raise", reps=2, seed=31).save(tmp_path, "s")[0])
    mnt = tmp_path / "small"
    with tmpfs(mnt, "1m"):
        db = f"sqlite:///{mnt / 'u.sqlite3'}"
        with st.open_store(db) as store:  # an existing store, as after earlier sessions
            st.ensure_athlete(store, "me")
        filler = fill_every_byte(mnt)
        args = ["session", "--db", db, "--exercise", "y_raise", "--sets", "1", "--reps", "2"]
        args += ["--speed", "30", "--mute", "--landmarks", landmarks]
        full = run_process(*args)
        out = said(full)
        assert "Traceback" not in out, out
        assert full.returncode == 2, out
        assert "the disk is full" in out and "free some space" in out, out
        assert "Sets already recorded are kept" in out
        filler.unlink()
        again = run_process(*args)
        assert again.returncode == 0, said(again)
        with st.open_store(db) as store:
            assert len(st.exercise_history(store, st.athlete_id(store, "me"), "y_raise")) == 1
            with store.engine.connect() as conn:
                assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
