"""What several commands share, kept free of heavy imports so that help stays instant.

The options every command spells the same way are declared here once, as ``Annotated``
types: a command writes ``db: DbOption = None`` or ``athlete: AthleteOption =
DEFAULT_ATHLETE`` (or ``athlete: AthleteOption`` where the name must be given).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
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


def add_id_column(table: Table, header: str, values: Iterable[str]) -> None:
    """Add a column of ids or names a user types back: never cut short, never ellipsized.

    The column is as wide as its longest value, so that no value is wrapped while the other
    columns fold around it; on a terminal too narrow even for that, a value folds over
    lines rather than being cut. (A ``min_width`` instead lets rich widen the table past
    the terminal once it has folded the other columns.)
    """
    widest = max((len(v) for v in values), default=0)
    table.add_column(header, overflow="fold", width=max(widest, len(header)))
