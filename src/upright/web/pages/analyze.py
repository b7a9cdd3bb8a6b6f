"""Analyze: upload a recorded video, follow it through the queue, read its report."""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path
from typing import Any, BinaryIO

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse

from upright.catalog import default_catalog
from upright.motion.result import Analysis
from upright.report.set_report import no_rep_reason
from upright.store import (
    NotFound,
    analyses,
    delete_analysis,
    get_analysis,
    queue_analysis,
    queue_position,
)
from upright.web.app import page
from upright.web.context import current_athlete, get_store
from upright.web.forms import form_choice, form_files
from upright.web.pages.overlay import playback_fields
from upright.web.uploads import Kind, UploadNotFound, UploadStore, sniff_video
from upright.web.worker import output_dir, public_error, read_progress
from upright.workflows.analysis import REPORT_FILE, VIDEO_FILE, is_landmark_file

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
    """Reps (by side) and faults, and when no rep was seen, the likely reason why."""
    if rec.status != "done" or not rec.json_path:
        return None
    try:
        result = Analysis.from_json(Path(rec.json_path).read_text(), "analysis")
    except (OSError, ValueError):
        return None
    return {
        "reps": len(result.reps),
        "reps_per_side": result.reps_per_side(),
        "faults": sum(f.severity == "fault" for f in result.all_faults()),
        "no_rep_why": "" if result.reps else no_rep_reason(result),
        "from_video_set": rec.set_id is not None,
    }


def exercise_name(exercise_id: str | None) -> str:
    """The catalog's name of an exercise (its id when the catalog no longer has it)."""
    catalog = default_catalog()
    return catalog[exercise_id].name if exercise_id in catalog else str(exercise_id or "")


def status_of(request: Request, rec: Any) -> dict[str, Any]:
    """The analysis as the page shows it: status, queue position, progress, results."""
    folder = output_dir(request.app.state.settings, rec.id)
    done = rec.status == "done"
    return {
        "id": rec.id,
        "status": rec.status,
        "exercise_id": rec.exercise_id,
        "exercise": exercise_name(rec.exercise_id),
        "name": (rec.params or {}).get("name", ""),
        "position": queue_position(get_store(request), rec.id),
        "progress": read_progress(folder) if rec.status == "running" else {},
        # rows failed by older versions may hold the server's paths: names only here
        "error": public_error(
            rec.error, rec.video_path or rec.landmark_path, (rec.params or {}).get("name")
        )
        if rec.error
        else None,
        "summary": _summary(rec),
        "report_url": f"/analyses/{rec.id}/report" if done else None,
        "video_url": f"/analyses/{rec.id}/video"
        if done and (folder / VIDEO_FILE).is_file()
        else None,
        **playback_fields(rec, folder),
    }


@router.get("/analyze", response_class=HTMLResponse)
def analyze_page(request: Request) -> HTMLResponse:
    """Upload form and this athlete's analyses."""
    athlete = current_athlete(request)
    items = [status_of(request, r) for r in analyses(get_store(request), athlete.id)]
    items.sort(key=lambda s: -s["id"])
    return page(request, "analyze.html", "analyze", exercises=_exercises(), items=items)


def _kind_of(src: BinaryIO, filename: str | None) -> Kind:
    """``video``, or ``landmarks`` for a file named .npz or .csv that is not a video."""
    head = src.read(64)
    src.seek(0)
    if sniff_video(head) is None and is_landmark_file(Path(filename or "")):
        return "landmarks"
    return "video"


@router.post("/analyze")
async def analyze_upload(request: Request) -> RedirectResponse:
    """Store the uploaded video and queue its analysis; go to its page."""
    form = await request.form(max_files=1, max_fields=4)
    upload = form_files(form, "video")[0]
    exercise_id = form_choice(form, "exercise", default_catalog())
    uploads: UploadStore = request.app.state.uploads
    kind = _kind_of(upload.file, upload.filename)
    stored = uploads.save(kind, upload.file, upload.filename)
    athlete = current_athlete(request)
    path = str(stored.path)
    analysis_id = queue_analysis(
        get_store(request),
        athlete.id,
        video_path=path if kind == "video" else None,
        landmark_path=path if kind == "landmarks" else None,
        exercise_id=exercise_id,
        params={"upload_id": stored.id, "name": stored.original_name, "kind": kind},
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
            uploads.delete((rec.params or {}).get("kind", "video"), str(upload_id))
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
