"""The landmark file: npz and CSV round trips, and validation on entry."""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from upright.catalog import KEYPOINT_NAMES, NUM_KEYPOINTS
from upright.motion import (
    LandmarkError,
    LandmarkFileError,
    Landmarks,
    load_landmarks,
    save_landmarks,
)

coords = st.floats(-2000, 2000, width=32) | st.just(float("nan"))


@st.composite
def landmark_sets(draw):
    n = draw(st.integers(1, 12))
    image = draw(arrays(np.float32, (n, NUM_KEYPOINTS, 3), elements=coords))
    world = draw(arrays(np.float32, (n, NUM_KEYPOINTS, 3), elements=coords))
    vis = draw(arrays(np.float32, (n, NUM_KEYPOINTS), elements=st.floats(0, 1, width=32)))
    fps = draw(st.sampled_from([24.0, 25.0, 29.97, 30.0, 50.0, 60.0]))
    return Landmarks.create(image, world=world, visibility=vis, fps=fps, width=640, height=480)


def _same(a: Landmarks, b: Landmarks) -> None:
    np.testing.assert_array_equal(a.image, b.image)
    np.testing.assert_array_equal(a.world, b.world)
    np.testing.assert_array_equal(a.visibility, b.visibility)
    np.testing.assert_array_equal(a.t, b.t)
    assert (a.fps, a.width, a.height) == (b.fps, b.width, b.height)


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lm=landmark_sets(), suffix=st.sampled_from([".npz", ".csv"]))
def test_round_trip_is_exact(tmp_path, lm, suffix):
    path = tmp_path / f"lm{suffix}"
    save_landmarks(lm, path)
    _same(lm, load_landmarks(path))


def test_fps_2997_stays_exact(tmp_path):
    lm = Landmarks.create(np.zeros((3, NUM_KEYPOINTS, 3)), fps=29.97, width=10, height=10)
    save_landmarks(lm, tmp_path / "a.npz")
    assert load_landmarks(tmp_path / "a.npz").fps == 29.97
    assert lm.t[1] == pytest.approx(1 / 29.97)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"image": np.zeros((4, 17, 3))}, "expected shape [T, 33, 3], got [4, 17, 3]"),
        ({"fps": 0.0}, "fps: expected a number above 0, got 0.0"),
        ({"t": np.array([0.0, 0.1, 0.1, 0.3])}, "strictly increasing"),
        ({"visibility": np.full((4, NUM_KEYPOINTS), 2.0)}, "visibility: expected values in 0..1"),
    ],
)
def test_validation_says_expected_and_got(kwargs, message):
    args = {"image": np.zeros((4, NUM_KEYPOINTS, 3)), "fps": 30.0, "width": 64, "height": 48}
    args.update(kwargs)
    with pytest.raises(LandmarkError) as err:
        Landmarks.create(**args)
    assert message in str(err.value)


def test_csv_missing_column_names_file_and_column(tmp_path):
    lm = Landmarks.create(np.ones((2, NUM_KEYPOINTS, 3)), fps=30, width=64, height=48)
    path = save_landmarks(lm, tmp_path / "a.csv")
    lines = path.read_text().splitlines()
    header = lines[1].split(",")
    drop = header.index("left_knee_y")
    cut = [",".join(c for i, c in enumerate(line.split(",")) if i != drop) for line in lines[1:]]
    path.write_text("\n".join([lines[0], *cut]))
    with pytest.raises(LandmarkFileError, match=r"a\.csv: missing column 'left_knee_y'"):
        load_landmarks(path)


def test_garbage_npz_names_the_file(tmp_path):
    path = tmp_path / "bad.npz"
    path.write_text("not a zip")
    with pytest.raises(LandmarkFileError, match="bad.npz"):
        load_landmarks(path)


def test_csv_without_time_column_needs_fps(tmp_path):
    header = ",".join(f"{n}_{a}" for n in KEYPOINT_NAMES for a in "xy")
    path = tmp_path / "other.csv"
    path.write_text(header + "\n" + ",".join(["0.5"] * (NUM_KEYPOINTS * 2)) + "\n")
    with pytest.raises(LandmarkFileError, match="no 't' column and no fps"):
        load_landmarks(path)
    lm = load_landmarks(path, fps=25.0)
    assert lm.fps == 25.0 and (lm.width, lm.height) == (1, 1)
    assert lm.visibility.min() == 1.0 and np.isnan(lm.world).all()
