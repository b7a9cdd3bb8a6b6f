"""A finished set and the resume state that marks it done are one transaction.

Were they two, a kill between the commits would keep the set while ``--resume`` still
thought it undone and ran it again: a doubled set. The kill tests hit that window only
by luck, so this test dies on purpose where the second write would be.
"""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from upright import store as st
from upright.catalog import default_catalog
from upright.plan import default_session
from upright.session.recorder import StoreRecorder, latest_open_session
from upright.session.results import RepLog, SetResult


def _result(exercise_id: str, exercise_index: int, set_index: int) -> SetResult:
    import dataclasses

    start = datetime(2025, 3, 4, 7, 0, tzinfo=UTC)
    fields = {f.name for f in dataclasses.fields(SetResult)}
    values = {
        "exercise_id": exercise_id,
        "exercise_name": exercise_id,
        "exercise_index": exercise_index,
        "set_index": set_index,
        "reps_target": 2,
        "started_at": start,
        "ended_at": start + timedelta(seconds=40),
        "sides": ("none",),
        # one rep done: a set with none is not logged at all
        "reps": (RepLog(index=1, side="none", start_s=1.0, end_s=4.0),),
        "rating": "clean",
        "source": "self_report",
    }
    return SetResult(**{k: v for k, v in values.items() if k in fields})


def test_a_committed_set_is_already_marked_done(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Die right after the set's commit: the resume state must already mark it done."""
    import upright.session.recorder as recorder_mod

    url = f"sqlite:///{tmp_path / 'u.sqlite3'}"
    rx = default_session(default_catalog())
    first = rx.exercises[0].exercise_id
    with st.open_store(url) as store:
        rec = StoreRecorder(store, "ann", rx)
        rec.record(_result(first, 0, 0))

        def killed(*args, **kwargs):
            raise SystemExit("SIGKILL right after the set's commit")

        # A separate resume-state write after the set would die here, leaving it unmarked
        # (the recorder no longer imports one at all: the name is planted in case it does).
        monkeypatch.setattr(recorder_mod, "save_resume_state", killed, raising=False)
        with contextlib.suppress(SystemExit):
            rec.record(_result(first, 0, 1))
        monkeypatch.undo()
        sets = st.get_session(store, rec.session_id).sets
        point = latest_open_session(store, "ann")
    assert len(sets) == 2
    assert point.done == frozenset({(0, 0), (0, 1)})  # --resume will not run set 2 again
