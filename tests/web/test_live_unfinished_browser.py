"""The Live page with a session left unfinished: it starts nothing until the runner chooses.

Reuses the fake camera, server and page of test_live_browser.py; the unfinished session
is opened on the Session page's API of the same server.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from browser import CHROMIUM
from test_live_browser import page, server  # noqa: F401 - fixtures

from upright.store import athlete_id, last_sessions, open_store
from upright.web.settings import WebSettings

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed"),
]


def statuses(settings: WebSettings) -> list[tuple[int, str]]:
    with open_store(settings.db_url) as st:
        return [(s.id, s.status) for s in last_sessions(st, athlete_id(st, "me"), 20)]


def test_live_offers_to_continue_or_close_an_unfinished_session(
    page: Any,  # noqa: F811
    server: tuple[str, WebSettings],  # noqa: F811
) -> None:
    url, settings = server
    opened = httpx.post(f"{url}/api/sessions", json={"speed": 1}, timeout=30)
    assert opened.status_code == 200, opened.text
    ((old_id, _),) = statuses(settings)
    page.goto("/live")
    assert page.locator("#live-unfinished").is_visible()
    assert page.locator("#live-unfinished a[href='/session']").is_visible()
    page.select_option("#exercise", "y_raise")
    page.click("#live-start")  # without ticking the box: refused, nothing starts
    error = page.locator("#live-error")
    error.wait_for(state="visible", timeout=15_000)
    assert "unfinished session" in error.inner_text() and "Session page" in error.inner_text()
    assert page.locator("#live-setup").is_visible()
    assert statuses(settings) == [(old_id, "in_progress")]
    page.check("#start-over")
    page.click("#live-start")
    root = page.locator("#live")
    for _ in range(1500):
        if root.get_attribute("data-phase") in ("setup", "get_ready"):
            break
        page.wait_for_timeout(20)
    assert root.get_attribute("data-phase") in ("setup", "get_ready")
    assert page.locator("#live-error").is_hidden()
    (new_id, new_status), (was_id, was_status) = statuses(settings)
    assert (was_id, was_status) == (old_id, "abandoned")
    assert new_id != old_id and new_status == "in_progress"
    page.click("#live-stop")
