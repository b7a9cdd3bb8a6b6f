"""``upright exercises``: list and show the catalog."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from upright.catalog import default_catalog, get_exercise, user_catalog_dir

app = typer.Typer(help="List and show the exercises of the catalog.", no_args_is_help=True)
console = Console()


@app.command("list")
def list_exercises() -> None:
    """List every exercise: id, name, equipment and dosage."""
    table = Table(title="Exercises")
    exercises = list(default_catalog().values())
    # The id is what a user types: it is never cut or wrapped, the other columns fold.
    table.add_column("id", no_wrap=True, min_width=max(len(ex.id) for ex in exercises))
    for col in ("name", "equipment", "sets x reps", "hold", "rules"):
        table.add_column(col, overflow="fold")
    for ex in exercises:
        d = ex.dosage
        reps = f"{d.sets} x {d.reps_min}-{d.reps_max}" + (" /side" if d.per_side else "")
        table.add_row(
            ex.id,
            ex.name,
            ", ".join(ex.equipment) or "-",
            reps,
            f"{d.hold_s:g}-{d.hold_max_s:g} s" if d.hold_s else "-",
            str(len(ex.rules)),
        )
    console.print(table)
    console.print(f"Add your own: drop a TOML file into {user_catalog_dir()}")


@app.command("show")
def show(exercise_id: Annotated[str, typer.Argument(help="Exercise id, e.g. bird_dog.")]) -> None:
    """Show one exercise: set-up, cues and form rules with thresholds."""
    try:
        ex = get_exercise(exercise_id)
    except KeyError as exc:
        raise typer.BadParameter(str(exc.args[0]), param_hint="EXERCISE_ID") from None
    console.print(f"[bold]{ex.name}[/] ({ex.id}): {ex.summary}")
    for line in ex.setup:
        console.print(f"  set-up: {line}")
    table = Table(title="Form rules")
    for col in ("rule", "fault when", "cue"):
        table.add_column(col)
    for r in ex.rules:
        op = ">" if r.compare == "above" else "<"
        base = " (change from set-up)" if r.baseline else ""
        table.add_row(r.name, f"{r.measure}{base} {op} {r.threshold:g} {r.units}", r.cue)
    console.print(table)
