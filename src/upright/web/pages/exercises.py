"""Exercises: every exercise with its demonstration, dosage, cues and form rules.

Each rule links to its fault demonstration, played beside the clean form with the
measured line or angle drawn and the cue in words. The demonstrations are simulated
landmarks (`upright.sim.demo`) served small as JSON and drawn in the browser by
static/demo.js; nothing is downloaded from elsewhere.
"""

from __future__ import annotations

import gzip
import json
from functools import lru_cache
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from upright.catalog import Exercise, default_catalog
from upright.web.app import page
from upright.web.forms import NotHere

router = APIRouter()

# Frames a second served: smooth enough for a drawn figure. The longest loop (the bird
# dog tracing a line, 36 s) is about 100 kB of JSON, 20 kB gzipped.
SERVED_FPS = 15.0


def _exercise(exercise_id: str) -> Exercise:
    catalog = default_catalog()
    if exercise_id not in catalog:
        raise NotHere(
            f"exercise {exercise_id!r}: not in the catalog; it has {', '.join(sorted(catalog))}"
        )
    return catalog[exercise_id]


def demo_json(exercise_id: str, rule_id: str | None) -> dict[str, Any]:
    """The demonstration of ``exercise_id`` (with ``rule_id`` broken) as served JSON."""
    from upright.sim.demo import make_demo  # numpy and the simulator: only when asked

    return make_demo(_exercise(exercise_id), rule_id).to_dict(fps=SERVED_FPS)


@lru_cache(maxsize=96)
def _demo_bytes(exercise_id: str, rule_id: str | None) -> tuple[bytes, bytes]:
    """The served JSON, plain and gzipped; made once per process (a fifth of a second)."""
    body = json.dumps(demo_json(exercise_id, rule_id), separators=(",", ":")).encode()
    return body, gzip.compress(body, 6)


def _row(ex: Exercise) -> dict[str, Any]:
    from upright.sim.demo import why_not

    d = ex.dosage
    reps = f"{d.sets} × {d.reps_min}–{d.reps_max}" + (" each side" if d.per_side else "")
    tempo = f"{d.raise_s:g} s out, {d.return_s:g} s back"
    hold = f"hold {d.hold_s:g}–{d.hold_max_s:g} s" if d.hold_s else ""
    tuck = f"tucked {d.tuck_hold_s:g} s" if d.tuck_hold_s else ""
    return {
        "ex": ex,
        "dosage": ", ".join(x for x in (reps, tempo, hold, tuck) if x),
        "rest": f"{d.rest_s:g} s rest between sets",
        "why_not": why_not(ex),
    }


@router.get("/exercises", response_class=HTMLResponse)
def exercises_page(request: Request) -> HTMLResponse:
    """Every exercise of the catalog with its demonstration and dosage."""
    rows = [_row(ex) for ex in default_catalog().values()]
    return page(request, "exercises.html", "exercises", rows=rows)


@router.get("/exercises/{exercise_id}", response_class=HTMLResponse)
def exercise_page(request: Request, exercise_id: str) -> HTMLResponse:
    """One exercise: demonstration, set-up, cues, and each rule beside its fault."""
    ex = _exercise(exercise_id)
    rules = [{"rule": r, "limit": r.limit_sentence()} for r in ex.rules]
    return page(request, "exercise.html", "exercises", row=_row(ex), rules=rules)


@router.get("/api/demos/{exercise_id}")
def demo_api(
    request: Request,
    exercise_id: str,
    rule: Annotated[str | None, Query(min_length=1, max_length=60)] = None,
) -> Response:
    """A demonstration's landmarks: clean, or with ``rule`` broken in the first rep.

    ``frames`` are whole pixels of the points named in ``points`` at ``fps``; ``phases``
    name each stretch of the loop; ``rule`` (fault demonstrations) holds the measured
    lines, their reference and the cue. Sent gzipped to a client that takes it.
    """
    body, packed = _demo_bytes(exercise_id, rule)
    headers = {"Vary": "Accept-Encoding", "Cache-Control": "max-age=3600"}
    if "gzip" in request.headers.get("accept-encoding", ""):
        headers["Content-Encoding"] = "gzip"
        body = packed
    return Response(body, media_type="application/json", headers=headers)
