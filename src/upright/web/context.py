"""The per-request helpers of the pages not yet on `upright.web.deps` (Session, Live, Analyze).

New routes take `StoreDep` and `AthleteDep` from `upright.web.deps` instead; these names
stay until the last caller has moved. They take a `Request`, as they always did (the Live
socket's callers say ``type: ignore`` for that); `upright.web.deps` takes any connection.
"""

from __future__ import annotations

from fastapi import Request

from upright.plan.profile import DEFAULT_ATHLETE as DEFAULT_ATHLETE
from upright.store import AthleteRecord, Store, ensure_athlete, get_athlete
from upright.web import deps
from upright.web.deps import ATHLETE_COOKIE as ATHLETE_COOKIE


def get_store(request: Request) -> Store:
    """The app's store (`upright.web.deps.StoreDep`)."""
    return deps.get_store(request)


def athlete_name(request: Request) -> str:
    """The current athlete's name (`upright.web.deps.AthleteNameDep`)."""
    return deps.athlete_name(request)


def current_athlete(conn: Request) -> AthleteRecord:
    """The chosen athlete's record, created on first use.

    It writes: the Analyze page still calls it on GET. `AthleteDep` reads with
    ``stored_id()`` and writes only with ``ensure()``.
    """
    store = get_store(conn)
    name = athlete_name(conn)
    ensure_athlete(store, name)
    return get_athlete(store, name)
