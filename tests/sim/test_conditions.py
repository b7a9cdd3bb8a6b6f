"""The real world's conditions: oblique and back cameras, kinds of points, getting into
position around a set, pauses, and the one-arm dumbbell row."""

from __future__ import annotations

import numpy as np
import pytest

from upright.catalog import KEYPOINT_INDEX, get_exercise
from upright.sim import SimError, Truth, simulate
from upright.sim.camera import seen_from

NOSE, L_EAR, R_EAR = (KEYPOINT_INDEX[k] for k in ("nose", "left_ear", "right_ear"))
L_SH, R_SH = KEYPOINT_INDEX["left_shoulder"], KEYPOINT_INDEX["right_shoulder"]


@pytest.mark.parametrize(
    ("view", "lo", "hi", "name"),
    [
        ("front", -4.0, 4.0, "front"),
        ("back", 176.0, 184.0, "back"),
        ("front_left", 15.0, 30.0, "front-left oblique"),
        ("front_right", -30.0, -15.0, "front-right oblique"),
        ("back_left", 145.0, 165.0, "back-left oblique"),
        ("back_right", -165.0, -145.0, "back-right oblique"),
        ("side_right", -94.0, -86.0, "right"),
    ],
)
def test_each_view_stands_where_its_name_says(view, lo, hi, name):
    for seed in range(4):
        cam = simulate("bent_over_row", reps=1, seed=seed, view=view).truth.camera
        assert lo <= cam["azimuth_deg"] <= hi, (seed, cam["azimuth_deg"])
        assert cam["seen_from"] == name


@pytest.mark.parametrize(("view", "face_nearer"), [("front", True), ("back", False)])
def test_front_camera_sees_the_face_and_back_camera_the_back_of_the_head(view, face_nearer):
    res = simulate("one_arm_one_leg_cable_row", reps=1, seed=3, view=view, walk_off=False)
    w = res.clean_world
    ears = 0.5 * (w[:, L_EAR, 2] + w[:, R_EAR, 2])
    nearer = np.nanmean(w[:, NOSE, 2] < ears)  # camera z grows away from the camera
    assert (nearer > 0.95) if face_nearer else (nearer < 0.05)


def test_front_left_oblique_has_the_left_shoulder_nearer():
    res = simulate("one_arm_one_leg_cable_row", reps=1, seed=5, view="front_left", walk_off=False)
    w = res.clean_world
    assert np.nanmean(w[:, L_SH, 2] < w[:, R_SH, 2]) > 0.95


def test_seen_from_names_every_sector():
    assert [seen_from(a) for a in (0, 9, 20, -40, 90, -100, 150, -160, 175, -180)] == [
        "front",
        "front",
        "front-left oblique",
        "front-right oblique",
        "left",
        "right",
        "back-left oblique",
        "back-right oblique",
        "back",
        "back",
    ]


def test_image_points_only_have_no_world_and_no_depth():
    res = simulate("bent_over_row", reps=2, seed=1, view="back_left", points="image")
    lm = res.landmarks
    assert np.isnan(lm.world).all()
    assert np.isnan(lm.image[..., 2]).all()
    live = lm.visibility.max(axis=1) > 0
    assert np.isfinite(lm.image[live][..., :2]).all() and live.mean() > 0.8
    assert res.truth.params["points"] == "image"


def test_blazepose_points_have_squeezed_noisy_depth():
    res = simulate("bent_over_row", reps=3, seed=2, view="front", points="blazepose")
    lm, clean = res.landmarks, res.clean_world
    ok = np.isfinite(lm.world[..., 2])
    z, z0 = lm.world[..., 2][ok], clean[..., 2][ok]
    slope = float(np.polyfit(z0, z, 1)[0])
    assert 0.3 <= slope <= 0.6
    depth_err = np.std(z - slope * z0)
    lateral_err = np.std(lm.world[..., 0][ok] - clean[..., 0][ok])
    assert depth_err > 3.0 * lateral_err and depth_err >= 0.008
    # the image points keep their ordinary noise
    assert np.nanmedian(abs(lm.image[..., 0] - res.clean_image[..., 0])) < 3.0


def test_bad_points_and_pause_are_named():
    with pytest.raises(SimError, match="points: expected one of world, image, blazepose"):
        simulate("bird_dog", reps=1, points="3d")
    with pytest.raises(SimError, match="pause: expected top:SECONDS"):
        simulate("bird_dog", reps=1, pause="middle:2")
    with pytest.raises(SimError, match="pause"):
        simulate("bird_dog", reps=1, pause="top:-1")


def _inside(t: float, windows: list[tuple[float, float]]) -> bool:
    return any(a <= t <= b for a, b in windows)


@pytest.mark.parametrize(
    ("exercise", "first"),
    [
        ("bent_over_row", "bend down for the weights"),
        ("one_arm_dumbbell_row", "bend down for the weights"),
        ("bird_dog", "kneel down"),
        ("y_raise", "kneel down"),
    ],
)
def test_lift_adds_moves_around_the_set_that_are_not_reps(exercise, first):
    plain = simulate(exercise, reps=2, seed=4)
    res = simulate(exercise, reps=2, seed=4, lift=True)
    tr = res.truth
    names = [n for n, _, _ in tr.not_reps]
    assert names[0] == first and len(names) > len(plain.truth.not_reps)
    reps = [(r.start, r.end) for r in tr.reps]
    for name, a, b in tr.not_reps:
        assert b > a and not any(s < b and a < e for s, e in reps), name
        assert b <= tr.setup[0] or a >= tr.reps[-1].end or name == "change sides"
    assert len(tr.reps) == len(plain.truth.reps)
    # the hips really go down: bending for the weights or kneeling lowers them 15 cm
    z, t = res.channels["z"], res.landmarks.t
    _, a, b = tr.not_reps[0]
    assert z[t <= a].max() - z[(t >= a) & (t <= b)].min() > 0.15
    back = Truth.from_json(tr.to_json())
    assert back.not_reps == tr.not_reps


def test_dumbbell_rows_put_the_weights_down_at_the_end():
    tr = simulate("bent_over_row", reps=2, seed=8, lift=True).truth
    names = [n for n, _, _ in tr.not_reps]
    assert names[-2:] == ["put the weights down", "stand up without them"]


@pytest.mark.parametrize("where", ["top", "bottom"])
def test_pause_keeps_the_person_still_that_much_longer(where):
    plain = simulate("bent_over_row", reps=3, seed=9, noise_px=0.0).truth
    paused = simulate("bent_over_row", reps=3, seed=9, noise_px=0.0, pause=f"{where}:1.5").truth
    hold = [r.phases["hold"][1] - r.phases["hold"][0] for r in (plain.reps + paused.reps)]
    gaps = [
        [b.start - a.end for a, b in zip(tr.reps, tr.reps[1:], strict=False)]
        for tr in (plain, paused)
    ]
    if where == "top":
        assert np.allclose(np.subtract(hold[3:], hold[:3]), 1.5, atol=0.02)
    else:
        assert np.allclose(hold[3:], hold[:3], atol=0.02)
        assert min(np.subtract(gaps[1], gaps[0])) > 1.4


def test_one_arm_dumbbell_row_is_a_row_with_its_own_rules():
    ex = get_exercise("one_arm_dumbbell_row")
    cable = get_exercise("one_arm_one_leg_cable_row")
    assert ex.group == "rows" and ex.sides == "per_side" and ex.cues == cable.cues
    assert [r.id for r in ex.rules] == [
        "tempo_raise",
        "tempo_return",
        "trunk_still",
        "pelvis_square",
        "full_pull",
        "stretch_bottom",
    ]
    assert ex.rule("trunk_still").threshold == 15.0


def test_one_arm_dumbbell_row_kneels_on_the_bench_opposite_the_working_arm():
    res = simulate("one_arm_dumbbell_row", reps=1, seed=2, noise_px=0.0)
    w, t = res.clean_world, res.landmarks.t
    for rep in res.truth.reps:
        i = int(np.searchsorted(t, rep.start))
        bench = "right" if rep.side == "left" else "left"
        knee = w[i, KEYPOINT_INDEX[f"{bench}_knee"]]
        ankle = w[i, KEYPOINT_INDEX[f"{bench}_ankle"]]
        foot = w[i, KEYPOINT_INDEX[f"{rep.side}_ankle"]]
        # camera y points down: the bench shin is level, the standing foot far lower
        assert abs(knee[1] - ankle[1]) < 0.1
        assert foot[1] - knee[1] > 0.3


def test_cli_writes_image_points_with_lift_and_pause(tmp_path):
    from typer.testing import CliRunner

    from upright.cli import app
    from upright.motion import load_npz

    args = ["sim", "one_arm_dumbbell_row", "--reps", "1", "--view", "back_right"]
    args += ["--points", "image", "--lift", "--pause", "bottom:1", "--out", str(tmp_path)]
    res = CliRunner().invoke(app, args)
    assert res.exit_code == 0, res.output
    (npz,) = tmp_path.glob("*.npz")
    (js,) = tmp_path.glob("*.truth.json")
    truth = Truth.from_json(js.read_text())
    assert truth.camera["seen_from"] == "back-right oblique"
    assert truth.params["pause"] == "bottom:1" and truth.params["lift"] is True
    assert "lift the weights" in [n for n, _, _ in truth.not_reps]
    assert np.isnan(load_npz(npz).world).all()
    bad = CliRunner().invoke(app, [*args[:2], "--pause", "top", "--out", str(tmp_path)])
    assert bad.exit_code == 2 and "pause: expected top:SECONDS" in bad.output


def test_cli_sets_a_phone_propped_crooked_and_far_off(tmp_path):
    from typer.testing import CliRunner

    from upright.cli import app
    from upright.motion import load_npz

    args = ["sim", "y_raise", "--reps", "1", "--roll", "-8", "--fill", "0.3", "--out"]
    res = CliRunner().invoke(app, [*args, str(tmp_path)])
    assert res.exit_code == 0, res.output
    truth = Truth.from_json(next(tmp_path.glob("*.truth.json")).read_text())
    assert truth.camera["roll_deg"] == -8.0
    near = CliRunner().invoke(app, [*args[:4], "--out", str(tmp_path / "near")])
    assert near.exit_code == 0, near.output

    def size(folder):  # the figure's median extent in a frame, px
        lm = load_npz(next(folder.glob("*.npz")))
        return np.nanmedian(np.nanmax(lm.image, axis=1) - np.nanmin(lm.image, axis=1))

    # the default fills 55-80 % of the frame: far off the figure is half that or less
    assert size(tmp_path) < 0.6 * size(tmp_path / "near")
    bad = CliRunner().invoke(app, [*args[:4], "--fill", "0.02", "--out", str(tmp_path)])
    assert bad.exit_code == 2 and "--fill" in bad.output
    low = tmp_path / "low"
    res = CliRunner().invoke(app, [*args[:4], "--camera-height", "0.1", "--out", str(low)])
    assert res.exit_code == 0, res.output
    truth = Truth.from_json(next(low.glob("*.truth.json")).read_text())
    assert truth.camera["position_m"][2] == pytest.approx(0.1) and truth.camera["pitch_deg"] < 0


def test_sim_video_shows_a_person_the_pose_model_finds(tmp_path):
    from typer.testing import CliRunner

    from upright.cli import app
    from upright.pose import video_to_landmarks

    args = ["sim", "bird_dog", "--reps", "1", "--width", "480", "--height", "320"]
    res = CliRunner().invoke(app, [*args, "--fps", "12", "--video", "--out", str(tmp_path)])
    assert res.exit_code == 0, res.output
    (mp4,) = tmp_path.glob("*.mp4")
    truth = Truth.from_json(next(tmp_path.glob("*.truth.json")).read_text())
    lm = video_to_landmarks(mp4)
    assert truth.walk_off is not None
    during = (lm.t >= truth.setup[0]) & (lm.t <= truth.reps[-1].end)
    found = np.isfinite(lm.image[during, 0, 0])
    assert found.mean() > 0.9


@pytest.mark.parametrize("roll", [-12.0, 7.0])
def test_a_rolled_camera_turns_the_image_about_the_principal_point(roll):
    """A phone propped crooked: the same set, the same seed, every clean image point the
    unrolled one rotated by ``roll`` about the principal point; the world points unmoved
    in the scene (their camera axes turn by the same angle)."""
    flat = simulate("bent_over_row", reps=2, seed=11, view="front_right", walk_off=False)
    bent = simulate("bent_over_row", reps=2, seed=11, view="front_right", walk_off=False, roll=roll)
    assert bent.truth.camera["roll_deg"] == roll
    c, s = np.cos(np.radians(roll)), np.sin(np.radians(roll))
    cx, cy = flat.truth.camera["cx"], flat.truth.camera["cy"]
    u, v = flat.clean_image[..., 0] - cx, flat.clean_image[..., 1] - cy
    np.testing.assert_allclose(bent.clean_image[..., 0] - cx, c * u + s * v, atol=1e-6)
    np.testing.assert_allclose(bent.clean_image[..., 1] - cy, -s * u + c * v, atol=1e-6)
    # depth is untouched and the picture really turned (a point right of the centre rises)
    np.testing.assert_allclose(bent.clean_world[..., 2], flat.clean_world[..., 2], atol=1e-9)
    moved = np.abs(bent.clean_image[..., :2] - flat.clean_image[..., :2])
    assert np.nanmax(moved) > 10.0


def test_a_far_camera_shows_a_smaller_person_in_a_portrait_frame():
    """``fill`` sets the share of the frame the person takes: (0.25, 0.4) far off."""
    near = simulate("y_raise", reps=2, seed=4, view="side", width=720, height=1280)
    far = simulate("y_raise", reps=2, seed=4, view="side", width=720, height=1280, fill=(0.25, 0.4))

    def share(res):
        img = res.clean_image
        w = np.nanmax(np.ptp(img[..., 0], axis=1)) / res.landmarks.width
        h = np.nanmax(np.ptp(img[..., 1], axis=1)) / res.landmarks.height
        return max(w, h)

    assert 0.5 < share(near) <= 0.85
    assert 0.2 < share(far) <= 0.42
    with pytest.raises(SimError, match="fill"):
        simulate("y_raise", reps=1, fill=(0.5, 0.2))
    with pytest.raises(SimError, match="roll"):
        simulate("y_raise", reps=1, roll=60)


@pytest.mark.parametrize("view", ["front", "back_left", "side"])
def test_a_camera_on_the_floor_looks_up_and_one_on_a_shelf_down(view):
    """``camera_height``: the camera at that height, aimed at the person, at any view.

    The recorded pitch is the one that aims it (down positive): up from the floor, down
    from a shelf, about level by default.
    """
    heights = {}
    for h in (0.1, None, 1.7):
        kw = {} if h is None else {"camera_height": h}
        sim = simulate("bent_over_row", reps=2, seed=5, view=view, walk_off=False, **kw)
        cam = sim.truth.camera
        if h is not None:
            assert cam["position_m"][2] == pytest.approx(h)
        heights[h] = cam["pitch_deg"]
    assert heights[0.1] < -3.0 < heights[None] < 3.0 < heights[1.7]
    with pytest.raises(SimError, match="camera_height"):
        simulate("y_raise", reps=1, camera_height=(1.5, 0.5))
    with pytest.raises(SimError, match="camera_height"):
        simulate("y_raise", reps=1, camera_height="shelf")


@pytest.mark.parametrize("side", ["left", "right"])
def test_one_side_films_only_that_sides_set(side):
    sim = simulate("one_arm_dumbbell_row", reps=3, seed=2, one_side=side, walk_off=False)
    assert [r.side for r in sim.truth.reps] == [side] * 3
    both = simulate("one_arm_dumbbell_row", reps=3, seed=2, walk_off=False)
    assert [r.side for r in both.truth.reps] == ["left"] * 3 + ["right"] * 3
    with pytest.raises(SimError, match="one_side"):
        simulate("bird_dog", reps=1, one_side="both")
    with pytest.raises(SimError, match="one_side: expected a per-side exercise, y_raise"):
        simulate("y_raise", reps=1, one_side="left")


def test_a_portrait_phone_sees_its_field_of_view_from_top_to_bottom():
    """A phone held upright: the 50-68 degree field of view spans the long side (up and
    down), as in landscape it spans the width; the camera then stands about as far off
    as in landscape (nearer for a person bent over, whom the narrow width frames), not
    at arm's length with a 100-degree view from head to foot."""
    wide = simulate("bent_over_row", reps=2, seed=38003, view="back_left")
    tall = simulate("bent_over_row", reps=2, seed=38003, view="back_left", width=720, height=1280)
    assert tall.truth.camera["fx"] == pytest.approx(wide.truth.camera["fx"])
    assert np.nanmedian(tall.hip_camera[:, 2]) > 1.6  # 1.27 m with the view across
