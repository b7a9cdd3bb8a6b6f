"""Live reads of the rise in the picture give `front_signal`'s numbers bit for bit.

`RiseSoFar` keeps each frame's arm geometry as it arrives and works each of the set's
levels out once per read; the engine used to read every frame so far afresh with
`front_signal`'s functions (`_read_afresh` below is that code, kept as the reference).
Any last-bit difference could move a threshold crossing by a frame and part live from
the file, so the signal and tuck are held equal, NaNs in the same places, on simulated
sets read from in front or behind in image points (rows whose hand rises, cable rows
that reach, one arm at a time, arm raises, the bird dog's tuck), after every block the
engine reads and on the whole set.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from upright.catalog import KEYPOINT_INDEX, Exercise, get_exercise
from upright.motion.engine import LEVELS_EVERY_S, sides_of
from upright.motion.front_signal import (
    arm_rise_flexion,
    forearm_folded,
    hanging,
    reaches,
    wrist_rise_flexion,
)
from upright.motion.preprocess import tracks
from upright.motion.rise_so_far import RiseSoFar
from upright.sim import simulate


def _read_afresh(ex: Exercise, so_far: np.ndarray, fps: float) -> tuple[np.ndarray, np.ndarray]:
    """The rep signal [T, sides] and tuck [T] read afresh on ``so_far`` [T, 33, 3]."""
    rep, sides = ex.rep, sides_of(ex)
    read = arm_rise_flexion if rep.signal == "arm_flexion" else wrist_rise_flexion
    sig = np.stack([read(so_far, s, rep, fps) for s in sides], axis=1)
    shown_sides = [s for k, s in enumerate(sides) if np.isfinite(sig[:, k]).any()]
    arms_read = ("left", "right") if "both" in shown_sides else shown_sides
    reach = rep.signal != "arm_flexion" and any(reaches(so_far, a) for a in arms_read)
    for k, side in enumerate(sides):
        seen = np.zeros(len(so_far), dtype=bool)
        for arm in ("left", "right") if side == "both" else (side,):
            joints = [KEYPOINT_INDEX[f"{arm}_{p}"] for p in ("shoulder", "elbow", "wrist")]
            shown = np.isfinite(so_far[:, joints, :2]).all(axis=(1, 2))
            seen |= shown & ~hanging(so_far, arm) if reach else shown
        sig[np.isnan(sig[:, k]) & seen, k] = rep.rest
    tucked = np.zeros(len(so_far), dtype=bool)
    if rep.tuck:
        for s in ("left", "right"):
            tucked |= forearm_folded(so_far, s, fps)
    return sig, tucked.astype(np.float64)


@pytest.mark.parametrize(
    ("ex_id", "view", "more"),
    [
        ("bent_over_row", "front", {}),  # the wrist's rise
        ("chest_supported_row", "back_right", {"lift": True}),
        ("seated_cable_row", "front", {}),  # reaches at rest: the elbow's travel
        ("seated_cable_row", "back_left", {"pause": "bottom:1.5"}),
        # at 60 fps one read sees one arm reach and not the other: that arm alone
        ("seated_cable_row", "back_left", {"fps": 60.0}),
        ("one_arm_one_leg_cable_row", "front", {}),  # one arm at a time
        ("one_arm_dumbbell_row", "front", {"pause": "top:1.2"}),
        ("y_raise", "front", {}),  # the elbow's rise
        ("bird_dog", "front", {}),  # the elbow's rise, one side then the other; the tuck
        ("bird_dog_line", "back", {}),
    ],
)
def test_reads_so_far_are_the_fresh_reads_bit_for_bit(
    ex_id: str, view: str, more: dict[str, Any]
) -> None:
    sim = simulate(
        ex_id, reps=3, view=view, noise_px=1.0, dropout_rate=0.02, seed=11, points="image", **more
    )
    ex, lm = get_exercise(ex_id), sim.landmarks
    pts = tracks(lm, ex.rep, "image").pts
    kept = RiseSoFar(ex.rep, sides_of(ex), lm.fps)
    block = max(1, round(LEVELS_EVERY_S * lm.fps))
    ends = [*range(block, len(pts), block), len(pts)]
    for end in ends:
        read = kept.read(pts[:end])
        sig, tucked = _read_afresh(ex, pts[:end], lm.fps)
        np.testing.assert_array_equal(read.signal(), sig, err_msg=f"frames 0..{end}")
        np.testing.assert_array_equal(read.tucked(), tucked, err_msg=f"frames 0..{end}")
    # a read of fewer frames than kept reads only those
    mid = ends[len(ends) // 2]
    np.testing.assert_array_equal(
        kept.read(pts[:mid]).signal(), _read_afresh(ex, pts[:mid], lm.fps)[0]
    )
    assert np.isfinite(sig).any()
    if ex.rep.tuck:  # the set shows a tuck, or the tuck's reading would hold nothing
        assert tucked.any()
