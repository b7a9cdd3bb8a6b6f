"""The Exercises pages and the demonstration API (routes; the drawing: test_exercises_browser)."""

from __future__ import annotations

import json
import re

import pytest
from fastapi.testclient import TestClient

from upright.catalog import default_catalog
from upright.sim.demo import make_demo

CATALOG = default_catalog()


def test_exercises_page_lists_every_exercise_with_its_demonstration(client: TestClient) -> None:
    r = client.get("/exercises")
    assert r.status_code == 200 and 'href="/exercises" aria-current="page"' in r.text
    for ex in CATALOG.values():
        assert f'id="ex-{ex.id}"' in r.text and ex.name in r.text
        shown = f'data-demo="{ex.id}"' in r.text
        assert shown == (ex.group != "generic"), ex.id
    assert "No demonstration: it counts any movement" in r.text
    assert '<script src="/static/demo.js"></script>' in r.text


@pytest.mark.parametrize("exercise_id", ["bird_dog", "y_raise", "pushup_to_row"])
def test_exercise_page_has_every_rule_beside_its_fault(client: TestClient, exercise_id) -> None:
    ex = CATALOG[exercise_id]
    r = client.get(f"/exercises/{exercise_id}")
    assert r.status_code == 200
    for rule in ex.rules:
        assert f'id="rule-{rule.id}"' in r.text
        assert f'data-rule="{rule.id}"' in r.text
        assert rule.cue.replace("'", "&#39;") in r.text
    for cue in ex.cues:
        assert cue.replace("'", "&#39;") in r.text


def test_unknown_exercise_is_404(client: TestClient) -> None:
    assert client.get("/exercises/moonwalk").status_code == 404
    r = client.get("/api/demos/moonwalk")
    assert r.status_code == 404 and "moonwalk" in r.json()["error"]


def test_demo_api_serves_the_demonstration_small(client: TestClient) -> None:
    r = client.get("/api/demos/bird_dog")
    assert r.status_code == 200
    data = r.json()
    want = make_demo(CATALOG["bird_dog"]).to_dict(fps=15.0)
    assert data == json.loads(json.dumps(want))
    assert data["fps"] == 15.0 and data["rule"] is None
    # the bird dog's 32 s loop travels gzipped
    assert r.headers["content-encoding"] == "gzip"
    assert r.num_bytes_downloaded < 25_000, r.num_bytes_downloaded
    labels = {p["label"] for p in data["phases"]}
    assert {"get set", "move", "hold", "return", "tuck", "switch sides"} <= labels


def test_demo_api_fault_carries_its_line_and_cue(client: TestClient) -> None:
    data = client.get("/api/demos/one_arm_one_leg_cable_row?rule=lean_back").json()
    rule = data["rule"]
    ex = CATALOG["one_arm_one_leg_cable_row"]
    assert rule["id"] == "lean_back" and rule["cue"] == ex.rule("lean_back").cue
    assert rule["lines"] == [["mid_hip", "mid_shoulder"]] and rule["reference"] == "set-up"
    assert rule["says"].endswith("> 15°") and rule["value"] == pytest.approx(22.0, abs=0.1)
    assert data["equipment"]["cable"]["anchor"]


def test_demo_api_says_what_cannot_be_shown(client: TestClient) -> None:
    r = client.get("/api/demos/generic")
    assert r.status_code == 400 and "no one movement" in r.json()["error"]
    r = client.get("/api/demos/bird_dog?rule=lean_back")
    assert r.status_code == 400 and "no rule 'lean_back'" in r.json()["error"]


@pytest.mark.parametrize("path", ["/exercises", "/exercises/bird_dog", "/api/demos/bird_dog"])
def test_exercises_refuse_remote_without_token(remote: TestClient, path: str) -> None:
    assert remote.get(path).status_code in (302, 303, 401, 403)


def _rule_summaries(html: str) -> dict[str, str]:
    """Each rule's summary line on an exercise page, tags removed, by rule id."""
    found = re.findall(r'id="rule-([a-z_]+)".*?<summary>(.*?)</summary>', html, re.S)
    return {rid: " ".join(re.sub(r"<[^>]+>", " ", text).split()) for rid, text in found}


@pytest.mark.parametrize("exercise_id", sorted(CATALOG))
def test_every_rule_reads_as_words_with_a_limit_that_fits_its_compare(
    client: TestClient, exercise_id: str
) -> None:
    """Each rule shows its name and a sentence a runner can read, not a raw measure name."""
    ex = CATALOG[exercise_id]
    shown = _rule_summaries(client.get(f"/exercises/{exercise_id}").text)
    assert set(shown) == {r.id for r in ex.rules}
    for rule in ex.rules:
        text = shown[rule.id]
        assert rule.fault_when, f"{rule.id}: no fault_when in the catalog"
        assert "_" not in text and "{" not in text, text
        assert text.startswith(rule.name) and "a fault when the " in text, text
        assert rule.measure.replace("_", " ") not in text, text
        # below a negative limit (a sag of -15°) is a size beyond 15°: "more than"
        beyond = (rule.compare == "above") == (rule.threshold >= 0)
        words = ("more than",) if beyond else ("less than", "short of")
        assert any(w in text for w in words), text
        if rule.threshold:
            unit = {"deg": "°", "s": " s", "torso": " torso lengths", "ratio": ""}[rule.units]
            assert f" {abs(rule.threshold):g}{unit}" in text, text
        assert not re.search(r"-\d", text), text  # the sign said in words, not a minus
