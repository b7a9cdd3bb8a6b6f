"""The landmark file: npz and CSV round trips, and validation on entry."""

from pathlib import Path

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


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (b"", "a .npz is a zip archive; it is empty"),
        (b"garbage", "a .npz is a zip archive; it starts with b'garb'"),
        (b"\x93NUMPY\x01\x00", r"a single numpy array \(\.npy\)"),
    ],
)
def test_a_file_that_is_no_npz_says_what_it_is_without_numpys_pickle_advice(
    tmp_path, content, said
):
    path = tmp_path / "bad.npz"
    path.write_bytes(content)
    with pytest.raises(LandmarkFileError, match=said) as err:
        load_landmarks(path)
    assert "pickle" not in str(err.value)


def test_csv_without_time_column_needs_fps(tmp_path):
    header = ",".join(f"{n}_{a}" for n in KEYPOINT_NAMES for a in "xy")
    path = tmp_path / "other.csv"
    path.write_text(header + "\n" + ",".join(["0.5"] * (NUM_KEYPOINTS * 2)) + "\n")
    with pytest.raises(LandmarkFileError, match="no 't' column and no fps"):
        load_landmarks(path)
    lm = load_landmarks(path, fps=25.0)
    assert lm.fps == 25.0 and (lm.width, lm.height) == (1, 1)
    assert lm.visibility.min() == 1.0 and np.isnan(lm.world).all()


# The labelled data set in ../shared/data/exercise-correction (see its README): a label,
# then x, y, z and visibility of 17 BlazePose keypoints, one row per single frame.
REAL_LABELLED = (
    Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "exercise-correction"
)
PLANK_POINTS = ["nose"] + [
    f"{side}_{part}"
    for part in ("shoulder", "elbow", "wrist", "hip", "knee", "ankle", "heel", "foot_index")
    for side in ("left", "right")
]


def _labelled_plank(path: Path) -> Path:
    """Three rows in the labelled data set's layout (labels C, H, L), as its header names."""
    header = ["label"] + [f"{n}_{a}" for n in PLANK_POINTS for a in "xyzv"]
    rows = [[label] + ["0.5"] * (len(header) - 1) for label in "CHL"]
    path.write_text("\n".join(",".join(r) for r in [header, *rows]) + "\n")
    return path


def _says_labelled_frames(message: str, path: Path, labels: str) -> None:
    assert message.startswith(f"{path}: line 2, column 1 ('label') holds labels ({labels})")
    assert "labelled single frames" in message and "not one recording" in message
    assert "it has 17 of BlazePose's 33 keypoints (missing column 'left_eye_inner_x'" in message
    assert "expected one row per frame of one recording" in message
    assert "could not convert" not in message


def test_a_labelled_frames_table_is_refused_saying_what_it_is(tmp_path):
    path = _labelled_plank(tmp_path / "plank_test.csv")
    with pytest.raises(LandmarkFileError) as err:
        load_landmarks(path)
    _says_labelled_frames(str(err.value), path, "'C', 'H', 'L'")


@pytest.mark.skipif(not REAL_LABELLED.is_dir(), reason="../shared/data is absent")
def test_the_real_labelled_plank_file_is_refused_saying_what_it_is():
    path = REAL_LABELLED / "plank_test.csv"
    with pytest.raises(LandmarkFileError) as err:
        load_landmarks(path)
    _says_labelled_frames(str(err.value), path, "'C', 'H', 'L'")


def test_a_coco_layout_is_named(tmp_path):
    coco = ["nose", "left_eye", "right_eye", "left_ear", "right_ear"] + [
        f"{side}_{part}"
        for part in ("shoulder", "elbow", "wrist", "hip", "knee", "ankle")
        for side in ("left", "right")
    ]
    path = tmp_path / "coco.csv"
    header = ["t"] + [f"{n}_{a}" for n in coco for a in "xy"]
    path.write_text(",".join(header) + "\n" + ",".join(["0.1"] * len(header)) + "\n")
    with pytest.raises(LandmarkFileError, match=r"coco\.csv: its keypoints are COCO's 17"):
        load_landmarks(path)


def test_a_stray_text_cell_is_named_by_line_and_column(tmp_path):
    lm = Landmarks.create(np.ones((3, NUM_KEYPOINTS, 3)), fps=30, width=64, height=48)
    path = save_landmarks(lm, tmp_path / "a.csv")
    lines = path.read_text().splitlines()  # a metadata line, the header, three frames
    cells = lines[3].split(",")
    cells[4] = "n/a"
    lines[3] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(LandmarkFileError) as err:
        load_landmarks(path)
    assert str(err.value).startswith(
        f"{path}: line 4, column 5 ('nose_wx'): expected a number, got 'n/a'; expected one row"
    )
    lines[3] = ",".join(lines[3].split(",")[:-2])  # a frame two cells short
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(LandmarkFileError, match=r"line 4 has 230 cells, the header 232"):
        load_landmarks(path)
