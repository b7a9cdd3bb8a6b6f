"""Counting, hold and fault accuracy on a seeded grid of simulated sets (upright.sim).

Grid: every simulated exercise x views x noise x dropout x seeds (>= 500 sets), each with
one fault of each rule the exercise has at the simulator's example size on a random rep
(half the sets) or none. Reports the exact-count rate (target >= 0.99), the hold-time
error median and p95 over matched reps (targets <= 0.2 s, <= 0.4 s), and per rule the
precision and recall of faults matched by rep (targets >= 0.95). Writes
bench/sim_accuracy.json. ``--quick`` runs a small grid.
"""

from __future__ import annotations

import itertools
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

from upright.catalog import get_exercise
from upright.motion import analyze
from upright.sim import EXAMPLE_SIZES, SUPPORTED, FaultSpec, simulate

VIEWS = ("side", "45")
NOISE = (0.5, 2.0)
DROPOUT = (0.0, 0.05)


def one(ex_id: str, view: str, noise: float, drop: float, seed: int) -> dict[str, object]:
    ex = get_exercise(ex_id)
    rng = np.random.default_rng(seed)
    specs = []
    if seed % 2:
        rule = ex.rules[int(rng.integers(len(ex.rules)))].id
        if rule in EXAMPLE_SIZES:
            specs.append(FaultSpec.parse(f"{rule}:{EXAMPLE_SIZES[rule]:g}@{int(rng.integers(4))}"))
    sim = simulate(
        ex_id, reps=5, faults=specs, view=view, noise_px=noise, dropout_rate=drop, seed=seed
    )
    a = analyze(sim.landmarks, ex)
    truth = sim.truth
    holds = [
        abs(r.hold_s - tr.hold_s)
        for r, tr in zip(a.reps, truth.reps, strict=False)
        if tr.hold_s is not None and r.side == tr.side
    ]
    got = {(f.rule, f.rep_index) for f in a.all_faults() if f.severity == "fault"}
    want = {(f.rule, f.rep_index + 1) for f in truth.faults}
    return {
        "exact": len(a.reps) == len(truth.reps),
        "n": len(a.reps),
        "want": len(truth.reps),
        "hold_err": holds,
        "got": sorted(got),
        "want_faults": sorted(want),
        "rules": [r.id for r in ex.rules if r.severity == "fault"],
    }


def main() -> None:
    quick = "--quick" in sys.argv
    seeds = range(3 if quick else 16)
    grid = list(itertools.product(SUPPORTED, VIEWS, NOISE, DROPOUT, seeds))
    t0 = time.perf_counter()
    results, errors = [], []
    for ex_id, view, noise, drop, seed in grid:
        try:
            results.append(one(ex_id, view, noise, drop, seed))
        except Exception as exc:  # noqa: BLE001 - a failed set is reported, not fatal
            errors.append(f"{ex_id} {view} {noise} {drop} {seed}: {exc}")
    exact = float(np.mean([r["exact"] for r in results])) if results else 0.0
    herr = (
        np.concatenate([np.asarray(r["hold_err"], float) for r in results])
        if results
        else np.zeros(0)
    )
    tp: dict[str, int] = defaultdict(int)
    fp: dict[str, int] = defaultdict(int)
    fn: dict[str, int] = defaultdict(int)
    for r in results:
        got, want = set(map(tuple, r["got"])), set(map(tuple, r["want_faults"]))
        for rule, _ in got & want:
            tp[rule] += 1
        for rule, _ in got - want:
            fp[rule] += 1
        for rule, _ in want - got:
            fn[rule] += 1
    per_rule = {
        rule: {
            "precision": round(tp[rule] / max(tp[rule] + fp[rule], 1), 3),
            "recall": round(tp[rule] / max(tp[rule] + fn[rule], 1), 3),
            "tp": tp[rule],
            "fp": fp[rule],
            "fn": fn[rule],
        }
        for rule in sorted(set(tp) | set(fp) | set(fn))
    }
    out = {
        "sets": len(results),
        "errors": errors[:20],
        "n_errors": len(errors),
        "exact_count_rate": round(exact, 4),
        "hold_error_median_s": round(float(np.median(herr)), 3) if herr.size else None,
        "hold_error_p95_s": round(float(np.percentile(herr, 95)), 3) if herr.size else None,
        "faults": per_rule,
        "seconds": round(time.perf_counter() - t0, 1),
    }
    Path(__file__).with_suffix(".json").write_text(json.dumps(out, indent=2) + "\n")
    worst = min(
        per_rule.items(),
        key=lambda kv: min(kv[1]["precision"], kv[1]["recall"]),
        default=("-", {"precision": 0, "recall": 0}),
    )
    print(
        f"sim_accuracy: {len(results)} sets, exact count {exact:.3f} (target 0.99); hold "
        f"error median {out['hold_error_median_s']} s p95 {out['hold_error_p95_s']} s; "
        f"worst rule {worst[0]} P {worst[1]['precision']} R {worst[1]['recall']}; "
        f"{len(errors)} sim errors"
    )


if __name__ == "__main__":
    main()
