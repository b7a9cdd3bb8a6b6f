"""A test tool (a script, not part of the package): logs sets in a loop for the crash tests.

``python tests/store/setlogger.py --db URL --athlete NAME [--athlete NAME2 ...]
[--count N] [--tag TAG]`` starts one session per athlete and records sets round-robin,
printing ``SET <id> <athlete> <exercise_id>`` after each commit (stdout flushed), so a
test that kills the process knows exactly which sets were committed. ``--count 0`` logs
until killed.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime, timedelta

from upright.store import (
    FaultEntry,
    RepEntry,
    SetEntry,
    ensure_athlete,
    open_store,
    record_set,
    start_session,
)


def _entry(tag: str, n: int) -> SetEntry:
    start = datetime.now(UTC)
    reps = tuple(
        RepEntry(
            index=i + 1,
            side="left" if i % 2 else "right",
            start_s=2.0 * i,
            end_s=2.0 * i + 1.8,
            phases={"hold": [0.6, 1.4]},
            hold_s=0.8,
            faults=(
                FaultEntry(
                    rule="pelvis_level", value=9.0, threshold=8.0, units="deg", at_s=2.0 * i + 1.0
                ),
            )
            if i == 2
            else (),
        )
        for i in range(6)
    )
    return SetEntry(
        exercise_id=f"{tag}-{n}",
        side="both",
        started_at=start,
        ended_at=start + timedelta(seconds=12),
        reps=len(reps),
        load_kg=2.5,
        hold_s=4.8,
        rating="some_faults",
        source="camera",
        rep_log=reps,
    )


def main(argv: list[str] | None = None) -> int:
    """Run the loop; returns the exit code."""
    p = argparse.ArgumentParser(prog="setlogger.py")
    p.add_argument("--db", required=True)
    p.add_argument("--athlete", action="append", required=True)
    p.add_argument("--count", type=int, default=0, help="sets to log in all; 0: forever")
    p.add_argument("--tag", default="set")
    args = p.parse_args(argv)
    store = open_store(args.db)
    sessions = [(name, start_session(store, ensure_athlete(store, name))) for name in args.athlete]
    print("READY", flush=True)
    n = 0
    while args.count == 0 or n < args.count:
        name, session_id = sessions[n % len(sessions)]
        exercise = f"{args.tag}-{name}"
        set_id = record_set(store, session_id, _entry(exercise, n))
        sys.stdout.write(f"SET {set_id} {name} {exercise}-{n}\n")
        sys.stdout.flush()
        n += 1
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
