"""Revision 0002: a running log stored at 0001 gains whether each activity counts as load.

Rows are written at revision 0001 with plain SQL (as an older Upright stored them), then
the database is upgraded; the expected flags are known by hand from each row's pace.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import text

from upright import store as st
from upright.store import current_revision, downgrade, upgrade
from upright.store.engine import make_engine

T = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)
# (sport, metres, seconds, metres climbed, source file, start): stored by revision 0001
ROWS = [
    ("run", 10_000.0, 3000.0, 42.0, "run.fit", T),  # 12 km/h, from a FIT run: a run
    ("run", 2300.0, 4560.0, 20.0, "hike1.gpx", T.replace(day=3)),  # 2.3 km in 76 min
    ("run", 4000.0, 8520.0, 180.0, "hike2.gpx", T.replace(day=4)),  # 4.0 km in 2 h 22
    ("run", 8000.0, 2700.0, 30.0, "tempo.gpx", T.replace(day=5)),  # 10.7 km/h: a run
    ("ride", 30_000.0, 3600.0, 200.0, "ride.fit", T.replace(day=6)),
    ("walk", 3000.0, 2400.0, None, "walk.fit", T.replace(day=7)),
    (
        "run",
        3000.0,
        0.0003,
        None,
        "placeholder.gpx",
        datetime(1901, 12, 13, 20, 45, 52, tzinfo=UTC),
    ),
]


def _store_at_0001(db_url: str) -> None:
    upgrade(db_url, "0001")
    engine = make_engine(db_url)
    try:
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO athlete (id, name, profile_toml, created_at) "
                    "VALUES (1, 'me', '', :t)"
                ),
                {"t": T if engine.dialect.name != "sqlite" else T.replace(tzinfo=None)},
            )
            for sport, dist, secs, up, src, start in ROWS:
                conn.execute(
                    text(
                        "INSERT INTO running_activity (athlete_id, started_at, sport, "
                        "distance_m, moving_time_s, elevation_gain_m, avg_hr, source_file) "
                        "VALUES (1, :start, :sport, :dist, :secs, :up, NULL, :src)"
                    ),
                    {
                        "start": start
                        if engine.dialect.name != "sqlite"
                        else start.replace(tzinfo=None),
                        "sport": sport,
                        "dist": dist,
                        "secs": secs,
                        "up": up,
                        "src": src,
                    },
                )
    finally:
        engine.dispose()


def test_upgrade_from_0001_marks_what_counts_as_running_load(db_url: str) -> None:
    _store_at_0001(db_url)
    assert current_revision(db_url) == "0001"
    upgrade(db_url)
    assert current_revision(db_url) == st.HEAD_REVISION
    with st.open_store(db_url) as store:
        stored = {r.source_file: r for r in st.runs(store, st.athlete_id(store, "me"))}
    assert len(stored) == len(ROWS)  # nothing deleted
    got = {src: (r.sport, r.counts_as_load) for src, r in stored.items()}
    assert got == {
        "run.fit": ("run", True),
        "hike1.gpx": ("walk", False),  # 20 m up in 2.3 km: under 25 m/km, a walk
        "hike2.gpx": ("hike", False),  # 180 m up in 4 km: 45 m/km, a hike
        "tempo.gpx": ("run", True),
        "ride.fit": ("ride", False),
        "walk.fit": ("walk", False),
        "placeholder.gpx": ("run", False),  # 1901: a placeholder date, kept, not counted
    }
    assert "slower than 6 km/h" in stored["hike1.gpx"].load_reason
    assert "before 1990" in stored["placeholder.gpx"].load_reason
    assert "counted by its sport" in stored["run.fit"].load_reason


def test_downgrade_to_0001_keeps_the_rows(db_url: str) -> None:
    _store_at_0001(db_url)
    upgrade(db_url)
    downgrade(db_url, "0001")
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            n = conn.execute(text("SELECT count(*) FROM running_activity")).scalar()
            cols = conn.execute(text("SELECT * FROM running_activity")).keys()
    finally:
        engine.dispose()
    assert n == len(ROWS) and "counts_as_load" not in cols
