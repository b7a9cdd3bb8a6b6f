"""The pages of the web app, one module per page, each with its small JSON API."""

from __future__ import annotations

from fastapi import FastAPI

from upright.web.pages import (
    analyze,
    athletes,
    exercises,
    history,
    imports,
    overlay,
    pair,
    plan,
    profile,
    runs,
    session,
    today,
)


def register_pages(app: FastAPI) -> None:
    """Add every page's routes to ``app``."""
    for module in (
        today,
        plan,
        session,
        analyze,
        overlay,
        history,
        runs,
        imports,
        profile,
        athletes,
        pair,
        exercises,
    ):
        app.include_router(module.router)
