"""``upright today``: today's prescription."""

from __future__ import annotations

import typer
from rich.console import Console
from rich.table import Table

from upright.catalog import default_catalog
from upright.plan import default_session

console = Console()


def today() -> None:
    """Print today's back session for the default athlete."""
    session = default_session(default_catalog())
    table = Table(title="Today's back session")
    table.add_column("exercise")
    table.add_column("prescription")
    for ex in session.exercises:
        table.add_row(ex.name, ex.describe())
    console.print(table)
    console.print(session.reason)


def register(app: typer.Typer) -> None:
    """Add the command to the root app."""
    app.command("today")(today)
