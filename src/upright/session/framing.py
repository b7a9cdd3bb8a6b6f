"""Set-up help before a live set: whole body in the picture, from the right side, and still.

`FramingCheck` looks at the last second of landmark rows and answers with one `Framing`:
what to fix first ("step back, your feet are out of frame", "turn side-on to the camera",
"hold still") or the green light once the head, shoulders, hips, knees and feet are all
inside the picture, the view matches the exercise's (`Exercise.view`, judged by
`upright.motion.view.estimate_view`) and the hips have stayed put for a second.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import numpy as np

from upright.catalog import KEYPOINT_INDEX
from upright.catalog.keypoints import MIN_VISIBILITY
from upright.motion.view import estimate_view

#: Body parts that must be in the picture, checked head to feet; each needs one keypoint.
PARTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("head", ("nose", "left_ear", "right_ear")),
    ("shoulders", ("left_shoulder", "right_shoulder")),
    ("hips", ("left_hip", "right_hip")),
    ("knees", ("left_knee", "right_knee")),
    ("feet", ("left_ankle", "right_ankle", "left_heel", "right_heel")),
)
#: A keypoint this close to the picture's edge (fraction of width or height) is cut off.
EDGE_MARGIN = 0.01
#: Rows looked at: the last this many seconds.
WINDOW_S = 1.0
#: Still enough: the mid-hip moved less than this many torso lengths over the window.
STEADY_TORSO = 0.12

MESSAGES = {
    "no_person": "I can't see you yet: stand where the camera sees you from head to feet.",
    "head": "Step back or tilt the camera up: your head is out of frame.",
    "shoulders": "Step back: your shoulders are out of frame.",
    "hips": "Step back: your hips are out of frame.",
    "knees": "Step back: your knees are out of frame.",
    "feet": "Step back: your feet are out of frame.",
    "several": "Step back so the camera sees you from head to feet.",
    "side": "Turn side-on to the camera.",
    "front": "Face the camera.",
    "steady": "Hold still a moment.",
    "ready": "Whole body in view and steady: ready when you are.",
}


@dataclass(frozen=True)
class Framing:
    """The set-up verdict for the latest row.

    ``status`` is "no_person", "out_of_frame", "turn", "steady" or "ready"; ``missing``
    names the body parts outside the picture; ``view`` is the estimated camera view
    ("side", "front", "oblique", or "" before a body is seen); ``green`` is True only
    for "ready".
    """

    status: str
    message: str
    view: str = ""
    missing: tuple[str, ...] = ()

    @property
    def green(self) -> bool:
        """True when the whole body is in view, from the right side, and steady."""
        return self.status == "ready"

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form for the page."""
        return {
            "status": self.status,
            "message": self.message,
            "view": self.view,
            "missing": list(self.missing),
            "green": self.green,
        }


def _in_picture(image: np.ndarray, vis: np.ndarray, width: int, height: int) -> np.ndarray:
    """Per keypoint [33]: seen, and inside the picture by `EDGE_MARGIN`."""
    x, y = image[:, 0] / width, image[:, 1] / height
    with np.errstate(invalid="ignore"):
        inside = (x > EDGE_MARGIN) & (x < 1 - EDGE_MARGIN) & (y > EDGE_MARGIN)
        inside &= y < 1 - EDGE_MARGIN
    return inside & (vis >= MIN_VISIBILITY)


def missing_parts(image: np.ndarray, vis: np.ndarray, width: int, height: int) -> tuple[str, ...]:
    """Body parts (of `PARTS`) with no keypoint seen inside the picture."""
    seen = _in_picture(image, vis, width, height)
    return tuple(part for part, names in PARTS if not any(seen[KEYPOINT_INDEX[n]] for n in names))


class FramingCheck:
    """Set-up help from landmark rows (see the module docstring).

    Parameters
    ----------
    wanted_view
        The exercise's camera view: "side", "front" or "any".
    """

    def __init__(self, wanted_view: str) -> None:
        self.wanted_view = wanted_view
        self._rows: deque[tuple[float, np.ndarray, np.ndarray]] = deque()
        self._last: tuple[np.ndarray, np.ndarray] | None = None  # image, visibility

    def update(
        self,
        t: float,
        image: np.ndarray,
        world: np.ndarray,
        visibility: np.ndarray,
        width: int,
        height: int,
    ) -> Framing:
        """Take one row (``image`` [33, 3] pixels, ``world`` [33, 3] metres, ``t`` s)."""
        self.add(t, image, world, visibility)
        return self.verdict(width, height)

    def add(self, t: float, image: np.ndarray, world: np.ndarray, visibility: np.ndarray) -> None:
        """Take one row without judging it (a batch of rows needs only its last verdict)."""
        img = np.asarray(image, dtype=np.float64).reshape(33, 3)
        wld = np.asarray(world, dtype=np.float64).reshape(33, 3)
        vis = np.nan_to_num(np.asarray(visibility, dtype=np.float64).reshape(33))
        if not np.isfinite(img[:, :2]).any():
            self._rows.clear()
            self._last = None
            return
        self._rows.append((t, img, wld))
        self._last = (img, vis)
        while self._rows and self._rows[0][0] < t - WINDOW_S:
            self._rows.popleft()

    def verdict(self, width: int, height: int) -> Framing:
        """The verdict for the latest row taken, in a ``width`` x ``height`` picture."""
        if self._last is None:
            return Framing("no_person", MESSAGES["no_person"])
        img, vis = self._last
        missing = missing_parts(img, vis, width, height)
        if missing:
            key = missing[0] if len(missing) == 1 else "several"
            return Framing("out_of_frame", MESSAGES[key], missing=missing)
        view = self._view()
        if self.wanted_view in ("side", "front") and view and view != self.wanted_view:
            return Framing("turn", MESSAGES[self.wanted_view], view=view)
        if not self._steady():
            return Framing("steady", MESSAGES["steady"], view=view)
        return Framing("ready", MESSAGES["ready"], view=view)

    def _view(self) -> str:
        worlds = np.stack([r[2] for r in self._rows])
        if np.isfinite(worlds).all():
            return estimate_view(worlds, planar=False)
        return estimate_view(np.stack([r[1] for r in self._rows]), planar=True)

    def _steady(self) -> bool:
        """Still for the whole window: the mid-hip stayed within `STEADY_TORSO`."""
        if self._rows[-1][0] - self._rows[0][0] < 0.8 * WINDOW_S:
            return False
        pts = np.stack([r[1] for r in self._rows])
        hips = 0.5 * (pts[:, KEYPOINT_INDEX["left_hip"]] + pts[:, KEYPOINT_INDEX["right_hip"]])
        shoulders = 0.5 * (
            pts[:, KEYPOINT_INDEX["left_shoulder"]] + pts[:, KEYPOINT_INDEX["right_shoulder"]]
        )
        torso = float(np.nanmedian(np.linalg.norm((shoulders - hips)[:, :2], axis=1)))
        spread = np.nanmax(hips[:, :2], axis=0) - np.nanmin(hips[:, :2], axis=0)
        return bool(torso > 0 and float(np.hypot(*spread)) < STEADY_TORSO * torso)
