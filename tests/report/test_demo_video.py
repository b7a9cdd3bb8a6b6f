"""``upright exercises show ID --demo OUT`` writes the demonstration as WebM or GIF."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image
from typer.testing import CliRunner

from demo_clips import read_frames
from upright.catalog import get_exercise
from upright.cli import app
from upright.report.demo_video import GIF_FPS, WEBM_FPS, frame
from upright.sim.demo import make_demo

runner = CliRunner()


def test_webm_demo_plays_the_whole_loop(tmp_path: Path) -> None:
    out = tmp_path / "row.webm"
    result = runner.invoke(app, ["exercises", "show", "pushup_to_row", "--demo", str(out)])
    assert result.exit_code == 0, result.output
    assert f"written to {out}" in result.output.replace("\n", "")
    demo = make_demo(get_exercise("pushup_to_row"))
    frames = read_frames(out)
    assert len(frames) == len(range(0, len(demo.landmarks), 2))
    assert abs(len(frames) / WEBM_FPS - demo.duration_s) < 0.2
    assert frames[0].shape == (demo.landmarks.height, demo.landmarks.width, 3)
    # the body moves: the first rep's top differs from the set-up
    top = round(demo.reps[0].phases["hold"][0] * WEBM_FPS) + 2
    assert np.abs(frames[top].astype(int) - frames[0].astype(int)).mean() > 1.0
    # and it is the drawing, decoded: close to the frame drawn for it
    drawn = frame(demo, 2 * top).astype(int)
    assert np.abs(frames[top].astype(int) - drawn).mean() < 6.0


def test_gif_fault_demo(tmp_path: Path) -> None:
    out = tmp_path / "lean.gif"
    args = ["exercises", "show", "seated_cable_row", "--demo", str(out), "--fault", "lean_back"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    demo = make_demo(get_exercise("seated_cable_row"), "lean_back")
    with Image.open(out) as gif:
        assert gif.size == (480, 270)
        # Pillow merges still frames (the set-up, the holds) into longer ones
        total = 0
        for i in range(gif.n_frames):
            gif.seek(i)
            total += gif.info["duration"]
    assert total == len(range(0, len(demo.landmarks), 3)) * round(1000 / GIF_FPS)


def test_bad_demo_requests_say_what_was_expected(tmp_path: Path) -> None:
    result = runner.invoke(app, ["exercises", "show", "y_raise", "--demo", str(tmp_path / "a.mp4")])
    assert result.exit_code != 0 and ".webm or .gif" in result.output
    result = runner.invoke(app, ["exercises", "show", "y_raise", "--fault", "hips_still"])
    assert result.exit_code != 0 and "--fault needs --demo" in result.output
    out = str(tmp_path / "a.gif")
    result = runner.invoke(app, ["exercises", "show", "generic", "--demo", out])
    assert result.exit_code != 0 and "no one movement" in result.output
    assert not (tmp_path / "a.gif").exists()
    result = runner.invoke(app, ["exercises", "show", "y_raise", "--demo", "/nonexistent/x.webm"])
    assert result.exit_code != 0 and "does not exist" in result.output
