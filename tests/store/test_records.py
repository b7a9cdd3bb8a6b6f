"""Athletes, runs, races, plans, sessions, sets, reps and faults stored and read back."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select
from store_fixtures import T0, make_set

from upright import store as st
from upright.store.models import Base, ExerciseSet, Fault, Rep


def test_athletes_are_unique_by_name(store: st.Store) -> None:
    a = st.ensure_athlete(store, "Ann", profile_toml="weekly_km = 40\n")
    assert st.ensure_athlete(store, " Ann ") == a
    assert st.get_athlete(store, "Ann").profile_toml == "weekly_km = 40\n"
    st.set_profile(store, a, "weekly_km = 55\n")
    assert st.get_athlete(store, "Ann").profile_toml == "weekly_km = 55\n"
    assert [r.name for r in st.list_athletes(store)] == ["Ann"]
    with pytest.raises(st.UnknownAthlete, match="no athlete called 'Bob' \\(known: Ann\\)"):
        st.athlete_id(store, "Bob")


def _fill(store: st.Store, name: str) -> int:
    a = st.ensure_athlete(store, name)
    st.add_runs(
        store,
        a,
        [st.RunEntry(started_at=T0, sport="running", distance_m=10000, moving_time_s=3000)],
    )
    st.add_race(
        store,
        a,
        st.RaceEntry(race_date=date(2026, 5, 1), name="10k", distance_m=10000, priority="A"),
    )
    st.save_plan(
        store,
        a,
        [st.PlannedEntry(session_date=date(2026, 3, 3), exercises=[{}])],
        starts=date(2026, 3, 2),
        ends=date(2026, 3, 8),
    )
    sid = st.start_session(store, a, started_at=T0)
    set_id = st.record_set(store, sid, make_set(with_faults=True))
    st.queue_analysis(store, a, video_path="/v.mp4", set_id=set_id)
    return a


def test_deleting_an_athlete_deletes_only_theirs(store: st.Store) -> None:
    ann, bob = _fill(store, "ann"), _fill(store, "bob")
    st.delete_athlete(store, ann)
    with store.session() as s:
        for table in Base.metadata.sorted_tables:
            if "athlete_id" in table.c:
                owners = set(s.execute(select(table.c.athlete_id)).scalars())
                assert owners == {bob}, table.name
    assert len(st.exercise_history(store, bob, "bird_dog")) == 1
    with pytest.raises(st.UnknownAthlete):
        st.delete_athlete(store, ann)


def test_runs_are_deduplicated_by_start_and_distance(store: st.Store) -> None:
    a = st.ensure_athlete(store, "ann")
    paris = timezone(timedelta(hours=1))
    run = st.RunEntry(
        started_at=datetime(2026, 3, 1, 9, 0, tzinfo=paris),
        sport="running",
        distance_m=10000.04,
        moving_time_s=2950,
        elevation_gain_m=85,
        avg_hr=151,
        source_file="a.fit",
    )
    same_in_utc = st.RunEntry(
        started_at=datetime(2026, 3, 1, 8, 0, tzinfo=UTC),
        sport="running",
        distance_m=10000.0,
        moving_time_s=2950,
    )
    other = st.RunEntry(
        started_at=datetime(2026, 3, 3, 8, 0, tzinfo=UTC),
        sport="trail",
        distance_m=8000,
        moving_time_s=2900,
    )
    assert st.add_runs(store, a, [run, same_in_utc]) == st.RunImport(added=1, skipped=1)
    assert st.add_runs(store, a, [run, other]) == st.RunImport(added=1, skipped=1)
    got = st.runs(store, a)
    assert [r.distance_m for r in got] == [10000.0, 8000.0]
    assert got[0].started_at == datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
    assert got[0].started_at.tzinfo is not None
    assert (got[0].avg_hr, got[0].elevation_gain_m, got[0].source_file) == (151, 85, "a.fit")
    assert st.runs(store, a, since=datetime(2026, 3, 2, tzinfo=UTC)) == [got[1]]
    with pytest.raises(st.StoreError, match="started_at: expected a timezone-aware"):
        st.start_session(store, a, started_at=datetime(2026, 3, 1, 8, 0))


def test_runs_paged_newest_first_and_deleted_one_by_one(store: st.Store) -> None:
    ann, bob = st.ensure_athlete(store, "ann"), st.ensure_athlete(store, "bob")
    days = [datetime(2026, 3, d, 7, 0, tzinfo=UTC) for d in (4, 1, 3, 2, 5)]  # not in order
    entry = [
        st.RunEntry(started_at=t, sport="running", distance_m=1000.0 * t.day, moving_time_s=600)
        for t in days
    ]
    st.add_runs(store, ann, entry)
    st.add_runs(store, bob, entry[:1])
    assert st.count_runs(store, ann) == 5 and st.count_runs(store, bob) == 1
    first = st.newest_runs(store, ann, limit=2)
    second = st.newest_runs(store, ann, limit=2, offset=2)
    last = st.newest_runs(store, ann, limit=2, offset=4)
    assert [r.started_at.day for r in first + second + last] == [5, 4, 3, 2, 1]
    bobs = st.newest_runs(store, bob, limit=10)[0]
    with pytest.raises(st.NotFound, match=f"no run with id {bobs.id} for athlete {ann}"):
        st.delete_run(store, ann, bobs.id)  # not ann's to delete
    assert st.get_run(store, ann, second[0].id) == second[0]
    st.delete_run(store, ann, second[0].id)
    assert [r.started_at.day for r in st.runs(store, ann)] == [1, 2, 4, 5]
    assert st.count_runs(store, bob) == 1
    with pytest.raises(st.NotFound):
        st.get_run(store, ann, second[0].id)
    with pytest.raises(st.StoreError, match="expected limit >= 1"):
        st.newest_runs(store, ann, limit=0)


def test_races_by_date_with_priority(store: st.Store) -> None:
    a = st.ensure_athlete(store, "ann")
    later = st.add_race(
        store,
        a,
        st.RaceEntry(race_date=date(2026, 9, 20), name="Marathon", distance_m=42195, priority="A"),
    )
    st.add_race(
        store,
        a,
        st.RaceEntry(race_date=date(2026, 4, 12), name="Half", distance_m=21097.5, priority="B"),
    )
    assert [r.name for r in st.races(store, a)] == ["Half", "Marathon"]
    assert [r.id for r in st.races(store, a, since=date(2026, 5, 1))] == [later]
    with pytest.raises(st.StoreError, match="priority expected A, B or C, got 'D'"):
        st.add_race(
            store,
            a,
            st.RaceEntry(race_date=date(2026, 4, 1), name="x", distance_m=5000, priority="D"),
        )  # type: ignore[arg-type]
    st.delete_race(store, later)
    assert [r.name for r in st.races(store, a)] == ["Half"]


def test_newest_plan_is_in_force(store: st.Store) -> None:
    a = st.ensure_athlete(store, "ann")
    assert st.latest_plan(store, a) is None
    ex = [{"exercise_id": "bird_dog", "sets": 2, "reps": 8, "hold_s": 3.0}]
    st.save_plan(
        store,
        a,
        [st.PlannedEntry(session_date=date(2026, 3, 3), exercises=ex)],
        starts=date(2026, 3, 2),
        ends=date(2026, 3, 8),
        note="old",
    )
    new = st.save_plan(
        store,
        a,
        [
            st.PlannedEntry(session_date=date(2026, 3, 5), exercises=ex, reason="easy day"),
            st.PlannedEntry(session_date=date(2026, 3, 3), exercises=ex + ex),
        ],
        starts=date(2026, 3, 2),
        ends=date(2026, 3, 8),
        note="new",
    )
    plan = st.latest_plan(store, a)
    assert plan is not None and plan.id == new and plan.note == "new"
    assert [p.session_date for p in plan.sessions] == [date(2026, 3, 3), date(2026, 3, 5)]
    assert plan.sessions[0].exercises == ex + ex
    got = st.planned_sessions(store, a, date(2026, 3, 4), date(2026, 3, 8))
    assert [(p.session_date, p.reason) for p in got] == [(date(2026, 3, 5), "easy day")]


def test_set_with_reps_and_faults_round_trips(store: st.Store) -> None:
    a = st.ensure_athlete(store, "ann")
    sid = st.start_session(store, a, started_at=T0)
    entry = make_set("y_raise", reps=5, load_kg=1.5, rating="some_faults", with_faults=True)
    set_id = st.record_set(store, sid, entry)
    st.save_resume_state(store, sid, {"exercise": 1, "set": 2})
    [open_one] = st.open_sessions(store, a)
    assert open_one.resume_state == {"exercise": 1, "set": 2}
    st.end_session(store, sid, ended_at=T0 + timedelta(minutes=20))
    got = st.get_session(store, sid)
    assert got.status == "completed" and got.ended_at == T0 + timedelta(minutes=20)
    assert st.open_sessions(store, a) == []
    [rec] = got.sets
    assert rec.id == set_id and rec.session_id == sid
    fields = {k: v for k, v in vars(rec).items() if k not in ("id", "session_id")}
    assert fields == vars(entry)
    assert rec.rep_log[1].faults[0].rule == "pelvis_level"
    assert rec.faults[0].rule == "neck_neutral"
    with pytest.raises(st.StoreError, match="rating expected one of .* got 'great'"):
        st.record_set(store, sid, make_set(rating="great"))
    with pytest.raises(st.NotFound, match="no performed session with id 999"):
        st.record_set(store, 999, make_set())


def test_record_set_commits_at_once(store: st.Store, db_url: str) -> None:
    a = st.ensure_athlete(store, "ann")
    sid = st.start_session(store, a, started_at=T0)
    set_id = st.record_set(store, sid, make_set(reps=3, with_faults=True))
    # a second connection sees it immediately
    with st.open_store(db_url) as other, other.session() as s:
        assert s.get(ExerciseSet, set_id) is not None
        assert s.scalar(select(func.count()).select_from(Rep)) == 3
        assert s.scalar(select(func.count()).select_from(Fault)) == 2


def test_failed_set_writes_nothing(store: st.Store) -> None:
    """A set whose last fault cannot be stored leaves no half-written set, reps or faults.

    The fault is refused by both databases: PostgreSQL for the 500-character rule name,
    SQLite because it stores NaN as NULL in a NOT NULL column.
    """
    a = st.ensure_athlete(store, "ann")
    sid = st.start_session(store, a, started_at=T0)
    good = st.record_set(store, sid, make_set(reps=2))
    fault = st.FaultEntry(rule="r" * 500, value=float("nan"), threshold=2, units="deg", at_s=0)
    bad = st.SetEntry(**{**vars(make_set(reps=3)), "faults": (fault,)})
    with pytest.raises(st.StoreError):
        st.record_set(store, sid, bad)
    with store.session() as s:
        assert list(s.scalars(select(ExerciseSet.id))) == [good]
        assert s.scalar(select(func.count()).select_from(Rep)) == 2
        assert s.scalar(select(func.count()).select_from(Fault)) == 0
