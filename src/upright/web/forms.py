"""Bad input named: each bad field becomes a message ``field: expected X, got Y``.

Routes declare their input (``Query``, ``Form``, ``File``, pydantic models, with limits);
`input_problems` words FastAPI's validation errors as the hand checks did. `FormError`
is for a check no declaration can make.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from upright.errors import UprightError


class NotHere(UprightError):
    """Something asked for by id or name that this server does not have (404)."""


class FormError(UprightError):
    """A posted form field that is missing or has a value not accepted here."""


class InvalidInput(UprightError):
    """A query, form or path field that failed its declared type or limits."""


# What each pydantic error type expected, in the words of the hand checks it replaced.
_EXPECTED = {
    "missing": "expected a value",
    "int_parsing": "expected a whole number",
    "int_type": "expected a whole number",
    "int_from_float": "expected a whole number",
    "float_parsing": "expected a number",
    "bool_parsing": "expected true or false",
    "date_parsing": "expected a date like 2026-10-11",
    "date_from_datetime_parsing": "expected a date like 2026-10-11",
    "date_type": "expected a date like 2026-10-11",
    "greater_than_equal": "expected {ge} or more",
    "greater_than": "expected more than {gt}",
    "less_than_equal": "expected {le} or less",
    "less_than": "expected less than {lt}",
    "literal_error": "expected one of {expected}",
    "enum": "expected one of {expected}",
    "string_too_long": "expected at most {max_length} characters",
    "string_too_short": "expected at least {min_length} characters",
    "too_long": "expected at most {max_length} values",
    "too_short": "expected at least {min_length} values",
    "string_pattern_mismatch": "expected text matching {pattern}",
}
_SHOWN_INPUT = 80  # characters of a bad value echoed back


def _got(error: Mapping[str, Any]) -> str:
    if error["type"] == "missing":
        return "got nothing"
    value = error.get("input")
    if error["type"] in ("string_too_long", "too_long") and isinstance(value, str | list):
        return f"got {len(value)}"
    shown = repr(value)
    return f"got {shown[:_SHOWN_INPUT]}…" if len(shown) > _SHOWN_INPUT else f"got {shown}"


def input_problem(error: Mapping[str, Any]) -> str:
    """One pydantic validation error as ``field: expected X, got Y``."""
    loc = [str(part) for part in error.get("loc", ())]
    field = ".".join(loc[1:]) or ".".join(loc) or "request"
    ctx = error.get("ctx") or {}
    if error["type"] == "value_error" and "error" in ctx:
        return f"{field}: {ctx['error']}"
    template = _EXPECTED.get(error["type"])
    expected = template.format(**ctx) if template else str(error.get("msg", "")).lower()
    return f"{field}: {expected}, {_got(error)}"


def input_problems(errors: Sequence[Mapping[str, Any]]) -> InvalidInput:
    """Every problem of a request's input, in one `InvalidInput`."""
    return InvalidInput("; ".join(input_problem(e) for e in errors))
