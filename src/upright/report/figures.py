"""Shared figure plumbing: one look for every plot, and PNG / SVG / data-URI output.

Figures are built with `matplotlib.figure.Figure` directly (no ``pyplot``), so nothing
global changes and no GUI backend is ever chosen; `save_figure` and `figure_bytes`
render through the Agg canvas. The web app calls the same plot functions and sends the
bytes.
"""

from __future__ import annotations

import base64
from pathlib import Path

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

# Colours, chosen to stay apart for colour-blind readers (Okabe-Ito palette).
CLEAN = "#009E73"
FAULTY = "#D55E00"
LINE = "#0072B2"
THRESHOLD = "#CC0000"
MUTED = "#888888"
WARNING = "#E69F00"
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")

DPI = 110


def new_figure(width_in: float = 8.0, height_in: float = 3.0) -> Figure:
    """A blank figure, ``width_in`` x ``height_in`` inches, with the Agg canvas attached."""
    fig = Figure(figsize=(width_in, height_in), dpi=DPI, layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def style_axes(ax: Axes, ylabel: str = "", title: str = "") -> None:
    """Our plain look: no top/right frame, a light horizontal grid, readable labels.

    The sizes are for a figure shown at a phone's width (about 330 px for 8 inches):
    smaller text would be under 5 px there.
    """
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="y", color="#dddddd", linewidth=0.8)
    ax.set_axisbelow(True)
    ax.tick_params(labelsize=11)
    if ylabel:
        ax.set_ylabel(ylabel, fontsize=12)
    if title:
        ax.set_title(title, fontsize=13, loc="left", fontweight="bold")


def figure_bytes(fig: Figure, fmt: str = "png") -> bytes:
    """The figure rendered as ``fmt`` ("png" or "svg") bytes."""
    from io import BytesIO

    buf = BytesIO()
    fig.savefig(buf, format=fmt, dpi=DPI, metadata=_metadata(fmt))
    return buf.getvalue()


def _metadata(fmt: str) -> dict[str, str | None]:
    # Keep files reproducible: no creation date or tool version stamped in.
    if fmt == "svg":
        return {"Date": None}
    return {"Software": None}


def data_uri(fig: Figure) -> str:
    """The figure as a ``data:image/png;base64,...`` URI for a self-contained page."""
    return "data:image/png;base64," + base64.b64encode(figure_bytes(fig, "png")).decode("ascii")


def save_figure(fig: Figure, out_dir: str | Path, stem: str) -> tuple[Path, Path]:
    """Write ``stem.png`` and ``stem.svg`` into ``out_dir`` (created); returns both paths."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    png, svg = out / f"{stem}.png", out / f"{stem}.svg"
    png.write_bytes(figure_bytes(fig, "png"))
    svg.write_bytes(figure_bytes(fig, "svg"))
    return png, svg
