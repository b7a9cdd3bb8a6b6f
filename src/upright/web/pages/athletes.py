"""Athletes: a coach's view of everyone, and switching whom the pages are about."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from upright.errors import UprightError
from upright.report.coach import AthleteRow, coach_rows
from upright.store import AthleteRecord, ensure_athlete, list_athletes
from upright.web.app import page
from upright.web.deps import ATHLETE_COOKIE, AthleteNameDep, StoreDep

router = APIRouter()

NAME = re.compile(r"^[\w .'-]{1,60}$")
PAGE_SIZE = 50
# The end of a first sentence: a full stop before a capital ("et al. 2025" goes on).
HEADLINE_END = re.compile(r"\.\s+(?=[A-Z])")
# Where switching may lead: Today (the default) or the athlete's Progress.
NextPage = Literal["/", "/history"]


class AthleteNameError(UprightError):
    """A name that cannot be an athlete's."""


def _check_name(name: str) -> str:
    name = name.strip()
    if not NAME.fullmatch(name):
        raise AthleteNameError(
            f"athlete name: expected 1-60 letters, digits, spaces, dots, dashes or "
            f"apostrophes, got {name!r}"
        )
    return name


@dataclass(frozen=True)
class AthletePage:
    """One page of the coach's table: the rows shown and where they sit in the whole."""

    rows: list[AthleteRow]
    query: str
    page: int
    pages: int
    matching: int
    total: int


def headline(warning: str) -> str:
    """A warning's line of advice (the rest, with its evidence, is shown on demand)."""
    if "\n" in warning:
        return warning.split("\n", 1)[0]
    first = HEADLINE_END.search(warning)
    return warning[: first.start() + 1] if first else warning


def athlete_page(
    everyone: list[AthleteRecord],
    query: str,
    page_no: int,
    rows_for: Callable[[list[AthleteRecord]], list[AthleteRow]],
) -> AthletePage:
    """The athletes whose name contains ``query`` (any case), ``PAGE_SIZE`` a page.

    Only the shown page's rows are computed (each reads the athlete's sessions, plan and
    running log), so a club of hundreds costs no more than fifty.
    """
    needle = query.strip().casefold()
    matching = sorted(
        (a for a in everyone if needle in a.name.casefold()), key=lambda a: a.name.casefold()
    )
    pages = max(1, -(-len(matching) // PAGE_SIZE))
    page_no = min(page_no, pages)
    shown = matching[(page_no - 1) * PAGE_SIZE : page_no * PAGE_SIZE]
    return AthletePage(
        rows=rows_for(shown) if shown else [],
        query=query.strip(),
        page=page_no,
        pages=pages,
        matching=len(matching),
        total=len(everyone),
    )


@router.get("/athletes", response_class=HTMLResponse)
def athletes_page(
    request: Request,
    store: StoreDep,
    current: AthleteNameDep,
    q: Annotated[str, Query(max_length=200)] = "",
    page_no: Annotated[int, Query(alias="page", ge=1)] = 1,
) -> HTMLResponse:
    """Each athlete's last session, month's adherence, warnings and next session."""
    today = date.today()
    view = athlete_page(
        list_athletes(store),
        q,
        page_no,
        lambda shown: coach_rows(store, today, shown, with_why=True),
    )
    return page(
        request,
        "athletes.html",
        "athletes",
        view=view,
        today=today,
        current=current,
        headline=headline,
    )


@router.post("/athletes/switch")
def switch_athlete(
    store: StoreDep,
    name: Annotated[str, Form(max_length=200)],
    next_page: Annotated[NextPage, Form(alias="next")] = "/",
) -> RedirectResponse:
    """Make the posted athlete the current one (created if new); go to Today or Progress."""
    name = _check_name(name)
    ensure_athlete(store, name)
    response = RedirectResponse(next_page, status_code=303)
    response.set_cookie(ATHLETE_COOKIE, name, samesite="strict", max_age=400 * 24 * 3600)
    return response


@router.get("/api/athletes")
def athletes_api(store: StoreDep, current: AthleteNameDep) -> dict[str, object]:
    """Every athlete's name and id, and the current one."""
    rows = list_athletes(store)
    return {
        "current": current,
        "athletes": [{"id": a.id, "name": a.name} for a in rows],
    }
