"""Athletes: a coach's view of everyone, and switching whom the pages are about."""

from __future__ import annotations

import re

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from upright.errors import UprightError
from upright.store import ensure_athlete, list_athletes
from upright.web.app import page
from upright.web.context import ATHLETE_COOKIE, athlete_name, get_store

router = APIRouter()

NAME = re.compile(r"^[\w .'-]{1,60}$")


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


@router.get("/athletes", response_class=HTMLResponse)
def athletes_page(request: Request) -> HTMLResponse:
    """Every athlete with last session, adherence and warnings; switch between them."""
    rows = list_athletes(get_store(request))
    return page(request, "athletes.html", "athletes", athletes=rows, current=athlete_name(request))


@router.post("/athletes/switch")
async def switch_athlete(request: Request) -> RedirectResponse:
    """Make the posted athlete the current one (created if new) and go to Today."""
    form = await request.form(max_files=0, max_fields=2)
    name = _check_name(str(form.get("name", "")))
    ensure_athlete(get_store(request), name)
    response = RedirectResponse("/", status_code=303)
    response.set_cookie(ATHLETE_COOKIE, name, samesite="strict", max_age=400 * 24 * 3600)
    return response


@router.get("/api/athletes")
def athletes_api(request: Request) -> dict[str, object]:
    """Every athlete's name and id, and the current one."""
    rows = list_athletes(get_store(request))
    return {
        "current": athlete_name(request),
        "athletes": [{"id": a.id, "name": a.name} for a in rows],
    }
