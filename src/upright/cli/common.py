"""What several commands share, kept free of heavy imports so that help stays instant.

The options every command spells the same way are declared here once, as ``Annotated``
types: a command writes ``db: DbOption = None`` or ``athlete: AthleteOption =
DEFAULT_ATHLETE`` (or ``athlete: AthleteOption`` where the name must be given).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.table import Table
    from rich.text import Text

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


def counted(n: int, word: str) -> str:
    """``n`` and ``word``, in the plural unless ``n`` is 1: "1 set", "3 sets"."""
    return f"{n} {word}{'' if n == 1 else 's'}"


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


# The space a table never breaks at: between a number and its unit ("3 s", "60 kg"). A
# no-break space does not do it: rich wraps at any whitespace.
_NUMBER_AND_UNIT = re.compile(r"(?<=\d) (?=(?:s|kg|km|m|min|h)\b)")


def _words(plain: str) -> list[tuple[int, str]]:
    """The words of one line of a cell, each with its offset and trailing spaces.

    A number and its unit are one word (`_NUMBER_AND_UNIT`).
    """
    kept = {m.start() for m in _NUMBER_AND_UNIT.finditer(plain)}
    breaks = [m.end() for m in re.finditer(r" +", plain) if m.start() not in kept]
    starts = [0, *(b for b in breaks if b < len(plain))]
    ends = [*starts[1:], len(plain)]
    return [(a, plain[a:b]) for a, b in zip(starts, ends, strict=True)]


def _cell_lines(plain: str) -> list[tuple[int, str]]:
    offset, lines = 0, []
    for line in plain.split("\n"):
        lines.append((offset, line))
        offset += len(line) + 1
    return lines


def _wrapped(cell: Text, width: int) -> Text:
    """``cell`` broken into lines of at most ``width`` between words, never in "3 s"."""
    from rich.text import Text

    cuts: list[int] = []
    for start, line in _cell_lines(cell.plain):
        used = 0
        for at, word in _words(line):
            if used and used + len(word.rstrip()) > width:
                cuts.append(start + at)
                used = 0
            used += len(word)
    if not cuts:
        return cell
    pieces = cell.divide(cuts)
    for piece in pieces:
        piece.rstrip()  # in place: the space the line was broken at
    return Text("\n").join(pieces)


def _text_cells(table: Table) -> list[list[RenderableType]]:
    """Each column's cells, with markup strings made `rich.text.Text` (for `_wrapped`)."""
    from rich.text import Text

    return [
        [Text.from_markup(c) if isinstance(c, str) else c for c in col.cells]
        for col in table.columns
    ]


def _unit_cells(cells: list[list[RenderableType]]) -> list[tuple[int, int]]:
    """Each column's (shortest, longest) width of its text cells, in characters.

    A number with its unit counts as one word.
    """
    from rich.text import Text

    ranges = []
    for column in cells:
        texts = [c.plain for c in column if isinstance(c, Text)]
        lines = [line for t in texts for _, line in _cell_lines(t)]
        low = max((len(w.rstrip()) for x in lines for _, w in _words(x)), default=0)
        ranges.append((low, max((len(x) for x in lines), default=0)))
    return ranges


def _rebuilt(table: Table, cells: list[list[RenderableType]], widths: list[int]) -> Table:
    """``table`` with its columns ``widths`` wide and these ``cells``, by rich's public API."""
    from copy import copy

    new = copy(table)
    new.columns, new.rows = [], []
    for col, width in zip(table.columns, widths, strict=True):
        new.add_column(
            col.header,
            col.footer,
            header_style=col.header_style,
            highlight=col.highlight,
            footer_style=col.footer_style,
            style=col.style,
            justify=col.justify,
            vertical=col.vertical,
            overflow=col.overflow,
            width=width,
            min_width=col.min_width,
            max_width=col.max_width,
            ratio=col.ratio,
            no_wrap=col.no_wrap,
        )
    for row, row_cells in zip(table.rows, zip(*cells, strict=True), strict=True):
        new.add_row(*row_cells, style=row.style, end_section=row.end_section)
    return new


def print_table(console: Console, table: Table) -> None:
    """Print ``table`` with no word broken across lines when the terminal has room for that.

    Rich shares a narrow terminal out by narrowing the widest columns, past their longest
    word ("equipmen" over "t"). Here each column without a set width gets at least its
    longest word, and at most its longest line. The room left after the longest words is
    shared evenly, a column that needs less than its share taking only what it needs;
    the outer cells lose their edge padding when that is what makes the words fit. When
    even the longest words cannot fit, rich's own widths stand, folded (``overflow``).
    """
    from copy import copy

    from rich.measure import Measurement
    from rich.text import Text

    columns = table.columns
    if not columns:
        console.print(table)
        return
    options = console.options
    cells = _text_cells(table)
    units = _unit_cells(cells)
    ranges = []
    for i, col in enumerate(columns):
        if col.width is not None:
            ranges.append((col.width, col.width))
            continue
        parts = [Measurement.get(console, options, r) for r in [col.header, *cells[i]]]
        low, high = max(m.minimum for m in parts), max(m.maximum for m in parts)
        ranges.append((max(low, units[i][0]), max(high, units[i][1])))
    _, right, _, left = table.padding
    lines = len(columns) + 1 if table.show_edge else len(columns) - 1
    padding = (left + right) * len(columns)
    need = sum(low for low, _ in ranges) + lines
    pad_edge = table.pad_edge
    if need + padding > console.width and pad_edge:
        pad_edge = False
        padding -= left + right
    room = console.width - need - padding
    if room < 0:
        folded = copy(table)  # rich's own widths, without the edge padding
        folded.pad_edge = pad_edge
        console.print(folded)
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
    wrapped = [
        [_wrapped(c, width) if isinstance(c, Text) else c for c in column]
        for column, width in zip(cells, widths, strict=True)
    ]
    fitted = _rebuilt(table, wrapped, widths)
    fitted.pad_edge = pad_edge
    console.print(fitted)
