"""The landmark model without its segmentation: same outputs, cached once beside the original."""

from __future__ import annotations

import shutil
from pathlib import Path

import cv2
import numpy as np
import pytest

from upright.pose.errors import PoseError
from upright.pose.landmark_model import UNUSED_OUTPUTS
from upright.pose.litert import load_interpreter
from upright.pose.model_files import model_path
from upright.pose.prune import pruned_bytes, without_outputs


def _outputs(interp, crop: np.ndarray) -> dict[str, np.ndarray]:
    interp.set_tensor(interp.get_input_details()[0]["index"], crop)
    interp.invoke()
    return {d["name"]: interp.get_tensor(d["index"]).copy() for d in interp.get_output_details()}


def test_the_pruned_model_gives_the_same_outputs_bit_for_bit(clip_frames) -> None:
    original = model_path("pose_landmark_full.tflite")
    full = load_interpreter(original, 1)
    pruned = load_interpreter(pruned_bytes(original.read_bytes(), UNUSED_OUTPUTS), 1)
    for frame in clip_frames[::20]:  # real frames: a person, squashed to the input
        rgb = cv2.cvtColor(cv2.resize(frame, (256, 256)), cv2.COLOR_BGR2RGB)
        crop = (rgb.astype(np.float32) / 255.0)[None]
        want, got = _outputs(full, crop), _outputs(pruned, crop)
        assert set(want) - set(got) == {"Identity_2"} and set(got) < set(want)
        for name, value in got.items():
            assert np.array_equal(value, want[name]), name
    assert len(pruned._get_ops_details()) < len(full._get_ops_details())


def test_the_pruned_file_is_written_once_and_reused(tmp_path: Path) -> None:
    original = tmp_path / "pose_landmark_full.tflite"
    shutil.copyfile(model_path("pose_landmark_full.tflite"), original)
    first = without_outputs(original, UNUSED_OUTPUTS)
    assert isinstance(first, Path) and first.parent == tmp_path and first != original
    stamp = first.stat().st_mtime_ns
    again = without_outputs(original, UNUSED_OUTPUTS)
    assert again == first and first.stat().st_mtime_ns == stamp
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([original.name, first.name])


def test_an_output_the_model_lacks_is_refused() -> None:
    model = model_path("pose_landmark_full.tflite").read_bytes()
    with pytest.raises(PoseError, match="Identity_9"):
        pruned_bytes(model, ("Identity_9",))
