"""``upright today``: today's back session from the plan, or the next one."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from upright.cli.common import DEFAULT_ATHLETE

console = Console()


def today(
    profile: Annotated[
        Path | None,
        typer.Option(
            "--profile",
            help="Profile TOML (default: ~/.config/upright/profile.toml).",
            exists=True,
            dir_okay=False,
        ),
    ] = None,
    athlete: Annotated[str, typer.Option("--athlete", help="Athlete name.")] = DEFAULT_ATHLETE,
    db: Annotated[str | None, typer.Option("--db", help="SQLAlchemy database URL.")] = None,
    on: Annotated[str | None, typer.Option("--date", help="Another day, YYYY-MM-DD.")] = None,
) -> None:
    """Print today's back session (or, on a day without one, the next)."""
    from upright.plan.athlete_plan import make_plan

    try:
        day = date.fromisoformat(on) if on else date.today()
    except ValueError:
        raise typer.BadParameter(
            f"expected a date like 2026-04-06, got {on!r}", param_hint="--date"
        ) from None
    plan, source = make_plan(day, 2, profile_path=profile, athlete=athlete, db=db)
    session = plan.session_on(day)
    if session is None:
        upcoming = [s for s in plan.sessions if s.day > day]
        week = plan.weeks[0].phase
        console.print(f"No back session today ({escape(week.reason)}).")
        if not upcoming:
            return
        session = upcoming[0]
        title = f"Next back session: {session.day:%A %d %b}"
    else:
        title = "Today's back session"
    table = Table(title=f"{title} ({escape(source.origin)})")
    table.add_column("exercise")
    table.add_column("prescription")
    table.add_column("progression")
    for ex in session.prescription.exercises:
        table.add_row(escape(ex.name), ex.describe(), escape(ex.note))
    console.print(table)
    console.print(escape(session.placement))
    console.print(escape(session.prescription.reason))
    for warning in plan.load.warnings:
        console.print(f"[yellow]load warning:[/] {escape(warning.message)}")


def register(app: typer.Typer) -> None:
    """Add the command to the root app."""
    app.command("today")(today)
