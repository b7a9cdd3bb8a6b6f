"""Accuracy of the generic counter on recordings it was not written for.

Cases: `tests/motion/generic_motions.py` draws squats, push-ups, pull-ups, sit-ups,
jumping jacks, front and lateral raises, curls, presses, alternating lunges and burpees
(1-100 reps in one to four sets, tempo 0.6-6 s with drift, pauses, partial reps, rests
with fidgeting and walking, camera views, BlazePose-like jitter, swaps, dropouts, pixels
or 0..1 coordinates, fps 10-60, missing frames, wrong declared fps); plus `upright.sim`
sets of the eight catalog exercises. The counter never sees the answer key, and its
constants are not fitted to these cases (seeds of the grid are fixed in advance).

Reports the exact-count rate and mean absolute error, overall and by exercise, count
range and condition, and the run time. Even seeds are the development half; odd seeds
are held out (never looked at while changing the counter): both are reported
(``half:``). ``--as before`` stores the figures as the baseline (kept in the JSON by later
runs; the previous version's figures are kept as ``previous``); ``--quick`` runs a small
grid.
"""

from __future__ import annotations

import json
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "motion"))

from generic_motions import COUNT_BUCKETS, Case, grid, make  # noqa: E402

from upright.motion.generic import count_generic  # noqa: E402
from upright.sim import SUPPORTED, simulate  # noqa: E402

OUT = Path(__file__).with_suffix(".json")


def _bucket(n: int) -> str:
    for lo, hi in COUNT_BUCKETS:
        if lo <= n <= hi:
            return f"{lo}-{hi}" if hi > lo else str(lo)
    return "other"


def _tags(c: Case) -> list[str]:
    e = c.errors
    tags = [
        f"kind:{c.kind}",
        f"count:{_bucket(c.count)}",
        f"coords:per-frame {c.per_frame}"
        if c.per_frame
        else "coords:0..1"
        if c.normalised
        else "coords:pixels",
        f"fps:{'<=15' if c.fps <= 15 else '24-30' if c.fps <= 30 else '50-60'}",
        f"tempo:{'fast<1s' if c.tempo_s < 1 else 'slow>=4s' if c.tempo_s >= 4 else '1-4s'}",
        "sets:1" if len(c.sets) == 1 else "sets:2+",
    ]
    tags.append("half:dev(even seeds)" if c.seed % 2 == 0 else "half:held_out(odd seeds)")
    for on, name in (
        (c.partials, "partials"),
        (c.getup, "gets_up_and_walks"),
        (c.stray, "stray_arm_movement"),
        (c.declared_fps, "wrong_declared_fps"),
        (c.missing, "missing_frames"),
        (e.dropout or e.bursts, "dropouts"),
        (e.swap_per_s, "left_right_swaps"),
    ):
        if on:
            tags.append(f"cond:{name}")
    return tags


def run_synthetic(n: int) -> list[dict[str, object]]:
    rows = []
    for case in grid(n):
        rec = make(case)
        t0 = time.perf_counter()
        got = len(count_generic(rec.landmarks).reps)
        dt = time.perf_counter() - t0
        rows.append(
            {
                "seed": case.seed,
                "want": case.count,
                "got": got,
                "s": dt,
                "frames": len(rec.landmarks),
                "tags": _tags(case),
            }
        )
    return rows


def run_sim(per: int) -> list[dict[str, object]]:
    rows = []
    for i, ex in enumerate(SUPPORTED):
        for k in range(per):
            seed = 500 + 10 * i + k
            rng = np.random.default_rng(seed)
            reps = int(rng.choice([1, 2, 3, 5, 8, 12, 20]))
            sim = simulate(
                ex,
                reps=reps,
                view=str(rng.choice(["side", "45", "front"])),
                noise_px=float(rng.uniform(0.5, 3)),
                dropout_rate=float(rng.choice([0, 0.05])),
                partial_reps=int(rng.choice([0, 1])),
                fps=float(rng.choice([24.0, 29.97, 60.0])),
                seed=seed,
            )
            t0 = time.perf_counter()
            got = len(count_generic(sim.landmarks).reps)
            want = len(sim.truth.reps)
            rows.append(
                {
                    "seed": seed,
                    "want": want,
                    "got": got,
                    "s": time.perf_counter() - t0,
                    "frames": len(sim.landmarks),
                    "tags": [f"kind:sim_{ex}", f"count:{_bucket(want)}", "source:upright.sim"],
                }
            )
    return rows


def summarise(rows: list[dict[str, object]]) -> dict[str, object]:
    groups: dict[str, list[dict[str, object]]] = defaultdict(list)
    for r in rows:
        groups["all"].append(r)
        for tag in r["tags"]:  # type: ignore[attr-defined]
            groups[str(tag)].append(r)

    def fig(rs: list[dict[str, object]]) -> dict[str, float]:
        err = np.array([abs(int(r["got"]) - int(r["want"])) for r in rs])  # type: ignore[call-overload]
        return {
            "n": len(rs),
            "exact": round(float(np.mean(err == 0)), 3),
            "within_1": round(float(np.mean(err <= 1)), 3),
            "mae": round(float(np.mean(err)), 2),
        }

    return {k: fig(v) for k, v in sorted(groups.items())}


def main(argv: list[str]) -> None:
    quick = "--quick" in argv
    label = argv[argv.index("--as") + 1] if "--as" in argv else "after"
    t0 = time.perf_counter()
    syn = run_synthetic(66 if quick else 440)
    sim = run_sim(1 if quick else 4)
    wall = time.perf_counter() - t0
    rows = syn + sim
    s = sum(float(r["s"]) for r in rows)  # type: ignore[arg-type]
    frames = sum(int(r["frames"]) for r in rows)  # type: ignore[call-overload]
    result = {
        "cases": len(rows),
        "counter_s_per_hour_of_30fps": round(s / frames * 30 * 3600, 3),
        "wall_s": round(wall, 1),
        "synthetic": summarise(syn),
        "sim": summarise(sim),
        "misses": [
            {k: r[k] for k in ("seed", "want", "got", "tags")}
            for r in rows
            if r["want"] != r["got"]
        ],
    }
    old = json.loads(OUT.read_text()) if OUT.exists() else {}
    data = {k: v for k, v in old.items() if k in ("note", "before", "previous", "after")}
    data[label] = result
    if not quick:
        OUT.write_text(json.dumps(data, indent=1) + "\n")
    syn_all, sim_all = result["synthetic"]["all"], result["sim"]["all"]  # type: ignore[index]
    line = (
        f"generic counter ({label}): synthetic exact {syn_all['exact']:.1%} "
        f"MAE {syn_all['mae']} on {syn_all['n']}; sim exact {sim_all['exact']:.1%} "
        f"MAE {sim_all['mae']} on {sim_all['n']}; "
        f"{result['counter_s_per_hour_of_30fps']} s per hour of 30 fps"
    )
    for half in ("half:dev(even seeds)", "half:held_out(odd seeds)"):
        h = result["synthetic"].get(half)  # type: ignore[attr-defined]
        if h:
            line += f"; {half.split(':')[1].split('(')[0]} exact {h['exact']:.1%} MAE {h['mae']}"
    if "before" in data and label != "before":
        b = data["before"]["synthetic"]["all"]
        line += f" (before: exact {b['exact']:.1%}, MAE {b['mae']})"
    print(line)


if __name__ == "__main__":
    main(sys.argv[1:])
