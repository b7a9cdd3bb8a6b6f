"""The Live page plays the demonstration of the coming set while the runner gets ready.

Reuses the fake camera, server and page of test_live_browser.py.
"""

from __future__ import annotations

from typing import Any

import pytest
from browser import CHROMIUM
from test_live_browser import page, server  # noqa: F401 - fixtures

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed"),
]


def test_live_get_ready_plays_the_demonstration(page: Any) -> None:  # noqa: F811
    page.goto("/live")
    page.select_option("#exercise", "y_raise")
    page.select_option("#fps", "10")
    assert page.locator("#live-demo").is_hidden()
    page.click("#live-start")
    root = page.locator("#live")
    for _ in range(1500):
        if root.get_attribute("data-phase") in ("setup", "get_ready"):
            break
        page.wait_for_timeout(20)
    demo = page.locator("#live-demo")
    demo.wait_for(state="visible", timeout=15_000)
    for _ in range(750):
        if int(demo.get_attribute("data-drawn") or 0) > 5:
            break
        page.wait_for_timeout(20)
    assert int(demo.get_attribute("data-drawn") or 0) > 5
    assert demo.get_attribute("data-playing") == "1"
    page.screenshot(
        path=str(
            __import__("pathlib").Path(__file__).parent / "screenshots" / "live-demo-laptop.png"
        )
    )
    # starting the set puts the demonstration away
    page.click("#live-go")
    demo.wait_for(state="hidden", timeout=15_000)
    assert demo.get_attribute("data-playing") == ""
    page.click("#live-stop")
