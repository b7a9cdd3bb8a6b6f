"""Generation speed of the simulator: a 60 s set at 30 fps, per exercise.

Writes bench/sim_speed.json and prints a one-line summary. The target is well under a
second per 60 s set, since the motion benchmark generates hundreds of sets.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from upright.sim import SUPPORTED, FaultSpec, simulate

OUT = Path(__file__).with_suffix(".json")


def _reps_for_60s(exercise: str) -> int:
    """Reps (per side) that make the set last about 60 s at this exercise's pace."""
    probe = simulate(exercise, reps=2, seed=0)
    per_rep = (probe.truth.reps[-1].end - probe.truth.reps[0].start) / len(probe.truth.reps)
    sides = len(probe.truth.reps) // 2
    return max(1, round(45.0 / (per_rep * sides)))


def main() -> None:
    simulate("bird_dog", reps=1, seed=0)  # warm imports and the catalog cache
    rows = []
    for ex in SUPPORTED:
        reps = _reps_for_60s(ex)
        times = []
        for seed in range(5):
            t0 = time.perf_counter()
            res = simulate(
                ex,
                reps=reps,
                seed=seed,
                fps=30.0,
                dropout_rate=0.01,
                faults=[FaultSpec("tempo_raise", 0.3, None)],
            )
            times.append(time.perf_counter() - t0)
        dur = res.landmarks.duration_s
        best = min(times)
        rows.append(
            {
                "exercise": ex,
                "reps_per_side": reps,
                "duration_s": round(dur, 1),
                "frames": len(res.landmarks),
                "best_s": round(best, 4),
                "median_s": round(sorted(times)[2], 4),
                "s_per_60s_set": round(sorted(times)[2] * 60.0 / dur, 4),
            }
        )
    worst = max(r["s_per_60s_set"] for r in rows)
    summary = {"fps": 30.0, "target_s": 1.0, "worst_s_per_60s_set": worst, "sets": rows}
    OUT.write_text(json.dumps(summary, indent=1) + "\n")
    print(
        f"sim_speed: a 60 s set at 30 fps takes at most {worst:.3f} s to generate "
        f"(median over 5 seeds, worst of {len(rows)} exercises; target < 1 s)"
    )


if __name__ == "__main__":
    main()
