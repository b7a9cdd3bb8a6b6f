"""``upright exercises``: list and show the catalog."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from upright.catalog import default_catalog, get_exercise, user_catalog_dir
from upright.cli.common import add_id_column, print_table

app = typer.Typer(help="List and show the exercises of the catalog.", no_args_is_help=True)
console = Console()


@app.command("list")
def list_exercises() -> None:
    """List every exercise: id, name, equipment and dosage."""
    table = Table(title="Exercises")
    exercises = list(default_catalog().values())
    # The id is what a user types: never cut; the other columns wrap around it.
    add_id_column(table, "id", (ex.id for ex in exercises))
    for col in ("name", "equipment", "sets x reps", "hold s", "rules"):
        table.add_column(col, overflow="fold")
    for ex in exercises:
        d = ex.dosage
        reps = f"{d.sets} x {d.reps_min}-{d.reps_max}" + (" /side" if d.per_side else "")
        table.add_row(
            ex.id,
            ex.name,
            "\n".join(ex.equipment) or "-",  # one a line: no comma widens the column
            reps,
            f"{d.hold_s:g}-{d.hold_max_s:g}" if d.hold_s else "-",  # seconds, as the header says
            str(len(ex.rules)),
        )
    print_table(console, table)
    console.print(f"Add your own: drop a TOML file into {user_catalog_dir()}")


@app.command("show")
def show(
    exercise_id: Annotated[str, typer.Argument(help="Exercise id, e.g. bird_dog.")],
    demo: Annotated[
        Path | None,
        typer.Option(
            help="Write the demonstration (one clean rep a side) to this .webm or .gif file."
        ),
    ] = None,
    fault: Annotated[
        str | None,
        typer.Option(help="With --demo: show this rule's fault instead, e.g. pelvis_twist."),
    ] = None,
) -> None:
    """Show one exercise: set-up, cues and form rules with thresholds."""
    try:
        ex = get_exercise(exercise_id)
    except KeyError as exc:
        raise typer.BadParameter(str(exc.args[0]), param_hint="EXERCISE_ID") from None
    if fault is not None and demo is None:
        raise typer.BadParameter("--fault needs --demo OUT.webm (or .gif)", param_hint="--fault")
    console.print(f"[bold]{ex.name}[/] ({ex.id}): {ex.summary}")
    for line in ex.setup:
        console.print(f"  set-up: {line}")
    table = Table(title="Form rules")
    add_id_column(table, "id", (r.id for r in ex.rules))  # what --fault takes
    for col in ("rule", "fault when", "cue"):
        table.add_column(col, overflow="fold")
    for r in ex.rules:
        table.add_row(r.id, r.name, escape(r.limit_sentence()), r.cue)
    print_table(console, table)
    if demo is not None:
        _write_demo(ex.id, demo, fault)


def _write_demo(exercise_id: str, out: Path, fault: str | None) -> None:
    """Simulate and draw the demonstration; the simulator and OpenCV load only here."""
    from upright.errors import UprightError
    from upright.report.demo_video import write_demo
    from upright.sim.demo import make_demo

    try:
        path = write_demo(make_demo(get_exercise(exercise_id), fault), out)
    except UprightError as exc:
        raise typer.BadParameter(str(exc), param_hint="--demo / --fault") from None
    console.print(f"Demonstration written to {path}")
