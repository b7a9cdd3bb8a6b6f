"""Drawing on one video frame: the skeleton and the status bar under the picture.

Frames are BGR uint8 arrays as OpenCV reads them. The annotated frame is the picture
with the skeleton on it and a status bar appended below (so the labels never hide the
person): rep counts and the hold timer on the left, the faults on screen on the right.
The fault panel is painted only while a fault is on screen (`fault_panel_box`).
"""

from __future__ import annotations

import cv2
import numpy as np
import numpy.typing as npt

from upright.catalog import KEYPOINT_INDEX, KEYPOINT_NAMES
from upright.catalog.keypoints import MIN_VISIBILITY, SKELETON
from upright.report.timeline import FrameState

Frame = npt.NDArray[np.uint8]

# Body connections of BlazePose's 33 keypoints, as indices.
EDGES: tuple[tuple[int, int], ...] = tuple(
    (KEYPOINT_INDEX[a], KEYPOINT_INDEX[b]) for a, b in SKELETON
)
_BODY_POINTS: tuple[int, ...] = tuple(sorted({i for e in EDGES for i in e}))

# BGR colours.
LEFT = (0, 140, 255)
RIGHT = (255, 170, 40)
CENTRE = (235, 235, 235)
FAULT = (40, 40, 230)
BAR_BG = (38, 34, 32)
PANEL_BG = (40, 30, 150)
TEXT = (245, 245, 245)
DIM_TEXT = (170, 170, 170)
_FONT = cv2.FONT_HERSHEY_SIMPLEX


def _scale(width: int) -> float:
    """Drawing scale: 1.0 for a 640-pixel-wide frame."""
    return max(0.6, width / 640.0)


def bar_height(width: int) -> int:
    """Height in pixels of the status bar under a frame ``width`` pixels wide (even)."""
    return 2 * round(48 * _scale(width))


def fault_panel_box(width: int, height: int) -> tuple[int, int, int, int]:
    """Pixel box ``(x0, y0, x1, y1)`` of the fault panel in an annotated frame.

    ``width`` x ``height`` is the size of the picture without the bar.
    """
    return int(0.38 * width), height, width, height + bar_height(width)


def _side_colour(i: int) -> tuple[int, int, int]:
    name = KEYPOINT_NAMES[i]
    if name.startswith("left"):
        return LEFT
    if name.startswith("right"):
        return RIGHT
    return CENTRE


def draw_skeleton(
    frame: Frame,
    points: npt.NDArray[np.floating],
    visibility: npt.NDArray[np.floating],
    highlight: tuple[str, ...] = (),
) -> None:
    """Draw bones and joints in place; ``points`` [33, 2] are pixels of ``frame``.

    Joints whose visibility is under `MIN_VISIBILITY` or not finite are skipped; the
    keypoints named in ``highlight`` (those of a rule on screen) are drawn in red.
    """
    s = _scale(frame.shape[1])
    ok = np.isfinite(points).all(axis=1) & (visibility >= MIN_VISIBILITY)
    pix = np.where(ok[:, None], points, 0).round().astype(np.int32)
    hot = {KEYPOINT_INDEX[n] for n in highlight if n in KEYPOINT_INDEX}
    for a, b in EDGES:
        if ok[a] and ok[b]:
            colour = FAULT if (a in hot and b in hot) else _side_colour(b)
            cv2.line(frame, tuple(pix[a]), tuple(pix[b]), colour, round(3 * s), cv2.LINE_AA)
    for i in _BODY_POINTS:
        if ok[i]:
            radius = round((7 if i in hot else 4) * s)
            cv2.circle(
                frame,
                tuple(pix[i]),
                radius,
                FAULT if i in hot else _side_colour(i),
                -1,
                cv2.LINE_AA,
            )


def put_text(
    frame: Frame,
    text: str,
    org: tuple[int, int],
    scale: float,
    colour: tuple[int, int, int],
    thickness: int = 1,
) -> int:
    """Write ``text`` at ``org`` (baseline left); returns the x after the text.

    OpenCV's Hershey fonts have no degree sign, so each "°" is drawn as a small ring.
    """
    x, y = org
    pieces = text.split("°")
    for k, piece in enumerate(pieces):
        if piece:
            cv2.putText(frame, piece, (x, y), _FONT, scale, colour, thickness, cv2.LINE_AA)
            x += cv2.getTextSize(piece, _FONT, scale, thickness)[0][0]
        if k < len(pieces) - 1:
            r = max(2, round(5 * scale))
            cv2.circle(
                frame,
                (x + r + 1, y - round(22 * scale)),
                r,
                colour,
                max(1, thickness - 1),
                cv2.LINE_AA,
            )
            x += 2 * r + 3
    return x


def _counts_text(state: FrameState) -> str:
    if len(state.reps) == 1 and state.reps[0][0] in ("both", "none", ""):
        return f"Reps {state.reps[0][1]}"
    return "Reps  " + "  ".join(f"{side} {n}" for side, n in state.reps)


def draw_bar(bar: Frame, state: FrameState, width: int, max_lines: int = 3) -> None:
    """Paint the status bar (``bar`` is bar_height x width, BGR) for one state."""
    s = _scale(width)
    bar[:] = BAR_BG
    h = bar.shape[0]
    line = h // max_lines
    put_text(
        bar,
        _counts_text(state),
        (round(12 * s), round(line * 0.75)),
        0.7 * s,
        TEXT,
        max(1, round(2 * s)),
    )
    if state.hold is not None:
        kind, held_s = state.hold
        name = {"peak": "Hold", "tuck": "Tuck hold"}.get(kind, kind.capitalize())
        put_text(
            bar,
            f"{name} {held_s:4.1f} s",
            (round(12 * s), round(line * 1.9)),
            0.65 * s,
            (120, 230, 120),
            max(1, round(2 * s)),
        )
    if not state.faults:
        return
    x0 = int(0.38 * width)
    bar[:, x0:] = PANEL_BG
    labels = list(state.fault_labels)
    if len(labels) > max_lines:
        labels = [*labels[: max_lines - 1], f"+{len(labels) - max_lines + 1} more"]
    for k, label in enumerate(labels):
        put_text(
            bar,
            label,
            (x0 + round(10 * s), round(line * (k + 0.72))),
            0.56 * s,
            TEXT,
            max(1, round(1.3 * s)),
        )


def annotate_frame(
    frame: Frame,
    state: FrameState,
    points: npt.NDArray[np.floating] | None = None,
    visibility: npt.NDArray[np.floating] | None = None,
) -> Frame:
    """The frame with its skeleton drawn and the status bar appended below (a new array).

    Parameters
    ----------
    frame
        BGR picture, H x W x 3 uint8 (left unchanged).
    state
        What to show (see `upright.report.timeline.Timeline.state`).
    points, visibility
        The frame's keypoints [33, 2] in pixels of ``frame`` and their visibility [33];
        no skeleton when None.
    """
    height, width = frame.shape[:2]
    out = np.empty((height + bar_height(width), width, 3), np.uint8)
    out[:height] = frame
    if points is not None:
        vis = np.ones(len(points)) if visibility is None else visibility
        hot = tuple(k for w in state.faults for k in w.keypoints)
        draw_skeleton(out[:height], points, vis, hot)
    draw_bar(out[height:], state, width)
    return out
