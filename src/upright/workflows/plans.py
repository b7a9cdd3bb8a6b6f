"""Make, keep and export an athlete's plan: the same calls for the CLI and the web app.

These tie the pure planner (`upright.plan`) to where the data lives: the profile file
(or the profile kept in the database, or the default runner) and the database, when
there is one. A front end parses its input, calls one of these and renders the result.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from upright import store
from upright.catalog import default_catalog
from upright.plan.persist import load_activities, load_history, save_plan, stored_profile
from upright.plan.planner import Plan, PlannedSession, build_plan
from upright.plan.prescription import SessionPrescription, default_session
from upright.plan.profile import (
    DEFAULT_ATHLETE,
    AthleteProfile,
    Race,
    default_profile,
    default_profile_path,
    load_profile,
)


def existing_store(db: str | None = None) -> store.Store | None:
    """Open the database if one is named (``--db``, ``$UPRIGHT_DB``) or already exists.

    Planning never creates a database as a side effect; importing does.
    """
    if db or os.environ.get("UPRIGHT_DB") or store.default_db_path().exists():
        return store.open_store(db)
    return None


@dataclass(frozen=True)
class ProfileSource:
    """The profile in force and where it came from (a file, the database, the default)."""

    profile: AthleteProfile
    origin: str


def resolve_profile(
    path: Path | None, st: store.Store | None, athlete: str = DEFAULT_ATHLETE
) -> ProfileSource:
    """The profile: an explicit file, else the default file, else the stored one, else default."""
    if path is not None:
        return ProfileSource(load_profile(path), str(path))
    default = default_profile_path()
    if default.exists():
        return ProfileSource(load_profile(default), str(default))
    if st is not None and (stored := stored_profile(st, athlete)) is not None:
        return ProfileSource(stored, f"database ({athlete})")
    return ProfileSource(default_profile(), "default runner: `upright profile init` makes yours")


def with_stored_races(
    profile: AthleteProfile, stored: Iterable[store.RaceRecord]
) -> AthleteProfile:
    """The profile's races plus the calendar's, one per (day, name)."""
    races = {(r.day, r.name): r for r in profile.races}
    for r in stored:
        km = r.distance_m / 1000 if r.distance_m > 0 else None
        races.setdefault((r.race_date, r.name), Race(r.name, r.race_date, r.priority, km))
    return replace(profile, races=tuple(sorted(races.values(), key=lambda r: r.day)))


def save_profile(path: Path, *, athlete: str = DEFAULT_ATHLETE, db: str | None = None) -> str:
    """Check a profile file and keep it with the athlete in the database; returns the URL."""
    load_profile(path)
    with store.open_store(db) as st:
        store.ensure_athlete(st, athlete, profile_toml=path.read_text(encoding="utf-8"))
        return st.url


def _named(profile: AthleteProfile, athlete: str) -> AthleteProfile:
    """One person, one name: the profile's name is the display name, else the athlete's id."""
    return profile if profile.name else replace(profile, name=athlete)


def make_plan(
    start: date | None,
    weeks: int,
    *,
    profile_path: Path | None = None,
    athlete: str = DEFAULT_ATHLETE,
    db: str | store.Store | None = None,
) -> tuple[Plan, ProfileSource]:
    """Plan ``weeks`` calendar weeks from ``start`` with the athlete's log and history.

    ``start`` None means today in the profile's time zone. ``db`` is a database URL, or
    a `Store` the caller keeps open (a server reuses its own, so its engine and
    statement cache serve every request).
    """
    if db is not None and not isinstance(db, str):  # a Store (not loaded for a URL)
        return _plan_from(db, start, weeks, profile_path, athlete)
    st = existing_store(db)
    if st is None:
        source = resolve_profile(profile_path, None, athlete)
        profile = _named(source.profile, athlete)
        first = start or profile.today()
        return build_plan(profile, first, weeks, catalog=default_catalog()), source
    with st:
        return _plan_from(st, start, weeks, profile_path, athlete)


def _plan_from(
    st: store.Store, start: date | None, weeks: int, profile_path: Path | None, athlete: str
) -> tuple[Plan, ProfileSource]:
    catalog = default_catalog()
    source = resolve_profile(profile_path, st, athlete)
    profile = _named(source.profile, athlete)
    first = start or profile.today()
    try:
        aid = store.athlete_id(st, athlete)
    except store.UnknownAthlete:
        return build_plan(profile, first, weeks, catalog=catalog), source
    acts = load_activities(st, aid)
    history = load_history(st, aid, catalog)
    profile = with_stored_races(profile, store.races(st, aid))
    plan = build_plan(profile, first, weeks, activities=acts, history=history, catalog=catalog)
    return plan, source


@dataclass(frozen=True)
class KeptPlan:
    """A plan, its profile's origin, and where it was stored (``None``: no database)."""

    plan: Plan
    source: ProfileSource
    plan_id: int | None
    url: str | None


def plan_and_keep(
    start: date | None,
    weeks: int,
    *,
    profile_path: Path | None = None,
    athlete: str = DEFAULT_ATHLETE,
    db: str | None = None,
) -> KeptPlan:
    """Plan as `make_plan` does and store the plan as the athlete's newest.

    The store call is the one the rest of the program reads plans back with
    (`upright.plan.persist.save_plan`), so the coach's view and adherence count it. With
    no database (none named, none at the default place) nothing is stored: planning
    does not create one.
    """
    st = existing_store(db)
    if st is None:
        plan, source = make_plan(start, weeks, profile_path=profile_path, athlete=athlete)
        return KeptPlan(plan, source, None, None)
    with st:
        plan, source = _plan_from(st, start, weeks, profile_path, athlete)
        plan_id = save_plan(st, store.ensure_athlete(st, athlete), plan)
        return KeptPlan(plan, source, plan_id, st.url)


def todays_prescription(
    day: date,
    *,
    profile_path: Path | None = None,
    athlete: str = DEFAULT_ATHLETE,
    db: str | None = None,
) -> SessionPrescription:
    """The session planned for ``day``, else the next planned one, else the starting one."""
    plan, _ = make_plan(day, 2, profile_path=profile_path, athlete=athlete, db=db)
    chosen = plan.session_on(day) or next((s for s in plan.sessions if s.day > day), None)
    return chosen.prescription if chosen else default_session(default_catalog())


def next_sessions(plan: Plan, day: date) -> tuple[PlannedSession | None, PlannedSession | None]:
    """(the session planned on ``day`` or None, the next one after ``day`` or None)."""
    later = next((s for s in plan.sessions if s.day > day), None)
    return plan.session_on(day), later


def workout_name(session: PlannedSession) -> str:
    """The FIT workout's name a watch shows for ``session`` ("Upright Tue 14 Apr")."""
    return f"Upright {session.day:%a %d %b}"


def workout_file_name(session: PlannedSession) -> str:
    """The FIT workout's file name for ``session`` ("upright-2026-04-14.fit")."""
    return f"upright-{session.day.isoformat()}.fit"


def session_workout(plan: Plan, day: date) -> bytes | None:
    """The session planned on ``day`` as FIT workout bytes; None when none is planned."""
    from upright.plan.fit_workout import workout_bytes  # the FIT SDK loads for an export only

    session = plan.session_on(day)
    if session is None:
        return None
    return workout_bytes(session.prescription, default_catalog(), workout_name(session))


@dataclass(frozen=True)
class PlanFiles:
    """What `export_plan` wrote: the calendar, the JSON and the FIT workouts (or None)."""

    ics: Path | None = None
    json: Path | None = None
    fit: tuple[Path, ...] | None = None


def export_plan(
    plan: Plan, *, ics: Path | None = None, json: Path | None = None, fit_dir: Path | None = None
) -> PlanFiles:
    """Write the plan as an .ics calendar, as JSON, and as one FIT workout per session.

    Each is written only when its path is given; ``fit_dir`` is created if needed and
    gets one `workout_file_name` per session.
    """
    from upright.plan.fit_workout import workout_bytes  # icalendar and the FIT SDK load
    from upright.plan.plan_export import write_plan_ics, write_plan_json  # for an export only

    fit: tuple[Path, ...] | None = None
    ics_path = write_plan_ics(plan, ics) if ics else None
    json_path = write_plan_json(plan, json) if json else None
    if fit_dir:
        fit_dir.mkdir(parents=True, exist_ok=True)
        written = []
        for s in plan.sessions:
            data = workout_bytes(s.prescription, default_catalog(), workout_name(s))
            path = fit_dir / workout_file_name(s)
            path.write_bytes(data)
            written.append(path)
        fit = tuple(written)
    return PlanFiles(ics=ics_path, json=json_path, fit=fit)
