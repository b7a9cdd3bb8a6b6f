"""``upright db``, ``upright export`` and ``upright import-history``: the store's commands."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Literal

import typer
from rich.console import Console

from upright.cli.common import AthleteOption, DbOption, existing_path

app = typer.Typer(help="Where the database is, and migrating it.", no_args_is_help=True)
console = Console()


@app.command("path")
def path(db: DbOption = None) -> None:
    """Print the URL of the database in force."""
    from upright import store  # SQLAlchemy loads when a command runs, not for help

    typer.echo(store.resolve_url(db))


@app.command("upgrade")
def upgrade(db: DbOption = None) -> None:
    """Create the database if needed and migrate it to the newest schema."""
    from upright import store  # SQLAlchemy loads when a command runs, not for help

    url = store.resolve_url(db)
    store.upgrade(url)
    console.print(f"database at revision {store.current_revision(url)}: {url}", highlight=False)


def export(
    athlete: AthleteOption,
    fmt: Annotated[
        Literal["json", "csv"],
        typer.Option("--format", help="json: one file; csv: a folder with one file per table."),
    ] = "json",
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="File (json) or folder (csv) to write; json goes to standard output when omitted.",
        ),
    ] = None,
    db: DbOption = None,
) -> None:
    """Export an athlete's whole history (runs, races, plans, sessions, sets, reps, faults)."""
    from upright import store  # SQLAlchemy loads when a command runs, not for help

    with store.open_store(db) as st:
        data = store.export_history(st, store.athlete_id(st, athlete))
    if out is None:
        if fmt == "csv":
            raise typer.BadParameter("csv writes a folder: give it with --out", param_hint="--out")
        typer.echo(json.dumps(data, indent=1, ensure_ascii=False))
        return
    store.write_export(data, out, fmt)
    console.print(f"wrote {out}", highlight=False)


def import_history(
    source: Annotated[
        Path,
        typer.Argument(parser=existing_path, help="An export: JSON file or CSV folder."),
    ],
    athlete: Annotated[
        str | None, typer.Option("--athlete", help="Import under this name instead.")
    ] = None,
    db: DbOption = None,
) -> None:
    """Import an exported history; rows already stored are skipped, so twice adds nothing."""
    from upright import store  # SQLAlchemy loads when a command runs, not for help

    data = store.read_export(source)
    with store.open_store(db) as st:
        report = store.import_history(st, data, athlete_name=athlete)
    counts = ", ".join(f"{n} {table}" for table, n in report.counts.items() if n)
    already = sum(report.already.values())
    note = f" ({already} rows already stored, skipped)" if already else ""
    console.print(f"imported {counts or 'nothing'}{note}", highlight=False)


def register(root: typer.Typer) -> None:
    """Add ``export`` and ``import-history`` to the root app."""
    root.command("export")(export)
    root.command("import-history")(import_history)
