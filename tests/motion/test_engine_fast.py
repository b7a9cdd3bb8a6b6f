"""The engine's one-frame path gives the bits the generic measures give.

Live analysis feeds the engine one frame per call; it works that frame's rep signal, tuck
and smoothing out without numpy's per-call costs (`engine._OneFrame`). These tests hold it
to the generic measure functions bit for bit (any last-bit difference could move a
threshold crossing by a frame), and hold the live events, frame by frame and in
batches, to the engine fed the whole recording at once, in world and in image points.
"""

from __future__ import annotations

import numpy as np
import pytest

from upright.catalog import KEYPOINT_INDEX, default_catalog, get_exercise
from upright.motion import LiveAnalyzer
from upright.motion.body import other, part, torso_length
from upright.motion.engine import Engine, _OneFrame
from upright.motion.geometry import norm
from upright.motion.landmarks import Landmarks
from upright.motion.measures import FRAME_MEASURES
from upright.motion.preprocess import smooth_signal, tracks
from upright.sim import simulate

EXERCISES = sorted(i for i, e in default_catalog().items() if e.rep.signal != "auto")


def _poses(n: int, seed: int, planar: bool) -> np.ndarray:
    """Random bodies, a few points missing, some frames with points on top of others."""
    rng = np.random.default_rng(seed)
    pts = rng.normal(size=(n, 33, 3)) * rng.lognormal(size=(n, 1, 1))
    if planar:
        pts[..., 2] = 0.0
    pts[rng.random((n, 33)) < 0.03] = np.nan
    same = rng.random(n) < 0.05  # a zero-length hip line and trunk
    pts[same, KEYPOINT_INDEX["right_hip"]] = pts[same, KEYPOINT_INDEX["left_hip"]]
    pts[same, KEYPOINT_INDEX["left_shoulder"]] = pts[same, KEYPOINT_INDEX["left_hip"]]
    pts[same, KEYPOINT_INDEX["right_shoulder"]] = pts[same, KEYPOINT_INDEX["left_hip"]]
    return pts


def _tucked(pts: np.ndarray, distance: float) -> np.ndarray:
    """The tuck as the engine's generic path works it out."""
    torso = torso_length(pts)
    tucked = np.zeros(len(pts), dtype=bool)
    with np.errstate(invalid="ignore", divide="ignore"):
        for s in ("left", "right"):
            knee = part(pts, f"{other(s)}_knee")
            d = np.fmin(norm(part(pts, f"{s}_elbow") - knee), norm(part(pts, f"{s}_wrist") - knee))
            tucked |= np.nan_to_num(d / torso, nan=np.inf) <= distance
    return tucked.astype(np.float64)


@pytest.mark.parametrize("planar", [False, True])
@pytest.mark.parametrize(
    ("signal", "sides"),
    [
        ("arm_flexion", ("left", "right")),
        ("arm_flexion", ("both",)),
        ("elbow_flexion", ("left", "right")),
        ("elbow_flexion", ("both",)),
    ],
)
def test_one_frame_measures_are_the_generic_ones_bit_for_bit(
    signal: str, sides: tuple[str, ...], planar: bool
) -> None:
    pts = _poses(3000, seed=len(signal) + len(sides) + planar, planar=planar)
    with np.errstate(invalid="ignore", divide="ignore"):
        want = np.stack([FRAME_MEASURES[signal](pts, s, None, planar) for s in sides], axis=1)
    one = _OneFrame(signal, planar, sides)
    got = np.concatenate([one.signal(row) for row in pts])
    assert np.isfinite(want).mean() > 0.5 and np.isnan(want).any()
    assert got.shape == want.shape
    assert np.array_equal(got.view(np.int64), want.view(np.int64))  # NaNs too
    tucked = _tucked(pts, 0.5)
    assert 0 < tucked.sum() < len(pts)
    assert np.array_equal([float(one.tucked(row, 0.5)) for row in pts], tucked)


@pytest.mark.parametrize("signals", [1, 2])
@pytest.mark.parametrize("half", [4, 9, 18])
def test_smoothing_one_frame_gives_the_bits_of_smoothing_them_all(signals: int, half: int) -> None:
    rng = np.random.default_rng(half + signals)
    raw = np.cumsum(rng.normal(size=(600, signals)) * 5, axis=0)
    raw[rng.random(raw.shape) < 0.01] = np.nan
    whole = smooth_signal(raw, 0, len(raw), half)
    one = np.concatenate([smooth_signal(raw, k, k + 1, half) for k in range(len(raw))])
    assert np.array_equal(one.view(np.int64), whole.view(np.int64))


def _engine_events(lm: Landmarks, ex_id: str) -> list:
    """The events of the engine fed the whole cleaned recording as one chunk."""
    ex = get_exercise(ex_id)
    tr = tracks(lm, ex.rep)
    engine = Engine(ex, lm.fps, tr.space == "image")
    return engine.feed(tr.t, tr.pts, tr.lost) + engine.finish()


# every exercise in one space, two of them in both (a bird dog set is long: the suite's time)
CASES = [(e, ("world", "image")[i % 2]) for i, e in enumerate(EXERCISES)] + [
    ("bird_dog", "world"),
    ("seated_cable_row", "world"),
]


@pytest.mark.parametrize(("ex_id", "space"), sorted(set(CASES)))
def test_live_frame_by_frame_and_in_batches_gives_the_whole_file_events(
    ex_id: str, space: str
) -> None:
    seed = EXERCISES.index(ex_id)
    sim = simulate(ex_id, reps=2, noise_px=2.0, dropout_rate=0.05, seed=seed)
    lm = sim.landmarks
    world = lm.world if space == "world" else np.full_like(lm.world, np.nan)
    lm = Landmarks.create(
        lm.image,
        world=world,
        visibility=lm.visibility,
        t=lm.t,
        fps=lm.fps,
        width=lm.width,
        height=lm.height,
    )
    want = _engine_events(lm, ex_id)
    assert [e.kind for e in want].count("rep_counted") == len(sim.truth.reps)
    for batch in (1, 5):
        live = LiveAnalyzer(get_exercise(ex_id), lm.fps, lm.width, lm.height)
        events = []
        for a in range(0, len(lm), batch):
            for i in range(a, min(a + batch, len(lm))):
                live.add(float(lm.t[i]), lm.image[i], lm.world[i], lm.visibility[i])
            events += live.advance()
        events += live.finish()
        assert events == want, batch
        assert live._engine is not None
        assert live._engine.one is not None  # one frame a call went the fast way
