"""The coach's view: one row per athlete, from last session to next planned session.

Each row has the last session, this month's adherence, the open warnings and the next
planned session.

`athlete_rows` is a pure function over plain values (`AthleteActivity`);
`athlete_activity` reads those values from the store, and `coach_rows` does both, with
the running-load warnings, for the terminal (``upright athletes``) and the web's Athletes
page alike.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, timedelta, tzinfo

from upright.store import (
    AthleteRecord,
    Store,
    last_sessions,
    list_athletes,
    planned_sessions,
)

# How far ahead the next planned session is looked for (a plan rarely runs longer).
NEXT_HORIZON_DAYS = 366


@dataclass(frozen=True)
class AthleteActivity:
    """What one athlete did and was planned to do: session days, planned days, warnings.

    ``planned_days`` may reach past today: the first of those is the next session.
    """

    name: str
    session_days: tuple[date, ...]
    planned_days: tuple[date, ...]
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class AthleteRow:
    """One line of the coach's table.

    ``done`` and ``planned`` count back sessions from the first of ``today``'s month
    up to and including ``today``. ``next_session`` is the first planned day after
    today, or today itself while no session was done today.
    """

    name: str
    last_session: date | None
    days_since: int | None
    done: int
    planned: int
    warnings: tuple[str, ...]
    next_session: date | None = None

    @property
    def adherence(self) -> float | None:
        """Done over planned this month (may pass 1.0), None when nothing was planned."""
        return self.done / self.planned if self.planned else None

    def since_text(self) -> str:
        """How long ago the last session was: "today", "yesterday", "10 days ago", or ""."""
        if self.days_since is None:
            return ""
        return {0: "today", 1: "yesterday"}.get(self.days_since, f"{self.days_since} days ago")

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
        upcoming = [d for d in a.planned_days if d > today or (d == today and last != today)]
        rows.append(
            AthleteRow(
                name=a.name,
                last_session=last,
                days_since=(today - last).days if last else None,
                done=sum(1 for d in past if d >= month_start),
                planned=sum(1 for d in a.planned_days if month_start <= d <= today),
                warnings=a.warnings,
                next_session=min(upcoming, default=None),
            )
        )
    return sorted(rows, key=lambda r: r.name.casefold())


def athlete_activity(
    store: Store,
    today: date,
    warnings_for: Callable[[int], Sequence[str]] | None = None,
    tz: tzinfo = UTC,
    athletes: Sequence[AthleteRecord] | None = None,
) -> list[AthleteActivity]:
    """Sessions and plan (this month's and the days ahead) of ``athletes`` (default: all).

    A session counts when it was not abandoned and has at least one set.
    ``warnings_for(athlete_id)`` gives an athlete's open warnings (the plan package
    computes load warnings); none when not given.
    """
    out = []
    horizon = today + timedelta(days=NEXT_HORIZON_DAYS)
    for athlete in list_athletes(store) if athletes is None else athletes:
        sessions = last_sessions(store, athlete.id, n=1_000_000)
        days = tuple(
            s.started_at.astimezone(tz).date()
            for s in sessions
            if s.status != "abandoned" and s.sets
        )
        planned = planned_sessions(store, athlete.id, today.replace(day=1), horizon)
        out.append(
            AthleteActivity(
                name=athlete.name,
                session_days=days,
                planned_days=tuple(p.session_date for p in planned),
                warnings=tuple(warnings_for(athlete.id)) if warnings_for else (),
            )
        )
    return out


def warnings_on(
    store: Store, athlete: int, *, with_why: bool = False
) -> Callable[[date], list[str]]:
    """The running-load warnings of an athlete's log as they stood on a given day.

    Each is its one line of advice; ``with_why`` adds, after a line break, the study
    behind it (shown on demand on the web).
    """
    from upright.plan.load import load_report
    from upright.plan.persist import load_activities

    activities = load_activities(store, athlete)

    def on(day: date) -> list[str]:
        # Only what was known on that day: a later run must not warn about an earlier week.
        known = [a for a in activities if a.start.date() <= day]
        if not known:
            return []
        warnings = load_report(known, day).warnings
        return [f"{w.message}\n{w.why}" if with_why and w.why else w.message for w in warnings]

    return on


def coach_rows(
    store: Store,
    today: date,
    athletes: Sequence[AthleteRecord] | None = None,
    *,
    with_why: bool = False,
) -> list[AthleteRow]:
    """The coach's table for ``athletes`` (default: all), with today's load warnings.

    ``with_why``: each warning also carries its study, after a line break.
    """
    activity = athlete_activity(
        store,
        today,
        lambda aid: warnings_on(store, aid, with_why=with_why)(today),
        athletes=athletes,
    )
    return athlete_rows(activity, today)
