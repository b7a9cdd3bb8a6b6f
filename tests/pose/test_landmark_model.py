import numpy as np

from upright.pose.landmark_model import refine_with_heatmap


def test_refinement_moves_points_to_the_heatmap_peak():
    heat = np.full((64, 64, 39), -20.0, np.float32)
    heat[30, 20, 0] = 5.0  # a sharp peak at column 20, row 30 for point 0
    heat[30, 21, 0] = 5.0  # and its neighbour: the centre is column 20.5
    xy = np.full((39, 2), 0.5, np.float32)
    xy[0] = [21.9 / 64, 31.5 / 64]  # within 3 cells of the peak
    out = refine_with_heatmap(xy, heat)
    np.testing.assert_allclose(out[0], [20.5 / 64, 30 / 64], atol=1e-4)
    # points whose window has no confident cell keep their place
    np.testing.assert_allclose(out[1:], xy[1:])


def test_points_outside_the_map_are_left_alone():
    heat = np.full((64, 64, 39), 5.0, np.float32)
    xy = np.full((39, 2), 0.5, np.float32)
    xy[3] = [1.2, 0.5]
    xy[4] = [-0.2, 0.5]
    out = refine_with_heatmap(xy, heat)
    np.testing.assert_allclose(out[3:5], xy[3:5])
