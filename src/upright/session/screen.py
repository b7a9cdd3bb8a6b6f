"""The terminal screen of a guided session, drawn with Rich from the engine's snapshot.

A pure function of the snapshot dict (`upright.session.snapshot`): big timer, reps per
side, the current cue, what comes next, and the last set's summary during the rest.
"""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

# Five-row block digits for the big timer.
_GLYPHS: dict[str, tuple[str, ...]] = {
    "0": ("███", "█ █", "█ █", "█ █", "███"),
    "1": (" █ ", "██ ", " █ ", " █ ", "███"),
    "2": ("███", "  █", "███", "█  ", "███"),
    "3": ("███", "  █", "███", "  █", "███"),
    "4": ("█ █", "█ █", "███", "  █", "  █"),
    "5": ("███", "█  ", "███", "  █", "███"),
    "6": ("███", "█  ", "███", "█ █", "███"),
    "7": ("███", "  █", "  █", "  █", "  █"),
    "8": ("███", "█ █", "███", "█ █", "███"),
    "9": ("███", "█ █", "███", "  █", "███"),
    ":": ("   ", " █ ", "   ", " █ ", "   "),
    ".": ("  ", "  ", "  ", "  ", "█ "),
    "-": ("   ", "   ", "███", "   ", "   "),
}

PHASE_TITLES: dict[str, str] = {
    "setup": "Get into position",
    "get_ready": "Get ready",
    "moving": "Move",
    "hold": "Hold",
    "return": "Return",
    "tuck": "Tuck and hold",
    "confirm": "Done that rep? Press space",
    "switch_side": "Switch sides",
    "rate": "How was that set?",
    "rest": "Rest",
    "done": "Session done",
}
PHASE_STYLES: dict[str, str] = {
    "hold": "bold green",
    "tuck": "bold green",
    "confirm": "bold yellow",
    "rest": "bold blue",
    "get_ready": "bold yellow",
    "switch_side": "bold yellow",
    "rate": "bold magenta",
    "done": "bold green",
}
KEYS_HELP = "space: rep done / start   p: pause   s: end set   q: stop"
RATE_HELP = "1: clean   2: some faults   3: struggled"


def timer_text(seconds: float | None) -> str:
    """The timer as shown: ``12.3`` under a minute, ``1:05`` above, ``--`` with none."""
    if seconds is None:
        return "--"
    if seconds >= 60:
        whole = int(seconds + 0.999)
        return f"{whole // 60}:{whole % 60:02d}"
    return f"{seconds:.1f}"


def big_digits(text: str) -> str:
    """``text`` in five-row block characters (unknown characters become blanks)."""
    rows = ["", "", "", "", ""]
    for ch in text:
        glyph = _GLYPHS.get(ch, ("   ",) * 5)
        for i in range(5):
            rows[i] += glyph[i] + " "
    return "\n".join(r.rstrip() for r in rows)


def _reps_table(snap: dict[str, Any]) -> Table:
    table = Table(show_header=True, box=None, padding=(0, 2))
    target = snap["reps_target"]
    for side in snap["sides"]:
        label = "reps" if side in ("none", "both") else side
        style = "bold" if side == snap["side"] else "dim"
        table.add_column(label, justify="center", header_style=style)
    table.add_row(
        *(
            Text(f"{snap['reps'].get(s, 0)}/{target}", style="bold" if s == snap["side"] else "")
            for s in snap["sides"]
        )
    )
    return table


def render(snap: dict[str, Any]) -> RenderableType:
    """The whole screen for one snapshot."""
    phase = snap["phase"]
    title = PHASE_TITLES.get(phase, phase)
    if snap["paused"]:
        title += " (paused)"
    style = PHASE_STYLES.get(phase, "bold")
    parts: list[RenderableType] = [
        Text(snap["title"], style="bold"),
        Text(title.upper(), style=style),
    ]
    if phase != "done":
        parts.append(Text(big_digits(timer_text(snap["timer_s"])), style=style))
        parts.append(Text(f"timer {timer_text(snap['timer_s'])} s", style="dim"))
    if snap["sides"] and phase not in ("done",):
        parts.append(_reps_table(snap))
    cue = snap["cue"]
    parts.append(
        Panel(
            Text(
                cue["text"] if cue else " ",
                style="bold red" if cue and cue["kind"] in ("fault", "safety") else "bold",
            ),
            title="coach",
            title_align="left",
        )
    )
    last = snap.get("last_set")
    if last:
        parts.append(Panel(Text("\n".join(last["lines"])), title="last set", title_align="left"))
    if snap["next_up"]:
        parts.append(Text(f"Next up: {snap['next_up']}", style="cyan"))
    parts.append(Text(f"sets done {snap['sets_done']}/{snap['sets_total']}", style="dim"))
    parts.append(Text(RATE_HELP if snap["rating_pending"] else KEYS_HELP, style="dim"))
    return Panel(Group(*parts), title="Upright: guided session", border_style=style)
