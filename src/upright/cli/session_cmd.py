"""``upright session``: today's back session, guided in the terminal."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import click
import typer
from rich.console import Console

from upright.cli.common import DEFAULT_ATHLETE, AthleteOption, DbOption, counted

if TYPE_CHECKING:  # the session's modules load when a session runs, not for its help
    from upright.session import SetResult
    from upright.session.runner import KeyReader
    from upright.session.stream import CameraFeed, Stream
    from upright.store import Store
    from upright.workflows.sessions import SessionAlreadyOpen, SessionRun

console = Console()

RATINGS = ("clean", "some_faults", "struggled")


def _pose_stream(camera: int | None, video: Path | None) -> Stream:
    """Landmark rows from a camera or a video file, through `upright.pose`."""
    from upright.pose.tracker import PoseTracker
    from upright.pose.video import Camera, VideoFile
    from upright.session.stream import Stream

    frames: Any = Camera(camera) if camera is not None else VideoFile(video)  # type: ignore[arg-type]
    tracker = PoseTracker()
    rows = (tracker.update(frame, t) for frame, t in frames)
    info = frames.info
    return Stream(rows, info.fps, live=camera is not None, width=info.width, height=info.height)


def _check_landmark_files(paths: list[Path]) -> None:
    """Read each landmark file now: a wrong one must stop the session before it opens.

    Each set reads its own file only when it starts, inside the session's screen.
    """
    from upright.motion.landmark_file import LandmarkFileError, load_landmarks

    for path in paths:
        try:
            load_landmarks(path)
        except LandmarkFileError as exc:
            raise typer.BadParameter(str(exc), param_hint="--landmarks") from None


def _feed(camera: int | None, video: Path | None, landmarks: list[Path]) -> CameraFeed | None:
    from upright.session.stream import CameraFeed, files_source, shared_source

    sources = sum(x is not None and x != [] for x in (camera, video, landmarks))
    if sources > 1:
        raise typer.BadParameter("give only one of --camera, --video and --landmarks")
    if landmarks:
        missing = [str(p) for p in landmarks if not p.is_file()]
        if missing:
            raise typer.BadParameter(f"no such landmark file: {', '.join(missing)}")
        _check_landmark_files(landmarks)
        return CameraFeed(files_source(landmarks))
    if camera is not None or video is not None:
        return CameraFeed(shared_source(_pose_stream(camera, video)))
    return None


def _summary(result: SetResult, row_ids: list[int]) -> None:
    """The finished set's summary (its first line names the set) and where it was stored.

    The store's row ids are named as log entries, never as a set number, so they cannot
    be mistaken for the set's place in the session.
    """
    if row_ids:
        entries = "entry" if len(row_ids) == 1 else "entries"
        head = f"Set saved (log {entries} {', '.join(str(i) for i in row_ids)})"
    else:
        head = "No rep done: nothing saved"
    console.print(f"[bold]{head}[/]")
    for line in [*result.summary_lines(), *result.notes]:
        console.print(f"  {line}", highlight=False)


def session(
    camera: Annotated[
        int | None, typer.Option(help="Watch through camera INDEX (e.g. 0).", min=0)
    ] = None,
    video: Annotated[Path | None, typer.Option(help="Watch a recorded video file.")] = None,
    landmarks: Annotated[
        list[Path] | None,
        typer.Option(
            help="Play back a landmark file (.npz/.csv) as the camera; repeat for one file a set. "
            "Only as many sets as files are run."
        ),
    ] = None,
    speed: Annotated[
        float, typer.Option(help="Run the clock this many times faster.", min=0.1, max=1000.0)
    ] = 1.0,
    quiet: Annotated[
        bool, typer.Option("--quiet", help="No speech (cues stay on screen).")
    ] = False,
    mute: Annotated[bool, typer.Option("--mute", help="No speech and no sounds.")] = False,
    resume: Annotated[
        bool,
        typer.Option(
            "--resume",
            help="Continue the last unfinished session, with the sets it started with.",
        ),
    ] = False,
    start_over: Annotated[
        bool,
        typer.Option(
            "--start-over",
            help="Close an unfinished session as abandoned (its sets stay) and start anew.",
        ),
    ] = False,
    athlete: AthleteOption = DEFAULT_ATHLETE,
    db: DbOption = None,
    exercise: Annotated[
        list[str] | None, typer.Option(help="Only this exercise of today's session (repeatable).")
    ] = None,
    sets: Annotated[int | None, typer.Option(help="Sets of each exercise instead.", min=1)] = None,
    reps: Annotated[int | None, typer.Option(help="Reps (a side) instead.", min=1)] = None,
    rating: Annotated[
        str | None,
        typer.Option(
            help="Rate every self-paced set that has reps this way instead of asking (clean, "
            "some_faults, struggled; a set short of its reps is never clean)."
        ),
    ] = None,
) -> None:
    """Run today's back session: timers, side switches, rest, spoken cues, sets logged."""
    from upright.session.runner import KeyReader
    from upright.store import open_store

    if rating is not None and rating not in RATINGS:
        raise typer.BadParameter(
            f"expected one of {', '.join(RATINGS)}, got {rating!r}", param_hint="--rating"
        )
    feed = _feed(camera, video, landmarks or [])
    keys = KeyReader()
    if feed is None and not keys.enabled:
        # Without a camera only the runner's "rep done" counts a rep; with no terminal to
        # press it in, every set would be empty, so say so now rather than log nothing.
        raise typer.BadParameter(
            "nothing could count the reps: without a terminal to press space in after "
            "each rep, give --camera, --video or --landmarks",
            param_hint="--camera/--video/--landmarks",
        )
    if resume and start_over:
        raise typer.BadParameter("give only one of --resume and --start-over")
    with open_store(db) as store:
        run = _session_run(store, athlete, db, resume, start_over, exercise, sets, reps, keys)
        if landmarks:
            run = replace(run, plans=run.plans[: len(landmarks)])
        _run(run, feed, keys, speed=speed, quiet=quiet or mute, mute=mute, rating=rating)


def _session_run(
    store: Store,
    athlete: str,
    db: str | None,
    resume: bool,
    start_over: bool,
    exercise: list[str] | None,
    sets: int | None,
    reps: int | None,
    keys: KeyReader,
) -> SessionRun:
    """The session to run: the unfinished one (``--resume``, or the runner's choice) or a new one.

    One session is open per athlete: a new start while one can be continued asks in a
    terminal, and otherwise stops with a message naming ``--resume`` and ``--start-over``.
    """
    from upright.session.program import ProgramError
    from upright.workflows.plans import todays_prescription
    from upright.workflows.sessions import SessionAlreadyOpen, resume_session, start_session

    if not resume:
        today = todays_prescription(date.today(), athlete=athlete, db=db)

        def start(old: int | None = None) -> SessionRun:
            try:
                return start_session(
                    store,
                    athlete,
                    today,
                    exercise_ids=exercise,
                    sets=sets,
                    reps=reps,
                    start_over=old,
                )
            except ProgramError as exc:
                raise typer.BadParameter(str(exc), param_hint="--exercise") from None

        try:
            return start()
        except SessionAlreadyOpen as exc:
            choice = "s" if start_over else _ask_about(store, athlete, exc, keys)
            if choice == "s":
                run = start(exc.point.session_id)
                console.print(f"Session {exc.point.session_id} closed as abandoned; its sets stay.")
                return run
    run = resume_session(store, athlete)
    if exercise or sets or reps:
        console.print(
            f"Continuing session {run.session_id} with the sets it started with "
            "(--exercise, --sets and --reps apply to new sessions)."
        )
    return run


def _ask_about(store: Store, athlete: str, exc: SessionAlreadyOpen, keys: KeyReader) -> str:
    """``"c"`` to continue the open session or ``"s"`` to start over; exits otherwise."""
    from upright.workflows.sessions import find_unfinished

    left = find_unfinished(store, athlete)
    line = left.summary() if left else f"Session {exc.point.session_id} is still open."
    if not keys.enabled:
        console.print(
            f"[bold]{athlete} has an unfinished session.[/] {line}\n"
            "Continue it with `upright session --resume`, or close it and start anew with "
            "`upright session --start-over` (its saved sets stay in the log).",
            highlight=False,
        )
        raise typer.Exit(code=2)
    console.print(f"[bold]You have an unfinished session.[/] {line}", highlight=False)
    choice = typer.prompt(
        "Continue it (c), start over (s) or quit (q)?",
        type=click.Choice(["c", "s", "q"]),
        default="c",
    )
    if choice == "q":
        raise typer.Exit(code=1)
    return str(choice)


def _run(
    run: SessionRun,
    feed: CameraFeed | None,
    keys: KeyReader,
    *,
    speed: float,
    quiet: bool,
    mute: bool,
    rating: str | None,
) -> None:
    from platformdirs import user_cache_dir
    from rich.live import Live

    from upright.session.runner import ScaledClock, StopSession, run_session
    from upright.session.screen import render
    from upright.session.speech import AudioOut

    engine = run.engine(camera=feed is not None, auto_rating=rating)  # type: ignore[arg-type]
    audio = AudioOut(Path(user_cache_dir("upright")) / "speech", speech=not quiet, sounds=not mute)

    def on_set(result: SetResult) -> None:
        _summary(result, run.record(result))

    console.print(
        f"[bold]Today's session[/]: {counted(len(run.plans), 'set')}. Keys: space = rep "
        "done (after the hold), p = pause, s = end set, q = stop."
    )
    try:
        with (
            keys.active(),
            Live(
                render(engine.snapshot()), console=console, refresh_per_second=10, transient=False
            ) as live,
        ):
            run_session(
                engine,
                ScaledClock(speed),
                audio=audio,
                feed=feed,
                keys=keys,
                on_set=on_set,
                on_frame=lambda snap: live.update(render(snap)),
            )
    except (KeyboardInterrupt, StopSession):
        console.print(
            f"Stopped. {counted(run.sets_saved, 'set')} saved; "
            "`upright session --resume` continues with the next set."
        )
        raise typer.Exit(code=130) from None
    run.end("completed")
    console.print()
    console.print(f"[bold green]Session done[/]: {counted(run.sets_saved, 'set')} saved.")
    for problem in dict.fromkeys(audio.problems):
        console.print(f"[dim]sound: {problem}[/]")


def register(app: typer.Typer) -> None:
    """Add the command to the root app."""
    app.command("session")(session)
