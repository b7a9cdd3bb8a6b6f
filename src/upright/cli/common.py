"""What several commands share, kept free of heavy imports so that help stays instant.

The options every command spells the same way are declared here once, as ``Annotated``
types: a command writes ``db: DbOption = None`` or ``athlete: AthleteOption =
DEFAULT_ATHLETE`` (or ``athlete: AthleteOption`` where the name must be given).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

DEFAULT_ATHLETE = "me"
"""The athlete a command means when none is named (`upright.plan.DEFAULT_ATHLETE`)."""

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="SQLAlchemy database URL (default: $UPRIGHT_DB, else the "
        "SQLite file in the user data folder).",
    ),
]
"""``--db``: the database to use; None means `upright.store.resolve_url`'s choice."""

AthleteOption = Annotated[str, typer.Option("--athlete", help="The athlete's name.")]
"""``--athlete``: whose data a command reads or writes (required when given no default)."""


EMPTY_PATH = "expected a file or folder, got an empty path ('.' names this folder)"


def given_path(value: str) -> Path:
    """A path as typed (a typer ``parser``); an empty one is refused, not read as ".".

    ``Path("")`` is the current folder, so ``upright import-runs ""`` (an unset shell
    variable) would otherwise scan, or ``--fit-dir ""`` write into, wherever it was run.
    """
    if not value:
        raise typer.BadParameter(EMPTY_PATH)
    return Path(value)


def existing_path(value: str) -> Path:
    """`given_path`, and it must exist (what ``exists=True`` checks, which ``parser`` skips)."""
    path = given_path(value)
    if not path.exists():
        raise typer.BadParameter(f"path {value!r} does not exist.")
    return path


def add_id_column(table: Table, header: str, values: Iterable[str]) -> None:
    """Add a column of ids or names a user types back: never cut short, never ellipsized.

    The column is as wide as its longest value, so that no value is wrapped while the other
    columns wrap around it (print the table with `print_table`, so that they wrap between
    words); on a terminal too narrow even for that, a value folds over lines rather than
    being cut. (A ``min_width`` instead lets rich widen the table past the terminal once
    it has folded the other columns.)
    """
    widest = max((len(v) for v in values), default=0)
    table.add_column(header, overflow="fold", width=max(widest, len(header)))


def print_table(console: Console, table: Table) -> None:
    """Print ``table`` with no word broken across lines when the terminal has room for that.

    Rich shares a narrow terminal out by narrowing the widest columns, past their longest
    word ("equipmen" over "t"). Here each column without a set width gets at least its
    longest word, and at most its longest line. The room left after the longest words is
    shared evenly, a column that needs less than its share taking only what it needs;
    the outer cells lose their edge padding when that is what makes the words fit. When
    even the longest words cannot fit, rich's own widths stand, folded (``overflow``).
    """
    from rich.measure import Measurement

    columns = table.columns
    if not columns:
        console.print(table)
        return
    options = console.options
    ranges = []
    for col in columns:
        if col.width is not None:
            ranges.append((col.width, col.width))
            continue
        parts = [Measurement.get(console, options, r) for r in [col.header, *col.cells]]
        ranges.append((max(m.minimum for m in parts), max(m.maximum for m in parts)))
    _, right, _, left = table.padding
    lines = len(columns) + 1 if table.show_edge else len(columns) - 1
    padding = (left + right) * len(columns)
    need = sum(low for low, _ in ranges) + lines
    if need + padding > console.width and table.pad_edge:
        table.pad_edge = False
        padding -= left + right
    room = console.width - need - padding
    if room < 0:
        console.print(table)
        return
    widths = [low for low, _ in ranges]
    while room > 0:
        short = [i for i, (_, high) in enumerate(ranges) if widths[i] < high]
        if not short:
            break
        share = max(1, room // len(short))
        for i in sorted(short, key=lambda i: ranges[i][1] - widths[i]):
            more = min(ranges[i][1] - widths[i], share, room)
            widths[i] += more
            room -= more
    for col, width in zip(columns, widths, strict=True):
        col.width = width
    console.print(table)
