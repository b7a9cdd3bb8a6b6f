"""History, last sessions, clean-form streaks and weekly totals on known histories."""

from __future__ import annotations

from datetime import date, timedelta, timezone

from store_fixtures import T0, make_set

from upright import store as st


def _session(store: st.Store, athlete: int, day: int, sets: list[st.SetEntry]) -> int:
    sid = st.start_session(store, athlete, started_at=T0 + timedelta(days=day))
    for n, entry in enumerate(sets):
        at = T0 + timedelta(days=day, minutes=5 * n)
        st.record_set(
            store,
            sid,
            st.SetEntry(
                **{**vars(entry), "started_at": at, "ended_at": at + timedelta(seconds=30)}
            ),
        )
    st.end_session(store, sid, ended_at=T0 + timedelta(days=day, minutes=30))
    return sid


def test_history_and_last_sessions(store: st.Store) -> None:
    a = st.ensure_athlete(store, "ann")
    other = st.ensure_athlete(store, "bob")
    s1 = _session(store, a, 0, [make_set("bird_dog"), make_set("y_raise")])
    s2 = _session(store, a, 2, [make_set("bird_dog", reps=10), make_set("bird_dog", reps=9)])
    _session(store, other, 1, [make_set("bird_dog", reps=1)])
    hist = st.exercise_history(store, a, "bird_dog")
    assert [h.reps for h in hist] == [9, 10, 8]  # newest first, only ann's
    assert [h.reps for h in st.exercise_history(store, a, "bird_dog", limit=2)] == [9, 10]
    since = st.exercise_history(store, a, "bird_dog", since=T0 + timedelta(days=1))
    assert len(since) == 2
    last = st.last_sessions(store, a, n=5)
    assert [s.id for s in last] == [s2, s1]
    assert [x.reps for x in last[0].sets] == [10, 9]  # sets oldest first
    assert [s.id for s in st.last_sessions(store, a, n=1)] == [s2]


def test_clean_streak_counts_sessions_in_a_row(store: st.Store) -> None:
    a = st.ensure_athlete(store, "ann")
    assert st.clean_streak(store, a, "seated_cable_row") == 0
    row = "seated_cable_row"
    _session(store, a, 0, [make_set(row, load_kg=20, rating="clean")])
    _session(
        store, a, 1, [make_set(row, load_kg=20), make_set(row, load_kg=20, rating="struggled")]
    )
    _session(store, a, 2, [make_set(row, load_kg=20), make_set(row, load_kg=20)])
    _session(store, a, 3, [make_set("bird_dog", rating="struggled")])  # other exercise
    _session(store, a, 4, [make_set(row, load_kg=22.5), make_set(row, load_kg=22.5)])
    assert st.clean_streak(store, a, row) == 2
    assert st.clean_streak(store, a, row, load_kg=22.5) == 1
    assert st.clean_streak(store, a, row, load_kg=20) == 0
    assert st.clean_streak(store, a, "bird_dog") == 0
    _session(store, a, 5, [make_set(row, load_kg=22.5), make_set(row, rating="some_faults")])
    assert st.clean_streak(store, a, row) == 0


def test_weekly_totals(store: st.Store) -> None:
    a = st.ensure_athlete(store, "ann")
    # T0 is Monday 2 March 2026, 07:30 UTC.
    _session(store, a, 0, [make_set("row", reps=10, load_kg=20), make_set("bird_dog", reps=8)])
    _session(store, a, 6, [make_set("row", reps=8, load_kg=25)])  # Sunday, same week
    _session(store, a, 7, [make_set("bird_dog", reps=6)])  # next Monday
    st.add_runs(
        store,
        a,
        [
            st.RunEntry(
                started_at=T0 + timedelta(days=1),
                sport="running",
                distance_m=8000,
                moving_time_s=2400,
            ),
            st.RunEntry(
                started_at=T0 + timedelta(days=3),
                sport="running",
                distance_m=12000,
                moving_time_s=3700,
            ),
        ],
    )
    weeks = st.weekly_totals(store, a)
    assert [w.week_start for w in weeks] == [date(2026, 3, 2), date(2026, 3, 9)]
    w1, w2 = weeks
    assert (w1.sessions, w1.sets, w1.reps, w1.hold_s) == (2, 3, 26, 26.0)
    assert w1.volume_kg == 10 * 20 + 8 * 25
    assert (w1.runs, w1.run_distance_m, w1.run_moving_time_s) == (2, 20000, 6100)
    assert (w2.sessions, w2.sets, w2.reps, w2.runs) == (1, 1, 6, 0)
    assert [w.week_start for w in st.weekly_totals(store, a, since=date(2026, 3, 9))] == [
        date(2026, 3, 9)
    ]
    assert st.weekly_totals(store, a, until=date(2026, 3, 2)) == []
    # Ten hours east, the Sunday 07:30 UTC set still falls on Sunday: same weeks.
    east = st.weekly_totals(store, a, tz=timezone(timedelta(hours=10)))
    assert [w.sets for w in east] == [3, 1]
    # Eight hours west, Monday 07:30 UTC is still Sunday: the first set moves a week back.
    west = st.weekly_totals(store, a, tz=timezone(timedelta(hours=-8)))
    assert [(w.week_start, w.sets) for w in west] == [(date(2026, 2, 23), 2), (date(2026, 3, 2), 2)]
