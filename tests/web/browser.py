"""A real server and headless Chromium for the browser tests.

The server is uvicorn running `create_app` in a thread of the test process, on a free
loopback port, with a fresh data folder and SQLite database, plus one analysis worker
process. Chromium is Debian's (``/usr/bin/chromium``) driven by Playwright; no browser
is ever downloaded.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import uvicorn

from upright.web.app import create_app
from upright.web.settings import WebSettings
from upright.web.worker import WorkerPool

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--autoplay-policy=no-user-gesture-required",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "web"
VIEWPORTS = {"laptop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def live_server(settings: WebSettings, workers: int = 1) -> Iterator[str]:
    """Serve ``settings``'s app on a free loopback port; yield its base URL."""
    port = free_port()
    config = uvicorn.Config(
        create_app(settings), host="127.0.0.1", port=port, log_level="warning", lifespan="on"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    pool = WorkerPool(settings, workers)
    pool.start()
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the test server did not start within 20 s")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
        pool.stop()


def shoot(page, name: str) -> Path:  # type: ignore[no-untyped-def]
    """Save a full-page screenshot of ``page`` as ``test-artifacts/web/NAME.png``."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


_SHARED: dict[str, Any] = {}


def shared_chromium() -> Any:
    """Debian's Chromium, headless, with the suite's flags, launched once and kept for
    the next test modules that use it (each test still opens its own context: cookies,
    storage and clock are a context's own). ``close_shared_chromium`` ends it."""
    if "browser" not in _SHARED:
        from playwright.sync_api import sync_playwright

        playwright = sync_playwright().start()
        try:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
        except BaseException:
            playwright.stop()
            raise
        _SHARED.update(playwright=playwright, browser=browser)
    return _SHARED["browser"]


def close_shared_chromium() -> None:
    """Close the shared Chromium and its Playwright, if running (a test that starts a
    Playwright of its own needs this one stopped first: one a thread)."""
    browser, playwright = _SHARED.pop("browser", None), _SHARED.pop("playwright", None)
    try:
        if browser is not None:
            browser.close()
    finally:
        if playwright is not None:
            playwright.stop()
