"""The analysed video as the page plays it, and what the page draws over it.

Read-only routes of one done analysis: ``/analyses/{id}/source`` is the uploaded video
(or, for one the browser cannot play, its WebM copy once made) and
``/api/analyses/{id}/overlay`` the skeleton, counts, holds and fault labels to draw
over it at each moment (`upright.workflows.overlay`). ``static/overlay.js`` draws them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter
from fastapi.responses import FileResponse, JSONResponse

from upright.store import AnalysisRecord, NotFound, get_analysis
from upright.web.deps import AthleteDep, SettingsDep, StoreDep
from upright.web.uploads import UploadNotFound
from upright.web.worker import output_dir
from upright.workflows.overlay import stored_overlay
from upright.workflows.playback import PLAYABLE_FILE, container, playback_state

router = APIRouter()

MEDIA_TYPES = {
    "mp4": "video/mp4",
    "mov": "video/quicktime",
    "webm": "video/webm",
    "avi": "video/x-msvideo",
}
CACHE = "private, max-age=3600"  # a done analysis's files do not change


def playback_fields(rec: AnalysisRecord, folder: Path) -> dict[str, Any]:
    """What the page needs to play a done video analysis and draw over it.

    ``playback`` is ``original``, ``converting`` or ``copy``
    (`upright.workflows.playback.playback_state`); all None for a landmark file or an
    analysis not done.
    """
    if rec.status != "done" or not rec.video_path:
        return {"source_url": None, "overlay_url": None, "playback": None}
    return {
        "source_url": f"/analyses/{rec.id}/source",
        "overlay_url": f"/api/analyses/{rec.id}/overlay",
        "playback": playback_state(folder),
    }


def _done(store: StoreDep, athlete: AthleteDep, analysis_id: int) -> AnalysisRecord:
    """The athlete's done analysis ``analysis_id``; `UploadNotFound` (404) otherwise."""
    aid = athlete.stored_id()  # reads only: a GET creates no athlete
    try:
        rec = get_analysis(store, analysis_id)
    except NotFound:
        rec = None
    if rec is None or aid is None or rec.athlete_id != aid:
        raise UploadNotFound(f"no analysis {analysis_id} for {athlete.name}")
    if rec.status != "done" or not rec.json_path or not rec.landmark_path:
        raise UploadNotFound(f"analysis {analysis_id} has no result yet")
    return rec


@router.get("/api/analyses/{analysis_id}/overlay")
def analysis_overlay(store: StoreDep, athlete: AthleteDep, analysis_id: int) -> JSONResponse:
    """The drawing data of a done analysis: landmarks per frame, reps, holds, faults."""
    rec = _done(store, athlete, analysis_id)
    try:
        data = stored_overlay(
            Path(rec.landmark_path or ""), Path(rec.json_path or ""), rec.exercise_id
        )
    except (OSError, ValueError) as exc:
        raise UploadNotFound(f"analysis {analysis_id}: its result cannot be read") from exc
    return JSONResponse(data, headers={"Cache-Control": CACHE})


@router.get("/analyses/{analysis_id}/source")
def analysis_source(
    store: StoreDep, athlete: AthleteDep, settings: SettingsDep, analysis_id: int
) -> FileResponse:
    """The video to play under the drawing: the upload, or its WebM copy once made."""
    rec = _done(store, athlete, analysis_id)
    folder = output_dir(settings, rec.id)
    state = playback_state(folder)
    if state == "copy":
        return FileResponse(folder / PLAYABLE_FILE, media_type="video/webm")
    path = Path(rec.video_path or "")
    if state == "converting" or not rec.video_path or not path.is_file():
        raise UploadNotFound(f"analysis {analysis_id} has no video to play yet")
    kind = container(path)
    return FileResponse(path, media_type=MEDIA_TYPES.get(kind or "", "application/octet-stream"))
