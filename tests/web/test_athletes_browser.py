"""The Athletes page in headless Chromium, a coach with three runners, at 390 and 1280 px.

Screenshots go to ``tests/web/screenshots/athletes-{phone,laptop}.png``. Marked
``browser``; skipped only where Debian's Chromium is not installed.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from browser import CHROMIUM, VIEWPORTS, live_server
from coach_fixtures import three_runners

from upright.web.settings import WebSettings

SCREENSHOTS = Path(__file__).parent / "screenshots"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed"),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("coach")
    url = f"sqlite:///{root / 'db.sqlite3'}"
    three_runners(url, date.today())
    with live_server(WebSettings(data_dir=root / "data", db_url=url), workers=0) as base:
        yield base


@pytest.fixture(scope="module")
def chromium(browser: Any) -> Any:
    return browser


@pytest.mark.parametrize("viewport", ["phone", "laptop"])
def test_a_coach_sees_three_runners_on_one_page(chromium: Any, server: str, viewport: str) -> None:
    context = chromium.new_context(
        viewport=VIEWPORTS[viewport], base_url=server, has_touch=viewport == "phone"
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto("/athletes")
    rows = page.locator("#athletes tbody tr")
    assert rows.count() == 3
    assert [rows.nth(k).locator("td.name").inner_text() for k in range(3)] == [
        "Ana Ruiz",
        "Ben Okafor",
        "Cleo Martin",
    ]
    cleo = rows.nth(2)
    warning = cleo.locator("details.warnings").first
    assert "jumped 275 % (8 -> 30 km" in warning.locator("summary").inner_text()
    assert not warning.locator("p").is_visible()  # the evidence only on demand
    warning.locator("summary").click()
    assert "hazard ratio" in warning.locator("p").inner_text()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"the Athletes page is {overflow} px too wide at {viewport} width"
    if viewport == "phone":  # every cell says what it is, as there is no header row
        assert not page.locator("#athletes thead").is_visible()
        label = page.evaluate(
            "getComputedStyle(document.querySelector('#athletes td[data-label]'), '::before')"
            ".content"
        )
        assert "last session" in label
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"athletes-{viewport}.png"), full_page=True)
    cleo.get_by_role("button", name="Progress").click()
    page.wait_for_url("**/history")
    assert page.locator("header .athlete").inner_text() == "Cleo Martin"
    assert not errors, errors
    context.close()
