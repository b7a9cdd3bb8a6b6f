"""``upright sim``: write a simulated set (landmark file + truth JSON, optional MP4)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from upright.catalog.keypoints import KEYPOINT_INDEX

if TYPE_CHECKING:  # numpy and the simulator load when a set is simulated, not for help
    import numpy as np

    from upright.motion import Landmarks
    from upright.sim import Truth

console = Console()

_BONES = [
    ("left_shoulder", "right_shoulder"),
    ("left_hip", "right_hip"),
    *[
        (f"{s}_{a}", f"{s}_{b}")
        for s in ("left", "right")
        for a, b in (
            ("shoulder", "elbow"),
            ("elbow", "wrist"),
            ("wrist", "index"),
            ("shoulder", "hip"),
            ("hip", "knee"),
            ("knee", "ankle"),
            ("ankle", "heel"),
            ("heel", "foot_index"),
            ("ankle", "foot_index"),
            ("ear", "eye"),
        )
    ],
    ("nose", "left_eye"),
    ("nose", "right_eye"),
]
_EDGES = [(KEYPOINT_INDEX[a], KEYPOINT_INDEX[b]) for a, b in _BONES]


def draw_frame(lm: Landmarks, i: int, label: str = "") -> np.ndarray:
    """One stick-figure frame (BGR uint8) of frame ``i``: left side orange, right blue."""
    import cv2
    import numpy as np

    img = np.full((lm.height, lm.width, 3), 245, np.uint8)
    pts, vis = lm.image[i], lm.visibility[i]
    thick = max(2, lm.width // 320)
    for a, b in _EDGES:
        if np.isfinite(pts[[a, b], :2]).all():
            name = _BONES[_EDGES.index((a, b))][0]
            color = (30, 120, 240) if name.startswith("left") else (200, 90, 30)
            if min(vis[a], vis[b]) < 0.5:
                color = (
                    int(color[0] * 0.4 + 150),
                    int(color[1] * 0.4 + 150),
                    int(color[2] * 0.4 + 150),
                )
            p, q = pts[a, :2].astype(int), pts[b, :2].astype(int)
            cv2.line(img, (int(p[0]), int(p[1])), (int(q[0]), int(q[1])), color, thick, cv2.LINE_AA)
    for k in range(pts.shape[0]):
        if np.isfinite(pts[k, :2]).all():
            cv2.circle(img, (int(pts[k, 0]), int(pts[k, 1])), thick + 1, (40, 40, 40), -1)
    text = f"t={lm.t[i]:6.2f}s {label}"
    cv2.putText(img, text, (10, 30), cv2.FONT_HERSHEY_SIMPLEX, lm.width / 1400, (0, 0, 0), 2)
    return img


def body_frame(lm: Landmarks, i: int, label: str = "") -> np.ndarray:
    """One frame (BGR uint8) of frame ``i``: the drawn person, with the time and caption."""
    import cv2

    from upright.report.figure_drawing import draw_person

    img = draw_person(lm.image[i], lm.width, lm.height)
    text = f"t={lm.t[i]:6.2f}s {label}"
    cv2.putText(img, text, (10, 30), cv2.FONT_HERSHEY_SIMPLEX, lm.width / 1400, (0, 0, 0), 2)
    return img


def write_video(lm: Landmarks, path: Path, labels: list[str]) -> Path:
    """MP4 (mp4v) of the whole set at the set's frame rate.

    It shows a drawn person the pose model finds (`upright.report.figure_drawing`), so ``upright
    analyze`` can read the video.
    """
    import cv2

    fourcc = cv2.VideoWriter.fourcc(*"mp4v")
    out = cv2.VideoWriter(str(path), fourcc, float(lm.fps), (lm.width, lm.height))
    try:
        for i in range(len(lm)):
            out.write(body_frame(lm, i, labels[i]))
    finally:
        out.release()
    return path


def frame_labels(tr: Truth, t: np.ndarray) -> list[str]:
    """Per-frame caption: rep number and phase, or set-up / partial rep, and faults."""
    labels = [""] * len(t)
    for i, ti in enumerate(t):
        if tr.setup[0] <= ti <= tr.setup[1]:
            labels[i] = "set-up"
        for p in tr.partial:
            if p.start <= ti <= p.end:
                labels[i] = "partial rep"
        for r in tr.reps:
            for name, (a, b) in r.phases.items():
                if a <= ti <= b:
                    labels[i] = f"rep {r.index} {r.side} {name}"
        for f in tr.faults:
            if f.start <= ti <= f.end:
                labels[i] += f"  FAULT {f.rule} {f.expected_value:g}"
    return labels


def show_list() -> None:
    """Print the exercises, faults and views the simulator knows."""
    from rich.table import Table

    from upright.catalog import default_catalog
    from upright.cli.common import add_id_column, print_table
    from upright.sim import EXAMPLE_SIZES, SUPPORTED, VIEWS
    from upright.sim.camera import ALIASES

    cat = default_catalog()
    table = Table(title="Exercises and their faults (example size)")
    add_id_column(table, "exercise", SUPPORTED)
    table.add_column("sides")
    table.add_column("faults", overflow="fold")  # RULE:SIZE, typed back into --fault
    for ex_id in SUPPORTED:
        ex = cat[ex_id]
        table.add_row(
            ex_id, ex.sides, ", ".join(f"{r.id}:{EXAMPLE_SIZES[r.id]:g}" for r in ex.rules)
        )
    print_table(console, table)
    views = Table(title="Views")
    add_id_column(views, "view", VIEWS)
    views.add_column("camera", overflow="fold")
    for name, (_, _, text) in VIEWS.items():
        views.add_row(name, text)
    print_table(console, views)
    console.print("Aliases: " + ", ".join(f"{k}={v}" for k, v in ALIASES.items()))
    console.print("Fault syntax: RULE:SIZE[@REP], size in the rule's units, rep 0-based.")


def sim(
    exercise: Annotated[str | None, typer.Argument(help="Exercise id, e.g. bird_dog.")] = None,
    reps: Annotated[int, typer.Option(min=1, max=50, help="Reps (per side).")] = 8,
    fault: Annotated[
        list[str] | None,
        typer.Option(help="Fault RULE:SIZE[@REP], e.g. pelvis_twist:15@3; repeat for more."),
    ] = None,
    view: Annotated[str, typer.Option(help="Camera view (see --list).")] = "side",
    fps: Annotated[float, typer.Option(min=10.0, max=240.0, help="Frames per second.")] = 30.0,
    width: Annotated[int, typer.Option(min=160, max=7680, help="Frame width, px.")] = 1280,
    height: Annotated[int, typer.Option(min=120, max=4320, help="Frame height, px.")] = 720,
    noise: Annotated[float, typer.Option(min=0.0, help="Pixel noise SD, px.")] = 1.0,
    dropout: Annotated[
        float, typer.Option(min=0.0, max=0.49, help="Share of frames dropped.")
    ] = 0.0,
    partial: Annotated[int, typer.Option(min=0, help="Partial reps to add.")] = 0,
    seed: Annotated[int, typer.Option(help="Random seed.")] = 0,
    limb_out: Annotated[bool, typer.Option(help="Let the reach leave the frame.")] = False,
    points: Annotated[
        str,
        typer.Option(
            help="Points written: world (BlazePose image and world), image (2-D only, "
            "as OpenPose or Sports2D), blazepose (squeezed, noisy world depth)."
        ),
    ] = "world",
    lift: Annotated[
        bool,
        typer.Option(
            help="Start and end with getting into position: pick the weights up and put "
            "them down, or kneel down and get up (never reps)."
        ),
    ] = False,
    pause: Annotated[
        str | None,
        typer.Option(help="Stay still longer at every rep's top or bottom, e.g. top:1.5."),
    ] = None,
    roll: Annotated[
        float,
        typer.Option(min=-45.0, max=45.0, help="Camera roll, degrees (a phone propped crooked)."),
    ] = 0.0,
    fill: Annotated[
        float | None,
        typer.Option(
            min=0.1, max=0.95, help="Share of the frame the person fills, e.g. 0.3 far off."
        ),
    ] = None,
    camera_height: Annotated[
        float | None,
        typer.Option(
            min=0.02,
            max=3.0,
            help="Camera height above the floor, metres: 0.1 a phone on the floor, 1.5 a shelf.",
        ),
    ] = None,
    one_side: Annotated[
        str | None,
        typer.Option(help="Film only this side's set (left or right) of a one-arm exercise."),
    ] = None,
    out: Annotated[Path, typer.Option(help="Output directory.")] = Path("sim_out"),
    video: Annotated[
        bool, typer.Option(help="Also write an MP4 of the person, for `upright analyze`.")
    ] = False,
    list_: Annotated[bool, typer.Option("--list", help="List exercises, faults, views.")] = False,
) -> None:
    """Simulate a set: write the landmark file (.npz) and its truth (.truth.json)."""
    from upright.sim import FaultSpec, SimError, simulate

    if list_:
        show_list()
        return
    if exercise is None:
        raise typer.BadParameter("give an exercise id, or --list", param_hint="EXERCISE")
    try:
        faults = [FaultSpec.parse(f) for f in fault or []]
        res = simulate(
            exercise,
            reps=reps,
            faults=faults,
            view=view,
            fps=fps,
            width=width,
            height=height,
            noise_px=noise,
            dropout_rate=dropout,
            seed=seed,
            partial_reps=partial,
            limb_out=limb_out,
            points=points,
            lift=lift,
            pause=pause,
            roll=roll,
            **({"fill": fill} if fill is not None else {}),
            **({"camera_height": camera_height} if camera_height is not None else {}),
            **({"one_side": one_side} if one_side is not None else {}),
        )
    except SimError as exc:
        raise typer.BadParameter(str(exc)) from None
    npz, js = res.save(out)
    console.print(
        f"wrote {npz} ({len(res.landmarks)} frames, {res.landmarks.duration_s:.1f} s) and {js}"
    )
    console.print(
        f"{len(res.truth.reps)} reps, {len(res.truth.faults)} faults, "
        f"{len(res.truth.partial)} partial reps"
    )
    if video:
        mp4 = write_video(
            res.landmarks, npz.with_suffix(".mp4"), frame_labels(res.truth, res.landmarks.t)
        )
        console.print(f"wrote {mp4}")
