"""Import: running-log files (FIT, GPX, CSV, a Strava export zip) into the athlete's log."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from upright.plan.athlete_plan import RunsImported, import_runs
from upright.web.app import page
from upright.web.context import athlete_name, get_store
from upright.web.forms import form_files
from upright.web.uploads import StoredUpload, UploadStore, UploadTypeError

router = APIRouter()

MAX_FILES = 500


def _rename(text: str, names: dict[str, str]) -> str:
    """Put the user's own file names back in place of the stored ones."""
    for stored, original in names.items():
        text = text.replace(stored, original)
    return text


def _outcome(result: RunsImported, names: dict[str, str], refused: list[str]) -> dict[str, Any]:
    s = result.summary
    return {
        "line": s.describe(),
        "imported": s.imported,
        "added": result.added,
        "already_stored": result.already_stored,
        "skipped": s.skipped,
        "failed": s.failed,
        "refused": refused,
        "failed_files": [_rename(str(p), names) for p in s.failed_files],
        "skipped_files": [_rename(str(p), names) for p in s.skipped_files],
        "problems": [_rename(str(p), names) for p in s.problems],
    }


async def _save_all(request: Request) -> tuple[list[StoredUpload], list[str]]:
    form = await request.form(max_files=MAX_FILES, max_fields=MAX_FILES + 4)
    uploads: UploadStore = request.app.state.uploads
    stored, refused = [], []
    for f in form_files(form, "files"):
        try:
            stored.append(uploads.save("log", f.file, f.filename))
        except UploadTypeError as exc:
            refused.append(str(exc))
    return stored, refused


async def _import(request: Request) -> dict[str, Any]:
    stored, refused = await _save_all(request)
    get_store(request)  # created and migrated before the importer opens it
    result = import_runs(
        [u.path for u in stored],
        athlete=athlete_name(request),
        db=request.app.state.settings.db_url,
    )
    names = {str(u.path): u.original_name for u in stored}
    for u in stored:  # the runs are in the database now; the files are not needed
        Path(u.path).unlink(missing_ok=True)
    return _outcome(result, names, refused)


@router.get("/import", response_class=HTMLResponse)
def import_page(request: Request) -> HTMLResponse:
    """The upload form."""
    return page(request, "import.html", "import", outcome=None)


@router.post("/import", response_class=HTMLResponse)
async def import_upload(request: Request) -> HTMLResponse:
    """Import the posted files and show the summary with each file's problems."""
    return page(request, "import.html", "import", outcome=await _import(request))


@router.post("/api/imports")
async def import_api(request: Request) -> dict[str, Any]:
    """Import the posted files; the summary as JSON."""
    return await _import(request)
