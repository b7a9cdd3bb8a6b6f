"""The web app in headless Chromium: the runner's paths through it, and every page's look.

Marked ``browser``; skipped only where Debian's Chromium is not installed.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from browser import (
    ARTIFACTS,
    CHROMIUM,
    VIEWPORTS,
    shoot,
)

from demo_clips import walking_clip

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed"),
]

PAGES = {
    "today": "/",
    "plan": "/plan",
    "session": "/session",
    "analyze": "/analyze",
    "history": "/history",
    "import": "/import",
    "athletes": "/athletes",
}


@pytest.fixture
def page(browser, server):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=VIEWPORTS["laptop"], base_url=server)
    pg = context.new_page()
    foreign: list[str] = []
    pg.on(
        "request",
        lambda r: None if r.url.startswith((server, "data:", "blob:")) else foreign.append(r.url),
    )
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    yield pg
    context.close()
    assert not foreign, f"pages loaded from other hosts: {foreign}"
    assert not errors, f"JavaScript errors: {errors}"


def _tap_reps(page, timeout_s: float = 60.0) -> list[str]:  # type: ignore[no-untyped-def]
    """Tap "Rep done" each time it shows (after a rep's hold) until the rating is asked.

    Returns the phases in which "Rep done" was seen on screen (read with the phase in
    one go, so from one drawn snapshot).
    """
    seen: list[str] = []
    end = time.monotonic() + timeout_s
    while time.monotonic() < end:
        # read and tap in one go: between a look and a separate click the phase can move on
        # (a loaded machine, a 60x clock) and the click land on the next phase's button
        phase, before, rating = page.evaluate(
            """() => {
              const b = document.getElementById("main-action");
              const counts = document.getElementById("counts").textContent;
              const phase = document.getElementById("phase").textContent;
              const tapped = !b.hidden && b.textContent === "Rep done";
              if (tapped) b.click();
              return [phase, tapped ? counts : null,
                      !document.getElementById("rating").hidden];
            }"""
        )
        if rating:
            return seen
        if before is not None:
            seen.append(phase)
            # the tap counts when the server answers: wait for the count to move before
            # looking again, so one rep is never tapped twice while the answer is on its way
            # (polled from here: the page's CSP forbids wait_for_function's eval)
            answered_by = time.monotonic() + 30
            while page.locator("#counts").text_content() == before:
                assert time.monotonic() < answered_by, "a tap on Rep done was never counted"
                page.wait_for_timeout(10)
        page.wait_for_timeout(10)
    raise AssertionError("the set never asked for its rating")


def test_today_session_set_logged_history(page) -> None:  # type: ignore[no-untyped-def]
    page.goto("/")
    first = page.locator("tbody tr td").first.inner_text()
    page.click("#start-session")
    page.wait_for_url(re.compile(r"/session"))
    page.goto("/session?speed=60")
    page.click("#start")
    page.wait_for_selector("#screen:not([hidden])")
    assert page.locator("#title").inner_text().startswith(first)
    # The first set's timers run at 60x; each rep counts when "Rep done" is tapped after
    # its hold (the button is not there during the lift and the hold).
    shown_in = set(_tap_reps(page))
    assert shown_in and not shown_in & {"Move", "Hold"}, shown_in
    counts = page.locator("#counts").inner_text()
    assert "left 8/8" in counts and "right 8/8" in counts
    assert page.locator("#timer").inner_text() == ""  # no bare number on the rating screen
    shoot(page, "session-rating-laptop")
    page.click("#rating button[data-rating='some_faults']")
    page.wait_for_selector("#last-set:has-text('rated: some faults')")
    page.wait_for_selector("#phase:has-text('Rest')")
    page.click("#end")
    page.wait_for_selector("#finished:not([hidden])")
    page.click("#to-history")
    page.wait_for_url(re.compile(r"/history"))
    table = page.locator("#recent-sets").inner_text()
    assert first in table and "some faults" in table
    # one row a side, 8 reps each, and the hold a rep lasted (3 s), not the set's sum
    holds = page.locator("#recent-sets td[data-label='hold per rep']").all_inner_texts()
    reps = page.locator("#recent-sets td[data-label='reps']").all_inner_texts()
    assert reps[:2] == ["8 (left)", "8 (right)"] or reps[:2] == ["8 (right)", "8 (left)"]
    assert holds[:2] == ["3.0 s", "3.0 s"]


def test_session_left_in_a_closed_tab_is_continued(page, server: str) -> None:  # type: ignore[no-untyped-def]
    # An athlete of its own, so the other tests' sessions do not show up here.
    page.context.add_cookies([{"name": "upright_athlete", "value": "tab closer", "url": server}])
    page.goto("/session?speed=60")
    assert page.locator("#resume").count() == 0
    page.click("#start")
    _tap_reps(page)
    page.click("#rating button[data-rating='clean']")
    page.wait_for_selector("#progress-sets:has-text('Sets done: 1 of')")
    total = page.locator("#progress-sets").inner_text().split(" of ")[1]
    # The tab goes away mid-session (here: the page is left); the server keeps the set.
    page.goto("about:blank")
    page.set_viewport_size(VIEWPORTS["phone"])
    page.clock.install()  # the page's timers on Playwright's clock, flowing as usual
    page.goto("/session?speed=60")
    line = page.locator("#resume-line").inner_text()
    assert line == f"You stopped after 1 of {total} sets, just now."
    nxt = page.locator("#resume-next").inner_text()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"the resume prompt is {overflow} px too wide at phone width"
    shoot(page, "session-resume-phone")
    # The page's first poll waits until these checks are done: at 60x the set-up lasts
    # 0.2 s, and a poll drawing the lift after it hides the button (and its focus)
    # before a loaded machine got to look.
    page.clock.pause_at(page.evaluate("Date.now()") + 1000)
    page.focus("#continue")
    page.keyboard.press("Enter")
    page.wait_for_selector("#screen:not([hidden])")
    assert page.locator("#title").inner_text() == nxt
    assert page.locator("#progress-sets").inner_text() == f"Sets done: 1 of {total}"
    assert page.evaluate("document.activeElement.id") == "main-action"
    page.clock.resume()
    _tap_reps(page)
    page.click("#rating button[data-rating='struggled']")
    page.wait_for_selector(f"#progress-sets:has-text('Sets done: 2 of {total}')")
    page.click("#end")
    page.wait_for_selector("#finished:not([hidden])")
    page.goto("/history")
    ratings = page.locator("#recent-sets tbody .badge").all_inner_texts()
    # two sets of one row a side each, neither saved twice
    assert sorted(ratings) == ["clean", "clean", "struggled", "struggled"]


def test_a_second_tab_is_offered_the_session_the_first_opened(page, server: str) -> None:  # type: ignore[no-untyped-def]
    """Two tabs drew the Start button; the second to press it gets the first's session."""
    page.context.add_cookies([{"name": "upright_athlete", "value": "two tabs", "url": server}])
    other = page.context.new_page()
    page.goto("/session?speed=60")
    other.goto("/session?speed=60")
    page.click("#start")
    page.wait_for_selector("#screen:not([hidden])")
    other.click("#start")  # refused (409): the tab reloads onto the prompt
    other.wait_for_selector("#resume")
    assert other.locator("#continue").count() == 1
    assert "no set was finished" in other.locator("#resume-line").inner_text()
    other.close()
    page.click("#end")
    page.wait_for_selector("#finished:not([hidden])")


def test_analyze_uploads_a_real_clip_and_shows_the_report(page) -> None:  # type: ignore[no-untyped-def]
    from upright.catalog import get_exercise
    from upright.motion import analyze
    from upright.pose import video_to_landmarks

    clip = walking_clip()
    page.goto("/analyze")
    page.set_input_files("#video", str(clip))
    page.select_option("#exercise", "generic")
    page.click("#analyze-form button[type=submit]")
    page.wait_for_url(re.compile(r"/analyze/\d+$"))
    # the count the app must show, worked out here while its worker analyses the upload
    expected = len(analyze(video_to_landmarks(clip), get_exercise("generic")).reps)
    page.wait_for_selector("#results:not([hidden])", timeout=60_000)
    summary = page.locator("#summary").inner_text()
    # "1 rep", "2 reps"; none is not a success but "No rep seen" (issue 19)
    said = "No rep seen." if expected == 0 else f"{expected} rep{'' if expected == 1 else 's'};"
    assert summary.startswith(said), summary
    # The annotated video loads and plays in the page.
    page.wait_for_function(
        "() => document.getElementById('annotated').readyState >= 2", timeout=20_000
    )
    assert page.evaluate("document.getElementById('annotated').duration") > 1.5
    report = page.frame_locator("#report")
    assert "set report" in report.locator("h1").inner_text()
    shoot(page, "analysis-done-laptop")


def test_import_gpx_and_csv_and_the_plan_changes(page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime, timedelta

    from test_routes import _gpx, _strava_csv

    now = datetime.now(UTC).replace(microsecond=0)
    gpx = tmp_path / "long run.gpx"
    gpx.write_bytes(_gpx(now - timedelta(days=1, hours=2), 21.0))
    csv = tmp_path / "activities.csv"
    csv.write_bytes(_strava_csv(now - timedelta(days=2)))
    page.goto("/plan")
    before = page.locator("main").inner_text()
    page.goto("/import")
    page.set_input_files("#files", [str(gpx), str(csv)])
    page.click("#import-form button[type=submit]")
    page.wait_for_selector("#import-line")
    assert page.locator("#import-line").inner_text().startswith("2 files: 2 activities imported")
    shoot(page, "import-result-laptop")
    page.click("text=See the updated plan")
    page.wait_for_url(re.compile(r"/plan$"))
    assert page.locator("main").inner_text() != before
    page.goto("/")
    assert "26.0 km in 2 runs" in page.locator("#last-7-days").inner_text()


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_screenshots_of_every_page(page, viewport: str) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size(VIEWPORTS[viewport])
    for name, path in PAGES.items():
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        assert page.locator("nav a[aria-current=page]").count() == 1, path
        # Nothing sticks out sideways at phone width.
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{path} is {overflow} px too wide at {viewport} width"
        shoot(page, f"{name}-{viewport}")
    assert len(list(ARTIFACTS.glob(f"*-{viewport}.png"))) >= len(PAGES)


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_session_page_plays_the_coming_set_while_getting_ready(
    page, server: str, viewport: str
) -> None:  # type: ignore[no-untyped-def]
    """The demonstration shows during set-up and get-ready and goes once the set starts;
    nothing overflows at phone width."""
    # an athlete of its own, so no other test's open session is offered instead
    page.context.add_cookies(
        [{"name": "upright_athlete", "value": f"demo {viewport}", "url": server}]
    )
    page.set_viewport_size(VIEWPORTS[viewport])
    page.goto("/session")  # real time: the set-up step waits for the runner
    page.click("#start")
    page.wait_for_selector("#screen:not([hidden])")
    box = page.locator("#session-demo-box")
    box.wait_for(state="visible", timeout=15_000)
    canvas = box.locator("canvas")
    first = int(canvas.get_attribute("data-drawn") or 0)
    for _ in range(500):
        if int(canvas.get_attribute("data-drawn") or 0) > first + 5:
            break
        page.wait_for_timeout(20)
    assert int(canvas.get_attribute("data-drawn") or 0) > first + 5  # it moves
    assert canvas.get_attribute("data-playing") == "1"
    assert page.locator("#phase").inner_text().lower() in ("set up", "get ready")
    assert page.locator("#timer").get_attribute("data-unit") == "s left"  # labelled
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"the Session page is {overflow} px too wide at {viewport} width"
    shoot(page, f"session-demo-{viewport}")
    page.click("#main-action")  # I'm ready
    page.click("#main-action")  # Go now: the set starts, the demonstration goes
    box.wait_for(state="hidden", timeout=15_000)
    assert canvas.get_attribute("data-playing") == ""
    page.click("#end")
