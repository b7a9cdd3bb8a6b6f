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


def test_analyze_table_says_each_fault_with_its_value_and_threshold(tmp_path):
    sim = simulate("bird_dog", reps=3, faults=[FaultSpec.parse("pelvis_twist:15@2")], seed=0)
    npz, _ = sim.save(tmp_path)
    result = runner.invoke(app, ["analyze", str(npz), "-e", "bird_dog"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    line = next(ln for ln in result.output.splitlines() if "twist" in ln)
    # e.g. "Pelvis level, no twist: 15.3° > 10°": one decimal, the unit, the comparison
    value = float(line.split("twist: ")[1].split("°")[0])
    assert 13.0 < value < 17.0 and "° > 10°" in line


def test_analyze_table_title_says_reps_by_side_in_words(tmp_path):
    """ "3 reps (3 each side)", or no sides at all for an exercise without: never "both 3"."""
    for exercise, words in (("bird_dog", "6 reps (3 each side)"), ("y_raise", "3 reps")):
        npz, _ = simulate(exercise, reps=3, seed=1).save(tmp_path / exercise)
        result = runner.invoke(app, ["analyze", str(npz), "-e", exercise], env={"COLUMNS": "200"})
        assert result.exit_code == 0, result.output
        title = result.output.splitlines()[0].strip()
        assert title.endswith(f"{exercise}, {words}"), title
