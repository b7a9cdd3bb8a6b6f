"""Draw a simulated person as a filled, shaded figure a pose model can find in a video.

A stick figure is not a person to BlazePose's detector; a body with volume is: limbs as
thick capsules (skin on the forearms and hands, a shirt, trousers, shoes), a filled
trunk, a head with hair and eyes, in a room with a wall and a floor. Limbs on the far
side of the body (larger image depth) are drawn first and darker, so the near side
covers them as it would on camera.
"""

from __future__ import annotations

import cv2
import numpy as np

from upright.catalog.keypoints import KEYPOINT_INDEX
from upright.sim.geometry import Arr

Colour = tuple[int, int, int]
# BGR colours
SKIN: Colour = (140, 170, 215)
SHIRT: Colour = (150, 80, 40)
TROUSERS: Colour = (60, 50, 45)
SHOES: Colour = (30, 30, 30)
HAIR: Colour = (40, 50, 70)
WALL = np.array([200.0, 205.0, 210.0])
FLOOR = np.array([120.0, 140.0, 160.0])
FAR = 0.75  # brightness of the far-side limbs


def room(width: int, height: int) -> np.ndarray:
    """A plain wall above a floor (BGR uint8), each with a soft vertical gradient."""
    img = np.empty((height, width, 3), np.uint8)
    horizon = int(height * 0.62)
    wall = WALL * (0.9 + 0.1 * np.linspace(0.0, 1.0, horizon))[:, None]
    floor = FLOOR * (0.85 + 0.15 * np.linspace(0.0, 1.0, height - horizon))[:, None]
    img[:horizon] = wall.astype(np.uint8)[:, None, :]
    img[horizon:] = floor.astype(np.uint8)[:, None, :]
    return img


def _shade(colour: Colour, factor: float) -> Colour:
    b, g, r = (int(min(255.0, v * factor)) for v in colour)
    return b, g, r


def _capsule(img: np.ndarray, a: Arr, b: Arr, radius: float, colour: Colour) -> None:
    """A thick segment with round ends from ``a`` to ``b`` (pixels)."""
    pa = (int(a[0]), int(a[1]))
    pb = (int(b[0]), int(b[1]))
    r = max(1, int(radius))
    edge = _shade(colour, 0.55)  # a darker rim separates a limb from what is behind it
    cv2.line(img, pa, pb, edge, 2 * r + 3, cv2.LINE_AA)
    cv2.circle(img, pa, r + 1, edge, -1, cv2.LINE_AA)
    cv2.circle(img, pb, r + 1, edge, -1, cv2.LINE_AA)
    cv2.line(img, pa, pb, colour, 2 * r, cv2.LINE_AA)
    cv2.circle(img, pa, r, colour, -1, cv2.LINE_AA)
    cv2.circle(img, pb, r, colour, -1, cv2.LINE_AA)


class _Figure:
    """One frame's drawing: the points [33, 3] and the limb thickness they imply."""

    def __init__(self, img: np.ndarray, pts: Arr) -> None:
        self.img, self.pts = img, pts
        mid_sh = 0.5 * (self.p("left_shoulder") + self.p("right_shoulder"))
        mid_hip = 0.5 * (self.p("left_hip") + self.p("right_hip"))
        self.torso = max(float(np.linalg.norm(mid_sh - mid_hip)), 20.0)
        self.r = 0.11 * self.torso

    def p(self, name: str) -> Arr:
        return np.asarray(self.pts[KEYPOINT_INDEX[name], :2], dtype=np.float64)

    def leg(self, s: str, f: float) -> None:
        self.capsule(f"{s}_hip", f"{s}_knee", 1.5, _shade(TROUSERS, f))
        self.capsule(f"{s}_knee", f"{s}_ankle", 1.2, _shade(TROUSERS, f))
        self.capsule(f"{s}_heel", f"{s}_foot_index", 0.8, _shade(SHOES, f))

    def arm(self, s: str, f: float) -> None:
        # a short sleeve, then bare skin: the elbow stands out against the shirt
        sh, el = self.p(f"{s}_shoulder"), self.p(f"{s}_elbow")
        self.capsule(f"{s}_shoulder", f"{s}_elbow", 1.0, _shade(SKIN, 0.9 * f))
        _capsule(self.img, sh, sh + 0.35 * (el - sh), 1.2 * self.r, _shade(SHIRT, f))
        self.capsule(f"{s}_elbow", f"{s}_wrist", 0.9, _shade(SKIN, f))
        hand = 0.5 * (self.p(f"{s}_index") + self.p(f"{s}_pinky"))
        _capsule(self.img, self.p(f"{s}_wrist"), hand, 0.8 * self.r, _shade(SKIN, 0.95 * f))

    def capsule(self, a: str, b: str, scale: float, colour: Colour) -> None:
        _capsule(self.img, self.p(a), self.p(b), scale * self.r, colour)

    def trunk(self) -> None:
        names = ("left_shoulder", "right_shoulder", "right_hip", "left_hip")
        quad = np.array([self.p(n) for n in names]).astype(np.int32)
        cv2.fillConvexPoly(self.img, cv2.convexHull(quad), SHIRT, cv2.LINE_AA)
        for a, b in zip(names, names[1:] + names[:1], strict=True):
            self.capsule(a, b, 1.6, SHIRT)
        self.capsule("left_hip", "right_hip", 1.7, TROUSERS)

    def head(self) -> None:
        ear = 0.5 * (self.p("left_ear") + self.p("right_ear"))
        nose = self.p("nose")
        centre = 0.5 * (ear + nose)
        mid_sh = 0.5 * (self.p("left_shoulder") + self.p("right_shoulder"))
        _capsule(self.img, mid_sh, centre, 0.9 * self.r, _shade(SKIN, 0.85))
        radius = max(0.22 * self.torso, 6.0)
        cv2.circle(self.img, (int(centre[0]), int(centre[1])), int(radius), SKIN, -1, cv2.LINE_AA)
        hair = 0.5 * (ear + (ear - nose) * 0.4 + centre)  # towards the back of the head
        cv2.circle(self.img, (int(hair[0]), int(hair[1])), int(0.85 * radius), HAIR, -1)
        for eye in ("left_eye", "right_eye"):
            e = self.p(eye)
            cv2.circle(self.img, (int(e[0]), int(e[1])), max(1, int(0.12 * radius)), SHOES, -1)


def draw_person(pts: Arr, width: int, height: int) -> np.ndarray:
    """One video frame (BGR uint8) of the person whose image points are ``pts`` [33, 3].

    A frame with missing points (the person gone, a dropout) shows the empty room.
    """
    img = room(width, height)
    if not np.isfinite(pts[:, :2]).all():
        return img
    fig = _Figure(img, pts)
    z = np.nan_to_num(pts[:, 2])

    def depth(side: str) -> float:
        return -float(np.mean([z[KEYPOINT_INDEX[f"{side}_{k}"]] for k in ("shoulder", "hip")]))

    far, near = sorted(("left", "right"), key=depth)
    fig.leg(far, FAR)
    fig.arm(far, FAR)
    fig.trunk()
    fig.leg(near, 1.0)
    fig.head()
    fig.arm(near, 1.0)
    return np.asarray(cv2.GaussianBlur(img, (3, 3), 0))
