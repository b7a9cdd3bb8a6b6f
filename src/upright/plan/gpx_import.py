"""Read ``.gpx`` tracks with gpxpy: one activity per track that has timed points.

A GPX route (``<rte>``) is a plan, not an activity; a track without times cannot be
placed on a day. Both are reported, not guessed. A track's ``<type>`` names its sport
where the app wrote one; otherwise the pace, and the heart rate and cadence of Garmin's
track-point extension where present, tell a run from a walk (`activity_kind`).
"""

from __future__ import annotations

import re
from datetime import UTC
from pathlib import Path

import gpxpy
import gpxpy.gpx

from upright.plan.activity import (
    Activity,
    FileImport,
    ImportProblem,
    empty_file,
    sport_named,
    unreadable,
)
from upright.plan.activity_kind import classify

LONG_GAP_S = 3600.0  # a pause this long is a watch left running or two runs in one track


def _sensor_means(points: list[gpxpy.gpx.GPXTrackPoint]) -> tuple[float | None, float | None]:
    """Mean heart rate (bpm) and cadence (steps/min) of the points' extensions, if any.

    Garmin's TrackPointExtension writes ``hr`` and ``cad``; its cadence is per foot, as
    on the watch, so it is doubled into steps per minute.
    """
    hr: list[float] = []
    cad: list[float] = []
    for point in points:
        for ext in point.extensions:
            for el in ext.iter():
                tag = el.tag.rsplit("}", 1)[-1].lower() if isinstance(el.tag, str) else ""
                value = _number(el.text)
                if value is None or value <= 0:
                    continue
                if tag in ("hr", "heartrate"):
                    hr.append(value)
                elif tag in ("cad", "cadence"):
                    cad.append(2 * value)
    return (sum(hr) / len(hr) if hr else None), (sum(cad) / len(cad) if cad else None)


def _number(text: str | None) -> float | None:
    try:
        return float(text) if text else None
    except ValueError:
        return None


def _activity(
    track: gpxpy.gpx.GPXTrack, timed: list[gpxpy.gpx.GPXTrackPoint], name: str, where: str
) -> Activity:
    start = timed[0].time
    assert start is not None  # the caller kept timed points only
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
    ascent = float(updown.uphill) if updown and updown.uphill is not None else None
    distance = float(track.length_3d() or track.length_2d() or 0.0)
    moving_s = float(moving.moving_time) if moving and moving.moving_time else elapsed
    hr, cadence = _sensor_means(timed)
    kind = classify(
        sport_named(track.type),
        track.type or "",
        distance,
        moving_s,
        ascent_m=ascent,
        avg_hr=hr,
        cadence_spm=cadence,
    )
    return Activity.of_kind(
        kind,
        start=start,
        distance_m=distance,
        moving_s=moving_s,
        elapsed_s=elapsed,
        ascent_m=ascent,
        avg_hr=hr,
        source=name,
        where=where,
        name=track.name or "",
    )


def _track(
    track: gpxpy.gpx.GPXTrack, index: int, name: str
) -> tuple[Activity | None, ImportProblem | None]:
    where = f"track {index}" + (f" ({track.name!r})" if track.name else "")
    points = [p for seg in track.segments for p in seg.points]
    if not points:
        return None, ImportProblem(
            file=name,
            where=where,
            field="trkpt",
            expected="track points",
            found="none",
            plain="has no track points",
        )
    timed = [p for p in points if p.time is not None]
    if not timed:
        return None, ImportProblem(
            file=name,
            where=where,
            field="time",
            expected="a time on the track points (to date the activity)",
            found=f"{len(points)} points without a time",
            dropped=True,
            plain=f"its {len(points)} points have no time, so it cannot be put on a day: left out",
        )
    act = _activity(track, timed, name, where)
    gap = _longest_gap(timed)
    return act, gap and ImportProblem(
        file=name,
        where=where,
        field="time",
        expected=f"no pause longer than {LONG_GAP_S / 3600:g} h between track points",
        found=f"a {gap[1] / 3600:.1f} h gap after point {gap[0]}",
        plain=f"a {gap[1] / 3600:.1f} h gap after point {gap[0]}; the pause is left out "
        f"of the moving time ({act.moving_s:.0f} s)",
    )


def _longest_gap(points: list[gpxpy.gpx.GPXTrackPoint]) -> tuple[int, float] | None:
    """(point number, seconds) of the longest pause over `LONG_GAP_S`, else ``None``."""
    gaps = [
        (i, (b.time - a.time).total_seconds())
        for i, (a, b) in enumerate(zip(points, points[1:], strict=False), start=1)
        if a.time is not None and b.time is not None
    ]
    longest = max(gaps, key=lambda g: g[1], default=None)
    return longest if longest and longest[1] > LONG_GAP_S else None


def _parse_error(name: str, exc: Exception) -> ImportProblem:
    """A GPX that did not parse, in plain words: where the XML broke, if it says."""
    text = str(exc)
    place = re.search(r"line (\d+), column (\d+)", text)
    if isinstance(exc, UnicodeDecodeError):
        plain = "not a GPX file: it is not text (UTF-8)"
    elif place:
        plain = (
            f"not a readable GPX file: its XML breaks off or goes wrong at line "
            f"{place[1]}, column {place[2]} (cut short?)"
        )
    else:
        plain = "not a readable GPX file"
    return ImportProblem(
        file=name,
        where="",
        field="",
        expected="a GPX document",
        found=f"{type(exc).__name__}: {exc}",
        fatal=True,
        plain=plain,
    )


def read_gpx(path: Path | str, data: bytes | None = None) -> FileImport:
    """Import the timed tracks of one GPX file.

    A track with no ``<type>`` is a run or a walk by its pace (`activity_kind`);
    distance is the 3-D length in metres, moving time gpxpy's estimate in seconds.
    """
    name = str(path)
    try:
        raw = Path(path).read_bytes() if data is None else data
    except OSError as exc:
        return FileImport(name, (), (unreadable(name, exc),))
    if not raw.strip():
        return FileImport(name, (), (empty_file(name),))
    try:
        gpx = gpxpy.parse(raw.decode("utf-8"))
    except (UnicodeDecodeError, gpxpy.gpx.GPXException) as exc:
        return FileImport(name, (), (_parse_error(name, exc),))
    activities, problems = [], []
    for i, track in enumerate(gpx.tracks, start=1):
        act, problem = _track(track, i, name)
        if act:
            activities.append(act)
        if problem:
            problems.append(problem)
    if not gpx.tracks:
        found = f"{len(gpx.routes)} route(s), a planned course" if gpx.routes else "nothing"
        plain = "a planned route, not a recorded track" if gpx.routes else "holds no recorded track"
        problems.append(
            ImportProblem(
                file=name,
                where="",
                field="trk",
                expected="a recorded track",
                found=found,
                fatal=True,
                plain=plain,
            )
        )
    elif not activities:
        problems = [
            ImportProblem(
                file=p.file,
                where=p.where,
                field=p.field,
                expected=p.expected,
                found=p.found,
                fatal=True,
                plain=p.plain,
            )
            for p in problems
        ]
    return FileImport(name, tuple(activities), tuple(problems))
