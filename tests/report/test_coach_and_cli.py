"""Coach's table (pure) and the `progress` / `athletes` commands on a fresh SQLite store."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from upright import store
from upright.cli import app
from upright.report.coach import AthleteActivity, athlete_rows
from upright.report.history import set_points, week_points

TODAY = date(2025, 3, 20)


def test_athlete_rows_known_month() -> None:
    acts = [
        AthleteActivity(
            "zoe",
            session_days=(
                date(2025, 2, 27),
                date(2025, 3, 3),
                date(2025, 3, 10),
                date(2025, 3, 17),
            ),
            planned_days=(
                date(2025, 3, 3),
                date(2025, 3, 6),
                date(2025, 3, 10),
                date(2025, 3, 13),
                date(2025, 3, 17),
                date(2025, 3, 24),
            ),
            warnings=("ramp",),
        ),
        AthleteActivity("adam", session_days=(date(2025, 3, 21),), planned_days=()),
    ]
    adam, zoe = athlete_rows(acts, TODAY)
    assert (zoe.last_session, zoe.days_since, zoe.done, zoe.planned) == (date(2025, 3, 17), 3, 3, 5)
    assert zoe.adherence == pytest.approx(0.6)
    assert zoe.adherence_text() == "3/5 (60 %)"
    assert zoe.warnings == ("ramp",)
    # A session after "today" is ignored; nothing planned gives no ratio.
    assert (adam.last_session, adam.done, adam.adherence) == (None, 0, None)
    assert adam.adherence_text() == "0 done, none planned"
    # how long ago, in words ("0 d ago" was the page's text for a session done today)
    assert zoe.since_text() == "3 days ago" and adam.since_text() == ""
    assert [replace(zoe, days_since=n).since_text() for n in (0, 1)] == ["today", "yesterday"]


def _at(day: date, hour: int = 7) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    """A fresh database: 'ann' rowed on 3 and 10 March (a lean_back fault in set 2 of
    the second session), ran 10 km on 4 March and 12 km on 11 March; 4 sessions planned
    in March up to the 20th. 'bo' has no history."""
    url = f"sqlite:///{tmp_path / 'u.sqlite3'}"
    with store.open_store(url) as st:
        ann = store.ensure_athlete(st, "ann")
        store.ensure_athlete(st, "bo")
        for k, day in enumerate((date(2025, 3, 3), date(2025, 3, 10))):
            sid = store.start_session(st, ann, started_at=_at(day))
            for s in range(2):
                faults = ()
                if (k, s) == (1, 1):
                    faults = (
                        store.FaultEntry(
                            rule="lean_back", value=20.0, threshold=15.0, units="deg", at_s=4.0
                        ),
                    )
                store.record_set(
                    st,
                    sid,
                    store.SetEntry(
                        exercise_id="seated_cable_row",
                        side="both",
                        started_at=_at(day),
                        ended_at=_at(day) + timedelta(minutes=2),
                        reps=10,
                        load_kg=20.0 + 2.5 * k,
                        rating="some_faults" if faults else "clean",
                        faults=faults,
                    ),
                )
            store.end_session(st, sid, ended_at=_at(day, 8))
        store.add_runs(
            st,
            ann,
            [
                store.RunEntry(
                    started_at=_at(date(2025, 3, 4)),
                    sport="run",
                    distance_m=10_000,
                    moving_time_s=3000,
                ),
                store.RunEntry(
                    started_at=_at(date(2025, 3, 11)),
                    sport="run",
                    distance_m=12_000,
                    moving_time_s=3600,
                ),
            ],
        )
        store.save_plan(
            st,
            ann,
            [
                store.PlannedEntry(session_date=date(2025, 3, d), exercises=[])
                for d in (3, 6, 10, 13, 24)
            ],
            starts=date(2025, 3, 1),
            ends=date(2025, 3, 31),
        )
    return url


def test_history_from_store(db_url: str) -> None:
    with store.open_store(db_url) as st:
        ann = store.athlete_id(st, "ann")
        points = set_points(st, ann)
        weeks = week_points(st, ann, since=date(2025, 3, 3), until=date(2025, 3, 20))
    assert [p.day for p in points] == [date(2025, 3, 3)] * 2 + [date(2025, 3, 10)] * 2
    assert [p.clean for p in points] == [True, True, True, False]
    assert points[3].faults == ("lean_back",)
    assert [(w.week_start, w.back_sessions, w.running_km, w.planned_sessions) for w in weeks] == [
        (date(2025, 3, 3), 1, 10.0, 2),
        (date(2025, 3, 10), 1, 12.0, 2),
        (date(2025, 3, 17), 0, 0.0, 0),
    ]


def test_progress_command_writes_png_and_svg(db_url: str, tmp_path: Path) -> None:
    out = tmp_path / "plots"
    result = CliRunner().invoke(
        app, ["progress", "--athlete", "ann", "--out", str(out), "--weeks", "520", "--db", db_url]
    )
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(
        f"{stem}.{ext}"
        for stem in ("progress_seated_cable_row", "faults_per_week", "running_vs_back")
        for ext in ("png", "svg")
    )
    keep = os.environ.get("UPRIGHT_REPORT_FIGURES")
    if keep:
        for p in out.iterdir():
            shutil.copy(p, Path(keep) / f"cli_{p.name}")


def test_progress_command_unknown_athlete(db_url: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["progress", "--athlete", "nobody", "--out", str(tmp_path), "--db", db_url]
    )
    assert result.exit_code != 0
    assert isinstance(result.exception, store.UnknownAthlete)


def test_athletes_command_lists_everyone(db_url: str) -> None:
    result = CliRunner().invoke(app, ["athletes", "--db", db_url], env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.output
    assert "ann" in result.output and "bo" in result.output
    assert "never" in result.output  # bo has no session


def test_athletes_command_shows_each_name_whole_at_80_columns(db_url: str) -> None:
    long_name = "Marie-Christine O'Sullivan"  # typed back as --athlete: never cut
    with store.open_store(db_url) as st:
        store.ensure_athlete(st, long_name)
    proc = subprocess.run(  # a fresh process: rich reads COLUMNS once, at start
        [sys.executable, "-c", "from upright.cli import main; main()", "athletes", "--db", db_url],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "80"},
    )
    assert proc.returncode == 0, proc.stderr
    cells = {cell.strip() for line in proc.stdout.splitlines() for cell in line.split("│")}
    assert {"ann", "bo", long_name} <= cells
    assert max(len(line) for line in proc.stdout.splitlines()) <= 80


def test_next_session_is_the_first_planned_day_not_yet_done() -> None:
    plan = (date(2025, 3, 17), date(2025, 3, 20), date(2025, 3, 24), date(2025, 4, 2))
    done_today = AthleteActivity("a", session_days=(TODAY,), planned_days=plan)
    not_yet = AthleteActivity("b", session_days=(date(2025, 3, 17),), planned_days=plan)
    nothing_ahead = AthleteActivity("c", session_days=(), planned_days=plan[:1])
    a, b, c = athlete_rows([done_today, not_yet, nothing_ahead], TODAY)
    assert a.next_session == date(2025, 3, 24)  # today's is done
    assert b.next_session == TODAY  # today's is still to do
    assert c.next_session is None
    # days planned past today do not count towards this month's planned sessions
    assert (a.done, a.planned, b.planned) == (1, 2, 2)
