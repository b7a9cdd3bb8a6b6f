"""Whole-recording analysis: `analyze` and the per-rule series of `measure_series`."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import numpy.typing as npt

from upright.catalog import Exercise
from upright.motion.engine import Engine, sides_of
from upright.motion.evaluate import DEPTH_MEASURES, EVENT_MEASURES, FRAME_OF
from upright.motion.front_signal import arms_hang, reaches, swing_hidden
from upright.motion.generic import count_generic
from upright.motion.landmarks import Landmarks
from upright.motion.preprocess import Tracks, tracks
from upright.motion.result import Analysis, Hold, Rep
from upright.motion.set_edges import edge_reps, within_set
from upright.motion.view import VIEW_PHRASES, coarse_view, estimate_view, name_view

Arr = npt.NDArray[np.float64]
# Fewer counted reps than this fraction of what the generic counter sees suggests the
# recording shows another exercise.
_WRONG_EXERCISE_RATIO = 0.5
# Landmark noise (`SetupDetector.noise`) of this share of the rep's range or more is
# said. bench/sim_accuracy.py's phone grid (rolled, far, 3 px and far + 3 px sets, 576):
# under 0.05 of it 99 % of sets were counted exactly, 0.05-0.1 95 %, 0.1-0.125 85 %,
# 0.125-0.15 71 %, 0.15-0.2 54 %, over 0.2 21 %.
_NOISY_SHARE = 0.125
# An elbow row in image points is counted by the wrist's rise within this of straight on
# (deg): sim sets 20-25 deg off counted 0-2 of 5 by the elbow's angle in the picture,
# while at 45 deg that angle counts every rep.
WRIST_RISE_MAX_DEG = 40.0
# An arm raise (bird dog, Y-raise) in image points is counted by the elbow's rise
# anywhere short of side-on (deg; `upright.motion.view.SIDE_MIN_DEG` is 60): the rise is
# seen whole from any level camera, and side-on the angle in the picture stays in use.
ARM_RISE_MAX_DEG = 55.0


def is_generic(exercise: Exercise) -> bool:
    """True for exercises counted by the generic counter (no known rep signal)."""
    return exercise.rep.signal == "auto"


def run_engine(landmarks: Landmarks, exercise: Exercise) -> tuple[Engine, Tracks]:
    """Clean the recording and run it through the engine, as one chunk."""
    tr = tracks(landmarks, exercise.rep)
    engine = Engine(exercise, landmarks.fps, *engine_flags(exercise, tr))
    engine.feed(tr.t, tr.pts, tr.lost, whole=True)
    engine.finish()
    return engine, tr


def engine_flags(exercise: Exercise, tr: Tracks) -> tuple[bool, bool]:
    """The `Engine`'s ``planar`` and ``wrist_rise`` for ``exercise`` read on tracks ``tr``.

    One decision for the file analysis and the live one (`upright.motion.live`): planar
    when the tracks are image points, counted by the rise in the picture as below.
    """
    planar = tr.space == "image"
    return planar, _wrist_rise(exercise, tr, planar)


def _wrist_rise(exercise: Exercise, tr: Tracks, planar: bool) -> bool:
    """Count by the rise in the picture: a row or arm raise not seen side-on, 2-D points.

    A row's elbow bend, or an arm raised forward, swings towards or away from a camera
    in front or behind; the hand rising towards the shoulder (a row) or the elbow rising
    to the shoulder's height (an arm raise) shows (`upright.motion.front_signal`), when
    the arms hang at rest, or (a cable row) reach forward towards or away from the
    camera. The arm's rise is up and down whatever the camera's angle, so it is used up
    to `ARM_RISE_MAX_DEG` off straight on. Both limits were set on the view's reading
    from the widths and the nose (``level=False``), which reads level trunks (on all
    fours, a knee on a bench) 15-20 deg further round than they are: counting keeps that
    reading until the limits are set again on the corrected one.
    """
    if not planar:
        return False
    if exercise.rep.signal == "elbow_flexion":  # hanging arms, or reaching to a cable
        hang = arms_hang(tr.pts)
        reach = any(reaches(tr.pts, side) for side in ("left", "right"))
        if not (hang or reach):
            return False
        if estimate_view(tr.pts, True, WRIST_RISE_MAX_DEG, level=False) == "front":
            return True
        # a trunk bent level over a bench reads the camera further off straight on than
        # it is: the arms themselves say whether the picture sees their swing
        return hang and not reach and swing_hidden(tr.pts)
    if not arms_hang(tr.pts):
        return False
    if exercise.rep.signal == "arm_flexion":
        return estimate_view(tr.pts, True, ARM_RISE_MAX_DEG, level=False) == "front"
    return False


def analyze(landmarks: Landmarks, exercise: Exercise) -> Analysis:
    """Count reps, time holds and judge every form rule of ``exercise`` in ``landmarks``.

    Parameters
    ----------
    landmarks
        One person's keypoints over time (see `Landmarks`).
    exercise
        The catalog exercise; the generic exercise (rep signal "auto") counts any
        repeated movement.

    Returns
    -------
    Analysis
        Reps with phases, hold seconds and faults; holds; movements not counted with
        their reason; warnings about the recording.
    """
    if is_generic(exercise):
        return _generic(landmarks, exercise)
    engine, tr = run_engine(landmarks, exercise)
    facing = engine.evaluator.base.facing if engine.evaluator is not None else None
    view = name_view(tr.pts, tr.space == "image", facing)
    warnings = _warnings(landmarks, exercise, engine, tr, view)
    reps, left_out = edge_reps(engine.reps, tr.pts, tr.t)
    holds = tuple(engine.holds)
    if left_out:
        reps, holds = _renumbered(reps, holds)
    sides = tuple(dict.fromkeys(r.side for r in reps)) or sides_of(exercise)
    return Analysis(
        exercise=exercise.id,
        sides=sides,
        reps=reps,
        holds=holds,
        not_counted=within_set(engine.not_counted, reps, tr.pts, tr.t) + left_out,
        faults=(),
        duration_s=round(landmarks.duration_s, 3),
        fps=landmarks.fps,
        view=view,
        warnings=tuple(warnings),
        summary={
            "space": tr.space,
            "ready_at": engine.ready_t,
            "not_judged": engine.not_judged,
            "depth_set_aside": landmarks.has_world and tr.space == "image",
        },
    )


def _renumbered(
    reps: tuple[Rep, ...], holds: tuple[Hold, ...]
) -> tuple[tuple[Rep, ...], tuple[Hold, ...]]:
    """``reps`` numbered from 1 again (with their faults), and the holds of those kept."""
    new = {r.index: k for k, r in enumerate(reps, start=1)}
    out = tuple(
        replace(
            r,
            index=new[r.index],
            faults=tuple(replace(f, rep_index=new[r.index]) for f in r.faults),
        )
        for r in reps
    )
    kept = tuple(
        h if h.rep_index is None else replace(h, rep_index=new[h.rep_index])
        for h in holds
        if h.rep_index is None or h.rep_index in new
    )
    return out, kept


def _warnings(
    landmarks: Landmarks, ex: Exercise, engine: Engine, tr: Tracks, view: str
) -> list[str]:
    out: list[str] = []
    if not np.isfinite(tr.pts).all(axis=-1).any():
        return ["no person was found in any frame"]
    if landmarks.duration_s < ex.rep.setup_s + 1.0:
        out.append(
            f"only {landmarks.duration_s:.1f} s recorded: too short to settle into "
            f"position ({ex.rep.setup_s:g} s) and do a rep"
        )
    elif not engine.setup.ready:
        out.append(
            f"the start position was never held steady for {ex.rep.setup_s:g} s, so "
            "nothing was counted"
        )
    if view and ex.view not in ("any", coarse_view(view)):
        best = "the side" if ex.view == "side" else "the front"
        out.append(
            f"filmed {VIEW_PHRASES[view]}; {ex.name} is best filmed from {best}, "
            "so some angles may be off"
        )
    out += _not_judged(ex, engine.not_judged, landmarks.has_world, engine.planar)
    noise = engine.setup.noise()
    if noise >= _NOISY_SHARE * abs(ex.rep.peak - ex.rep.rest):
        out.append(
            f"the points tracked on the body jitter by about {noise:.0f}° from frame to "
            f"frame, a large part of a rep's {abs(ex.rep.peak - ex.rep.rest):.0f}°: "
            "counts and faults may be off; film closer, in better light"
        )
    if len(engine.reps) < max(2, ex.dosage.reps_min // 2) and landmarks.duration_s >= 3.0:
        seen = len(count_generic(landmarks).reps)
        if seen >= 3 and len(engine.reps) < _WRONG_EXERCISE_RATIO * seen:
            out.append(
                f"{seen} repeated movements were seen but {len(engine.reps)} looked "
                f"like a {ex.name.lower()}: is this the right exercise?"
            )
    return out


def _not_judged(
    ex: Exercise, ids: list[str], had_world: bool = False, planar: bool = True
) -> list[str]:
    """Warnings naming the rules not judged: for want of depth, or from this view.

    ``had_world``: the file had world landmarks; with ``planar`` they were set aside
    because their depth could not be trusted, without it they were read but put the
    hips too close together for the hip line's turn (`upright.motion.depth`).
    """
    depth = [r.name for r in ex.rules if r.id in ids and r.measure in DEPTH_MEASURES]
    view = [r.name for r in ex.rules if r.id in ids and r.measure not in DEPTH_MEASURES]
    out = []
    if depth and not planar:
        out.append(
            "not judged because the pose model's depth put the hips closer together "
            "than a body's (from this view the hip line points towards the camera, and "
            f"its turn would be read in that depth): {', '.join(depth)}"
        )
    elif depth and had_world:
        out.append(
            "not judged because the pose model's depth was unsteady (limbs pointing "
            "towards the camera came out short, or grew and shrank; filming from the "
            "side helps): "
            f"{', '.join(depth)}"
        )
    elif depth:
        out.append(
            "not judged from image points alone (they need the pose model's 3-D world "
            f"landmarks, e.g. analyse the video itself): {', '.join(depth)}"
        )
    if view:
        out.append(f"not judged from this view (film from the side to check it): {', '.join(view)}")
    return out


def _generic(landmarks: Landmarks, exercise: Exercise) -> Analysis:
    res = count_generic(landmarks, exercise.rep.min_visibility)
    warnings = []
    if not np.isfinite(landmarks.image[..., :2]).all(axis=-1).any():  # x, y: 2-D tools
        warnings.append("no person was found in any frame")
    elif not res.reps:
        warnings.append("no repeated movement was found")
    if res.unseen:
        hidden = [r for r in res.reps if r.index in res.unseen]
        warnings.append(
            f"{len(hidden)} rep{'s' if len(hidden) > 1 else ''} "
            f"({', '.join(f'#{r.index} at {r.start:.1f} s' for r in hidden)}) counted from "
            "the set's rhythm while the body was out of sight"
        )
    period = round(res.period_s, 3) if np.isfinite(res.period_s) else None
    return Analysis(
        exercise=exercise.id,
        sides=("both",),
        reps=res.reps,
        holds=(),
        not_counted=res.not_counted,
        faults=(),
        duration_s=round(landmarks.duration_s, 3),
        fps=landmarks.fps,
        view="",
        warnings=tuple(warnings),
        summary={"period_s": period, "range": round(res.range, 3)},
    )


def measure_series(landmarks: Landmarks, exercise: Exercise) -> dict[str, tuple[Arr, Arr]]:
    """Each rule's measure over time, for plots: ``{rule id: (t seconds, values)}``.

    Frame measures give one value per frame (NaN before the set-up baseline is known,
    on the working side of the rep in progress); measures of a whole rep (durations,
    holds, lag) give one value per rep at the rep's end.
    """
    if is_generic(exercise):
        return {}
    engine, tr = run_engine(landmarks, exercise)
    t = tr.t
    out: dict[str, tuple[Arr, Arr]] = {}
    side_at = np.full(len(t), sides_of(exercise)[0], dtype=object)
    for rep in engine.reps:
        side_at[(t >= rep.start) & (t <= rep.end)] = rep.side
    ev = engine.evaluator
    for rule in exercise.rules:
        if rule.measure in EVENT_MEASURES:
            out[rule.id] = (
                np.array([r.end for r in engine.reps], dtype=np.float64),
                np.array([v[rule.measure] for v in engine.rep_values], dtype=np.float64),
            )
            continue
        series = np.full(len(t), np.nan)
        if ev is not None:
            for side in set(side_at.tolist()):
                mask = side_at == side
                name = FRAME_OF.get(rule.measure, rule.measure)
                series[mask] = ev.frame(name, tr.pts, str(side))[mask]
        out[rule.id] = (t.copy(), series)
    return out
