"""`upright analyze FILE --report out.html` writes the per-set report."""

import html5lib
from typer.testing import CliRunner

from upright.cli import app
from upright.sim import FaultSpec, simulate

runner = CliRunner()


def test_analyze_writes_a_report_for_one_file(tmp_path):
    sim = simulate("y_raise", reps=3, faults=[FaultSpec.parse("even_arms:25@1")], seed=3)
    npz, _ = sim.save(tmp_path)
    out = tmp_path / "set.html"
    result = runner.invoke(app, ["analyze", str(npz), "-e", "y_raise", "--report", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text()
    html5lib.HTMLParser(strict=True).parse(page)
    assert "Prone Y-raise" in page and "Even arms" in page


def test_analyze_writes_one_report_per_file_into_a_folder(tmp_path):
    for seed in (1, 2):
        simulate("bird_dog", reps=2, seed=seed).save(tmp_path / f"s{seed}")
    files = sorted(tmp_path.glob("s*/*.npz"))
    out = tmp_path / "reports"
    result = runner.invoke(
        app, ["analyze", *map(str, files), "-e", "bird_dog", "--report", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{f.stem}.report.html" for f in files)
