"""Read ``.gpx`` tracks with gpxpy: one activity per track that has timed points.

A GPX route (``<rte>``) is a plan, not an activity; a track without times cannot be
placed on a day. Both are reported, not guessed.
"""

from __future__ import annotations

from datetime import UTC
from pathlib import Path

import gpxpy
import gpxpy.gpx

from upright.plan.activity import Activity, FileImport, ImportProblem, normalise_sport


def _track(
    track: gpxpy.gpx.GPXTrack, index: int, name: str
) -> tuple[Activity | None, ImportProblem | None]:
    where = f"track {index}" + (f" ({track.name!r})" if track.name else "")
    points = [p for seg in track.segments for p in seg.points]
    if not points:
        return None, ImportProblem(name, where, "trkpt", "track points", "none")
    timed = [p for p in points if p.time is not None]
    if not timed:
        return None, ImportProblem(
            name,
            where,
            "time",
            "a time on the track points (to date the activity)",
            f"{len(points)} points without a time",
            dropped=True,
        )
    start = timed[0].time
    assert start is not None  # filtered above
    if start.tzinfo is None:  # GPX times are UTC by the schema; some apps omit the Z
        start = start.replace(tzinfo=UTC)
    moving = track.get_moving_data()
    bounds = track.get_time_bounds()
    elapsed = (
        (bounds.end_time - bounds.start_time).total_seconds()
        if bounds.start_time and bounds.end_time
        else 0.0
    )
    updown = track.get_uphill_downhill()
    gap = _longest_gap(timed)
    return Activity(
        start=start,
        sport=normalise_sport(track.type) if track.type else "run",
        distance_m=float(track.length_3d() or track.length_2d() or 0.0),
        moving_s=float(moving.moving_time) if moving and moving.moving_time else elapsed,
        elapsed_s=elapsed,
        ascent_m=float(updown.uphill) if updown and updown.uphill is not None else None,
        source=name,
        where=where,
        name=track.name or "",
    ), gap and ImportProblem(
        name,
        where,
        "time",
        f"no pause longer than {LONG_GAP_S / 3600:g} h between track points",
        f"a {gap[1] / 3600:.1f} h gap after point {gap[0]}; the pause is left out of "
        f"the moving time ({moving.moving_time if moving else 0:.0f} s)",
    )


LONG_GAP_S = 3600.0  # a pause this long is a watch left running or two runs in one track


def _longest_gap(points: list[gpxpy.gpx.GPXTrackPoint]) -> tuple[int, float] | None:
    """(point number, seconds) of the longest pause over `LONG_GAP_S`, else ``None``."""
    gaps = [
        (i, (b.time - a.time).total_seconds())
        for i, (a, b) in enumerate(zip(points, points[1:], strict=False), start=1)
        if a.time is not None and b.time is not None
    ]
    longest = max(gaps, key=lambda g: g[1], default=None)
    return longest if longest and longest[1] > LONG_GAP_S else None


def read_gpx(path: Path | str, data: bytes | None = None) -> FileImport:
    """Import the timed tracks of one GPX file.

    A track with no ``<type>`` is taken as a run (GPX exports of running apps rarely
    say); distance is the 3-D length in metres, moving time gpxpy's estimate in seconds.
    """
    name = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8") if data is None else data.decode("utf-8")
        gpx = gpxpy.parse(text)
    except (OSError, UnicodeDecodeError, gpxpy.gpx.GPXException) as exc:
        return FileImport(
            name,
            (),
            (
                ImportProblem(
                    name, "file", "", "a GPX document", f"{type(exc).__name__}: {exc}", True
                ),
            ),
        )
    activities, problems = [], []
    for i, track in enumerate(gpx.tracks, start=1):
        act, problem = _track(track, i, name)
        if act:
            activities.append(act)
        if problem:
            problems.append(problem)
    if not gpx.tracks:
        found = f"{len(gpx.routes)} route(s), a planned course" if gpx.routes else "nothing"
        problems.append(ImportProblem(name, "file", "trk", "a recorded track", found, True))
    elif not activities:
        problems = [
            ImportProblem(p.file, p.where, p.field, p.expected, p.found, fatal=True)
            for p in problems
        ]
    return FileImport(name, tuple(activities), tuple(problems))
