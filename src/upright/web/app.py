"""The FastAPI application: pages, their small JSON API, static files, and the guards."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from upright import __version__
from upright.errors import UprightError
from upright.web.auth import AccessGuard
from upright.web.context import athlete_name
from upright.web.forms import NotHere
from upright.web.limits import BodyLimit
from upright.web.plan_cache import PlanCache
from upright.web.plot_cache import PlotCache
from upright.web.settings import WebSettings
from upright.web.uploads import UploadStore, UploadTypeError

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
    ("history", "/history", "Progress"),
    ("import", "/import", "Import"),
    ("athletes", "/athletes", "Athletes"),
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
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(
        request, "error.html", {"message": str(exc), "active": ""}, status_code=status
    )


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
    app.state.uploads = UploadStore(settings.uploads_dir)
    app.state.history_plots = PlotCache()
    app.state.plans = PlanCache()
    templates = Jinja2Templates(directory=HERE / "templates")
    templates.env.globals.update(nav=NAV, version=__version__)
    app.state.templates = templates
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    @app.middleware("http")
    async def _security_headers(request: Request, call_next):  # type: ignore[no-untyped-def]
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response

    @app.exception_handler(NotHere)
    async def _not_found(request: Request, exc: NotHere) -> Response:
        return _error_response(request, exc, 404)

    @app.exception_handler(UploadTypeError)
    async def _wrong_type(request: Request, exc: UploadTypeError) -> Response:
        return _error_response(request, exc, 415)

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
    return app


def page(request: Request, template: str, active: str, **context: object) -> HTMLResponse:
    """Render ``template`` with the navigation marking ``active``."""
    templates: Jinja2Templates = request.app.state.templates
    ctx = {"active": active, "athlete_name": athlete_name(request), **context}
    return templates.TemplateResponse(request, template, ctx)
