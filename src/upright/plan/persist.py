"""The thin glue between the plan's plain values and `upright.store`.

Imported activities go into the athlete's running log (deduplicated there too); the log
and the logged back sessions come back as `Activity` and `LoggedExercise` values; a plan
is saved as the athlete's newest plan; the profile TOML is kept with the athlete.
"""

from __future__ import annotations

import tomllib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict
from datetime import UTC, date, datetime
from typing import Any

from upright import store
from upright.catalog import Exercise
from upright.plan.activity import Activity
from upright.plan.planner import Plan
from upright.plan.profile import AthleteProfile, ProfileError, parse_profile
from upright.plan.progression import LoggedExercise


def save_activities(st: store.Store, athlete: int, acts: Iterable[Activity]) -> store.RunImport:
    """Store activities in the running log; ones already there are skipped by the store."""
    return store.add_runs(
        st,
        athlete,
        [
            store.RunEntry(
                started_at=a.start,
                sport=a.sport,
                distance_m=a.distance_m,
                moving_time_s=a.moving_s,
                elevation_gain_m=a.ascent_m,
                avg_hr=a.avg_hr,
                source_file=a.source or None,
                counts_as_load=a.is_running,
                load_reason=a.load_reason,
            )
            for a in acts
        ],
    )


def load_activities(st: store.Store, athlete: int, since: datetime | None = None) -> list[Activity]:
    """The athlete's stored activities, oldest first (UTC where the database lost the zone)."""
    out = []
    for r in store.runs(st, athlete, since=since):
        start = r.started_at if r.started_at.tzinfo else r.started_at.replace(tzinfo=UTC)
        out.append(
            Activity(
                start=start,
                sport=r.sport,
                distance_m=r.distance_m,
                moving_s=r.moving_time_s,
                elapsed_s=r.moving_time_s,
                ascent_m=r.elevation_gain_m,
                avg_hr=r.avg_hr,
                source=r.source_file or "database",
                counts_as_load=r.counts_as_load,
                load_reason=r.load_reason,
            )
        )
    return out


def _planned_lookup(st: store.Store, athlete: int) -> dict[tuple[int, str], dict[str, Any]]:
    """Prescriptions of the newest plan by (planned session id, exercise id)."""
    plan = store.latest_plan(st, athlete)
    out: dict[tuple[int, str], dict[str, Any]] = {}
    for ps in plan.sessions if plan else ():
        for ex in ps.exercises:
            out[(ps.id, str(ex.get("exercise_id", "")))] = ex
    return out


def _logged(
    day: date,
    ex_id: str,
    sets: list[store.SetRecord],
    planned: dict[str, Any] | None,
    per_side: bool,
) -> LoggedExercise:
    sides = 2 if per_side else 1
    reps_done = [s.reps for s in sets]
    rep_log = [r for s in sets for r in s.rep_log]
    ratings = {s.rating for s in sets}
    rated: bool | None = True if ratings == {"clean"} else False if "struggled" in ratings else None
    holds = [r.hold_s for r in rep_log if r.hold_s is not None]
    return LoggedExercise(
        day=day,
        exercise_id=ex_id,
        sets=int(planned["sets"]) if planned else max(1, len(sets) // sides),
        reps=int(planned["reps"]) if planned else min(reps_done, default=0),
        hold_s=float(planned["hold_s"]) if planned else float(int(min(holds, default=0.0))),
        load_kg=(planned.get("load_kg") if planned else sets[-1].load_kg),
        sets_done=len(sets) // sides,
        reps_done_min=min(reps_done, default=0),
        faulty_reps=sum(1 for r in rep_log if r.faults),
        total_reps=len(rep_log) if any(s.source == "camera" for s in sets) else 0,
        rated_clean=rated if not any(s.source == "camera" for s in sets) else None,
    )


def load_history(
    st: store.Store, athlete: int, catalog: dict[str, Exercise], sessions: int = 60
) -> list[LoggedExercise]:
    """The logged exercises of the athlete's last ``sessions`` sessions, oldest first.

    Prescribed values come from the planned session a session was started from (newest
    plan); without one, what was done stands for what was prescribed.
    """
    planned = _planned_lookup(st, athlete)
    out = []
    for rec in reversed(store.last_sessions(st, athlete, n=sessions)):
        if rec.status == "abandoned":
            continue
        by_ex: dict[str, list[store.SetRecord]] = defaultdict(list)
        for s in rec.sets:
            by_ex[s.exercise_id].append(s)
        for ex_id, sets in by_ex.items():
            ex = catalog.get(ex_id)
            per_side = bool(ex and ex.dosage.per_side)
            key = (rec.planned_session_id, ex_id) if rec.planned_session_id else None
            out.append(
                _logged(
                    rec.started_at.date(), ex_id, sets, planned.get(key) if key else None, per_side
                )
            )
    return out


def save_plan(st: store.Store, athlete: int, plan: Plan) -> int:
    """Save the plan as the athlete's newest; returns its id.

    The sessions the previous plan held before this plan's start are carried over, so the
    newest plan (the one the store reads) still says what was planned for days gone by,
    and adherence counts them.
    """
    entries = [
        store.PlannedEntry(
            session_date=s.day,
            exercises=[asdict(p) for p in s.prescription.exercises],
            reason=s.placement,
        )
        for s in plan.sessions
    ]
    before = store.latest_plan(st, athlete)
    earlier = [
        store.PlannedEntry(session_date=p.session_date, exercises=p.exercises, reason=p.reason)
        for p in (before.sessions if before else ())
        if p.session_date < plan.start
    ]
    starts = min([plan.start, *(e.session_date for e in earlier)])
    if before is not None and earlier:
        starts = min(starts, before.starts)
    return store.save_plan(
        st,
        athlete,
        earlier + entries,
        starts=starts,
        ends=plan.end,
        note=plan.weeks[0].phase.reason,
    )


def stored_profile(st: store.Store, name: str) -> AthleteProfile | None:
    """The profile kept with an athlete, or ``None`` when there is none."""
    try:
        record = store.get_athlete(st, name)
    except store.UnknownAthlete:
        return None
    if not record.profile_toml.strip():
        return None
    try:
        data = tomllib.loads(record.profile_toml)
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError([f"profile stored for {name!r}: not valid TOML: {exc}"]) from exc
    return parse_profile(data, f"profile stored for {name!r}")
