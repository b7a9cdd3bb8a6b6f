"""The per-set HTML report: valid, self-contained, with the known content."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import html5lib
import numpy as np
import pytest
from report_fixtures import PELVIS_AT

from upright.motion.landmarks import Landmarks
from upright.motion.result import Analysis
from upright.report.rule_plot import fault_stretches
from upright.report.set_report import write_report

NS = {"h": "http://www.w3.org/1999/xhtml"}


def _series(landmarks: Landmarks) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Pelvis roll: 3 +- 2 degrees with one bump to 15 degrees at 2.62 s; tempo per rep."""
    t = landmarks.t
    pelvis = 3 + 2 * np.sin(3 * t) + 12 * np.exp(-(((t - PELVIS_AT) / 0.12) ** 2))
    tempo = (np.array([0.5, 2.5, 4.5]), np.array([0.6, 0.7, 0.3]))
    return {"pelvis_twist": (t, pelvis), "tempo_raise": tempo}


@pytest.fixture(scope="module")
def report(tmp_path_factory, landmarks, known_analysis, exercise) -> Path:
    out = tmp_path_factory.mktemp("report") / "set.html"
    return write_report(known_analysis, landmarks, exercise, out, series=_series(landmarks))


def test_report_is_valid_html(report: Path) -> None:
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=True)
    doc = parser.parse(report.read_text(encoding="utf-8"))
    assert doc.find(".//h:title", NS).text == "Bird dog: set report"


def test_report_links_to_nothing_outside(report: Path) -> None:
    text = report.read_text(encoding="utf-8")
    assert not re.search(r"(?i)(https?:)?//[a-z0-9.-]+\.[a-z]{2,}", text.replace("://www.w3", ""))
    doc = html5lib.parse(text, namespaceHTMLElements=False)
    refs = [el.get(a) for el in doc.iter() for a in ("src", "href") if el.get(a) is not None]
    assert refs, "expected embedded images"
    assert all(r.startswith(("data:image/png;base64,", "data:image/jpeg;base64,")) for r in refs)


def test_report_content_matches_analysis(report: Path, known_analysis: Analysis) -> None:
    doc = html5lib.parse(report.read_text(encoding="utf-8"), namespaceHTMLElements=False)
    rows = doc.findall(".//tbody/tr")
    assert len(rows) == len(known_analysis.reps) == 3
    assert [r.get("class") for r in rows] == ["clean", "faulty", "faulty"]
    assert "Pelvis level, no twist: 14.0° > 10°" in "".join(rows[1].itertext())
    sections = doc.findall(".//section")
    assert [s.get("id") for s in sections] == ["rule-tempo_raise", "rule-pelvis_twist"]
    figures = doc.findall(".//figure")
    assert len(figures) == 2  # one key frame per fault
    assert "2.6 s: Pelvis level" in "".join(figures[0].itertext())


def test_report_without_faults_or_series(tmp_path: Path, landmarks, exercise) -> None:
    clean = Analysis(exercise="bird_dog", sides=("left",), reps=(), duration_s=6.0, fps=25.0)
    text = write_report(clean, landmarks, exercise, tmp_path / "r.html", series={}).read_text()
    html5lib.HTMLParser(strict=True).parse(text)
    assert "No rep was counted" in text and "no key frame" in text


def test_fault_stretches_on_known_series(exercise) -> None:
    rule = exercise.rule("pelvis_twist")
    t = np.arange(10) / 10.0
    v = np.array([0, 11, 12, 0, 0, 0, 15, np.nan, 0, 11.0])
    spans = fault_stretches(rule, t, v)
    np.testing.assert_allclose(spans, [(0.05, 0.25), (0.55, 0.65), (0.85, 0.95)])


@pytest.mark.browser
def test_report_opens_offline_in_chromium(report: Path, tmp_path: Path) -> None:
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(chromium).exists():
        pytest.skip("Chromium is not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    requests: list[str] = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=chromium,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        context = browser.new_context(offline=True)
        page = context.new_page()
        page.on("request", lambda r: requests.append(r.url))
        page.goto(report.as_uri())
        loaded = page.evaluate(
            "Array.from(document.images).map(i => i.complete && i.naturalWidth > 0)"
        )
        page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
        browser.close()
    assert loaded and all(loaded)
    assert all(u.startswith(("file:", "data:")) for u in requests)
