"""Every page of the web app in headless Chromium at 390 px (a phone) and 1280 px.

A server with content on every page: a coach's three runners (one with running-load
warnings), an imported run, an analysed set and an analysis that saw no rep. Each page
is saved as ``tests/web/screenshots/<page>-<phone|laptop>.png`` (looked at by hand) and
none may be wider than the screen. The Profile and Runs pages are then used as a new
runner would, on a phone. Marked ``browser``; skipped only where Chromium is missing.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from browser import CHROMIUM, VIEWPORTS, live_server
from coach_fixtures import three_runners
from test_routes import _gpx

from upright.motion.landmark_file import save_npz
from upright.sim import simulate
from upright.web.settings import WebSettings

SCREENSHOTS = Path(__file__).parent / "screenshots"
OVERFLOW = "document.scrollingElement.scrollWidth - window.innerWidth"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed"),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("pages")
    url = f"sqlite:///{root / 'db.sqlite3'}"
    three_runners(url, date.today())
    with pytest.MonkeyPatch.context() as mp:  # no terminal profile file: the page's own
        mp.setenv("UPRIGHT_PROFILE", str(root / "no-profile.toml"))
        with live_server(WebSettings(data_dir=root / "data", db_url=url)) as base:
            yield base


@pytest.fixture(scope="module")
def chromium(browser: Any) -> Any:
    return browser


def _upload(request: Any, path: str, field: str, name: str, body: bytes, **more: str) -> Any:
    files = {field: {"name": name, "mimeType": "application/octet-stream", "buffer": body}}
    return request.post(path, multipart={**files, **more})


def _analysed(request: Any, name: str, body: bytes, exercise: str) -> int:
    r = _upload(request, "/analyze", "video", name, body, exercise=exercise)
    analysis_id = int(r.url.rsplit("/", 1)[1])
    deadline = time.monotonic() + 60
    while request.get(f"/api/analyses/{analysis_id}").json()["status"] != "done":
        assert time.monotonic() < deadline, "the worker did not finish within 60 s"
        time.sleep(0.05)
    return analysis_id


@pytest.fixture(scope="module")
def made(chromium: Any, server: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, int]:
    """A run imported and two analyses done (6 reps; no rep) for the athlete 'me'."""
    context = chromium.new_context(base_url=server)
    request = context.request
    now = datetime.now(UTC).replace(microsecond=0)
    gpx = _gpx(now - timedelta(days=1), 10.0)
    name = "2026-12-05 Morning run with a very long file name from the watch export.gpx"
    _upload(request, "/import", "files", name, gpx)
    run_id = int(re.search(r'data-run="(\d+)"', request.get("/runs").text()).group(1))  # type: ignore[union-attr]
    npz = save_npz(
        simulate("bird_dog", reps=3, seed=1).landmarks,
        tmp_path_factory.mktemp("sim") / "set.npz",
    ).read_bytes()
    long_name = "bird-dog-set-filmed-from-the-side-on-the-living-room-floor-2026-12-05.npz"
    done = _analysed(request, long_name, npz, "bird_dog")
    nothing = _analysed(request, "bird dog as y-raise.npz", npz, "y_raise")
    context.close()
    return {"run": run_id, "analysis": done, "no_rep": nothing}


def _pages(made: dict[str, int]) -> dict[str, str]:
    return {
        "today": "/",
        "plan": "/plan",
        "session": "/session",
        "live": "/live",
        "analyze": "/analyze",
        "analysis": f"/analyze/{made['analysis']}",
        "analysis-no-rep": f"/analyze/{made['no_rep']}",
        "report": f"/analyses/{made['analysis']}/report",
        "report-no-rep": f"/analyses/{made['no_rep']}/report",
        "history": "/history",
        "runs": "/runs",
        "run-delete": f"/runs/{made['run']}/delete",
        "import": "/import",
        "profile": "/profile",
        "athletes": "/athletes",
        "pair": "/pair",
    }


def _requests_in_flight(page: Any) -> set[Any]:
    """The page's requests started and not yet finished or failed, kept up to date."""
    started: set[Any] = set()
    page.on("request", lambda r: started.add(r))
    page.on("requestfinished", lambda r: started.discard(r))
    page.on("requestfailed", lambda r: started.discard(r))
    return started


def _settled(page: Any, in_flight: set[Any], timeout_s: float = 30.0) -> None:
    """Wait until the page has no request left in flight, then two frames more for what
    their answers change to be laid out. (The load state "networkidle" waits for the same
    and then half a second of nothing, on every page.)"""
    end = time.monotonic() + timeout_s
    while in_flight:
        assert time.monotonic() < end, f"requests still open: {[r.url for r in in_flight]}"
        page.wait_for_timeout(10)
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def _new_page(chromium: Any, server: str, viewport: str) -> tuple[Any, list[str]]:
    context = chromium.new_context(
        viewport=VIEWPORTS[viewport], base_url=server, has_touch=viewport == "phone"
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    return page, errors


def _report_frame(page: Any) -> Any:
    page.wait_for_selector("#results:not([hidden])")
    page.wait_for_function(
        "() => { const f = document.getElementById('report');"
        " return f.contentDocument && f.contentDocument.querySelector('footer'); }"
    )
    return next(f for f in page.frames if f.url.endswith("/report"))


@pytest.mark.parametrize("viewport", ["phone", "laptop"])
def test_every_page_fits_the_screen(
    chromium: Any, server: str, made: dict[str, int], viewport: str
) -> None:
    page, errors = _new_page(chromium, server, viewport)
    in_flight = _requests_in_flight(page)
    SCREENSHOTS.mkdir(exist_ok=True)
    for name, path in _pages(made).items():
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        if name.startswith("analysis"):
            frame = _report_frame(page)
            wide = frame.evaluate(OVERFLOW)
            assert wide <= 0, f"the report in {path} is {wide} px too wide at {viewport}"
        _settled(page, in_flight)
        wide = page.evaluate(OVERFLOW)
        assert wide <= 0, f"{path} is {wide} px too wide at {viewport} width"
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{viewport}.png"), full_page=True)
    page.context.close()
    assert not errors, f"JavaScript errors: {errors}"


def test_a_runner_s_load_warnings_take_one_line_each(chromium: Any, server: str) -> None:
    page, errors = _new_page(chromium, server, "phone")
    page.context.add_cookies([{"name": "upright_athlete", "value": "Cleo Martin", "url": server}])
    page.goto("/")
    warnings = page.locator("details.load-warning")
    assert warnings.count() >= 2  # the spike and the ramp, at least
    line = page.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('details.load-warning summary'))"
        ".lineHeight)"
    )
    for k in range(warnings.count()):
        summary = warnings.nth(k).locator("summary")
        assert summary.bounding_box()["height"] < 1.6 * line  # one line, not a paragraph
        assert not warnings.nth(k).locator("p").first.is_visible()  # details on demand
    first = warnings.first
    first.locator("summary").click()
    assert "hazard ratio" in first.inner_text() or "study" in first.inner_text()
    assert page.evaluate(OVERFLOW) <= 0
    page.screenshot(path=str(SCREENSHOTS / "today-warnings-phone.png"), full_page=True)
    page.context.close()
    assert not errors


def test_a_new_runner_sets_up_the_week_on_a_phone(chromium: Any, server: str) -> None:
    page, errors = _new_page(chromium, server, "phone")
    page.context.add_cookies([{"name": "upright_athlete", "value": "Dana New", "url": server}])
    page.goto("/")
    page.click("#default-week a")
    page.wait_for_url(re.compile(r"/profile$"))
    assert "the default week" in page.locator("#origin").inner_text()
    page.select_option("#long_run_day", "sat")
    page.uncheck("#key_session_days input[value=tue]")
    page.check("#key_session_days input[value=wed]")
    page.uncheck("#equipment input[value=gym]")
    page.check("#equipment input[value=mat]")
    page.fill("#timezone", "Mars/Olympus")
    page.click("#week-form button[type=submit]")
    problems = page.locator("#problems").inner_text()
    assert "Time zone: expected a time zone name" in problems and "'Mars/Olympus'" in problems
    page.screenshot(path=str(SCREENSHOTS / "profile-error-phone.png"), full_page=True)
    page.fill("#timezone", "Europe/Berlin")
    page.click("#week-form button[type=submit]")
    page.wait_for_selector("#saved")
    assert page.locator("#origin").count() == 0
    page.fill("#race_name", "Spring Half")
    page.fill("#race_date", "2027-04-11")
    page.select_option("#race_priority", "B")
    page.click("#race-form button[type=submit]")
    page.wait_for_selector("#races li")
    assert "Spring Half" in page.locator("#races").inner_text()
    assert page.evaluate(OVERFLOW) <= 0
    page.screenshot(path=str(SCREENSHOTS / "profile-saved-phone.png"), full_page=True)
    page.get_by_role("button", name="Remove Spring Half").click()
    page.wait_for_selector("#no-races")
    page.goto("/plan")
    days = page.locator("main table td strong").all_inner_texts()
    assert days and not any(d.startswith(("Tue", "Fri", "Sat")) for d in days)
    page.context.close()
    assert not errors


def test_a_run_is_deleted_on_a_phone_after_asking(chromium: Any, server: str) -> None:
    page, errors = _new_page(chromium, server, "phone")
    page.context.add_cookies([{"name": "upright_athlete", "value": "Cleo Martin", "url": server}])
    page.goto("/runs")
    before = page.locator("#runs tbody tr").count()
    first = page.locator("#runs tbody tr").first
    when = first.locator("td.name").inner_text()
    first.get_by_role("link", name=re.compile("Delete")).click()
    page.wait_for_selector("#run-to-delete")
    assert when in page.locator("#run-to-delete").inner_text()
    page.click("#confirm-delete")
    page.wait_for_selector("#deleted")
    assert page.locator("#runs tbody tr").count() == before - 1
    assert when not in page.locator("#runs").inner_text()
    page.context.close()
    assert not errors


LINES = """sel => [...document.querySelectorAll(sel)].map(el => {
  const r = document.createRange(); r.selectNodeContents(el);
  return new Set([...r.getClientRects()].map(x => Math.round(x.top))).size; })"""
"""For each element matching the selector: on how many lines its text is laid out."""


@pytest.mark.parametrize("viewport", ["phone", "laptop"])
def test_dates_and_file_names_are_not_cut_into_pieces(
    chromium: Any, server: str, made: dict[str, int], viewport: str
) -> None:
    # At 1280 px the Runs table squeezed "Mon 12 Jun 2017 16:09" into three lines and a
    # file name into pieces of a word ("corrupthead" over "er.fit"); the Plan's day too.
    page, errors = _new_page(chromium, server, viewport)
    page.goto("/runs")
    assert page.evaluate(LINES, "#runs td.name") == [1] * page.locator("#runs tr[data-run]").count()
    if viewport == "laptop":
        name = page.locator("#runs td.file-name").first
        pieces = name.inner_text().replace("-", "- ").split()
        widest = page.evaluate(
            """words => { const c = document.createElement('canvas').getContext('2d');
            c.font = getComputedStyle(document.querySelector('#runs td.file-name')).font;
            return Math.max(...words.map(w => c.measureText(w).width)); }""",
            pieces,
        )
        assert name.bounding_box()["width"] > widest  # no word of the name broken
    page.goto("/plan")
    days = page.evaluate(LINES, "table.stack td strong")
    assert days and all(n == 1 for n in days)
    page.context.close()
    assert not errors


def test_import_with_nothing_chosen_says_so_in_words(chromium: Any, server: str) -> None:
    # Chromium posts an empty part for each file input left empty; FastAPI drops those,
    # and the page answered "files: expected a value, got nothing".
    page, errors = _new_page(chromium, server, "phone")
    page.goto("/import")
    page.click("form button[type=submit]")
    page.wait_for_load_state("networkidle")
    text = page.locator("main").inner_text()
    assert "files: expected at least one file, got none" in text
    assert "expected a value" not in text
    page.context.close()
    assert not errors
