"""Per-request context: the store the app uses and the athlete the pages are about."""

from __future__ import annotations

import threading

from fastapi import Request

from upright.store import AthleteRecord, Store, ensure_athlete, get_athlete, open_store

ATHLETE_COOKIE = "upright_athlete"
DEFAULT_ATHLETE = "me"

_open_lock = threading.Lock()


def get_store(request: Request) -> Store:
    """The app's store, opened (and migrated) on first use."""
    state = request.app.state
    with _open_lock:
        if getattr(state, "store", None) is None:
            state.store = open_store(state.settings.db_url)
    store: Store = state.store
    return store


def athlete_name(request: Request) -> str:
    """The name of the athlete chosen on the Athletes page (a cookie), else the default."""
    return request.cookies.get(ATHLETE_COOKIE) or DEFAULT_ATHLETE


def current_athlete(request: Request) -> AthleteRecord:
    """The chosen athlete's record, created on first use."""
    store = get_store(request)
    name = athlete_name(request)
    ensure_athlete(store, name)
    return get_athlete(store, name)
