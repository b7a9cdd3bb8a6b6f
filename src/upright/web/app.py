"""The FastAPI application: pages, their small JSON API, static files, and the guards."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from upright import __version__
from upright.errors import UprightError
from upright.web.auth import AccessGuard
from upright.web.deps import athlete_name, get_templates
from upright.web.forms import NotHere, input_problems
from upright.web.limits import BodyLimit
from upright.web.plan_cache import PlanCache
from upright.web.plot_cache import PlotCache
from upright.web.settings import WebSettings, default_upload_quota
from upright.web.uploads import UploadNoRoom, UploadStore, UploadTypeError

HERE = Path(__file__).parent

# Every page loads only from this server: no fonts, scripts or styles from elsewhere.
CSP = (
    "default-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; "
    "style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; "
    "frame-ancestors 'self'; form-action 'self'; base-uri 'none'"
)

NAV = (
    ("today", "/", "Today"),
    ("plan", "/plan", "Plan"),
    ("session", "/session", "Session"),
    ("live", "/live", "Live"),
    ("analyze", "/analyze", "Analyze"),
    ("exercises", "/exercises", "Exercises"),
    ("history", "/history", "Progress"),
    ("runs", "/runs", "Runs"),
    ("import", "/import", "Import"),
    ("profile", "/profile", "Profile"),
    ("athletes", "/athletes", "Athletes"),
    ("pair", "/pair", "Pair a phone"),
)


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    yield
    store = getattr(app.state, "store", None)
    if store is not None:
        store.close()


def _error_response(request: Request, exc: UprightError, status: int) -> Response:
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": str(exc)}, status_code=status)
    return get_templates(request).TemplateResponse(
        request, "error.html", {"message": str(exc), "active": ""}, status_code=status
    )


_NUMBER_AND_UNIT = re.compile(r"(?<=\d) (?=(?:s|kg|km|min|x)\b)|(?<=\bx) (?=\d)")


def unbroken(text: str) -> str:
    """``text`` with each number kept on one line with its unit ("3 s", "2 x 8").

    A narrow table cell otherwise wraps "hold 3 s" as "hold 3" over "s".
    """
    return _NUMBER_AND_UNIT.sub("\u00a0", text)


def create_app(settings: WebSettings | None = None) -> FastAPI:
    """Build the web app for ``settings`` (defaults: user data dir, default database)."""
    settings = settings or WebSettings()
    if not settings.data_dir.exists():  # uploads, outputs and the token hash: the user's alone
        settings.data_dir.mkdir(parents=True, mode=0o700)
        settings.data_dir.chmod(0o700)  # mkdir's mode is filtered by the umask
    app = FastAPI(
        title="Upright",
        version=__version__,
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.settings = settings
    quota = settings.upload_quota_bytes
    app.state.uploads = UploadStore(
        settings.uploads_dir,
        quota_bytes=default_upload_quota(settings.data_dir) if quota is None else quota,
        counted=(settings.outputs_dir,),
    )
    app.state.history_plots = PlotCache()
    app.state.plans = PlanCache()
    templates = Jinja2Templates(directory=HERE / "templates")
    templates.env.globals.update(nav=NAV, version=__version__)
    templates.env.filters["unbroken"] = unbroken
    app.state.templates = templates
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    @app.exception_handler(NotHere)
    async def _not_found(request: Request, exc: NotHere) -> Response:
        return _error_response(request, exc, 404)

    @app.exception_handler(UploadTypeError)
    async def _wrong_type(request: Request, exc: UploadTypeError) -> Response:
        return _error_response(request, exc, 415)

    @app.exception_handler(UploadNoRoom)
    async def _no_room(request: Request, exc: UploadNoRoom) -> Response:
        return _error_response(request, exc, 507)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        # A bad query or form field is a bad request (400), as the hand checks these
        # declarations replaced answered; a path that does not parse keeps FastAPI's 422.
        errors = exc.errors()
        in_path = all(e.get("loc", ("",))[0] == "path" for e in errors)
        return _error_response(request, input_problems(errors), 422 if in_path else 400)

    @app.exception_handler(UprightError)
    async def _upright_error(request: Request, exc: UprightError) -> Response:
        return _error_response(request, exc, 400)

    from upright.web.live import router as live_router
    from upright.web.pages import register_pages

    register_pages(app)
    app.include_router(live_router)
    app.add_middleware(
        BodyLimit,
        limits={
            "/analyze": settings.max_video_bytes,
            "/api/analyses": settings.max_video_bytes,
            "/import": settings.max_log_bytes,
            "/api/imports": settings.max_log_bytes,
        },
    )
    app.add_middleware(
        AccessGuard, token_hash=settings.token_hash, extra_hosts=settings.allowed_hosts
    )
    app.add_middleware(SecurityHeaders)
    return app


class SecurityHeaders:
    """ASGI middleware: the content security policy and its companions on every response.

    A plain ASGI wrapper (not ``@app.middleware``, whose per-request task and streams cost
    the event loop more than most pages do). Headers a route set itself are kept.
    """

    HEADERS = (
        (b"content-security-policy", CSP.encode()),
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"same-origin"),
    )

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on; add the headers to its response's start."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                have = {name.lower() for name, _value in headers}
                headers += [(k, v) for k, v in self.HEADERS if k not in have]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def page(request: Request, template: str, active: str, **context: object) -> HTMLResponse:
    """Render ``template`` with the navigation marking ``active``."""
    ctx = {"active": active, "athlete_name": athlete_name(request), **context}
    return get_templates(request).TemplateResponse(request, template, ctx)
