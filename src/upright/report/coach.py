"""The coach's view: one row per athlete with last session, this month's adherence, warnings.

`athlete_rows` is a pure function over plain values (`AthleteActivity`);
`athlete_activity` reads those values from the store.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, tzinfo

from upright.store import Store, last_sessions, list_athletes, planned_sessions


@dataclass(frozen=True)
class AthleteActivity:
    """What one athlete did and was planned to do: session days, planned days, warnings."""

    name: str
    session_days: tuple[date, ...]
    planned_days: tuple[date, ...]
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class AthleteRow:
    """One line of the coach's table.

    ``done`` and ``planned`` count back sessions from the first of ``today``'s month
    up to and including ``today``.
    """

    name: str
    last_session: date | None
    days_since: int | None
    done: int
    planned: int
    warnings: tuple[str, ...]

    @property
    def adherence(self) -> float | None:
        """Done over planned this month (may pass 1.0), None when nothing was planned."""
        return self.done / self.planned if self.planned else None

    def adherence_text(self) -> str:
        """E.g. ``"3/4 (75 %)"``, or ``"3 done, none planned"``."""
        if self.adherence is None:
            return f"{self.done} done, none planned"
        return f"{self.done}/{self.planned} ({round(100 * self.adherence)} %)"


def athlete_rows(activities: Sequence[AthleteActivity], today: date) -> list[AthleteRow]:
    """The coach's table, sorted by name (case-insensitive).

    Sessions and plans after ``today`` are ignored.
    """
    month_start = today.replace(day=1)
    rows = []
    for a in activities:
        past = [d for d in a.session_days if d <= today]
        last = max(past, default=None)
        rows.append(
            AthleteRow(
                name=a.name,
                last_session=last,
                days_since=(today - last).days if last else None,
                done=sum(1 for d in past if d >= month_start),
                planned=sum(1 for d in a.planned_days if month_start <= d <= today),
                warnings=a.warnings,
            )
        )
    return sorted(rows, key=lambda r: r.name.casefold())


def athlete_activity(
    store: Store,
    today: date,
    warnings_for: Callable[[int], Sequence[str]] | None = None,
    tz: tzinfo = UTC,
) -> list[AthleteActivity]:
    """Every athlete's sessions and this month's plan from the store.

    A session counts when it was not abandoned and has at least one set.
    ``warnings_for(athlete_id)`` gives an athlete's open warnings (the plan package
    computes load warnings); none when not given.
    """
    out = []
    for athlete in list_athletes(store):
        sessions = last_sessions(store, athlete.id, n=1_000_000)
        days = tuple(
            s.started_at.astimezone(tz).date()
            for s in sessions
            if s.status != "abandoned" and s.sets
        )
        planned = planned_sessions(store, athlete.id, today.replace(day=1), today)
        out.append(
            AthleteActivity(
                name=athlete.name,
                session_days=days,
                planned_days=tuple(p.session_date for p in planned),
                warnings=tuple(warnings_for(athlete.id)) if warnings_for else (),
            )
        )
    return out
