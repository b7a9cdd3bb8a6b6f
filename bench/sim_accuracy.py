"""Counting, hold and fault accuracy on a seeded grid of simulated sets (upright.sim).

Grid: every simulated exercise x views x noise x dropout x seeds (>= 500 sets). Every set
breaks one rule of its exercise (the rules taken in turn, so each is injected in every
view and noise level): once at the simulator's example size in one rep, and once at a
*near-miss* size (clearly on the clean side, about half-way from a typical clean rep to
the threshold) in another rep.

Scoring is per rep and per rule, on reps the analysis counted and matched to a true rep
by time (same side, largest overlap; the count itself is reported apart). The truth is
the value each rule measures in each rep on clean world landmarks (``RepTruth.measures``),
not only the injected list: a fault that is a true side effect of another (a high leg
also shortens the hip extension) is a true positive, and a rule firing in a rep whose
true value is clean is a false positive. Reps whose true value lies within a small band
of the threshold (``BORDER``: 2 deg, 0.15 s, 0.02 torso) are not scored either way
(counted as ``borderline``). Reports the exact-count rate, hold-time errors, per rule
precision, recall and the error of the measured value against the truth (median and
p95 of |motion - truth|). Writes bench/sim_accuracy.json. ``--quick`` runs a small grid;
``--workers N`` (default 2) sets the processes; ``--help`` prints this.

The ``conditions`` section (added after the figures above, which stay computed as
before) samples the conditions real recordings bring: camera view (side, straight front
and back, front and back obliques) x kind of points (world, image only, BlazePose-like
squeezed depth) x set-up (plain; picking up and putting down the weights or kneeling
down around the set; a pause at the top; a pause at the bottom), one seeded set per cell
and exercise (``--cond-seeds N`` for more). Every set has one rule broken at its example
size in one rep, the rules taken in turn. Per cell and exercise it reports the
exact-count rate of the catalog exercise and of the generic counter; per rule the
false-fault rate on clean reps (fired on reps whose true value is clean / those reps)
and precision and recall, per view and per kind of points; a rule not judged from a
set's view (its value NaN, "not judged from this view") is left out of precision and
recall and counted apart (``not_judged``), while the false-fault rate keeps every clean
rep in its denominator. ``--conditions-only`` skips the first grid; ``--first-only``
runs the first grid alone, written to sim_accuracy_first.json. While iterating,
``--exercises``, ``--views``, ``--points`` and ``--setups`` (comma lists) run a subset
of the conditions grid, written to sim_conditions_subset.json.

The ``phone`` section (``--phone`` adds it to a run, ``--phone-only`` runs it alone;
both write bench/sim_phone.json) samples what phone recordings bring, one condition at a
time against the conditions grid's plain set-up: 15, 24 and 60 fps; a portrait frame
(720x1280); the camera rolled 5-12 degrees either way about its viewing axis (a phone
propped crooked); a far camera (the person fills 25-40 % of the frame); 3 px of pixel
noise; far with 3 px noise; and the camera low (on the floor, 3-30 cm up) or high (on a
shelf or tripod, 1.2-1.8 m up), aimed at the person; and a recording of one side's set
of a per-side exercise (the side drawn per set; only those exercises have its cells).
The last three were added later: their cells come last, so the others keep their
seeds. Cells: exercise x condition x view (side, front, back
left, front right) x points (image, blazepose), ``--cond-seeds N`` seeds (1), one
example fault a set as in the conditions grid. It reports what the conditions grid does,
with the exact-count rates and the rules' false faults, precision and recall also per
condition (``by_condition``, ``rules_by_condition``). ``--exercises``, ``--views``,
``--points`` and ``--phone-conditions`` run a subset, written to sim_phone_subset.json.
"""

from __future__ import annotations

import itertools
import json
import sys
import time
from collections import defaultdict
from multiprocessing import Pool
from pathlib import Path
from typing import Any

import numpy as np

from upright.catalog import get_exercise
from upright.motion.analyze import analyze, run_engine
from upright.motion.set_edges import edge_reps
from upright.sim import EXAMPLE_SIZES, SUPPORTED, FaultSpec, simulate

# The first grid keeps the exercises it was first run on, so its figures stay comparable;
# the one-arm dumbbell row (added later) is in the conditions grid.
FIRST_GRID = tuple(ex for ex in SUPPORTED if ex != "one_arm_dumbbell_row")
VIEWS = ("side", "45")
NOISE = (0.5, 2.0)
DROPOUT = (0.0, 0.05)
REPS = 5
# A clean-side size per rule: about half-way from a typical clean rep to the threshold.
NEAR_MISS: dict[str, float] = {
    "tempo_raise": 0.8,
    "tempo_return": 1.2,  # 1.5 against the 1 s limit before it became 0.5 s
    "hold_length": 3.8,
    "hold_too_long": 5.0,
    "tuck_hold": 3.8,
    "together": 0.12,
    "pelvis_twist": 5.0,
    "spine_neutral": 5.0,
    "leg_height": 5.0,
    "arm_reach": 163.0,
    "leg_reach": 163.0,
    "lean_back": 7.0,
    "trunk_still": 7.0,
    "full_pull": 0.08,
    "stretch_bottom": 164.0,
    "plank_sag": -7.0,
    "plank_pike": 7.0,
    "pelvis_square": 7.0,
    "y_reach": 6.0,
    "hips_still": 0.06,
    "even_arms": 6.0,
}
BORDER = {"deg": 2.0, "s": 0.15, "torso": 0.02, "ratio": 0.02}


def match(reps: list[Any], truth: list[Any]) -> dict[int, int]:
    """Truth rep index -> analysed rep position, one-to-one by largest time overlap."""
    pairs = []
    for i, r in enumerate(reps):
        for k, tr in enumerate(truth):
            ov = min(r.end, tr.end) - max(r.start, tr.start)
            if ov > 0 and (r.side == tr.side or "both" in (r.side, tr.side)):
                pairs.append((ov, k, i))
    used_r, used_t, out = set(), set(), {}
    for _, k, i in sorted(pairs, reverse=True):
        if k not in used_t and i not in used_r:
            out[k] = i
            used_t.add(k)
            used_r.add(i)
    return out


def one(job: tuple[int, str, int, float, float, int]) -> dict[str, Any]:
    combo, ex_id, v_i, noise, drop, seed = job
    ex = get_exercise(ex_id)
    rules = [r.id for r in ex.rules]
    rule = rules[(seed + combo) % len(rules)]
    rng = np.random.default_rng(1000 * seed + combo)
    n_reps = REPS * (2 if ex.sides in ("per_side", "alternating") else 1)
    a, b = (int(x) for x in rng.choice(n_reps, size=2, replace=False))
    specs = [FaultSpec(rule, EXAMPLE_SIZES[rule], a)]
    if rule in NEAR_MISS:
        specs.append(FaultSpec(rule, NEAR_MISS[rule], b))
    sim = simulate(
        ex_id,
        reps=REPS,
        faults=specs,
        view=VIEWS[v_i],
        noise_px=noise,
        dropout_rate=drop,
        seed=seed,
    )
    reps, values = counted(sim, ex)
    truth = sim.truth
    m = match(reps, list(truth.reps))
    holds = []
    scored = []  # (rule, truth value, motion value, fired)
    for k, i in m.items():
        rep, tr, vals = reps[i], truth.reps[k], values[i]
        if tr.hold_s is not None:
            holds.append(abs(rep.hold_s - tr.hold_s))
        fired = {f.rule for f in rep.faults}
        for r in ex.rules:
            got = vals.get(f"rule:{r.id}", float("nan"))
            scored.append((r.id, tr.measures[r.id], got, r.id in fired))
    return {
        "exact": len(reps) == len(truth.reps),
        "matched": len(m),
        "want": len(truth.reps),
        "extra": len(reps) - len(m),
        "hold_err": holds,
        "scored": scored,
        "injected": rule,
    }


def counted(sim: Any, ex: Any) -> tuple[list[Any], list[dict[str, float]]]:
    """The reps `analyze` keeps (set-up and set-down ones left out) and their values."""
    engine, tr = run_engine(sim.landmarks, ex)
    kept, _ = edge_reps(engine.reps, tr.pts, tr.t)
    keep = {r.index for r in kept}
    pairs = [(r, v) for r, v in zip(engine.reps, engine.rep_values, strict=True) if r.index in keep]
    return [r for r, _ in pairs], [v for _, v in pairs]


def per_rule(results: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    rules = {r.id: r for ex_id in SUPPORTED for r in get_exercise(ex_id).rules}
    cnt: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    err: dict[str, list[float]] = defaultdict(list)
    for res in results:
        cnt[res["injected"]]["sets_injected"] += 1
        for rid, true_v, got_v, fired in res["scored"]:
            rule = rules[rid]
            c = cnt[rid]
            if np.isfinite(true_v) and np.isfinite(got_v):
                err[rid].append(abs(got_v - true_v))
            if not np.isfinite(true_v) or abs(true_v - rule.threshold) < BORDER[rule.units]:
                c["borderline"] += 1
                continue
            want = rule.is_fault(true_v)
            key = ("tp" if fired else "fn") if want else ("fp" if fired else "tn")
            c[key] += 1
    out = {}
    for rid in sorted(cnt):
        c, e = cnt[rid], np.asarray(err[rid])
        out[rid] = {
            "precision": round(c["tp"] / max(c["tp"] + c["fp"], 1), 3),
            "recall": round(c["tp"] / max(c["tp"] + c["fn"], 1), 3),
            **{k: c[k] for k in ("tp", "fp", "fn", "tn", "borderline", "sets_injected")},
            "value_err_median": round(float(np.median(e)), 3) if e.size else None,
            "value_err_p95": round(float(np.percentile(e, 95)), 3) if e.size else None,
        }
    return out


def main() -> None:
    if {"-h", "--help"} & set(sys.argv):
        print(__doc__)
        return
    quick = "--quick" in sys.argv
    workers = int(sys.argv[sys.argv.index("--workers") + 1]) if "--workers" in sys.argv else 2
    if "--phone-only" in sys.argv:
        write_phone(quick, workers)
        return
    if "--phone" in sys.argv:
        write_phone(quick, workers)
    if "--conditions-only" in sys.argv:
        out = {"conditions": conditions(quick, workers)}
        name = "sim_conditions_quick.json" if quick else "sim_conditions.json"
        if subset_asked():
            name = "sim_conditions_subset.json"
        (Path(__file__).parent / name).write_text(json.dumps(out, indent=2) + "\n")
        return
    seeds = range(3 if quick else 16)
    combos = list(itertools.product(range(len(VIEWS)), NOISE, DROPOUT))
    jobs = [
        (c, ex_id, *combos[c], seed)
        for ex_id in FIRST_GRID
        for c in range(len(combos))
        for seed in seeds
    ]
    t0 = time.perf_counter()
    results, errors = [], []
    with Pool(workers) as pool:
        for job, res in zip(jobs, pool.imap(_safe, jobs, chunksize=4), strict=True):
            if isinstance(res, str):
                errors.append(f"{job}: {res}")
            else:
                results.append(res)
    exact = float(np.mean([r["exact"] for r in results])) if results else 0.0
    herr = np.concatenate([np.asarray(r["hold_err"], float) for r in results] or [np.zeros(0)])
    rules = per_rule(results)
    out = {
        "sets": len(results),
        "errors": errors[:20],
        "n_errors": len(errors),
        "exact_count_rate": round(exact, 4),
        "reps_matched": int(sum(r["matched"] for r in results)),
        "reps_true": int(sum(r["want"] for r in results)),
        "reps_extra": int(sum(r["extra"] for r in results)),
        "hold_error_median_s": round(float(np.median(herr)), 3) if herr.size else None,
        "hold_error_p95_s": round(float(np.percentile(herr, 95)), 3) if herr.size else None,
        "faults": rules,
        "seconds": round(time.perf_counter() - t0, 1),
    }
    name = "sim_accuracy_quick.json" if quick else "sim_accuracy.json"
    if "--first-only" in sys.argv:
        name = name.replace(".json", "_first.json")
    else:
        out["conditions"] = conditions(quick, workers)
    (Path(__file__).parent / name).write_text(json.dumps(out, indent=2) + "\n")
    below = [k for k, v in rules.items() if min(v["precision"], v["recall"]) < 0.95]
    worst = min(rules.items(), key=lambda kv: min(kv[1]["precision"], kv[1]["recall"]))
    print(
        f"sim_accuracy: {len(results)} sets, exact count {exact:.3f} (target 0.99), "
        f"{out['reps_matched']}/{out['reps_true']} reps matched; hold error median "
        f"{out['hold_error_median_s']} s p95 {out['hold_error_p95_s']} s; rules under 0.95: "
        f"{len(below)}/{len(rules)}, worst {worst[0]} P {worst[1]['precision']} "
        f"R {worst[1]['recall']}; {len(errors)} sim errors; {out['seconds']} s"
    )


# --- the conditions grid ------------------------------------------------------------------

COND_VIEWS = ("side", "front", "back", "front_left", "front_right", "back_left", "back_right")
COND_POINTS = ("world", "image", "blazepose")
COND_SETUPS: dict[str, dict[str, Any]] = {
    "plain": {},
    "lift": {"lift": True},
    "pause_top": {"pause": "top:1.2"},
    "pause_bottom": {"pause": "bottom:1.5"},
}
CondJob = tuple[str, str, str, str, int]


def cond_one(job: CondJob, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """One set of the conditions grid: counts (catalog and generic) and scored rules.

    ``options`` (simulate's keywords) replace the set-up named in the job's fourth place,
    which then only labels the cell (the phone grid's conditions).
    """
    ex_id, view, points, setup, seed = job
    ex = get_exercise(ex_id)
    rules = [r.id for r in ex.rules]
    rule = rules[seed % len(rules)]
    kwargs: dict[str, Any] = {"noise_px": 1.0, "dropout_rate": 0.02}
    kwargs.update(COND_SETUPS[setup] if options is None else options)
    two = ex.sides in ("per_side", "alternating") and "one_side" not in kwargs
    rep = int(np.random.default_rng(seed).integers(REPS * (2 if two else 1)))
    sim = simulate(
        ex_id,
        reps=REPS,
        faults=[FaultSpec(rule, EXAMPLE_SIZES[rule], rep)],
        view=view,
        seed=seed,
        points=points,
        **kwargs,
    )
    reps, rep_values = counted(sim, ex)
    generic = analyze(sim.landmarks, get_exercise("generic"))
    truth = sim.truth
    scored = []
    for k, i in match(reps, list(truth.reps)).items():
        fired = {f.rule for f in reps[i].faults}
        values = rep_values[i]
        scored += [
            (
                r.id,
                truth.reps[k].measures[r.id],
                r.id in fired,
                bool(np.isfinite(values.get(f"rule:{r.id}", float("nan")))),
            )
            for r in ex.rules
        ]
    return {
        "cell": (ex_id, view, points, setup),
        "exact": len(reps) == len(truth.reps),
        "generic_exact": len(generic.reps) == len(truth.reps),
        "got": len(reps),
        "generic_got": len(generic.reps),
        "want": len(truth.reps),
        "scored": scored,
    }


def _rate(values: list[bool]) -> float:
    return round(float(np.mean(values)), 3) if values else float("nan")


def _cell_table(results: list[dict[str, Any]]) -> dict[str, Any]:
    """exercise -> "view|points|setup" -> exact rates (catalog, generic) and counts."""
    cells: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    for r in results:
        ex_id, *axes = r["cell"]
        cells[ex_id]["|".join(axes)].append(r)
    return {
        ex_id: {
            key: {
                "exact": _rate([r["exact"] for r in rs]),
                "generic_exact": _rate([r["generic_exact"] for r in rs]),
                "counts": [f"{r['got']}/{r['generic_got']}/{r['want']}" for r in rs],
            }
            for key, rs in sorted(by.items())
        }
        for ex_id, by in sorted(cells.items())
    }


def _by_axis(results: list[dict[str, Any]], axis: int) -> dict[str, Any]:
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in results:
        groups[r["cell"][axis]].append(r)
    return {
        k: {
            "sets": len(v),
            "exact": _rate([r["exact"] for r in v]),
            "generic_exact": _rate([r["generic_exact"] for r in v]),
        }
        for k, v in sorted(groups.items())
    }


def _cond_rules(results: list[dict[str, Any]], axis: int = 1) -> dict[str, Any]:
    """Per rule and view (``axis`` 1) or kind of points (2): false faults, P and R.

    A rep whose rule was not judged (``not_judged``) counts in the false-fault rate's
    denominator when clean, and in neither precision nor recall.
    """
    rules = {r.id: r for ex_id in SUPPORTED for r in get_exercise(ex_id).rules}
    cnt: dict[str, dict[str, dict[str, int]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(int))
    )
    for res in results:
        view = res["cell"][axis]
        for rid, true_v, fired, judged in res["scored"]:
            rule = rules[rid]
            if not np.isfinite(true_v) or abs(true_v - rule.threshold) < BORDER[rule.units]:
                continue
            want = rule.is_fault(true_v)
            if judged:
                key = ("tp" if fired else "fn") if want else ("fp" if fired else "tn")
            else:
                key = "nj_fault" if want else "nj_clean"
            for v in (view, "all"):
                cnt[rid][v][key] += 1
    out: dict[str, Any] = {}
    for rid in sorted(cnt):
        out[rid] = {}
        for v, c in sorted(cnt[rid].items()):
            clean = c["fp"] + c["tn"] + c["nj_clean"]
            out[rid][v] = {
                "false_fault_rate": round(c["fp"] / clean, 4) if clean else None,
                "precision": round(c["tp"] / (c["tp"] + c["fp"]), 3) if c["tp"] + c["fp"] else None,
                "recall": round(c["tp"] / (c["tp"] + c["fn"]), 3) if c["tp"] + c["fn"] else None,
                **{k: c[k] for k in ("tp", "fp", "fn", "tn")},
                "not_judged": c["nj_fault"] + c["nj_clean"],
            }
    return out


COND_FLAGS = ("--exercises", "--views", "--points", "--setups")


def _subset(
    cells: list[tuple[str, str, str, str]], flags: tuple[str, ...] = COND_FLAGS
) -> list[tuple[str, str, str, str]]:
    """The cells the ``--exercises``, ``--views``, ``--points``, ``--setups`` lists keep."""
    for axis, flag in enumerate(flags):
        if flag in sys.argv:
            keep = sys.argv[sys.argv.index(flag) + 1].split(",")
            cells = [c for c in cells if c[axis] in keep]
    return cells


def subset_asked(flags: tuple[str, ...] = COND_FLAGS) -> bool:
    """True when a subset of the conditions (or phone) grid was asked for."""
    return any(f in sys.argv for f in flags)


def _seeds(default: int) -> int:
    if "--cond-seeds" in sys.argv:
        return int(sys.argv[sys.argv.index("--cond-seeds") + 1])
    return default


def _jobs(
    cells: list[tuple[str, str, str, str]], first_seed: int, quick: bool, flags: tuple[str, ...]
) -> list[CondJob]:
    """The grid's jobs: ``--cond-seeds`` sets a cell; a subset keeps each cell's seed."""
    n_seeds = _seeds(1)
    if quick:
        cells = cells[::7]
    keep = set(_subset(cells, flags))
    return [
        (*cell, first_seed + 97 * k + s)
        for k, cell in enumerate(cells)
        if cell in keep
        for s in range(n_seeds)
    ]


def conditions(quick: bool, workers: int) -> dict[str, Any]:
    """Run the conditions grid; print a one-line summary; return its JSON section."""
    cells = list(itertools.product(SUPPORTED, COND_VIEWS, COND_POINTS, COND_SETUPS))
    out = _grid(_jobs(cells, 500, quick, COND_FLAGS), _cond_safe, workers, "by_setup")
    _say("conditions", out)
    return out


def _grid(jobs: list[CondJob], fn: Any, workers: int, fourth: str) -> dict[str, Any]:
    """Run ``fn`` on every job; the JSON section of counts per cell and rules per axis."""
    t0 = time.perf_counter()
    results, errors = [], []
    with Pool(workers) as pool:
        for job, res in zip(jobs, pool.imap(fn, jobs, chunksize=2), strict=True):
            if isinstance(res, str):
                errors.append(f"{job}: {res}")
            else:
                results.append(res)
    table = _cell_table(results)
    all_cells = [c for by in table.values() for c in by.values()]
    rules = _cond_rules(results)
    out = {
        "sets": len(results),
        "n_errors": len(errors),
        "errors": errors[:20],
        "exact_count_rate": _rate([r["exact"] for r in results]),
        "generic_exact_count_rate": _rate([r["generic_exact"] for r in results]),
        "cells": len(all_cells),
        "cells_exact_ge_099": sum(c["exact"] >= 0.99 for c in all_cells),
        "generic_cells_exact_ge_099": sum(c["generic_exact"] >= 0.99 for c in all_cells),
        "by_exercise": {
            ex: _by_axis([r for r in results if r["cell"][0] == ex], 0)[ex] for ex in table
        },
        "by_view": _by_axis(results, 1),
        "by_points": _by_axis(results, 2),
        fourth: _by_axis(results, 3),
        "rules": rules,
        "rules_by_points": _cond_rules(results, axis=2),
        **({"rules_by_condition": _cond_rules(results, axis=3)} if fourth != "by_setup" else {}),
        "per_cell": table,
        "seconds": round(time.perf_counter() - t0, 1),
    }
    return out


def _say(name: str, out: dict[str, Any]) -> None:
    rules = out["rules"]
    over = [k for k, v in rules.items() if (v["all"]["false_fault_rate"] or 0.0) > 0.01]
    print(
        f"sim_accuracy {name}: {out['sets']} sets in {out['cells']} cells; exact count "
        f"{out['exact_count_rate']} (generic {out['generic_exact_count_rate']}), cells at "
        f">= 0.99: {out['cells_exact_ge_099']}/{out['cells']} (generic "
        f"{out['generic_cells_exact_ge_099']}); rules over 1 % false faults on clean reps: "
        f"{len(over)}/{len(rules)}; {out['n_errors']} errors; {out['seconds']} s"
    )


# --- the phone grid -----------------------------------------------------------------------

PHONE_VIEWS = ("side", "front", "back_left", "front_right")
PHONE_POINTS = ("image", "blazepose")
# condition -> simulate's keywords ("roll" is drawn per set: 5-12 degrees either way)
PHONE_CONDITIONS: dict[str, dict[str, Any]] = {
    "fps15": {"fps": 15.0},
    "fps24": {"fps": 24.0},
    "fps60": {"fps": 60.0},
    "portrait": {"width": 720, "height": 1280},
    "roll": {},
    "far": {"fill": (0.25, 0.4)},
    "noise3": {"noise_px": 3.0},
    "far_noise3": {"fill": (0.25, 0.4), "noise_px": 3.0},
    # a phone on the floor looking up at the person, one on a shelf or tripod looking down
    "low": {"camera_height": (0.03, 0.3)},
    "high": {"camera_height": (1.2, 1.8)},
    # one side's set of a per-side exercise, the side drawn per set (other exercises:
    # no cells)
    "one_side": {},
}
# Conditions added later, a group at a time: their cells come after the others', so each
# earlier cell keeps its seeds (a cell's seeds follow its place in the grid) and its
# figures stay comparable.
PHONE_LATER = (("low", "high"), ("one_side",))
PHONE_FLAGS = ("--exercises", "--views", "--points", "--phone-conditions")


def phone_options(condition: str, seed: int) -> dict[str, Any]:
    """simulate's keywords for a phone condition; a rolled camera's angle comes from the seed."""
    opts = dict(PHONE_CONDITIONS[condition])
    if condition == "roll":
        rng = np.random.default_rng(seed + 77)
        opts["roll"] = round(float(rng.choice([-1.0, 1.0]) * rng.uniform(5.0, 12.0)), 2)
    if condition == "one_side":
        opts["one_side"] = ("left", "right")[seed % 2]
    return opts


def phone_cells() -> list[tuple[str, str, str, str]]:
    """The phone grid's cells in the order their seeds follow (`PHONE_LATER` last)."""
    later = [c for group in PHONE_LATER for c in group]
    first = tuple(c for c in PHONE_CONDITIONS if c not in later)
    return [
        cell
        for group in (first, *PHONE_LATER)
        for cell in itertools.product(SUPPORTED, PHONE_VIEWS, PHONE_POINTS, group)
        if cell[3] != "one_side" or get_exercise(cell[0]).sides == "per_side"
    ]


def phone_one(job: CondJob) -> dict[str, Any]:
    """One set of the phone grid: `cond_one` with the condition's options."""
    return cond_one(job, phone_options(job[3], job[4]))


def phone(quick: bool, workers: int) -> dict[str, Any]:
    """Run the phone grid; print a one-line summary; return its JSON section."""
    out = _grid(
        _jobs(phone_cells(), 9000, quick, PHONE_FLAGS), _phone_safe, workers, "by_condition"
    )
    _say("phone", out)
    return out


def write_phone(quick: bool, workers: int) -> None:
    """Run the phone grid and write bench/sim_phone.json (``_quick``, ``_subset``)."""
    out = {"phone": phone(quick, workers)}
    name = "sim_phone_quick.json" if quick else "sim_phone.json"
    if subset_asked(PHONE_FLAGS):
        name = "sim_phone_subset.json"
    (Path(__file__).parent / name).write_text(json.dumps(out, indent=2) + "\n")


def _phone_safe(job: CondJob) -> dict[str, Any] | str:
    try:
        return phone_one(job)
    except Exception as exc:  # noqa: BLE001 - a failed set is reported, not fatal
        return f"{type(exc).__name__}: {exc}"


def _cond_safe(job: CondJob) -> dict[str, Any] | str:
    try:
        return cond_one(job)
    except Exception as exc:  # noqa: BLE001 - a failed set is reported, not fatal
        return f"{type(exc).__name__}: {exc}"


def _safe(job: tuple[int, str, int, float, float, int]) -> dict[str, Any] | str:
    try:
        return one(job)
    except Exception as exc:  # noqa: BLE001 - a failed set is reported, not fatal
        return f"{type(exc).__name__}: {exc}"


if __name__ == "__main__":
    main()
