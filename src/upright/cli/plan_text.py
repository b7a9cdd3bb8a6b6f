"""Pieces the plan's commands share: load warnings and notes, date options, ``--why``.

Kept apart from the command modules so each command builds its own console when it
runs (the root app loads command modules lazily).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape

if TYPE_CHECKING:  # the planner loads when a plan is made, not for a command's help
    from upright.plan.planner import Plan


def print_load(console: Console, plan: Plan, why: bool) -> None:
    """The load warnings, one line each (with the study when ``why``), then the notes."""
    for warning in plan.load.warnings:
        console.print(f"[yellow]load warning:[/] {escape(warning.message)}.", highlight=False)
        if why and warning.why:
            console.print(f"  [dim]why:[/] {escape(warning.why)}", highlight=False)
    if plan.load.warnings and not why:
        console.print("[dim](--why shows the study behind each warning)[/]")
    for note in plan.load.notes:
        console.print(f"[dim]load note:[/] {escape(note)}", highlight=False)


def parse_day(text: str | None, hint: str) -> date | None:
    """A YYYY-MM-DD option as a date (None when not given); a clean error otherwise."""
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(
            f"expected a date like 2026-04-06, got {text!r}", param_hint=hint
        ) from None


WhyOption = Annotated[bool, typer.Option("--why", help="Show the study behind each load warning.")]
