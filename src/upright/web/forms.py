"""Reading posted forms: each bad field becomes a `FormError` naming it (400)."""

from __future__ import annotations

from collections.abc import Iterable

from starlette.datastructures import FormData, UploadFile

from upright.errors import UprightError


class NotHere(UprightError):
    """Something asked for by id or name that this server does not have (404)."""


class FormError(UprightError):
    """A posted form field that is missing or has a value not accepted here."""


def form_files(form: FormData, field: str) -> list[UploadFile]:
    """The files posted in ``field`` (at least one, else `FormError`)."""
    files = [v for v in form.getlist(field) if isinstance(v, UploadFile) and v.filename]
    if not files:
        raise FormError(f"{field}: expected at least one file, got none")
    return files


def form_choice(form: FormData, field: str, choices: Iterable[str]) -> str:
    """The value of ``field``, which must be one of ``choices``."""
    value = form.get(field)
    allowed = sorted(choices)
    if not isinstance(value, str) or value not in allowed:
        raise FormError(f"{field}: expected one of {', '.join(allowed)}, got {value!r}")
    return value
