"""`upright analyze A B C`: one file's failure is reported and the batch goes on."""

from __future__ import annotations

import json

import numpy as np
import pytest
from typer.testing import CliRunner

from upright.catalog import get_exercise
from upright.cli import app
from upright.motion import Landmarks, analyze
from upright.motion.tempo import TempoReader, Window
from upright.sim import simulate
from upright.workflows import analysis

runner = CliRunner()


@pytest.fixture(scope="module")
def sets(tmp_path_factory):
    """Three saved simulated bent-over-row sets of 2, 3 and 4 reps."""
    root = tmp_path_factory.mktemp("batch")
    return [
        simulate("bent_over_row", reps=n, noise_px=0.5, seed=n).save(root / f"s{n}")[0]
        for n in (2, 3, 4)
    ]


def test_a_file_ending_during_the_return_is_timed_with_what_is_there():
    """Fewer frames after the half-way point than the stillness window: no error."""
    reader = TempoReader(get_exercise("bent_over_row"), fps=30.0, zone=15.0)
    for n in range(1, 30):  # 11-13 frames broke the slices of the stillness test
        sm = np.concatenate([np.full(20, 100.0), np.linspace(100.0, 15.0, n)])
        w = Window(0, 0, 10, 19, len(sm) - 1, len(sm) - 1)
        level = reader.return_level(sm, w, 15.0, 100.0)
        assert np.isfinite(level) and 15.0 <= level <= 100.0, n


def test_a_bad_file_in_the_middle_is_reported_and_the_others_analysed(sets, tmp_path):
    bad = tmp_path / "broken.npz"
    bad.write_bytes(b"not a zip file")
    files = [sets[0], bad, sets[2]]
    result = runner.invoke(app, ["analyze", *map(str, files), "-e", "bent_over_row", "--json"])
    assert result.exit_code == 1, result.output
    lines = [json.loads(ln) for ln in result.stdout.splitlines() if ln.startswith("{")]
    assert [ln["file"] for ln in lines] == [str(f) for f in files]
    assert [ln["summary"]["reps"] for ln in (lines[0], lines[2])] == [2, 4]
    assert "broken.npz" in lines[1]["error"]
    assert "broken.npz" in result.stderr


def test_an_unexpected_error_in_one_analysis_does_not_end_the_batch(sets, monkeypatch):
    """A fault injected into the analysis of one file (any exception, not only ours)."""
    real = analysis.analyse_file

    def fails_on_second(path, exercise, **kwargs):
        if path == sets[1]:
            raise ValueError("operands could not be broadcast together")
        return real(path, exercise, **kwargs)

    monkeypatch.setattr(analysis, "analyse_file", fails_on_second)
    result = runner.invoke(app, ["analyze", *map(str, sets), "-e", "bent_over_row", "--json"])
    assert result.exit_code == 1
    lines = [json.loads(ln) for ln in result.stdout.splitlines() if ln.startswith("{")]
    assert len(lines) == 3
    assert lines[1] == {
        "file": str(sets[1]),
        "error": f"{sets[1]}: the analysis failed "
        "(ValueError: operands could not be broadcast together)",
    }
    assert [lines[0]["summary"]["reps"], lines[2]["summary"]["reps"]] == [2, 4]
    assert "ValueError" in result.stderr


def test_every_file_failing_exits_2(tmp_path):
    files = []
    for k in range(2):
        f = tmp_path / f"bad{k}.npz"
        f.write_bytes(b"")
        files.append(f)
    result = runner.invoke(app, ["analyze", *map(str, files), "-e", "bent_over_row"])
    assert result.exit_code == 2
    assert "bad0.npz" in result.stderr and "bad1.npz" in result.stderr


def test_the_last_rep_ending_on_the_last_frame_is_counted():
    """Cut the file anywhere in the last rep's return and after: analysed, never an error."""
    ex = get_exercise("bent_over_row")
    sim = simulate(ex, reps=3, noise_px=0.5, seed=5, walk_off=False)
    lm, last = sim.landmarks, sim.truth.reps[-1]
    a, b = np.searchsorted(lm.t, last.phases["return"])
    for n in range(int(a), int(b) + 20, 2):
        cut = Landmarks(
            lm.image[:n], lm.world[:n], lm.visibility[:n], lm.t[:n], lm.fps, lm.width, lm.height
        )
        res = analyze(cut, ex)
        json.dumps(res.to_dict(), allow_nan=False)
        assert 2 <= len(res.reps) <= 3, n
    assert len(analyze(lm, ex).reps) == 3
