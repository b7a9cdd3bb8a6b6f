"""``upright progress`` (an athlete's progress plots) and ``upright athletes`` (coach's table)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from upright.cli.common import AthleteOption, DbOption, add_id_column, print_table

if TYPE_CHECKING:
    from upright import store

console = Console()


def _load_warnings(st: store.Store, athlete: int) -> Callable[[date], list[str]]:
    """Load warnings of the running log as they stood on a given day (plan's evidence)."""
    from upright.report.coach import warnings_on

    return warnings_on(st, athlete)


def progress(
    athlete: AthleteOption,
    out: Annotated[Path, typer.Option("--out", help="Folder to write the PNG and SVG files to.")],
    weeks: Annotated[
        int, typer.Option("--weeks", min=1, max=520, help="How many weeks back to plot.")
    ] = 12,
    db: DbOption = None,
) -> None:
    """Write an athlete's progress plots (PNG and SVG) into a folder."""
    from upright import store  # SQLAlchemy loads when a command runs, not for help
    from upright.report.progress_files import write_progress

    today = date.today()
    with store.open_store(db) as st:
        warnings_on = _load_warnings(st, store.athlete_id(st, athlete))

        def week_warnings(monday: date) -> list[str]:
            return warnings_on(min(monday + timedelta(days=6), today))

        files = write_progress(
            st, athlete, out, weeks=weeks, today=today, warnings_for_week=week_warnings
        )
    for f in files:
        console.print(str(f), highlight=False)


def athletes(db: DbOption = None) -> None:
    """Coach's view: each athlete's last session, month's adherence, warnings, next session."""
    from rich.table import Table

    from upright import store  # SQLAlchemy loads when a command runs, not for help
    from upright.report.coach import coach_rows

    today = date.today()
    with store.open_store(db) as st:
        rows = coach_rows(st, today)
    table = Table(title=f"Athletes, {today:%B %Y} so far")
    add_id_column(table, "athlete", (r.name for r in rows))  # typed back as --athlete
    for col in ("last session", "done / planned", "open warnings", "next session"):
        table.add_column(col)
    for r in rows:
        last = (
            "never" if r.last_session is None else (f"{r.last_session:%a %d %b} ({r.since_text()})")
        )
        warn = "\n".join(r.warnings) if r.warnings else "-"
        nxt = "none planned" if r.next_session is None else f"{r.next_session:%a %d %b}"
        table.add_row(r.name, last, r.adherence_text(), warn, nxt)
    if not rows:
        console.print("No athlete in the database yet.")
        return
    print_table(console, table)


def register(app: typer.Typer) -> None:
    """Add the commands to the root app."""
    app.command("progress")(progress)
    app.command("athletes")(athletes)
