"""How fast the command line answers: ``upright --help``, every ``CMD --help``, ``today``.

``today`` runs twice: in a fresh home (no profile, no database) and in a home whose
default database holds a small running log. Each command runs in a fresh process
(start-up included), several times; the median wall time and the median CPU time (user
+ system, less swayed by a busy machine) are kept.
Targets: help under 0.5 s, ``upright today`` under 1 s. With ``--reference SRC`` the same
commands run, interleaved, from another source tree (e.g. the main branch's ``src``), so
the two are measured under the same load. Writes ``bench/cli_speed.json`` with the
machine's load average before and after.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
OUT = Path(__file__).with_suffix(".json")
HELP_TARGET_S = 0.5
TODAY_TARGET_S = 1.0
ENTRY = "import sys; from upright.cli import main; sys.argv[0] = 'upright'; main()"


Case = tuple[str, list[str], dict[str, str]]


def commands(empty: dict[str, str], with_db: dict[str, str]) -> list[Case]:
    """``--help``, ``CMD --help`` for every command, ``today`` without and with a database."""
    sys.path.insert(0, str(SRC))
    from upright.cli import COMMANDS

    helps = [["--help"], *([name, "--help"] for name in COMMANDS)]
    return [
        *((" ".join(args), args, empty) for args in helps),
        ("today", ["today"], empty),
        ("today (database)", ["today"], with_db),
    ]


def home_env(home: str) -> dict[str, str]:
    """An environment whose home, config, data and cache folders are all under ``home``."""
    return {
        "PATH": os.environ.get("PATH", ""),
        "HOME": home,
        "XDG_CONFIG_HOME": f"{home}/config",
        "XDG_DATA_HOME": f"{home}/data",
        "XDG_CACHE_HOME": f"{home}/cache",
        "COLUMNS": "100",
    }


def make_database(env: dict[str, str], folder: Path) -> None:
    """A small running log (12 runs over four weeks) imported into the default database."""
    log = folder / "activities.csv"
    today = datetime.now().replace(hour=7, minute=0, second=0, microsecond=0)
    rows = ["Activity Type,Date,Title,Distance,Time"]
    for i in range(12):
        day = today - timedelta(days=2 * i + 1)
        rows.append(f"Running,{day:%Y-%m-%d %H:%M:%S},Run {i},{8 + i % 4}.0,00:{45 + i % 4 * 5}:00")
    log.write_text("\n".join(rows) + "\n", encoding="utf-8")
    # The database is made (and migrated) here, so `today` times opening one at head.
    run_once(["import-runs", str(log)], SRC, env)


def run_once(args: list[str], src: Path, env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds of one ``upright ARGS`` in a new process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", ENTRY, *args],
        env={**env, "PYTHONPATH": str(src)},
        check=True,
        stdout=subprocess.DEVNULL,
    )
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def measure(
    cases: list[Case], trees: dict[str, Path], repeats: int
) -> dict[str, dict[str, dict[str, float]]]:
    """Median wall and CPU seconds per tree and command, the trees taking turns."""
    samples: dict[str, dict[str, list[tuple[float, float]]]] = {
        tree: {label: [] for label, _, _ in cases} for tree in trees
    }
    for _ in range(repeats):
        for label, args, env in cases:
            for tree, src in trees.items():
                samples[tree][label].append(run_once(args, src, env))
    return {
        tree: {
            cmd: {
                "wall_s": round(statistics.median(w for w, _ in runs), 3),
                "cpu_s": round(statistics.median(c for _, c in runs), 3),
            }
            for cmd, runs in per_cmd.items()
        }
        for tree, per_cmd in samples.items()
    }


def summary(times: dict[str, dict[str, float]]) -> dict[str, object]:
    """The figures the targets are about: root help, the slowest command help, today."""
    helps = {cmd: t for cmd, t in times.items() if cmd.endswith("--help")}
    slowest = max(helps, key=lambda c: helps[c]["wall_s"])
    return {
        "root_help_s": times["--help"]["wall_s"],
        "slowest_help": slowest,
        "slowest_help_s": helps[slowest]["wall_s"],
        "slowest_help_cpu_s": max(t["cpu_s"] for t in helps.values()),
        "today_s": times["today"]["wall_s"],
        "today_cpu_s": times["today"]["cpu_s"],
        "today_db_s": times["today (database)"]["wall_s"],
        "today_db_cpu_s": times["today (database)"]["cpu_s"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5, help="Runs of each command.")
    parser.add_argument("--reference", type=Path, help="Another source tree to time alike.")
    opts = parser.parse_args()
    trees = {"this": SRC}
    if opts.reference:
        trees["reference"] = opts.reference.resolve()
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as empty, tempfile.TemporaryDirectory() as full:
        # A fresh home (no profile, no database: `today` plans for the default runner),
        # and one whose default database holds a small running log.
        with_db = home_env(full)
        make_database(with_db, Path(full))
        times = measure(commands(home_env(empty), with_db), trees, opts.repeats)
    result = {
        "python": sys.version.split()[0],
        "cpus": os.cpu_count(),
        "repeats": opts.repeats,
        "load_avg_before": [round(x, 2) for x in load_before],
        "load_avg_after": [round(x, 2) for x in os.getloadavg()],
        "targets": {"help_s": HELP_TARGET_S, "today_s": TODAY_TARGET_S},
        "summary": {tree: summary(t) for tree, t in times.items()},
        "times": times,
    }
    if opts.reference:
        result["reference_src"] = str(opts.reference)
    OUT.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    s = result["summary"]["this"]
    line = (
        f"cli: --help {s['root_help_s']:.2f} s, slowest {s['slowest_help']} "
        f"{s['slowest_help_s']:.2f} s (cpu {s['slowest_help_cpu_s']:.2f}; target "
        f"{HELP_TARGET_S}), today {s['today_s']:.2f} s (cpu {s['today_cpu_s']:.2f}; target "
        f"{TODAY_TARGET_S}), with a database {s['today_db_s']:.2f} s "
        f"(cpu {s['today_db_cpu_s']:.2f})"
    )
    if opts.reference:
        r = result["summary"]["reference"]
        line += (
            f"; reference --help {r['root_help_s']:.2f} s, slowest {r['slowest_help_s']:.2f} s "
            f"(cpu {r['slowest_help_cpu_s']:.2f}), today {r['today_s']:.2f} s "
            f"(cpu {r['today_cpu_s']:.2f}), with a database {r['today_db_s']:.2f} s "
            f"(cpu {r['today_db_cpu_s']:.2f})"
        )
    print(f"{line}; load {load_before[0]:.1f}")


if __name__ == "__main__":
    main()
