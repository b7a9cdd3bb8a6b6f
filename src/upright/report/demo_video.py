"""A demonstration as a video file (WebM, VP8) or an animated GIF, for the terminal user.

Frames are the filled figure of `upright.report.figure_drawing` with the equipment that
matters (ball, bench, seat, cable line) and the phase's name written on each frame; a
fault demonstration also draws the line or angle its rule measures.
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from upright.catalog.keypoints import KEYPOINT_INDEX
from upright.errors import UprightError
from upright.report.figure_drawing import draw_person, room
from upright.sim.demo import Demo

FORMATS = (".webm", ".gif")
WEBM_FPS = 15.0
GIF_FPS = 10.0
GIF_WIDTH = 480
# BGR colours
EQUIPMENT = (90, 75, 60)
BALL = (200, 140, 60)
RULE = (12, 89, 232)
INK = (39, 35, 29)


class DemoVideoError(UprightError, ValueError):
    """The demonstration cannot be written where or as asked."""


def _at(demo: Demo, t: float) -> str:
    for p in demo.phases:
        if p.start <= t < p.end:
            side = f" - {p.side} side" if p.side in ("left", "right") else ""
            return p.label + side
    return ""


def _point(pts: np.ndarray, name: str) -> tuple[int, int]:
    if name.startswith("mid_"):
        part = name[4:]
        a, b = pts[KEYPOINT_INDEX[f"left_{part}"]], pts[KEYPOINT_INDEX[f"right_{part}"]]
        return int((a[0] + b[0]) / 2), int((a[1] + b[1]) / 2)
    p = pts[KEYPOINT_INDEX[name]]
    return int(p[0]), int(p[1])


def _behind(img: np.ndarray, demo: Demo) -> None:
    """Ball, bench and seat where the simulator put them, to be covered by the body."""
    eq = demo.equipment
    if "ball" in eq:
        b = eq["ball"]
        cv2.circle(img, (b["x"], b["y"]), b["r"], BALL, -1, cv2.LINE_AA)
    for key in ("bench", "seat"):
        if key in eq:
            (x0, y0), (x1, y1) = eq[key]
            cv2.line(img, (x0, y0), (x1, y1), EQUIPMENT, 18, cv2.LINE_AA)


def _in_front(img: np.ndarray, demo: Demo, pts: np.ndarray) -> None:
    """The cable line, from the hands to its anchor."""
    eq = demo.equipment
    if "cable" in eq:
        hand = _point(pts, "mid_wrist")
        cv2.line(img, hand, tuple(eq["cable"]["anchor"]), INK, 2, cv2.LINE_AA)


def frame(demo: Demo, i: int) -> np.ndarray:
    """Frame ``i`` of the demonstration (BGR uint8, the clip's size)."""
    lm = demo.landmarks
    pts = lm.image[i]
    person = draw_person(pts, lm.width, lm.height)
    img = room(lm.width, lm.height)
    # the body over the equipment: its pixels are where the drawing differs from the room
    body = np.abs(person.astype(np.int16) - img.astype(np.int16)).max(axis=2) > 6
    _behind(img, demo)
    img[body] = person[body]
    _in_front(img, demo, pts)
    if demo.geometry is not None:
        for line in demo.geometry.lines:
            xy = np.array([_point(pts, n) for n in line], np.int32)
            cv2.polylines(img, [xy], False, RULE, 5, cv2.LINE_AA)
    scale = lm.width / 900
    cv2.putText(
        img,
        _at(demo, float(lm.t[i])),
        (16, int(40 * scale)),
        cv2.FONT_HERSHEY_SIMPLEX,
        scale,
        INK,
        2,
        cv2.LINE_AA,
    )
    if demo.rule is not None:
        cv2.putText(
            img,
            demo.rule.cue,
            (16, lm.height - 20),
            cv2.FONT_HERSHEY_SIMPLEX,
            0.6 * scale,
            INK,
            1,
            cv2.LINE_AA,
        )
    return img


def write_demo(demo: Demo, path: str | Path) -> Path:
    """Write ``demo`` to ``path``: ``.webm`` (VP8, 15 fps) or ``.gif`` (480 px, 10 fps)."""
    out = Path(path)
    if out.suffix.lower() not in FORMATS:
        raise DemoVideoError(
            f"{out}: expected a file name ending in {' or '.join(FORMATS)}, got {out.suffix!r}"
        )
    if not out.parent.is_dir():
        raise DemoVideoError(f"{out}: the folder {out.parent} does not exist")
    if out.suffix.lower() == ".gif":
        return _gif(demo, out)
    return _webm(demo, out)


def _every(demo: Demo, fps: float) -> range:
    return range(0, len(demo.landmarks), max(1, round(demo.landmarks.fps / fps)))


def _webm(demo: Demo, out: Path) -> Path:
    lm = demo.landmarks
    step = max(1, round(lm.fps / WEBM_FPS))
    writer = cv2.VideoWriter(
        str(out), cv2.VideoWriter.fourcc(*"VP80"), lm.fps / step, (lm.width, lm.height)
    )
    if not writer.isOpened():
        raise DemoVideoError(f"{out}: OpenCV cannot write VP8 WebM here")
    try:
        for i in _every(demo, WEBM_FPS):
            writer.write(frame(demo, i))
    finally:
        writer.release()
    return out


def _gif(demo: Demo, out: Path) -> Path:
    from PIL import Image  # Pillow comes with matplotlib

    lm = demo.landmarks
    size = (GIF_WIDTH, round(GIF_WIDTH * lm.height / lm.width))
    images = [
        Image.fromarray(cv2.cvtColor(cv2.resize(frame(demo, i), size), cv2.COLOR_BGR2RGB))
        for i in _every(demo, GIF_FPS)
    ]
    ms = round(1000 / (lm.fps / max(1, round(lm.fps / GIF_FPS))))
    images[0].save(out, save_all=True, append_images=images[1:], duration=ms, loop=0)
    return out
