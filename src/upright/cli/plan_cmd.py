"""``upright plan``, ``upright import-runs`` and ``upright profile``: the plan's commands."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import typer
from rich.console import Console
from rich.markup import escape

from upright.cli.common import (
    DEFAULT_ATHLETE,
    AthleteOption,
    DbOption,
    existing_path,
    given_path,
    print_table,
)
from upright.cli.plan_text import WhyOption, parse_day, print_load

if TYPE_CHECKING:  # the planner and the store load when a command runs, not for its help
    from upright.plan.log_import import ImportSummary
    from upright.plan.planner import Plan

console = Console()
err = Console(stderr=True)
profile_app = typer.Typer(
    help="The athlete profile: your week, equipment and races.", no_args_is_help=True
)

ProfileOption = Annotated[
    Path | None,
    typer.Option(
        "--profile",
        help="Profile TOML (default: $UPRIGHT_PROFILE or ~/.config/upright/profile.toml).",
        exists=True,
        dir_okay=False,
    ),
]


def print_plan(plan: Plan, origin: str) -> None:
    """The plan as a Rich table: day, phase, exercises, minutes and why that day."""
    from rich.table import Table

    table = Table(
        title=f"Back program for {escape(plan.athlete)} ({escape(origin)})", show_lines=True
    )
    for col in ("week", "day", "session", "min", "why this day"):
        table.add_column(col)
    for i, week in enumerate(plan.weeks, start=1):
        label = f"{i}: {week.phase.phase.replace('_', ' ')}"
        if not week.sessions:
            table.add_row(label, "-", "no session", "", escape(week.phase.reason))
        for j, s in enumerate(week.sessions):
            lines = "\n".join(f"{p.name}: {p.describe()}" for p in s.prescription.exercises)
            table.add_row(
                label if j == 0 else "",
                f"{s.day:%a %d %b}",
                escape(lines),
                f"{s.minutes:.0f}",
                escape(s.placement.split(": ", 1)[-1]),
            )
    print_table(console, table)
    for w in plan.weeks:
        console.print(
            f"[bold]{w.phase.first_day:%a %d %b}-{w.last_day:%a %d %b}[/] "
            f"({w.phase.phase.replace('_', ' ')}): {escape(w.phase.reason)}"
        )


def plan(
    weeks: Annotated[
        int,
        typer.Option(
            "--weeks", min=1, max=52, help="Calendar weeks (Mon-Sun) to plan, from this one."
        ),
    ] = 4,
    start: Annotated[
        str | None,
        typer.Option(
            "--start", help="First day, YYYY-MM-DD (default today in the profile's time zone)."
        ),
    ] = None,
    profile: ProfileOption = None,
    athlete: AthleteOption = DEFAULT_ATHLETE,
    db: DbOption = None,
    ics: Annotated[
        Path | None,
        typer.Option("--ics", help="Write the plan as .ics.", parser=given_path),
    ] = None,
    json_out: Annotated[
        Path | None, typer.Option("--json", help="Write as JSON.", parser=given_path)
    ] = None,
    fit_dir: Annotated[
        Path | None,
        typer.Option(
            "--fit-dir",
            help="Write one FIT workout file per session into this folder.",
            parser=given_path,
        ),
    ] = None,
    why: WhyOption = False,
) -> None:
    """Plan the back program into your week, with the reason for each day.

    The plan is kept in the database (when there is one) as the athlete's newest.
    """
    from upright.workflows.plans import export_plan, plan_and_keep

    kept = plan_and_keep(
        parse_day(start, "--start"), weeks, profile_path=profile, athlete=athlete, db=db
    )
    result, source, first = kept.plan, kept.source, kept.plan.start
    print_plan(result, source.origin)
    print_load(console, result, why)
    if kept.url is not None:
        console.print(f"plan kept for {escape(athlete)} in {escape(kept.url)}", highlight=False)
    for race in (r for r in source.profile.races if r.day < first):
        console.print(
            f"[yellow]note:[/] race {escape(race.name)!r} on {race.day:%d %b %Y} is before the "
            f"plan starts ({first:%d %b %Y}), so it does not shape the plan; check its date "
            f"in {escape(source.origin)}",
            highlight=False,
        )
    files = export_plan(result, ics=ics, json=json_out, fit_dir=fit_dir)
    if files.ics:
        console.print(f"calendar: {files.ics}")
    if files.json:
        console.print(f"JSON: {files.json}")
    if files.fit is not None:
        console.print(f"FIT workouts: {len(files.fit)} files in {fit_dir}")


def import_runs_cmd(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="FIT, GPX or activity CSV files, folders, or a Strava export .zip.",
            parser=existing_path,
        ),
    ],
    athlete: AthleteOption = DEFAULT_ATHLETE,
    db: DbOption = None,
    garmin_unit: Annotated[
        str, typer.Option("--garmin-unit", help="Distance unit of a Garmin Connect CSV: km or mi.")
    ] = "km",
    tz: Annotated[
        str | None,
        typer.Option("--tz", help="Time zone of Garmin Connect CSV dates, e.g. Europe/Berlin."),
    ] = None,
) -> None:
    """Import your running log; files already imported are skipped.

    Walks, hikes and rides are kept but do not count as running load. Exit status: 0 when
    everything was imported (or was already there), 1 when some files or activities
    failed, 2 when nothing was imported (every file failed, or no running log was found).
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from upright.workflows.logs import import_runs

    if garmin_unit not in ("km", "mi"):
        raise typer.BadParameter(
            f"expected km or mi, got {garmin_unit!r}", param_hint="--garmin-unit"
        )
    try:
        zone = ZoneInfo(tz) if tz else None
    except (ZoneInfoNotFoundError, ValueError):
        raise typer.BadParameter(f"unknown time zone {tz!r}", param_hint="--tz") from None
    with Progress(
        TextColumn("[bold]import[/]"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
        console=err,
        transient=True,
    ) as bar:
        task = bar.add_task("", total=None)

        def progress(name: str, i: int, total: int) -> None:
            bar.update(task, completed=i - 1, total=total, description=escape(Path(name).name))

        result = import_runs(
            paths, athlete=athlete, db=db, progress=progress, garmin_unit=garmin_unit, tz=zone
        )
    print_import(result.summary, result.added, result.url)
    raise typer.Exit(result.summary.exit_status)


def _names(files: list[str], most: int = 10) -> str:
    """Up to ``most`` file names, then how many more."""
    shown = ", ".join(escape(Path(f).name) for f in files[:most])
    return shown + (f" and {len(files) - most} more" if len(files) > most else "")


def _not_a_run(sport: str) -> str:
    """What a logged activity that is not a run was, in words ("a walk", "not a run")."""
    if sport in ("", "other"):
        return "not a run"
    return f"{'an' if sport[0] in 'aeiou' else 'a'} {sport.replace('_', ' ')}"


def print_import(s: ImportSummary, added: int, url: str) -> None:
    """Each file's problem in plain words, the files skipped, and the one-line summary."""
    for p in s.failed_files:
        console.print(f"[red]failed:[/] {escape(str(p))}", highlight=False)
    for p in s.problems:
        label = "problem" if p.dropped else "note"
        console.print(f"[yellow]{label}:[/] {escape(str(p))}", highlight=False)
    for p in s.skipped_files:
        console.print(f"[dim]skipped: {escape(str(p))}[/]", highlight=False)
    if s.known_files:
        console.print(
            f"[dim]already imported, skipped: {_names(s.known_files)}[/]", highlight=False
        )
    for name, first in s.same_files:
        console.print(
            f"[dim]skipped: {escape(Path(name).name)}: the same activity as "
            f"{escape(Path(first).name)}, taken from that file[/]",
            highlight=False,
        )
    if s.not_logs:
        console.print(
            f"[dim]not running logs, left alone: {escape(s.not_logs_line())}[/]", highlight=False
        )
    for a in (a for a in s.activities if not a.is_running):
        console.print(
            f"note: {escape(a.source)}, {escape(a.where)}: {_not_a_run(a.sport)}, kept in the "
            f"log but not counted as running load; {escape(a.load_reason)}",
            highlight=False,
        )
    console.print(f"[bold]{s.describe()}[/]; {added} added to {escape(url)}", highlight=False)
    if s.exit_status == 2:
        console.print(f"[red]nothing imported:[/] {s.why_nothing()}", highlight=False)


def show(profile: ProfileOption = None) -> None:
    """Check a profile file and print what Upright understood."""
    from upright.plan.profile import DAYS, default_profile_path, load_profile

    path = profile or default_profile_path()
    p = load_profile(path)
    console.print(f"[bold]{escape(p.name)}[/] ({escape(str(path))})")
    console.print(
        f"long run: {DAYS[p.long_run_day]}; key sessions: "
        f"{', '.join(DAYS[d] for d in p.key_session_days) or 'none'}; "
        f"easy runs: {', '.join(DAYS[d] for d in p.easy_run_days) or 'none'}"
    )
    console.print(
        f"strength: {p.strength_time.replace('_', ' ')} at {p.strength_clock:%H:%M}, "
        f"preferred {', '.join(DAYS[d] for d in p.strength_days) or 'any day'}; "
        f"equipment: {', '.join(sorted(p.equipment))}"
    )
    for r in p.races:
        console.print(f"race {r.priority}: {escape(r.name)} on {r.day:%a %d %b %Y}")


def init(
    path: Annotated[Path | None, typer.Argument(help="Where to write it.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Write a commented example profile to edit."""
    from datetime import date

    from upright.plan.profile import default_profile_path
    from upright.plan.profile_template import profile_template

    target = path or default_profile_path()
    if target.exists() and not force:
        raise typer.BadParameter(f"{target} exists; use --force to overwrite", param_hint="PATH")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(profile_template(date.today()), encoding="utf-8")
    console.print(f"wrote {target}; edit it, then run `upright profile show`")


def save(
    path: Annotated[
        Path, typer.Argument(help="Profile TOML to keep.", exists=True, dir_okay=False)
    ],
    athlete: AthleteOption = DEFAULT_ATHLETE,
    db: DbOption = None,
) -> None:
    """Check a profile and keep it with the athlete in the database."""
    from upright.workflows.plans import save_profile

    url = save_profile(path, athlete=athlete, db=db)
    console.print(f"profile of {escape(athlete)} saved in {escape(url)}")


profile_app.command("show")(show)
profile_app.command("save")(save)
profile_app.command("init")(init)


def register(app: typer.Typer) -> None:
    """Add ``plan``, ``import-runs`` and the ``profile`` group to the root app."""
    app.command("plan")(plan)
    app.command("import-runs")(import_runs_cmd)
    app.add_typer(profile_app, name="profile")
