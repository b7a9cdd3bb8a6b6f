"""Showing results: annotated videos, the per-set HTML report, progress plots, coach's view."""

from upright.report.figures import data_uri, figure_bytes, save_figure
from upright.report.keyframes import KeyFrame, fault_keyframes
from upright.report.rule_plot import fault_stretches, rule_figure
from upright.report.set_report import render_report, write_report
from upright.report.timeline import FAULT_SHOW_S, FrameState, Timeline, fault_label
from upright.report.video import (
    VideoError,
    VideoInfo,
    annotate_video,
    render_stick_video,
)

__all__ = [
    "FAULT_SHOW_S",
    "FrameState",
    "KeyFrame",
    "Timeline",
    "VideoError",
    "VideoInfo",
    "annotate_video",
    "data_uri",
    "fault_keyframes",
    "fault_label",
    "fault_stretches",
    "figure_bytes",
    "render_report",
    "render_stick_video",
    "rule_figure",
    "save_figure",
    "write_report",
]
