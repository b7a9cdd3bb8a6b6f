"""Seeds, files, views, noise and the ``upright sim`` command."""

from __future__ import annotations

import json

import numpy as np
import pytest
from typer.testing import CliRunner

from upright.catalog import KEYPOINT_INDEX
from upright.cli import app
from upright.motion import load_npz
from upright.sim import FPS_CHOICES, VIEWS, FaultSpec, SimError, Truth, simulate


def test_same_seed_gives_identical_files(tmp_path):
    kw = dict(reps=3, faults=[FaultSpec.parse("leg_height:25")], dropout_rate=0.02, seed=7)
    a = simulate("bird_dog", **kw).save(tmp_path / "a")
    b = simulate("bird_dog", **kw).save(tmp_path / "b")
    assert a[1].read_text() == b[1].read_text()
    la, lb = load_npz(a[0]), load_npz(b[0])
    for key in ("image", "world", "visibility", "t"):
        np.testing.assert_array_equal(getattr(la, key), getattr(lb, key))


def test_different_seeds_give_different_people_and_tempos():
    runs = [simulate("bent_over_row", reps=4, seed=s).truth for s in range(4)]
    heights = {round(r.person["height_m"], 3) for r in runs}
    raises = {round(r.reps[0].measures["tempo_raise"], 3) for r in runs}
    assert len(heights) == 4 and len(raises) == 4
    assert all(1.5 <= h <= 2.0 for h in heights)
    durations = [rep.measures["tempo_return"] for rep in runs[0].reps]
    assert np.std(durations) > 0.05  # not a metronome within a set either


def test_fault_spec_parse():
    assert FaultSpec.parse("pelvis_twist:15@3") == FaultSpec("pelvis_twist", 15.0, 3)
    assert FaultSpec.parse("full_pull:-0.1") == FaultSpec("full_pull", -0.1, None)
    assert str(FaultSpec("hold_length", 1.5, 2)) == "hold_length:1.5@2"
    with pytest.raises(SimError, match="RULE:SIZE"):
        FaultSpec.parse("pelvis_twist=15")


def test_bad_requests_name_the_problem():
    with pytest.raises(SimError, match="no rule 'lean_back'"):
        simulate("bird_dog", reps=2, faults=[FaultSpec("lean_back", 20.0, 0)])
    with pytest.raises(SimError, match="rep index 0..3"):
        simulate("bird_dog", reps=2, faults=[FaultSpec("leg_height", 20.0, 9)])
    with pytest.raises(SimError, match="view 'top'"):
        simulate("bird_dog", view="top")
    with pytest.raises(SimError, match="unknown options"):
        simulate("bird_dog", colour="red")


def test_sides_follow_the_catalog():
    assert [r.side for r in simulate("bird_dog", reps=2, seed=1).truth.reps] == [
        "left",
        "left",
        "right",
        "right",
    ]
    assert [r.side for r in simulate("pushup_to_row", reps=2, seed=1).truth.reps] == [
        "left",
        "right",
        "left",
        "right",
    ]
    assert {r.side for r in simulate("y_raise", reps=2, seed=1).truth.reps} == {"both"}


@pytest.mark.parametrize("fps", FPS_CHOICES)
def test_frame_rates_keep_true_time(fps):
    lm = simulate("chest_supported_row", reps=2, fps=fps, seed=2, width=640, height=480).landmarks
    assert lm.fps == fps
    np.testing.assert_allclose(np.diff(lm.t), 1.0 / fps, rtol=1e-9)


def test_dropouts_are_all_nan_rows_with_zero_visibility():
    lm = simulate("y_raise", reps=3, dropout_rate=0.05, seed=3).landmarks
    lost = ~np.isfinite(lm.image).any(axis=(1, 2))
    assert 0.02 < lost.mean() < 0.2
    assert np.all(lm.visibility[lost] == 0) and np.isnan(lm.world[lost]).all()
    partly = np.isnan(lm.image).any(axis=(1, 2)) & ~lost
    assert not partly.any()


def test_far_side_has_lower_visibility_in_a_side_view():
    res = simulate("bent_over_row", reps=2, view="side_left", seed=5, noise_px=0.0)
    vis = res.landmarks.visibility
    live = vis.max(axis=1) > 0
    near = vis[live][:, [11, 13, 23, 25]].mean()  # left shoulder, elbow, hip, knee
    far = vis[live][:, [12, 14, 24, 26]].mean()
    assert near > 0.9 and far < near - 0.2


def test_walk_off_leaves_the_frame_and_limb_out_is_recorded():
    res = simulate("bird_dog", reps=1, seed=4, limb_out=True)
    tr, lm = res.truth, res.landmarks
    assert tr.walk_off is not None and tr.walk_off[1] == pytest.approx(lm.t[-1])
    assert not np.isfinite(lm.image[-1]).any()
    assert tr.out_of_frame, "with limb_out a keypoint should leave the picture"
    name, start, _ = tr.out_of_frame[0]
    i = int(np.argmin(abs(lm.t - start)))
    x, y = res.clean_image[i, KEYPOINT_INDEX[name], :2]
    assert not (0 <= x < lm.width and 0 <= y < lm.height)
    assert start < tr.walk_off[0]


@pytest.mark.parametrize("ex_id", ["seated_cable_row", "bird_dog", "pushup_to_row", "y_raise"])
@pytest.mark.parametrize("view", ["side", "45", "front"])
def test_limb_out_takes_only_hands_or_feet_out_of_the_picture(ex_id, view):
    res = simulate(ex_id, reps=1, seed=3, limb_out=True, noise_px=0.0, view=view)
    ends = ("wrist", "pinky", "index", "thumb", "ankle", "heel", "foot_index")
    names = {name for name, _, _ in res.truth.out_of_frame}
    assert names, "some hand or foot should leave the picture"
    assert all(n.split("_", 1)[1] in ends for n in names), sorted(names)


@pytest.mark.parametrize("view", sorted(VIEWS))
def test_every_view_sees_the_person(view):
    lm = simulate("pushup_to_row", reps=1, view=view, seed=12).landmarks
    live = np.isfinite(lm.image[..., 0]).all(axis=1)
    assert live.mean() > 0.8
    inside = (lm.image[live][..., 0] > 0) & (lm.image[live][..., 0] < lm.width)
    assert inside.mean() > 0.95


def test_truth_json_round_trip():
    tr = simulate(
        "bird_dog", reps=2, partial_reps=1, seed=3, faults=[FaultSpec.parse("together:0.6@1")]
    ).truth
    again = Truth.from_json(tr.to_json())
    assert again == tr
    assert json.loads(tr.to_json())["schema_version"] == 1
    with pytest.raises(SimError, match="truth JSON"):
        Truth.from_json('{"exercise": "x"}')


def test_cli_writes_both_files(tmp_path):
    runner = CliRunner()
    res = runner.invoke(
        app,
        [
            "sim",
            "bird_dog",
            "--reps",
            "2",
            "--fault",
            "pelvis_twist:15@1",
            "--view",
            "side",
            "--fps",
            "29.97",
            "--seed",
            "7",
            "--out",
            str(tmp_path),
        ],
    )
    assert res.exit_code == 0, res.output
    (npz,) = tmp_path.glob("*.npz")
    (js,) = tmp_path.glob("*.truth.json")
    truth = Truth.from_json(js.read_text())
    assert [f.rule for f in truth.faults] == ["pelvis_twist"] and truth.fps == 29.97
    assert len(load_npz(npz)) == truth.n_frames


def test_cli_list_and_errors(tmp_path):
    runner = CliRunner()
    res = runner.invoke(app, ["sim", "--list"])
    assert res.exit_code == 0 and "pelvis_twist" in res.output and "elevated" in res.output
    bad = runner.invoke(app, ["sim", "bird_dog", "--fault", "lean_back:20", "--out", str(tmp_path)])
    assert bad.exit_code == 2 and "no rule 'lean_back'" in bad.output


def test_cli_video(tmp_path):
    res = CliRunner().invoke(
        app,
        [
            "sim",
            "y_raise",
            "--reps",
            "1",
            "--width",
            "320",
            "--height",
            "240",
            "--fps",
            "24",
            "--video",
            "--out",
            str(tmp_path),
        ],
    )
    assert res.exit_code == 0, res.output
    (mp4,) = tmp_path.glob("*.mp4")
    import cv2

    cap = cv2.VideoCapture(str(mp4))
    try:
        assert int(cap.get(cv2.CAP_PROP_FRAME_COUNT)) > 100
    finally:
        cap.release()
