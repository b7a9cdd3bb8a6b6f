"""A pinhole camera looking at the simulated person, and BlazePose-style outputs.

Scene frame: metres, z up, the person facing +x with their left towards +y. The camera's
axes are BlazePose's: x to the image right, y down, z away from the camera; world
landmarks are the scene points turned into these axes with the mid-hip as origin, image
landmarks are pixels, and image z is the depth relative to the mid-hip in the same scale as
x (pixels at the mid-hip's distance).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from upright.catalog.keypoints import KEYPOINT_INDEX
from upright.sim.faults import SimError
from upright.sim.geometry import Arr, unit

# view name -> (azimuth of the camera around the person in degrees: 0 in front, 90 on the
# person's left), height mode, one-line description
VIEWS: dict[str, tuple[float, str, str]] = {
    "side_left": (90.0, "level", "the person's left side, camera at body height"),
    "side_right": (-90.0, "level", "the person's right side, camera at body height"),
    "diag_left": (45.0, "level", "45 degrees between front and left side"),
    "diag_right": (-45.0, "level", "45 degrees between front and right side"),
    "front": (0.0, "level", "facing the person (the way their head or chest points)"),
    "back": (180.0, "level", "behind the person, straight on"),
    "front_left": (22.5, "level", "front oblique, 15-30 degrees towards the person's left"),
    "front_right": (-22.5, "level", "front oblique, 15-30 degrees towards the person's right"),
    "back_left": (155.0, "level", "back oblique, 145-165 degrees round to the person's left"),
    "back_right": (-155.0, "level", "back oblique, 145-165 degrees round to the person's right"),
    "elevated": (90.0, "high", "left side from above, looking down 25-40 degrees"),
    "floor": (90.0, "floor", "left side from a camera on the floor"),
}
# Half-width (degrees) of the random spread of a view's azimuth around its centre: the
# obliques cover the ranges phone cameras really stand at; the others wobble a little.
SPREAD: dict[str, float] = {
    "front_left": 7.5,
    "front_right": 7.5,
    "back_left": 10.0,
    "back_right": 10.0,
}
ALIASES = {
    "side": "side_left",
    "45": "diag_left",
    "diag": "diag_left",
    "left": "side_left",
    "right": "side_right",
}
# Where the camera stands, named the way the analysis names its view: (largest absolute
# azimuth in degrees, name); left/right are the person's, so a camera at +22 degrees
# films the person's front-left.
_SEEN_FROM = (
    (10.0, "front"),
    (60.0, "front-{side} oblique"),
    (120.0, "{side}"),
    (170.0, "back-{side} oblique"),
    (180.0, "back"),
)


def seen_from(azimuth_deg: float) -> str:
    """The plain name of a camera position, e.g. ``"front-left oblique"`` or ``"back"``.

    Sectors of the azimuth (0 in front, +90 on the person's left): within 10 degrees of
    the front or the back it is "front" or "back"; 60-120 degrees it is the side
    ("left", "right"); in between the front or back obliques.
    """
    a = (azimuth_deg + 180.0) % 360.0 - 180.0
    side = "left" if a > 0 else "right"
    for limit, name in _SEEN_FROM:
        if abs(a) <= limit:
            return name.format(side=side)
    return "back"  # pragma: no cover - every |a| <= 180 matched above


# Share of the frame the person fills by default (a random draw in this range).
FILL = (0.55, 0.8)
MID_HIP = (KEYPOINT_INDEX["left_hip"], KEYPOINT_INDEX["right_hip"])


def view_name(view: str) -> str:
    """Canonical view name; `SimError` lists the choices for an unknown one."""
    name = ALIASES.get(view, view)
    if name not in VIEWS:
        raise SimError(f"view {view!r}: expected one of {', '.join([*VIEWS, *ALIASES])}")
    return name


@dataclass(frozen=True)
class Camera:
    """Pinhole camera: intrinsics in pixels, rotation rows = camera axes in the scene."""

    view: str
    width: int
    height: int
    fx: float
    fy: float
    cx: float
    cy: float
    rotation: Arr
    position: Arr
    azimuth_deg: float = 0.0
    pitch_deg: float = 0.0
    roll_deg: float = 0.0

    def to_camera(self, pts: Arr) -> Arr:
        """Scene points [..., 3] in camera coordinates (metres, BlazePose axes)."""
        return np.asarray((pts - self.position) @ self.rotation.T, dtype=np.float64)

    def to_dict(self) -> dict[str, Any]:
        """Plain dict for the truth file."""
        return {
            "view": self.view,
            "width": self.width,
            "height": self.height,
            "fx": self.fx,
            "fy": self.fy,
            "cx": self.cx,
            "cy": self.cy,
            "rotation": self.rotation.round(6).tolist(),
            "position_m": self.position.round(4).tolist(),
            "azimuth_deg": round(self.azimuth_deg, 2),
            "pitch_deg": round(self.pitch_deg, 2),
            "roll_deg": round(self.roll_deg, 2),
            "seen_from": seen_from(self.azimuth_deg),
        }


def orientation(view: str, rng: np.random.Generator) -> tuple[float, float]:
    """Draw the azimuth (degrees) and downward pitch (degrees) of a view."""
    az, mode, _ = VIEWS[view]
    spread = SPREAD.get(view, 4.0)
    az += float(rng.uniform(-spread, spread))
    pitch = {
        "level": float(rng.uniform(-2.0, 3.0)),
        "high": float(rng.uniform(25.0, 40.0)),
        "floor": float(rng.uniform(-8.0, -3.0)),
    }[mode]
    return az, pitch


def walk_direction(azimuth_deg: float, rng: np.random.Generator) -> Arr:
    """A horizontal scene direction that leaves the picture sideways (image left or right)."""
    a = np.radians(azimuth_deg)
    look = -np.array([np.cos(a), np.sin(a), 0.0])
    right = np.cross(look, [0.0, 0.0, 1.0])
    return np.asarray(right * float(rng.choice([-1.0, 1.0])), dtype=np.float64)


def place(
    view: str,
    azimuth_deg: float,
    pitch_deg: float,
    scene: Arr,
    width: int,
    height: int,
    rng: np.random.Generator,
    roll_deg: float = 0.0,
    fill: tuple[float, float] = FILL,
    height_m: tuple[float, float] | None = None,
) -> Camera:
    """Aim a camera of the given view at the points ``scene`` [T, 33, 3] and frame them.

    The focal length follows a random field of view of 50-68 degrees across the frame's
    long side (the horizontal one in landscape; a phone held upright sees that much from
    top to bottom and less across); the distance makes the person fill a random share of
    the frame drawn from ``fill`` (55-80 % by default; 0.25-0.4 is a phone far off).
    ``roll_deg`` turns the camera about its viewing axis after it is framed, as a phone
    propped crooked: the image right and down axes turn by that angle (positive turns
    the picture's content anticlockwise on the screen), so every image point is the
    unrolled one rotated about the principal point; the framing distance stays the same.
    """
    a, p = np.radians(azimuth_deg), np.radians(pitch_deg)
    flat = scene.reshape(-1, 3)
    lo, hi = np.nanmin(flat, axis=0), np.nanmax(flat, axis=0)
    target = 0.5 * (lo + hi)
    out_dir = np.array([np.cos(a) * np.cos(p), np.sin(a) * np.cos(p), np.sin(p)])
    look = -out_dir
    right = unit(np.cross(look, [0.0, 0.0, 1.0]))
    down = np.cross(look, right)
    rot = np.stack([right, down, look])
    fx = max(width, height) / (2.0 * np.tan(np.radians(rng.uniform(50.0, 68.0)) / 2.0))
    rel = (flat - target) @ rot.T
    ext_x, ext_y = np.ptp(rel[:, 0]), np.ptp(rel[:, 1])
    share = rng.uniform(*fill)
    dist = max(fx * ext_x / (share * width), fx * ext_y / (share * height))
    dist = max(dist + 0.5 * np.ptp(rel[:, 2]), 1.5)
    position = target + dist * out_dir
    if height_m is None and VIEWS[view][1] == "floor":
        height_m = (0.08, 0.25)
    if height_m is not None:
        # At that height, as far away along the floor, aimed at the person again.
        position[2] = float(rng.uniform(*height_m))
        look = unit(target - position)
        right = unit(np.cross(look, [0.0, 0.0, 1.0]))
        rot = np.stack([right, np.cross(look, right), look])
        if VIEWS[view][1] != "floor":  # the floor view keeps the pitch it was drawn
            pitch_deg = float(np.degrees(np.arcsin(-look[2])))
    if roll_deg:
        c, s_ = np.cos(np.radians(roll_deg)), np.sin(np.radians(roll_deg))
        rot = np.stack([c * rot[0] + s_ * rot[1], -s_ * rot[0] + c * rot[1], rot[2]])
    return Camera(
        view,
        width,
        height,
        float(fx),
        float(fx),
        width / 2.0,
        height / 2.0,
        rot,
        position,
        float(azimuth_deg),
        float(pitch_deg),
        float(roll_deg),
    )


def project(cam: Camera, scene: Arr) -> tuple[Arr, Arr, Arr]:
    """Image landmarks, world landmarks and the mid-hip in camera coordinates.

    Returns
    -------
    image
        [T, 33, 3]: x, y pixels; z relative depth in pixels at the mid-hip's distance.
    world
        [T, 33, 3] metres, BlazePose axes, origin mid-hip.
    hip_cam
        [T, 3] mid-hip in camera coordinates, metres (to reproject world landmarks).
    """
    pc = cam.to_camera(scene)
    hip = 0.5 * (pc[:, MID_HIP[0]] + pc[:, MID_HIP[1]])
    depth = np.maximum(pc[..., 2], 1e-3)
    image = np.empty_like(pc)
    image[..., 0] = cam.fx * pc[..., 0] / depth + cam.cx
    image[..., 1] = cam.fy * pc[..., 1] / depth + cam.cy
    image[..., 2] = cam.fx * (pc[..., 2] - hip[:, None, 2]) / hip[:, None, 2]
    return image, pc - hip[:, None, :], hip
