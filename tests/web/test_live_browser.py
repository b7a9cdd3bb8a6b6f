"""The Live page in headless Chromium, its fake camera playing a real video of a person.

The clip is cut at set-up from the Sports2D demo video (a person in a park) into a
.y4m file that Chromium plays as its camera (conftest.py's ``clip``). The page must open
the camera, stream frames to the server, draw the skeleton the server sends back, and
update its counters and its frame rate. Marked ``browser``; skipped where Debian's
Chromium or ffmpeg is missing.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, VIEWPORTS, live_server

from upright.web.settings import WebSettings

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed"),
    pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="ffmpeg is not installed"),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, WebSettings]]:
    root = tmp_path_factory.mktemp("live")
    settings = WebSettings(data_dir=root / "data", db_url=f"sqlite:///{root / 'db.sqlite3'}")
    with live_server(settings, workers=0) as url:
        yield url, settings


@pytest.fixture
def page(clip: Path, server: tuple[str, WebSettings]) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    args = [*CHROMIUM_ARGS, "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream"]
    args.append(f"--use-file-for-fake-video-capture={clip}")
    url, _ = server
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=args)
        context = browser.new_context(viewport=VIEWPORTS["laptop"], base_url=url)
        pg = context.new_page()
        errors: list[str] = []
        foreign: list[str] = []
        pg.on("pageerror", lambda e: errors.append(str(e)))
        pg.on(
            "request",
            lambda r: (
                None
                if r.url.startswith((url, "ws://127.0.0.1", "data:", "blob:"))
                else foreign.append(r.url)
            ),
        )
        yield pg
        browser.close()
    assert not errors, f"JavaScript errors: {errors}"
    assert not foreign, f"requests to other hosts: {foreign}"


def _overlay_pixels(page: Any) -> int:
    """Pixels of the overlay canvas that are not transparent (the drawn skeleton)."""
    return int(
        page.evaluate(
            """() => {
              const c = document.getElementById('live-overlay');
              const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
              let n = 0;
              for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
              return n;
            }"""
        )
    )


def test_live_page_streams_the_camera_and_draws_the_skeleton(page: Any) -> None:
    page.goto("/live")
    page.select_option("#exercise", "seated_cable_row")
    page.select_option("#fps", "10")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "live-setup-laptop.png"), full_page=True)
    page.click("#live-start")
    root = page.locator("#live")
    page.wait_for_function(
        "() => parseInt(document.getElementById('live').dataset.landmarks || '0') >= 8",
        timeout=30_000,
    )
    first_results = int(root.get_attribute("data-results"))
    page.wait_for_function(
        f"() => parseInt(document.getElementById('live').dataset.results) >= {first_results + 5}",
        timeout=15_000,
    )
    page.wait_for_timeout(2200)  # a full window of the frame-rate counter
    fps = float(page.locator("#live-fps").inner_text())
    assert 2.0 <= fps <= 12.0, fps  # about the 10 frames/s asked for, never above the cap
    assert int(root.get_attribute("data-drawn")) >= 8
    assert _overlay_pixels(page) > 200  # bones and joints really are on the canvas
    assert page.locator("#live-counts span").count() >= 1
    assert page.locator("#live-counts").inner_text().startswith("reps 0/")
    assert page.locator("#live-title").inner_text().startswith("Seated cable row, set 1")
    assert root.get_attribute("data-framing") in ("out_of_frame", "turn", "steady", "ready")
    assert page.locator("#framing-text").inner_text()
    assert int(page.locator("#live-latency").inner_text()) > 0
    page.screenshot(path=str(ARTIFACTS / "live-laptop.png"), full_page=True)
    page.set_viewport_size(VIEWPORTS["phone"])
    page.wait_for_timeout(500)
    page.screenshot(path=str(ARTIFACTS / "live-phone.png"), full_page=True)
    page.click("#live-stop")
    page.wait_for_selector("#live-done", state="visible")
