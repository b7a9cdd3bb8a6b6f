"""The analysis drawn over the uploaded video in headless Chromium, at phone and laptop width.

A real clip (the pose tests' 6 s walking clip, three "reps" of the generic exercise) is
uploaded through the Analyze form and analysed by the real worker; the result page plays
and seeks the video, and the canvas over it must show the skeleton where the landmarks
are and the count the analysis gives at that moment. An upload Chromium cannot play
(MPEG-4 Part 2) must play once its WebM copy is made. Marked ``browser``.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

import pytest
from browser import CHROMIUM, VIEWPORTS, shoot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed"),
]


def _new_page(browser: Any, server: str, viewport: str) -> tuple[Any, Any, list[str]]:
    context = browser.new_context(viewport=VIEWPORTS[viewport], base_url=server)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    return context, page, errors


def _until(page: Any, script: str, timeout_s: float, what: str) -> Any:
    """Poll ``script`` in the page until it is truthy (the CSP forbids wait_for_function)."""
    end = time.monotonic() + timeout_s
    while True:
        value = page.evaluate(script)
        if value:
            return value
        assert time.monotonic() < end, f"{what}: not within {timeout_s} s"
        page.wait_for_timeout(50)


def _upload(page: Any, clip: Path) -> str:
    page.goto("/analyze")
    page.set_input_files("#video", str(clip))
    page.select_option("#exercise", "generic")
    page.click("#analyze-form button[type=submit]")
    page.wait_for_url(re.compile(r"/analyze/\d+$"))
    page.wait_for_selector("#results:not([hidden])", timeout=90_000)
    return str(page.url)


@pytest.fixture(scope="module")
def result_url(browser: Any, server: str, webm_clip: Path) -> str:
    """The result page of the WebM clip, uploaded through the form."""
    context, page, errors = _new_page(browser, server, "laptop")
    try:
        url = _upload(page, webm_clip)
    finally:
        context.close()
    assert not errors, errors
    return url


READY = """() => { const v = document.getElementById('annotated');
  const c = document.getElementById('overlay');
  return v.readyState >= 2 && c.dataset.ready === '1'; }"""

# What the canvas shows now, and the alpha of its pixels around each drawn keypoint
# (mapped as overlay.js maps them: the picture fitted in the element).
CANVAS = """async () => {
  const v = document.getElementById('annotated'), c = document.getElementById('overlay');
  const data = await (await fetch(v.dataset.overlay)).json();
  const ctx = c.getContext('2d');
  const i = c.dataset.frame === '' ? -1 : Number(c.dataset.frame);
  const vw = v.videoWidth, vh = v.videoHeight;
  const scale = Math.min(c.width / vw, c.height / vh);
  const w = vw * scale, h = vh * scale, x0 = (c.width - w) / 2, y0 = (c.height - h) / 2;
  const alpha = (x, y) => {
    const d = ctx.getImageData(Math.round(x) - 1, Math.round(y) - 1, 3, 3).data;
    let m = 0;
    for (let k = 3; k < d.length; k += 4) m = Math.max(m, d[k]);
    return m;
  };
  const points = [];
  if (i >= 0 && data.xy[i]) {
    data.points.forEach((name, k) => {
      const x = data.xy[i][2 * k], y = data.xy[i][2 * k + 1];
      if (x !== null) points.push([name, alpha(x0 + x * w / data.width, y0 + y * h / data.height)]);
    });
  }
  return {frame: i, time: Number(c.dataset.time), reps: c.dataset.reps, points,
    corner: alpha(c.width - 3, c.height - 3),
    canvas: [c.width, c.height, c.clientWidth, c.clientHeight],
    video: [v.clientWidth, v.clientHeight], currentTime: v.currentTime, data_t: data.t,
    ends: data.reps.map((r) => r.end)};
}"""


@pytest.mark.parametrize("viewport", ["phone", "laptop"])
def test_the_canvas_draws_the_skeleton_and_count_in_time(
    browser: Any, server: str, result_url: str, viewport: str
) -> None:
    context, page, errors = _new_page(browser, server, viewport)
    try:
        page.goto(result_url)
        _until(page, READY, 30, "the video and its drawing data loaded")
        summary = page.evaluate(
            "async () => (await (await fetch('/api/analyses/' + "
            "document.getElementById('analysis').dataset.id)).json()).summary"
        )
        assert summary["reps"] >= 2  # strides counted as reps by the generic exercise
        # plays: the canvas follows the frames as they come
        page.evaluate("document.getElementById('annotated').play()")
        _until(
            page,
            "() => Number(document.getElementById('overlay').dataset.time) > 0.5",
            20,
            "the drawing followed playback",
        )
        page.evaluate("document.getElementById('annotated').pause()")
        counts = set()
        for t in (0.5, 1.5, 3.0, 5.9):
            page.evaluate(f"document.getElementById('annotated').currentTime = {t}")
            _until(
                page,
                f"() => {{ const v = document.getElementById('annotated');"
                f" const c = document.getElementById('overlay');"
                f" return !v.seeking && Math.abs(Number(c.dataset.time) - {t}) < 0.05; }}",
                20,
                f"the drawing at {t} s",
            )
            shown = page.evaluate(CANVAS)
            width = VIEWPORTS[viewport]["width"]
            # the canvas covers the video exactly, at the page's width
            assert shown["canvas"][2:] == shown["video"] and shown["video"][0] <= width
            assert shown["canvas"][0] >= shown["canvas"][2] > 0.6 * width
            assert shown["frame"] >= 0 and shown["data_t"][shown["frame"]] == shown["time"]
            expected = sum(end <= shown["time"] for end in shown["ends"])
            assert shown["reps"] == f"Reps {expected}", (t, shown["reps"], shown["ends"])
            counts.add(expected)
            drawn = [name for name, alpha in shown["points"] if alpha > 0]
            assert len(shown["points"]) >= 8, shown["points"]
            assert len(drawn) == len(shown["points"]), shown["points"]
            assert shown["corner"] == 0  # not a blanket: away from the body nothing is drawn
        assert shown["reps"] == f"Reps {summary['reps']}"  # at the end, the whole count
        assert len(counts) >= 2, counts  # the count moved with the video
        shoot(page, f"analysis-overlay-{viewport}")
    finally:
        context.close()
    assert not errors, errors


REPORT = """() => { const f = document.getElementById('report');
  const doc = f.contentDocument;
  if (!doc || doc.readyState !== 'complete' || !doc.querySelector('h1')) return null;
  const heads = [...doc.querySelectorAll('h2')];
  const last = doc.body.lastElementChild.getBoundingClientRect();
  return {frame: f.clientHeight, content: doc.documentElement.scrollHeight,
    lastBottom: last.bottom, heads: heads.map((h) => h.textContent.trim()),
    tiles: [...doc.querySelectorAll('.cards .card')].map((c) => c.textContent.trim()),
    link: document.querySelector('#summary a').textContent.trim(),
    pageBottom: f.getBoundingClientRect().bottom + window.scrollY,
    pageHeight: document.documentElement.scrollHeight}; }"""


@pytest.mark.parametrize("viewport", ["phone", "laptop"])
def test_the_report_shows_whole_with_tiles_and_link_in_words(
    browser: Any, server: str, result_url: str, viewport: str
) -> None:
    """The report frame grows to its content (the page scrolls, not a frame cut short)."""
    context, page, errors = _new_page(browser, server, viewport)
    try:
        page.goto(result_url)
        _until(page, REPORT, 30, "the report loaded")
        # sized once the frame's layout settles; poll until its height holds the content
        shown = _until(
            page,
            f"() => {{ const r = ({REPORT})(); return r && r.content <= r.frame + 1 ? r : null; }}",
            10,
            "the report frame sized to its content",
        )
        assert "Key frames" in shown["heads"]
        assert shown["lastBottom"] <= shown["frame"] + 1  # the report's end is inside it
        assert shown["pageBottom"] <= shown["pageHeight"]
        # the generic exercise has no sides: no "3 / both" tile, the total says it
        assert not any(t.endswith("both") for t in shown["tiles"]), shown["tiles"]
        assert shown["tiles"][0].endswith("reps counted"), shown["tiles"]
        assert shown["link"] == "your progress page"
        # narrower: the frame follows its content's new height
        page.set_viewport_size({"width": 320, "height": 700})
        _until(
            page,
            f"() => {{ const r = ({REPORT})(); return r && r.content <= r.frame + 1 ? r : null; }}",
            10,
            "the report frame resized with the page",
        )
        shoot(page, f"analysis-report-{viewport}")
    finally:
        context.close()
    assert not errors, errors


def test_an_upload_chromium_cannot_play_plays_once_its_copy_is_made(
    browser: Any, server: str, mp4v_clip: Path
) -> None:
    context, page, errors = _new_page(browser, server, "laptop")
    try:
        _upload(page, mp4v_clip)
        # the summary written by the page's script names where its link goes
        assert page.text_content("#summary a") == "your progress page"
        # the result shows before the copy: then the page swaps in the copy and draws on it
        _until(page, READY, 120, "the copy played with its drawing")
        src = page.evaluate("document.getElementById('annotated').currentSrc")
        assert src.endswith("/source")
        assert page.evaluate("document.getElementById('playback-note').hidden")
        assert page.evaluate("document.getElementById('annotated').duration") > 5.5
    finally:
        context.close()
    assert not errors, errors
