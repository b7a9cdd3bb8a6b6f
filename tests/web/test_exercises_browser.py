"""The Exercises pages in headless Chromium at phone and laptop width: every exercise is
listed and its demonstration plays; a fault link shows the clean and the faulty figure.

Screenshots go to tests/web/screenshots/ (not kept in git; look at them by hand).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import CHROMIUM, VIEWPORTS, live_server

from upright.catalog import default_catalog
from upright.web.settings import WebSettings

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed"),
]
SHOTS = Path(__file__).parent / "screenshots"
SIZES = {"phone": VIEWPORTS["phone"], "laptop": VIEWPORTS["laptop"]}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("web")
    settings = WebSettings(data_dir=root / "data", db_url=f"sqlite:///{root / 'db.sqlite3'}")
    with live_server(settings, workers=0) as url:
        yield url


@pytest.fixture(params=list(SIZES))
def page(request, browser, server):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=SIZES[request.param], base_url=server)
    # A fake clock for the page (Date, timers, requestAnimationFrame, performance.now): it
    # runs with real time, and a test that must see the demonstration later on jumps it
    # ahead with clock.run_for instead of sleeping.
    context.clock.install()
    pg = context.new_page()
    pg.size_name = request.param
    foreign: list[str] = []
    pg.on(
        "request", lambda r: None if r.url.startswith((server, "data:")) else foreign.append(r.url)
    )
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    yield pg
    context.close()
    assert not foreign, f"pages loaded from other hosts: {foreign}"
    assert not errors, f"JavaScript errors: {errors}"


def _drawn(page, selector: str, frames: int = 5, timeout_s: float = 15.0) -> None:  # type: ignore[no-untyped-def]
    """Wait until the canvas has drawn ``frames`` frames (the page's CSP forbids the
    string evaluation of wait_for_function, so poll its attribute). The timeout is in
    real time: the drawing data comes over the network."""
    end = time.monotonic() + timeout_s
    while time.monotonic() < end:
        assert page.get_attribute(selector, "data-error") is None, selector
        if int(page.get_attribute(selector, "data-drawn") or 0) > frames:
            return
        page.wait_for_timeout(20)
    raise AssertionError(f"{selector} drew nothing in {timeout_s} s")


def _pixels(page, selector: str) -> str:  # type: ignore[no-untyped-def]
    return str(page.eval_on_selector(selector, "c => c.toDataURL('image/png')"))


def _moves(page, selector: str, within_s: float = 6.0) -> bool:  # type: ignore[no-untyped-def]
    """True when the canvas's pixels change within ``within_s`` of the page's clock (a
    still set-up or hold lasts up to 3 s, so one look a second or two later may see the
    same picture)."""
    first = _pixels(page, selector)
    for _ in range(int(within_s / 0.25)):
        page.clock.run_for(250)
        if _pixels(page, selector) != first:
            return True
    return False


def _shoot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-{page.size_name}.png"), full_page=False)


def _fits(page) -> None:  # type: ignore[no-untyped-def]
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"{overflow} px too wide"


def test_exercises_page_lists_all_and_plays(page) -> None:  # type: ignore[no-untyped-def]
    page.goto("/exercises")
    cards = page.locator(".demo-card")
    assert cards.count() == len(default_catalog())
    canvases = page.locator("canvas[data-demo]")
    shown = [ex for ex in default_catalog().values() if ex.group != "generic"]
    assert canvases.count() == len(shown)
    first = "#ex-bird_dog canvas"
    _drawn(page, first, 5)
    phase = page.get_attribute(first, "data-phase")
    assert _moves(page, first), "the demonstration does not move"
    assert phase in {"get set", "move", "hold", "return"}
    _fits(page)
    _shoot(page, "exercises")
    # every demonstration on the page loads and draws once scrolled to
    for ex in shown:
        sel = f"#ex-{ex.id} canvas"
        page.locator(sel).scroll_into_view_if_needed()
        _drawn(page, sel, 1)
        assert page.get_attribute(sel, "data-error") is None, ex.id


def test_fault_link_shows_clean_and_faulty_figures(page) -> None:  # type: ignore[no-untyped-def]
    page.goto("/exercises/bird_dog#rule-pelvis_twist")
    box = page.locator("#rule-pelvis_twist")
    assert box.get_attribute("open") is not None
    clean, fault = "#rule-pelvis_twist canvas.clean", "#rule-pelvis_twist canvas.fault"
    for sel in (clean, fault):
        _drawn(page, sel, 5)
    assert "Cue:" in box.inner_text() and "hips level" in box.inner_text()
    page.wait_for_selector("#rule-pelvis_twist [data-rule-text]:not(:empty)")
    assert "pelvis line" in box.locator("[data-rule-text]").inner_text()
    # the two figures are drawn apart (the fault carries its orange line), and both move
    assert _pixels(page, clean) != _pixels(page, fault)
    assert _moves(page, fault) and _moves(page, clean)
    # other rules wait closed until opened
    assert page.locator("#rule-spine_neutral").get_attribute("open") is None
    _fits(page)
    box.scroll_into_view_if_needed()
    page.clock.run_for(4500)  # into the hold, where the twist shows
    _shoot(page, "exercise-fault")
    page.goto("/exercises/one_arm_dumbbell_row#rule-trunk_still")
    _drawn(page, "#rule-trunk_still canvas.fault")
    page.clock.run_for(3000)
    _shoot(page, "exercise-bench")


HOLD_CHECK = """async ([id, hold]) => {
  const c = document.createElement('canvas');
  c.style.width = '320px'; c.style.height = '200px';
  document.querySelector('main').prepend(c); window.scrollTo(0, 0);
  const p = await window.upright.demo.play(c, id, {holdSeconds: hold});
  const labels = [];
  for (let t = 0; t < p.map.total; t += 0.05) labels.push(p.at(t).phase.label);
  return {labels: labels, total: p.map.total, clip: p.data.duration_s, holds: p.data.phases
    .filter(x => x.kind === 'hold').map(x => x.end - x.start)};
}"""


def test_play_stretches_the_hold_to_the_timer(page) -> None:  # type: ignore[no-untyped-def]
    """upright.demo.play(canvas, id, {holdSeconds}): every peak hold lasts that long,
    the rest of the loop keeps its tempo, and the drawn phase follows the clock."""
    page.goto("/exercises")
    got = page.evaluate(HOLD_CHECK, ["y_raise", 6.0])
    assert got["holds"] == [pytest.approx(3.0, abs=0.01)] * 2  # the dosage's 3 s
    assert got["total"] == pytest.approx(got["clip"] + 2 * (6.0 - 3.0), abs=0.01)
    runs, last = [], None
    for label in got["labels"]:
        if label != last:
            runs.append([label, 0])
            last = label
        runs[-1][1] += 1
    holds = [n * 0.05 for label, n in runs if label == "hold"]
    assert holds == [pytest.approx(6.0, abs=0.06)] * 2
    # on the clock: still holding 4.5 s after the hold began (the clip's own hold is 3 s)
    canvas = "main > canvas:first-child"
    for _ in range(200):
        if page.get_attribute(canvas, "data-phase") == "hold":
            break
        page.clock.run_for(50)
    page.clock.run_for(4500)
    assert page.get_attribute(canvas, "data-phase") == "hold"
    page.clock.run_for(2000)
    assert page.get_attribute(canvas, "data-phase") == "return"
