import math

import numpy as np
import pytest

from upright.pose.geometry import (
    Roi,
    crop_matrix,
    normalize_radians,
    project_to_image,
    roi_from_points,
    rotate_world,
)


def test_upright_body_gives_unrotated_square_twice_the_distance():
    # size point straight above the hip centre (y down): no tilt
    roi = roi_from_points(np.array([100.0, 200.0]), np.array([100.0, 150.0]))
    assert (roi.cx, roi.cy, roi.size) == (100.0, 200.0, 100.0)
    assert roi.angle == pytest.approx(0.0)


@pytest.mark.parametrize(
    ("dx", "dy", "angle"), [(50, 0, math.pi / 2), (-50, 0, -math.pi / 2), (0, 50, -math.pi)]
)
def test_tilted_body_angle_turns_the_size_point_up(dx, dy, angle):
    roi = roi_from_points(np.array([0.0, 0.0]), np.array([float(dx), float(dy)]))
    assert roi.angle == pytest.approx(angle)
    assert roi.size == pytest.approx(100.0)


def test_normalize_radians_wraps_into_half_open_interval():
    assert normalize_radians(3 * math.pi) == pytest.approx(-math.pi)
    assert normalize_radians(-math.pi / 2) == pytest.approx(-math.pi / 2)
    assert normalize_radians(2 * math.pi + 0.1) == pytest.approx(0.1)


def test_crop_matrix_and_projection_agree():
    roi = Roi(cx=320.0, cy=240.0, size=200.0, angle=0.3)
    m = crop_matrix(roi, 256)
    crop_px = np.array([[0.0, 0.0], [256.0, 0.0], [128.0, 128.0], [40.0, 200.0]])
    via_matrix = crop_px @ m[:, :2].T + m[:, 2]
    norm = np.column_stack([crop_px / 256.0, np.zeros(4)])
    via_projection = project_to_image(norm, roi)[:, :2]
    np.testing.assert_allclose(via_matrix, via_projection, atol=1e-9)
    np.testing.assert_allclose(via_projection[2], [320.0, 240.0])  # centre to centre
    # the crop's top edge has length `size` in the image
    assert np.linalg.norm(via_projection[1] - via_projection[0]) == pytest.approx(200.0)


def test_projection_scales_z_like_x():
    roi = Roi(0.0, 0.0, 300.0, 0.0)
    out = project_to_image(np.array([[0.5, 0.5, 0.1]]), roi)
    assert out[0, 2] == pytest.approx(30.0)


def test_rotate_world_quarter_turn():
    out = rotate_world(np.array([[1.0, 0.0, 0.5]]), math.pi / 2)
    np.testing.assert_allclose(out, [[0.0, 1.0, 0.5]], atol=1e-12)
