"""Plans kept between page loads: given again until a write is committed, or for 2 s."""

from __future__ import annotations

from pathlib import Path

import pytest

from upright.store import athlete_id, ensure_athlete, last_sessions, open_store
from upright.store.errors import StoreError
from upright.store.models import Athlete
from upright.web.plan_cache import PlanCache


class Maker:
    def __init__(self) -> None:
        self.made = 0

    def __call__(self) -> int:
        self.made += 1
        return self.made


def test_kept_until_a_write_is_committed(tmp_path: Path) -> None:
    cache, make = PlanCache(), Maker()
    with open_store(f"sqlite:///{tmp_path / 'db.sqlite3'}") as st:
        assert cache.get("me", make) == 1
        assert cache.get("me", make) == 1
        last_sessions(st, 1)  # a read commits nothing
        assert cache.get("me", make) == 1
        ensure_athlete(st, "me")  # a write: the plan may read it
        assert cache.get("me", make) == 2
        assert athlete_id(st, "me") > 0
        assert cache.get("me", make) == 2
        assert cache.get("other", make) == 3  # keys apart


def test_a_failed_write_changes_nothing(tmp_path: Path) -> None:
    cache, make = PlanCache(), Maker()
    with open_store(f"sqlite:///{tmp_path / 'db.sqlite3'}") as st:
        cache.get("me", make)
        with pytest.raises(StoreError), st.session() as s:
            s.add(Athlete(name="x"))  # no created_at: the insert fails, nothing is committed
            s.flush()
        assert cache.get("me", make) == 1


def test_other_processes_writes_are_seen_within_max_age() -> None:
    now = [0.0]
    cache, make = PlanCache(max_age_s=2.0, clock=lambda: now[0]), Maker()
    assert cache.get("me", make) == 1
    now[0] = 1.9
    assert cache.get("me", make) == 1
    now[0] = 2.0
    assert cache.get("me", make) == 2


def test_the_least_recently_used_goes_first() -> None:
    cache, make = PlanCache(size=2), Maker()
    assert [cache.get(k, make) for k in ("a", "b", "a", "c", "a", "b")] == [1, 2, 1, 3, 1, 4]
