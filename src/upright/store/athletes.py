"""Athletes: the owner of every row."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from upright.store.engine import Store
from upright.store.errors import UnknownAthlete
from upright.store.models import Athlete
from upright.store.records import AthleteRecord


def _record(row: Athlete) -> AthleteRecord:
    return AthleteRecord(
        id=row.id, name=row.name, profile_toml=row.profile_toml, created_at=row.created_at
    )


def _check_name(name: str) -> str:
    clean = name.strip()
    if not clean or len(clean) > 200:
        raise UnknownAthlete(f"athlete name: expected 1 to 200 characters, got {name!r}")
    return clean


def ensure_athlete(store: Store, name: str, profile_toml: str | None = None) -> int:
    """The id of the athlete called ``name``, created when missing.

    ``profile_toml`` (the runner's profile as TOML text) replaces the stored one when given.
    """
    name = _check_name(name)
    with store.session() as s:
        row = s.scalars(select(Athlete).where(Athlete.name == name)).one_or_none()
        if row is None:
            try:  # another process may create the same athlete at this moment
                with s.begin_nested():
                    row = Athlete(
                        name=name, profile_toml=profile_toml or "", created_at=datetime.now(UTC)
                    )
                    s.add(row)
            except IntegrityError:
                row = s.scalars(select(Athlete).where(Athlete.name == name)).one()
        if profile_toml is not None:
            row.profile_toml = profile_toml
        s.flush()
        return row.id


def athlete_id(store: Store, name: str) -> int:
    """The id of the athlete called ``name``; raises `UnknownAthlete` when there is none."""
    return get_athlete(store, name).id


def get_athlete(store: Store, name: str) -> AthleteRecord:
    """The athlete called ``name``; raises `UnknownAthlete` when there is none."""
    with store.reading() as s:
        row = s.scalars(select(Athlete).where(Athlete.name == name.strip())).one_or_none()
        if row is None:
            known = ", ".join(s.scalars(select(Athlete.name).order_by(Athlete.name))) or "none"
            raise UnknownAthlete(f"no athlete called {name!r} (known: {known})")
        return _record(row)


def list_athletes(store: Store) -> list[AthleteRecord]:
    """Every athlete, by name."""
    with store.reading() as s:
        return [_record(r) for r in s.scalars(select(Athlete).order_by(Athlete.name))]


def set_profile(store: Store, athlete: int, profile_toml: str) -> None:
    """Replace the athlete's profile TOML text."""
    with store.session() as s:
        row = s.get(Athlete, athlete)
        if row is None:
            raise UnknownAthlete(f"no athlete with id {athlete}")
        row.profile_toml = profile_toml


def delete_athlete(store: Store, athlete: int) -> None:
    """Delete the athlete and every row of theirs; other athletes' rows stay."""
    with store.session() as s:
        if s.get(Athlete, athlete) is None:
            raise UnknownAthlete(f"no athlete with id {athlete}")
        s.execute(delete(Athlete).where(Athlete.id == athlete))
