"""``upright today``: today's back session from the plan, or the next one."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from upright.cli.common import DEFAULT_ATHLETE, AthleteOption, DbOption, print_table
from upright.cli.plan_text import WhyOption, parse_day, print_load

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
    athlete: AthleteOption = DEFAULT_ATHLETE,
    db: DbOption = None,
    on: Annotated[
        str | None,
        typer.Option("--date", help="Another day, YYYY-MM-DD (default: today in your zone)."),
    ] = None,
    why: WhyOption = False,
) -> None:
    """Print today's back session (or, on a day without one, the next)."""
    from upright.workflows.plans import make_plan, next_sessions

    plan, source = make_plan(
        parse_day(on, "--date"), 2, profile_path=profile, athlete=athlete, db=db
    )
    session, upcoming = next_sessions(plan, plan.start)
    if session is None:
        week = plan.weeks[0].phase
        console.print(f"No back session today ({escape(week.reason)}).")
        if upcoming is None:
            print_load(console, plan, why)
            return
        session = upcoming
        title = f"Next back session: {session.day:%A %d %b}"
    else:
        title = "Today's back session"
    table = Table(title=f"{title} ({escape(source.origin)})")
    table.add_column("exercise")
    table.add_column("prescription")
    table.add_column("progression")
    for ex in session.prescription.exercises:
        table.add_row(escape(ex.name), ex.describe(), escape(ex.note))
    print_table(console, table)  # keeps "hold 3 s" whole in a narrow terminal
    console.print(escape(session.placement))
    console.print(escape(session.prescription.reason))
    print_load(console, plan, why)


def register(app: typer.Typer) -> None:
    """Add the command to the root app."""
    app.command("today")(today)
