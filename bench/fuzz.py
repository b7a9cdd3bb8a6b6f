"""Fuzz every reader of the project with more than 10,000 generated inputs.

Targets (``tests/hardening/fuzzing.py``): landmark files (npz bytes and arrays, CSV),
catalog and profile TOML (text, bytes, mutated trees), FIT/GPX/CSV/zip running logs
mutated from generated and real files, the analysis JSON reader, and the web app's
OpenAPI operations (schemathesis) and hand-read forms. Invariant: every input is read or
rejected with an `UprightError` that names the file; anything else is a failure.

Writes ``bench/fuzz.json`` and prints one summary line.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import traceback
import warnings
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests" / "hardening"))

import fuzzing  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-target", type=int, default=600, help="inputs per target")
    parser.add_argument("--seed", type=int, default=20260313)
    parser.add_argument("--out", type=Path, default=HERE / "fuzz.json")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    results = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        for target in fuzzing.make_targets(tmp) + fuzzing.make_web_targets(tmp):
            t0 = time.perf_counter()
            stats = fuzzing.RunStats(target.name)
            try:
                fuzzing.run_target(target, args.per_target, args.seed, tmp, stats=stats)
            except Exception as exc:  # a broken invariant: keep it and go on
                stats.failure = repr(exc)[:2000]
                traceback.print_exc(limit=-5)
            results.append(
                {
                    "target": stats.name,
                    "inputs": stats.inputs,
                    "read": stats.ok,
                    "rejected_cleanly": stats.rejected,
                    "failure": stats.failure,
                    "seconds": round(time.perf_counter() - t0, 2),
                }
            )
            print(f"  {stats.name}: {stats.inputs} inputs", file=sys.stderr, flush=True)
    total = sum(r["inputs"] for r in results)
    failures = [r["target"] for r in results if r["failure"]]
    report = {
        "seed": args.seed,
        "per_target": args.per_target,
        "inputs": total,
        "targets": len(results),
        "failures": failures,
        "seconds": round(time.perf_counter() - started, 1),
        "results": results,
    }
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    print(
        f"fuzz: {total} inputs over {len(results)} targets, "
        f"{len(failures)} failing ({', '.join(failures) or 'none'}) in {report['seconds']} s"
    )
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
