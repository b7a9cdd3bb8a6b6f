"""What a route needs, as typed FastAPI dependencies: the store, the athlete, the app's parts.

A route names what it needs in its signature; FastAPI builds each once per request::

    from upright.web.deps import AthleteDep, StoreDep

    @router.get("/runs")
    def runs_page(request: Request, store: StoreDep, athlete: AthleteDep) -> HTMLResponse:
        aid = athlete.stored_id()  # None: never stored, so nothing to list
        ...

    @router.post("/runs/{run_id}/delete")
    def run_delete(athlete: AthleteDep, run_id: int) -> RedirectResponse:
        aid = athlete.ensure()  # a write: created here if new
        ...

- `StoreDep`: the app's `Store`, opened (and migrated) on first use, closed at shutdown.
- `AthleteNameDep`: the name of the athlete the pages are about (the Athletes page's
  cookie, else `DEFAULT_ATHLETE`).
- `AthleteDep`: that athlete as a `CurrentAthlete`: the name, ``stored_id()`` (reads),
  ``ensure()`` (writes), ``profile()`` and ``plan()``.
- `SettingsDep`, `UploadsDep`, `PlansDep`, `PlotsDep`, `TemplatesDep`: what `create_app`
  keeps on ``app.state``, typed.

Reading never writes: a GET uses ``athlete.stored_id()``, which is None for an athlete
never stored (the page shows nothing yet), and only a POST that stores something calls
``athlete.ensure()``, which creates the row on that first write.

Every dependency takes an `HTTPConnection`, so WebSocket routes use them as HTTP routes
do; each is also a plain function (``athlete_of(websocket)``) for code outside a route
signature.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date
from typing import Annotated

from fastapi import Depends
from fastapi.templating import Jinja2Templates
from starlette.requests import HTTPConnection

from upright.plan.planner import Plan
from upright.plan.profile import DEFAULT_ATHLETE
from upright.store import Store, UnknownAthlete, athlete_id, ensure_athlete, open_store
from upright.web.plan_cache import PlanCache
from upright.web.plot_cache import PlotCache
from upright.web.settings import WebSettings
from upright.web.uploads import UploadStore
from upright.workflows.plans import ProfileSource, make_plan, resolve_profile

ATHLETE_COOKIE = "upright_athlete"

_open_lock = threading.Lock()


def get_store(conn: HTTPConnection) -> Store:
    """The app's store, opened (and migrated) on first use."""
    state = conn.app.state
    with _open_lock:
        if getattr(state, "store", None) is None:
            state.store = open_store(state.settings.db_url)
    store: Store = state.store
    return store


def athlete_name(conn: HTTPConnection) -> str:
    """The name of the athlete chosen on the Athletes page (a cookie), else the default."""
    return conn.cookies.get(ATHLETE_COOKIE) or DEFAULT_ATHLETE


def get_settings(conn: HTTPConnection) -> WebSettings:
    """The server's settings."""
    settings: WebSettings = conn.app.state.settings
    return settings


def get_uploads(conn: HTTPConnection) -> UploadStore:
    """Where uploaded files are kept, within the quota."""
    uploads: UploadStore = conn.app.state.uploads
    return uploads


def get_plans(conn: HTTPConnection) -> PlanCache:
    """The plans kept between page loads (`upright.web.plan_cache`)."""
    plans: PlanCache = conn.app.state.plans
    return plans


def get_plots(conn: HTTPConnection) -> PlotCache:
    """The Progress page's plots kept per athlete (`upright.web.plot_cache`)."""
    plots: PlotCache = conn.app.state.history_plots
    return plots


def get_templates(conn: HTTPConnection) -> Jinja2Templates:
    """The page templates."""
    templates: Jinja2Templates = conn.app.state.templates
    return templates


@dataclass(frozen=True)
class CurrentAthlete:
    """The athlete the pages are about, by name; stored or not yet.

    Parameters
    ----------
    name
        The athlete's name (the cookie's, else `DEFAULT_ATHLETE`).
    store
        The app's store.
    plans
        The app's plan cache.
    """

    name: str
    store: Store
    plans: PlanCache

    def stored_id(self) -> int | None:
        """The athlete's id, or None when nothing was ever stored for them (reads only)."""
        try:
            return athlete_id(self.store, self.name)
        except UnknownAthlete:
            return None

    def ensure(self, profile_toml: str | None = None) -> int:
        """The athlete's id, the row created if new: for routes that write (POST).

        ``profile_toml`` (the runner's profile as TOML text) replaces the stored one.
        """
        return ensure_athlete(self.store, self.name, profile_toml=profile_toml)

    def profile(self) -> ProfileSource:
        """The profile in force and where it comes from, as the plan reads it."""
        return resolve_profile(None, self.store, self.name)

    def plan(self, weeks: int, start: date | None = None) -> Plan:
        """The plan of ``weeks`` weeks from ``start`` (default: today in the athlete's zone).

        Made as ``upright plan`` makes it, and kept between requests until the database
        changes (`upright.web.plan_cache`).
        """
        day = start or self.profile().profile.today()
        plan: Plan = self.plans.get(
            (self.name, day, weeks),
            lambda: make_plan(day, weeks, athlete=self.name, db=self.store)[0],
        )
        return plan


def athlete_of(conn: HTTPConnection) -> CurrentAthlete:
    """The `CurrentAthlete` of a request or WebSocket."""
    return CurrentAthlete(athlete_name(conn), get_store(conn), get_plans(conn))


StoreDep = Annotated[Store, Depends(get_store)]
AthleteNameDep = Annotated[str, Depends(athlete_name)]
AthleteDep = Annotated[CurrentAthlete, Depends(athlete_of)]
SettingsDep = Annotated[WebSettings, Depends(get_settings)]
UploadsDep = Annotated[UploadStore, Depends(get_uploads)]
PlansDep = Annotated[PlanCache, Depends(get_plans)]
PlotsDep = Annotated[PlotCache, Depends(get_plots)]
TemplatesDep = Annotated[Jinja2Templates, Depends(get_templates)]
