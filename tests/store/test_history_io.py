"""Export an athlete's whole history and import it back: nothing lost, nothing added."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from store_fixtures import T0, make_set

from upright import store as st
from upright.store.history_io import LINKS


def _history(store: st.Store, name: str, offset: int) -> int:
    a = st.ensure_athlete(store, name, profile_toml=f'name = "{name}"\nweekly_km = 42\n')
    st.add_runs(
        store,
        a,
        [
            st.RunEntry(
                started_at=T0 + timedelta(days=d + offset),
                sport="running",
                distance_m=5000 + d,
                moving_time_s=1500,
                avg_hr=148.5,
                source_file=f"{name}.fit",
            )
            for d in range(3)
        ],
    )
    st.add_race(
        store,
        a,
        st.RaceEntry(race_date=date(2026, 6, 1), name="10k", distance_m=10000, priority="A"),
    )
    st.save_plan(
        store,
        a,
        [
            st.PlannedEntry(
                session_date=date(2026, 3, 3 + offset),
                exercises=[{"exercise_id": "bird_dog", "sets": 2}],
                reason="start easy",
            )
        ],
        starts=date(2026, 3, 2),
        ends=date(2026, 3, 8),
        note=name,
    )
    planned = st.latest_plan(store, a).sessions[0].id  # type: ignore[union-attr]
    sid = st.start_session(store, a, started_at=T0, planned_session_id=planned)
    set_id = st.record_set(store, sid, make_set(with_faults=True, load_kg=2.5 + offset))
    st.record_set(store, sid, make_set("y_raise", rating="struggled"))
    st.save_resume_state(store, sid, {"next": ["y_raise", 2]})
    st.end_session(store, sid, ended_at=T0 + timedelta(minutes=25))
    st.start_session(store, a, started_at=T0 + timedelta(days=1))  # left in progress
    st.queue_analysis(store, a, video_path=f"/{name}.mp4", set_id=set_id, params={"k": 1})
    return a


def normalized(data: dict[str, Any]) -> dict[str, Any]:
    """The export with ids replaced by each row's position, references re-linked."""
    tables = data["tables"]
    pos = {name: {row["id"]: n for n, row in enumerate(rows)} for name, rows in tables.items()}
    out = {}
    for name, rows in tables.items():
        out[name] = [
            {
                k: (
                    pos[LINKS[k]][v]
                    if k in LINKS and v is not None
                    else (pos[name][v] if k == "id" else v)
                )
                for k, v in row.items()
            }
            for row in rows
        ]
    athlete = {k: v for k, v in data["athlete"].items() if k != "created_at"}
    return {"athlete": athlete, "tables": out}


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_round_trip_through_files(store: st.Store, db_url: str, tmp_path: Path, fmt: str) -> None:
    _history(store, "bob", 1)  # another athlete first, so ids differ after import
    ann = _history(store, "ann", 0)
    before = st.export_history(store, ann)
    counts = {name: len(rows) for name, rows in before["tables"].items()}
    assert counts == {
        "running_activity": 3,
        "race": 1,
        "plan": 1,
        "planned_session": 1,
        "performed_session": 2,
        "exercise_set": 2,
        "rep": 16,
        "fault": 2,
        "analysis": 1,
    }
    st.write_export(before, tmp_path / f"ann.{fmt}", fmt)
    st.delete_athlete(store, ann)
    report = st.import_history(store, st.read_export(tmp_path / f"ann.{fmt}"))
    after = st.export_history(store, report.athlete_id)
    assert normalized(after) == normalized(before)
    assert report.counts["exercise_set"] == 2 and report.counts["rep"] == 16
    # importing again adds nothing at all: every row is found by its natural key
    again = st.import_history(store, before)
    assert again.counts == {name: 0 for name in counts}
    assert again.already == counts
    assert normalized(st.export_history(store, report.athlete_id)) == normalized(before)
    bob = st.athlete_id(store, "bob")
    assert len(st.exercise_history(store, bob, "bird_dog")) == 1  # bob untouched


def test_import_under_another_name_and_bad_files(store: st.Store, tmp_path: Path) -> None:
    ann = _history(store, "ann", 0)
    data = st.export_history(store, ann)
    copy = st.import_history(store, data, athlete_name="ann-copy")
    assert st.get_athlete(store, "ann-copy").id == copy.athlete_id != ann
    with pytest.raises(st.BadHistoryFile, match="expected an 'upright-history' export"):
        st.import_history(store, {"format": "other"})
    broken = normalized(data) | {"format": "upright-history", "version": 1}
    broken["tables"]["rep"][0]["set_id"] = 999
    with pytest.raises(st.BadHistoryFile, match=r"tables.rep\[0\]: set_id 999 names no row"):
        st.import_history(store, broken, athlete_name="zed")
    assert "zed" not in {a.name for a in st.list_athletes(store)}  # nothing half-imported
    (tmp_path / "bad.json").write_text("{not json")
    with pytest.raises(st.BadHistoryFile, match="bad.json"):
        st.read_export(tmp_path / "bad.json")


def test_import_history_twice_from_the_command_line(db_url: str, tmp_path: Path) -> None:
    """`upright import-history FILE` twice: the second run adds no row of any table."""
    from typer.testing import CliRunner

    from upright.cli import app

    with st.open_store(db_url) as store:
        before = st.export_history(store, _history(store, "ann", 0))
    st.write_export(before, tmp_path / "ann.json", "json")
    target = db_url  # under another name: ann's own rows stay as they are
    runner = CliRunner()
    args = ["import-history", str(tmp_path / "ann.json"), "--athlete", "cat", "--db", target]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    assert "16 rep" in first.output and "2 exercise_set" in first.output
    second = runner.invoke(app, args)
    assert second.exit_code == 0, second.output
    assert "imported nothing" in second.output
    assert "already stored" in second.output
    with st.open_store(target) as store:
        cat = st.export_history(store, st.athlete_id(store, "cat"))
    assert {k: len(v) for k, v in cat["tables"].items()} == {
        k: len(v) for k, v in before["tables"].items()
    }


def test_a_newer_export_adds_only_what_is_new(store: st.Store) -> None:
    """Ann's history, then one more session: importing the newer export adds that one."""
    ann = _history(store, "ann", 0)
    old = st.export_history(store, ann)
    sid = st.start_session(store, ann, started_at=T0 + timedelta(days=7))
    st.record_set(store, sid, make_set(at=T0 + timedelta(days=7), reps=6))
    st.end_session(store, sid, ended_at=T0 + timedelta(days=7, minutes=20))
    new = st.export_history(store, ann)
    copy = st.import_history(store, old, athlete_name="ann-copy")
    assert copy.counts["performed_session"] == 2
    more = st.import_history(store, new, athlete_name="ann-copy")
    assert more.counts == {
        "running_activity": 0,
        "race": 0,
        "plan": 0,
        "planned_session": 0,
        "performed_session": 1,
        "exercise_set": 1,
        "rep": 6,
        "fault": 0,
        "analysis": 0,
    }
    assert (
        normalized(st.export_history(store, copy.athlete_id))["tables"] == normalized(new)["tables"]
    )


def test_an_export_from_before_the_load_flag_imports_with_the_default(store: st.Store) -> None:
    """Exports written before runs carried ``counts_as_load`` still import."""
    data = st.export_history(store, _history(store, "ann", 0))
    for row in data["tables"]["running_activity"]:
        del row["counts_as_load"], row["load_reason"]
    report = st.import_history(store, data, athlete_name="old")
    assert report.counts["running_activity"] == 3
    assert all(r.counts_as_load for r in st.runs(store, report.athlete_id))
