import numpy as np
import pytest

from upright.pose.detector import decode, ssd_anchor_centres, weighted_nms


def test_anchor_layout():
    anchors = ssd_anchor_centres()
    assert anchors.shape == (2254, 2)  # 28*28*2 + 14*14*2 + 7*7*6
    np.testing.assert_allclose(anchors[0], [0.5 / 28, 0.5 / 28])
    np.testing.assert_allclose(anchors[1], anchors[0])  # two anchors per cell
    np.testing.assert_allclose(anchors[2], [1.5 / 28, 0.5 / 28])
    np.testing.assert_allclose(anchors[1568], [0.5 / 14, 0.5 / 14])
    np.testing.assert_allclose(anchors[-1], [6.5 / 7, 6.5 / 7])


def test_decode_one_candidate_offsets_from_its_anchor():
    anchors = ssd_anchor_centres()
    boxes = np.zeros((1, 2254, 12), np.float32)
    scores = np.full((1, 2254, 1), -10.0, np.float32)
    i = 1000
    boxes[0, i] = [22.4, -11.2, 44.8, 22.4, 0, 0, 11.2, 0, 0, 0, 0, 0]
    scores[0, i] = 2.0
    coords, s = decode(boxes, scores, anchors)
    assert coords.shape == (1, 12)
    ax, ay = anchors[i]
    np.testing.assert_allclose(
        coords[0, :4],
        [ax + 0.1 - 0.1, ay - 0.05 - 0.05, ax + 0.1 + 0.1, ay - 0.05 + 0.05],
        atol=1e-6,
    )
    np.testing.assert_allclose(coords[0, 4:8], [ax, ay, ax + 0.05, ay], atol=1e-6)
    assert s[0] == pytest.approx(1 / (1 + np.exp(-2.0)))


def test_weighted_nms_merges_overlaps_and_keeps_apart_ones():
    coords = np.zeros((3, 12), np.float32)
    coords[0, :4] = [0.0, 0.0, 1.0, 1.0]
    coords[1, :4] = [0.1, 0.0, 1.1, 1.0]  # IoU 0.82 with the first
    coords[2, :4] = [2.0, 2.0, 3.0, 3.0]
    coords[:, 4] = [0.0, 1.0, 5.0]
    scores = np.array([0.9, 0.6, 0.7], np.float32)
    out = weighted_nms(coords, scores)
    assert [round(s, 3) for _, s in out] == [0.9, 0.7]
    np.testing.assert_allclose(out[0][0][0], 0.1 * 0.6 / 1.5, atol=1e-6)
    np.testing.assert_allclose(out[0][0][4], 0.6 / 1.5, atol=1e-6)
    np.testing.assert_allclose(out[1][0][4], 5.0)


def test_detector_finds_the_walker(blazepose, demo_path):
    import cv2

    cap = cv2.VideoCapture(str(demo_path))
    for _ in range(121):
        ok, frame = cap.read()
    cap.release()
    people = blazepose.detector.detect(frame)
    assert len(people) == 1
    roi = people[0].roi()
    # the walker is a tall, upright figure: a near-vertical region of a sensible size
    assert abs(roi.angle) < 0.35
    assert 300 < roi.size < 1500
    assert 0 < roi.cx < frame.shape[1] and 0 < roi.cy < frame.shape[0]


def test_detector_finds_nobody_in_a_plain_frame(blazepose):
    frame = np.full((480, 640, 3), 127, np.uint8)
    assert blazepose.detector.detect(frame) == []
