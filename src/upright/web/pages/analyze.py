"""Analyze: upload a recorded video, follow it through the queue, read its report."""

from __future__ import annotations

import contextlib
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, BinaryIO

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse

from upright.catalog import default_catalog
from upright.motion.result import Analysis
from upright.report.set_report import no_rep_reason
from upright.store import (
    AnalysisRecord,
    NotFound,
    Store,
    analyses,
    delete_analysis,
    get_analysis,
    queue_analysis,
    queue_position,
)
from upright.web.app import page
from upright.web.deps import AthleteDep, CurrentAthlete, SettingsDep, UploadsDep
from upright.web.forms import FormError
from upright.web.pages.overlay import playback_fields
from upright.web.settings import WebSettings
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


def _record(athlete: CurrentAthlete, analysis_id: int) -> AnalysisRecord:
    """The athlete's analysis ``analysis_id`` (reads only: an athlete never stored has none)."""
    aid = athlete.stored_id()
    try:
        rec = get_analysis(athlete.store, analysis_id) if aid is not None else None
    except NotFound:
        rec = None
    if rec is None or rec.athlete_id != aid:
        raise UploadNotFound(f"no analysis {analysis_id} for {athlete.name}")
    return rec


def _summary(rec: AnalysisRecord) -> dict[str, Any] | None:
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


def status_of(settings: WebSettings, store: Store, rec: AnalysisRecord) -> dict[str, Any]:
    """The analysis as the page shows it: status, queue position, progress, results."""
    folder = output_dir(settings, rec.id)
    done = rec.status == "done"
    return {
        "id": rec.id,
        "status": rec.status,
        "exercise_id": rec.exercise_id,
        "exercise": exercise_name(rec.exercise_id),
        "name": (rec.params or {}).get("name", ""),
        "position": queue_position(store, rec.id),
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
def analyze_page(request: Request, athlete: AthleteDep, settings: SettingsDep) -> HTMLResponse:
    """Upload form and this athlete's analyses (none for an athlete never stored)."""
    aid = athlete.stored_id()
    kept = analyses(athlete.store, aid) if aid is not None else []
    items = [status_of(settings, athlete.store, r) for r in kept]
    items.sort(key=lambda s: -s["id"])
    return page(request, "analyze.html", "analyze", exercises=_exercises(), items=items)


def _kind_of(src: BinaryIO, filename: str | None) -> Kind:
    """``video``, or ``landmarks`` for a file named .npz or .csv that is not a video."""
    head = src.read(64)
    src.seek(0)
    if sniff_video(head) is None and is_landmark_file(Path(filename or "")):
        return "landmarks"
    return "video"


Video = Annotated[UploadFile, File(description="The recorded video or landmark file.")]
ExerciseId = Annotated[str, Form(description="The catalog id of the exercise filmed.")]


@router.post("/analyze")
def analyze_upload(
    athlete: AthleteDep, uploads: UploadsDep, video: Video, exercise: ExerciseId
) -> RedirectResponse:
    """Store the uploaded video and queue its analysis; go to its page."""
    if not video.filename:  # a form posted with no file chosen sends one unnamed
        raise FormError("video: expected at least one file, got none")
    catalog = sorted(default_catalog())
    if exercise not in catalog:
        raise FormError(f"exercise: expected one of {', '.join(catalog)}, got {exercise!r}")
    kind = _kind_of(video.file, video.filename)
    stored = uploads.save(kind, video.file, video.filename)
    path = str(stored.path)
    analysis_id = queue_analysis(
        athlete.store,
        athlete.ensure(),
        video_path=path if kind == "video" else None,
        landmark_path=path if kind == "landmarks" else None,
        exercise_id=exercise,
        params={"upload_id": stored.id, "name": stored.original_name, "kind": kind},
    )
    return RedirectResponse(f"/analyze/{analysis_id}", status_code=303)


@router.get("/analyze/{analysis_id}", response_class=HTMLResponse)
def analysis_page(
    request: Request, athlete: AthleteDep, settings: SettingsDep, analysis_id: int
) -> HTMLResponse:
    """One analysis: its place in the queue, its progress, then its report and video."""
    rec = _record(athlete, analysis_id)
    item = status_of(settings, athlete.store, rec)
    return page(request, "analysis.html", "analyze", item=item)


@router.get("/api/analyses/{analysis_id}")
def analysis_api(athlete: AthleteDep, settings: SettingsDep, analysis_id: int) -> dict[str, Any]:
    """One analysis's status as JSON (the page polls this)."""
    return status_of(settings, athlete.store, _record(athlete, analysis_id))


@router.get("/analyses/{analysis_id}/report")
def analysis_report(athlete: AthleteDep, settings: SettingsDep, analysis_id: int) -> FileResponse:
    """The analysis's self-contained HTML report."""
    rec = _record(athlete, analysis_id)
    path = output_dir(settings, rec.id) / REPORT_FILE
    if rec.status != "done" or not path.is_file():
        raise UploadNotFound(f"analysis {analysis_id} has no report yet")
    return FileResponse(
        path, media_type="text/html", headers={"Content-Security-Policy": REPORT_CSP}
    )


@router.get("/analyses/{analysis_id}/video")
def analysis_video(athlete: AthleteDep, settings: SettingsDep, analysis_id: int) -> FileResponse:
    """The annotated video (WebM)."""
    rec = _record(athlete, analysis_id)
    path = output_dir(settings, rec.id) / VIDEO_FILE
    if not path.is_file():
        raise UploadNotFound(f"analysis {analysis_id} has no annotated video")
    return FileResponse(path, media_type="video/webm")


@dataclass(frozen=True)
class _Deleter:
    """What deleting an analysis needs: whose it is, the uploads, the outputs' settings."""

    athlete: CurrentAthlete
    uploads: UploadStore
    settings: WebSettings

    def delete(self, analysis_id: int) -> None:
        """Delete the uploaded file, the outputs and the queue row of ``analysis_id``."""
        rec = _record(self.athlete, analysis_id)
        params = rec.params or {}
        upload_id = params.get("upload_id")
        if upload_id:
            with contextlib.suppress(UploadNotFound):  # already gone: not an error
                self.uploads.delete(params.get("kind", "video"), str(upload_id))
        shutil.rmtree(output_dir(self.settings, rec.id), ignore_errors=True)
        delete_analysis(self.athlete.store, rec.id)


def _deleter(athlete: AthleteDep, uploads: UploadsDep, settings: SettingsDep) -> _Deleter:
    return _Deleter(athlete, uploads, settings)


DeleterDep = Annotated[_Deleter, Depends(_deleter)]


@router.post("/analyze/{analysis_id}/delete")
def analysis_delete_form(deleter: DeleterDep, analysis_id: int) -> RedirectResponse:
    """Delete the uploaded video, its outputs and its queue row (from the page's button)."""
    deleter.delete(analysis_id)
    return RedirectResponse("/analyze", status_code=303)


@router.delete("/api/analyses/{analysis_id}")
def analysis_delete(deleter: DeleterDep, analysis_id: int) -> dict[str, Any]:
    """Delete the uploaded video, its outputs and its queue row."""
    deleter.delete(analysis_id)
    return {"deleted": analysis_id}
