"""Import: running-log files (FIT, GPX, CSV, a Strava export zip) into the athlete's log."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Request, UploadFile
from fastapi.responses import HTMLResponse

from upright.plan.activity import Activity
from upright.plan.log_import import ImportSummary
from upright.store import Store
from upright.web.app import page
from upright.web.deps import AthleteNameDep, StoreDep, UploadsDep
from upright.web.forms import FormError
from upright.web.pages.runs import kilometres
from upright.web.uploads import StoredUpload, UploadStore, UploadTypeError, safe_display_name
from upright.workflows.logs import RunsImported, import_runs, renamed

router = APIRouter()

MAX_FILES = 500
LOG_SUFFIXES = (".fit", ".gpx", ".csv", ".zip", ".gz")


def _activity_row(a: Activity, names: dict[str, str]) -> dict[str, Any]:
    """One imported activity as the page lists it: what it is and whether it counts."""
    return {
        "date": f"{a.start:%a %d %b %Y %H:%M}",
        "sport": a.sport.replace("_", " "),
        "km": kilometres(a.distance_m),
        "minutes": f"{a.moving_s / 60:.0f}",
        "counted": a.is_running,
        "why": a.load_reason,
        "file": renamed(a.source, names).rsplit("/", 1)[-1],
    }


HEADINGS = {0: "Imported", 1: "Imported, with problems", 2: "Nothing imported"}


def _heading(status: int, added: int) -> str:
    """The result's heading: it says "Imported" only when something new was stored."""
    if added or status == 2:
        return HEADINGS[status]
    if status == 0:
        return "Nothing new: already imported"
    return "Nothing new imported, and some files had problems"


def _base(path: str) -> str:
    return path.rsplit("/", 1)[-1]


def _outcome(result: RunsImported, names: dict[str, str], refused: _Refused) -> dict[str, Any]:
    s = result.summary
    failed = [renamed(str(p), names) for p in s.failed_files] + refused.empty
    status = s.exit_status if names else 2
    if refused.empty and status == 0:
        status = 1
    not_logs = [*s.not_logs, *refused.not_logs]
    return {
        "line": s.describe(),
        "status": status,
        "heading": _heading(status, result.added),
        "why_nothing": s.why_nothing() if names else "no running log among these files",
        "imported": s.imported,
        "added": result.added,
        "already_stored": result.already_stored,
        "skipped": s.skipped,
        "failed": s.failed + len(refused.empty),
        "refused": refused.empty + [f"{n}: not a running log" for n in refused.not_logs],
        "failed_files": failed,
        "skipped_files": [renamed(str(p), names) for p in s.skipped_files],
        "problems": [renamed(str(p), names) for p in s.problems],
        "known_files": [renamed(f, names).rsplit("/", 1)[-1] for f in s.known_files],
        "same_files": [
            f"{_base(renamed(name, names))}: the same activity as "
            f"{_base(renamed(first, names))}, taken from that file"
            for name, first in s.same_files
        ],
        "not_logs": ImportSummary(not_logs=not_logs).not_logs_line(),
        "activities": [_activity_row(a, names) for a in s.activities],
    }


@dataclass
class _Refused:
    """Uploads not taken: empty files (failures) and files that are not running logs."""

    empty: list[str] = field(default_factory=list)
    not_logs: list[str] = field(default_factory=list)


# Optional, so that a form sent with no file chosen reaches `_chosen` and its plain
# message: FastAPI drops a browser's empty file parts, leaving no field at all, which a
# required field answered with "expected a value, got nothing".
Files = Annotated[list[UploadFile] | None, File(description="Running-log files to import.")]


def _chosen(files: list[UploadFile] | None) -> list[tuple[UploadFile, str]]:
    """Each posted file with its name (a form posted with none chosen sends one unnamed)."""
    chosen = [(f, f.filename) for f in files or [] if f.filename]
    if not chosen:
        raise FormError("files: expected at least one file, got none")
    if len(chosen) > MAX_FILES:
        raise FormError(f"files: expected at most {MAX_FILES} files, got {len(chosen)}")
    return chosen


def _save_all(
    files: list[UploadFile] | None, uploads: UploadStore
) -> tuple[list[StoredUpload], _Refused]:
    stored, refused = [], _Refused()
    for f, filename in _chosen(files):
        label = safe_display_name(filename)
        if Path(label).suffix.lower() not in LOG_SUFFIXES:  # LICENSE, README.md, notes.txt
            refused.not_logs.append(label)
            continue
        if not f.file.read(1):
            refused.empty.append(f"{label}: the file is empty")
            continue
        f.file.seek(0)
        try:
            stored.append(uploads.save("log", f.file, filename))
        except UploadTypeError:
            refused.not_logs.append(label)
    return stored, refused


@dataclass(frozen=True)
class _Importer:
    """What an import needs of the request: the athlete, the uploads folder, the database."""

    athlete: str
    uploads: UploadStore
    store: Store


def _importer(athlete: AthleteNameDep, uploads: UploadsDep, store: StoreDep) -> _Importer:
    return _Importer(athlete, uploads, store)


ImporterDep = Annotated[_Importer, Depends(_importer)]


def _import(files: list[UploadFile] | None, to: _Importer) -> dict[str, Any]:
    stored, refused = _save_all(files, to.uploads)
    names = {str(u.path): u.original_name for u in stored}
    result = import_runs(
        [u.path for u in stored], athlete=to.athlete, db=to.store, source_names=names
    )
    for u in stored:  # the runs are in the database now; the files are not needed
        Path(u.path).unlink(missing_ok=True)
    return _outcome(result, names, refused)


@router.get("/import", response_class=HTMLResponse)
def import_page(request: Request) -> HTMLResponse:
    """The upload form."""
    return page(request, "import.html", "import", outcome=None)


@router.post("/import", response_class=HTMLResponse)
def import_upload(request: Request, to: ImporterDep, files: Files = None) -> HTMLResponse:
    """Import the posted files and show the summary with each file's problems."""
    return page(request, "import.html", "import", outcome=_import(files, to))


@router.post("/api/imports")
def import_api(to: ImporterDep, files: Files = None) -> dict[str, Any]:
    """Import the posted files; the summary as JSON."""
    return _import(files, to)
