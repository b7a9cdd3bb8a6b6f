"""Import a year of running log (about 400 FIT files) and plan from it.

Writes ``bench/plan_speed.json``: files, activities, import throughput (files/s) and the
time to plan 4 and 16 weeks from that log (target: under 1 s).
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "plan"))

from plan_fixtures import fit_activity  # noqa: E402

from upright.catalog import default_catalog  # noqa: E402
from upright.plan.log_import import import_paths  # noqa: E402
from upright.plan.planner import build_plan  # noqa: E402
from upright.plan.profile import AthleteProfile, Race  # noqa: E402
from upright.plan.progression import LoggedExercise  # noqa: E402

OUT = Path(__file__).with_suffix(".json")
FIRST_DAY = date(2025, 1, 1)


def write_year(folder: Path, rng: random.Random) -> int:
    """Runs on six days a week, a ride and a walk a week: about 420 files, 120 records each."""
    n = 0
    for d in range(365):
        day = FIRST_DAY + timedelta(days=d)
        start = datetime(day.year, day.month, day.day, 6, 30, tzinfo=UTC)
        if d % 7 != 4:  # a rest day a week
            km = 24.0 if day.weekday() == 6 else rng.uniform(6, 12)
            data = fit_activity(start, km * 1000, km * 330, records=120)
            (folder / f"run-{day}.fit").write_bytes(data)
            n += 1
        if d % 7 == 2:
            data = fit_activity(
                start + timedelta(hours=10), 25_000, 3600, sport="cycling", records=120
            )
            (folder / f"ride-{day}.fit").write_bytes(data)
            n += 1
        if d % 7 == 5:
            data = fit_activity(
                start + timedelta(hours=9), 4000, 2700, sport="walking", records=120
            )
            (folder / f"walk-{day}.fit").write_bytes(data)
            n += 1
    return n


def main() -> None:
    rng = random.Random(8)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        files = write_year(folder, rng)
        t0 = time.perf_counter()
        summary = import_paths([folder], now=datetime(2026, 1, 1, tzinfo=UTC))
        import_s = time.perf_counter() - t0
    acts = summary.activities
    catalog = default_catalog()
    history = [
        LoggedExercise(
            day=date(2025, 12, 1) + timedelta(days=3 * i),
            exercise_id=ex,
            sets=3,
            reps=8,
            hold_s=3.0,
            load_kg=None,
            sets_done=3,
            reps_done_min=8,
            faulty_reps=0,
            total_reps=24,
        )
        for i in range(10)
        for ex in ("bird_dog", "y_raise", "seated_cable_row")
    ]
    profile = AthleteProfile(races=(Race("Marathon", date(2026, 4, 19), "A"),))
    timings = {}
    for weeks in (4, 16):
        best = float("inf")
        for _ in range(3):
            t0 = time.perf_counter()
            build_plan(
                profile, date(2026, 1, 1), weeks, activities=acts, history=history, catalog=catalog
            )
            best = min(best, time.perf_counter() - t0)
        timings[f"plan_{weeks}_weeks_s"] = round(best, 4)
    result = {
        "files": files,
        "activities": summary.imported,
        "failed": summary.failed,
        "import_s": round(import_s, 3),
        "import_files_per_s": round(files / import_s, 1),
        **timings,
        "plan_target_s": 1.0,
        "plan_under_target": all(v < 1.0 for v in timings.values()),
    }
    OUT.write_text(json.dumps(result, indent=2) + "\n")
    print(
        f"plan_speed: {files} FIT files imported at {result['import_files_per_s']} files/s "
        f"({import_s:.1f} s); planning 4 weeks {timings['plan_4_weeks_s'] * 1000:.0f} ms, "
        f"16 weeks {timings['plan_16_weeks_s'] * 1000:.0f} ms (target < 1 s)"
    )


if __name__ == "__main__":
    main()
