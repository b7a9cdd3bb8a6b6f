"""Analyze: upload a recorded video, follow it through the queue, read its report."""

from __future__ import annotations

import contextlib
import json
import shutil
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse

from upright.catalog import default_catalog
from upright.store import (
    NotFound,
    analyses,
    delete_analysis,
    get_analysis,
    queue_analysis,
    queue_position,
)
from upright.web.analysis_job import REPORT_FILE, VIDEO_FILE
from upright.web.app import page
from upright.web.context import current_athlete, get_store
from upright.web.forms import form_choice, form_files
from upright.web.uploads import UploadNotFound, UploadStore
from upright.web.worker import output_dir, public_error, read_progress

router = APIRouter()

# The report is a self-contained file of the report package: let it style itself and
# show its embedded images, and nothing else.
REPORT_CSP = (
    "default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
    "media-src 'self'; frame-ancestors 'self'"
)


def _exercises() -> list[tuple[str, str]]:
    return sorted(((e.id, e.name) for e in default_catalog().values()), key=lambda t: t[1])


def _record(request: Request, analysis_id: int) -> Any:

    athlete = current_athlete(request)
    try:
        rec = get_analysis(get_store(request), analysis_id)
    except NotFound:
        rec = None
    if rec is None or rec.athlete_id != athlete.id:
        raise UploadNotFound(f"no analysis {analysis_id} for {athlete.name}")
    return rec


def _summary(rec: Any) -> dict[str, Any] | None:
    if rec.status != "done" or not rec.json_path:
        return None
    try:
        data = json.loads(Path(rec.json_path).read_text())
    except (OSError, ValueError):
        return None
    reps = data.get("reps", [])
    sides: dict[str, int] = {}
    for rep in reps:
        sides[rep.get("side", "none")] = sides.get(rep.get("side", "none"), 0) + 1
    return {
        "reps": len(reps),
        "reps_per_side": sides,
        "faults": sum(len(r.get("faults", [])) for r in reps),
    }


def status_of(request: Request, rec: Any) -> dict[str, Any]:
    """The analysis as the page shows it: status, queue position, progress, results."""
    folder = output_dir(request.app.state.settings, rec.id)
    done = rec.status == "done"
    return {
        "id": rec.id,
        "status": rec.status,
        "exercise_id": rec.exercise_id,
        "name": (rec.params or {}).get("name", ""),
        "position": queue_position(get_store(request), rec.id),
        "progress": read_progress(folder) if rec.status == "running" else {},
        # rows failed by older versions may hold the server's paths: names only here
        "error": public_error(rec.error, rec.video_path, (rec.params or {}).get("name"))
        if rec.error
        else None,
        "summary": _summary(rec),
        "report_url": f"/analyses/{rec.id}/report" if done else None,
        "video_url": f"/analyses/{rec.id}/video"
        if done and (folder / VIDEO_FILE).is_file()
        else None,
    }


@router.get("/analyze", response_class=HTMLResponse)
def analyze_page(request: Request) -> HTMLResponse:
    """Upload form and this athlete's analyses."""
    athlete = current_athlete(request)
    items = [status_of(request, r) for r in analyses(get_store(request), athlete.id)]
    items.sort(key=lambda s: -s["id"])
    return page(request, "analyze.html", "analyze", exercises=_exercises(), items=items)


@router.post("/analyze")
async def analyze_upload(request: Request) -> RedirectResponse:
    """Store the uploaded video and queue its analysis; go to its page."""
    form = await request.form(max_files=1, max_fields=4)
    upload = form_files(form, "video")[0]
    exercise_id = form_choice(form, "exercise", default_catalog())
    uploads: UploadStore = request.app.state.uploads
    stored = uploads.save("video", upload.file, upload.filename)
    athlete = current_athlete(request)
    analysis_id = queue_analysis(
        get_store(request),
        athlete.id,
        video_path=str(stored.path),
        exercise_id=exercise_id,
        params={"upload_id": stored.id, "name": stored.original_name},
    )
    return RedirectResponse(f"/analyze/{analysis_id}", status_code=303)


@router.get("/analyze/{analysis_id}", response_class=HTMLResponse)
def analysis_page(request: Request, analysis_id: int) -> HTMLResponse:
    """One analysis: its place in the queue, its progress, then its report and video."""
    rec = _record(request, analysis_id)
    return page(request, "analysis.html", "analyze", item=status_of(request, rec))


@router.get("/api/analyses/{analysis_id}")
def analysis_api(request: Request, analysis_id: int) -> dict[str, Any]:
    """One analysis's status as JSON (the page polls this)."""
    return status_of(request, _record(request, analysis_id))


@router.get("/analyses/{analysis_id}/report")
def analysis_report(request: Request, analysis_id: int) -> FileResponse:
    """The analysis's self-contained HTML report."""
    rec = _record(request, analysis_id)
    path = output_dir(request.app.state.settings, rec.id) / REPORT_FILE
    if rec.status != "done" or not path.is_file():
        raise UploadNotFound(f"analysis {analysis_id} has no report yet")
    return FileResponse(
        path, media_type="text/html", headers={"Content-Security-Policy": REPORT_CSP}
    )


@router.get("/analyses/{analysis_id}/video")
def analysis_video(request: Request, analysis_id: int) -> FileResponse:
    """The annotated video (WebM)."""
    rec = _record(request, analysis_id)
    path = output_dir(request.app.state.settings, rec.id) / VIDEO_FILE
    if not path.is_file():
        raise UploadNotFound(f"analysis {analysis_id} has no annotated video")
    return FileResponse(path, media_type="video/webm")


def _delete(request: Request, analysis_id: int) -> None:
    rec = _record(request, analysis_id)
    upload_id = (rec.params or {}).get("upload_id")
    if upload_id:
        uploads: UploadStore = request.app.state.uploads
        with contextlib.suppress(UploadNotFound):  # already gone: not an error
            uploads.delete("video", str(upload_id))
    shutil.rmtree(output_dir(request.app.state.settings, rec.id), ignore_errors=True)
    delete_analysis(get_store(request), rec.id)


@router.post("/analyze/{analysis_id}/delete")
def analysis_delete_form(request: Request, analysis_id: int) -> RedirectResponse:
    """Delete the uploaded video, its outputs and its queue row (from the page's button)."""
    _delete(request, analysis_id)
    return RedirectResponse("/analyze", status_code=303)


@router.delete("/api/analyses/{analysis_id}")
def analysis_delete(request: Request, analysis_id: int) -> dict[str, Any]:
    """Delete the uploaded video, its outputs and its queue row."""
    _delete(request, analysis_id)
    return {"deleted": analysis_id}
