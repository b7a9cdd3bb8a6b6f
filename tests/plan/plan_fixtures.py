"""Helpers of the plan tests: running-log files written here with known contents.

FIT activities come from Garmin's own encoder, GPX from gpxpy, and the CSVs carry the
real column names of Strava's bulk export and Garmin Connect's activity list.
"""

from __future__ import annotations

import csv
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import gpxpy.gpx
from garmin_fit_sdk import Encoder

from upright.plan.progression import LoggedExercise

REAL_LOGS = Path(__file__).resolve().parents[3] / "shared" / "data" / "running-logs"
FIT_EPOCH = datetime(1989, 12, 31, tzinfo=UTC)

# Strava bulk export: the first Distance is km, the second metres; names repeat.
STRAVA_HEADER = [
    "Activity ID",
    "Activity Date",
    "Activity Name",
    "Activity Type",
    "Activity Description",
    "Elapsed Time",
    "Distance",
    "Max Heart Rate",
    "Relative Effort",
    "Commute",
    "Activity Private Note",
    "Activity Gear",
    "Filename",
    "Athlete Weight",
    "Bike Weight",
    "Elapsed Time",
    "Moving Time",
    "Distance",
    "Max Speed",
    "Average Speed",
    "Elevation Gain",
    "Elevation Loss",
    "Elevation Low",
    "Elevation High",
    "Max Grade",
    "Average Grade",
    "Max Cadence",
    "Average Cadence",
    "Average Heart Rate",
]
GARMIN_HEADER = [
    "Activity Type",
    "Date",
    "Favorite",
    "Title",
    "Distance",
    "Calories",
    "Time",
    "Avg HR",
    "Max HR",
    "Aerobic TE",
    "Avg Run Cadence",
    "Max Run Cadence",
    "Avg Pace",
    "Best Pace",
    "Total Ascent",
    "Total Descent",
    "Avg Stride Length",
    "Training Stress Score®",
    "Number of Laps",
    "Moving Time",
    "Elapsed Time",
    "Min Elevation",
    "Max Elevation",
]


def fit_activity(
    start: datetime,
    distance_m: float,
    duration_s: float,
    *,
    sport: str = "running",
    sub_sport: str = "generic",
    avg_hr: int | None = 150,
    ascent_m: int = 42,
    utc_offset_h: float = 2.0,
    records: int = 20,
    session: bool = True,
) -> bytes:
    """A FIT activity: ``records`` evenly spaced records, then a session and activity."""
    enc = Encoder()
    enc.write_mesg(
        {
            "mesg_num": 0,
            "type": "activity",
            "manufacturer": "development",
            "product": 0,
            "serial_number": 7,
            "time_created": start,
        }
    )
    for i in range(records):
        frac = i / max(1, records - 1)
        enc.write_mesg(
            {
                "mesg_num": 20,
                "timestamp": start + timedelta(seconds=duration_s * frac),
                "distance": distance_m * frac,
                "heart_rate": avg_hr or 0,
            }
        )
    end = start + timedelta(seconds=duration_s)
    if session:
        enc.write_mesg(
            {
                "mesg_num": 18,
                "timestamp": end,
                "start_time": start,
                "sport": sport,
                "sub_sport": sub_sport,
                "total_distance": distance_m,
                "total_timer_time": duration_s,
                "total_elapsed_time": duration_s + 30,
                "total_ascent": ascent_m,
                "avg_heart_rate": avg_hr,
                "message_index": 0,
            }
        )
        local = int((end - FIT_EPOCH).total_seconds() + utc_offset_h * 3600)
        enc.write_mesg(
            {
                "mesg_num": 34,
                "timestamp": end,
                "local_timestamp": local,
                "num_sessions": 1,
                "type": "manual",
            }
        )
    return bytes(enc.close())


def gpx_track(start: datetime | None, points: int = 30, step_m: float = 10.0) -> str:
    """A straight track north from (46.0, 14.0), one point every 5 s, ``step_m`` apart."""
    gpx = gpxpy.gpx.GPX()
    track = gpxpy.gpx.GPXTrack(name="Morning run")
    gpx.tracks.append(track)
    seg = gpxpy.gpx.GPXTrackSegment()
    track.segments.append(seg)
    for i in range(points):
        seg.points.append(
            gpxpy.gpx.GPXTrackPoint(
                46.0 + i * step_m / 111_195.0,
                14.0,
                elevation=300.0 + i,
                time=start + timedelta(seconds=5 * i) if start else None,
            )
        )
    return gpx.to_xml()


def write_csv(path: Path, header: list[str], rows: list[dict[str, str]]) -> Path:
    """Write rows by column name; repeated names take the same value; missing cells empty."""
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        for row in rows:
            w.writerow([row.get(col, "") for col in header])
    return path


def strava_row(act_id: int, date: str, kind: str, km: float, seconds: int, **extra: str) -> dict:
    return {
        "Activity ID": str(act_id),
        "Activity Date": date,
        "Activity Name": f"{kind} {act_id}",
        "Activity Type": kind,
        "Elapsed Time": str(seconds),
        "Distance": f"{km:.2f}",
        "Moving Time": str(seconds),
        "Elevation Gain": "55.0",
        "Average Heart Rate": "148.0",
        "Filename": f"activities/{act_id}.fit.gz",
        **extra,
    }


def garmin_row(kind: str, date: str, distance: str, time: str, **extra: str) -> dict:
    return {
        "Activity Type": kind,
        "Date": date,
        "Favorite": "false",
        "Title": f"{kind}",
        "Distance": distance,
        "Calories": "612",
        "Time": time,
        "Avg HR": "151",
        "Max HR": "171",
        "Total Ascent": "120",
        "Moving Time": time,
        "Elapsed Time": time,
        **extra,
    }


GPXTPX = "http://www.garmin.com/xmlschemas/TrackPointExtension/v1"


def gpx_outing(
    start: datetime,
    km: float,
    minutes: float,
    *,
    climb_m: float = 0.0,
    kind: str | None = None,
    hr: float | None = None,
    cadence: float | None = None,
    points: int = 120,
    stamp: datetime | None = None,
) -> str:
    """A straight GPX track north: ``km`` in ``minutes`` at an even pace, climbing evenly.

    The answer is known by hand: speed is ``km / minutes * 60`` km/h on the flat, climbs
    ``climb_m`` in all (elevation rises by the same step each point). ``kind`` is the
    track's ``<type>`` (none when ``None``); ``hr`` (bpm) and ``cadence`` (per foot, as
    Garmin writes it) go in each point's TrackPointExtension. ``stamp`` puts one
    placeholder time on every point instead (a device with no clock).
    """
    import xml.etree.ElementTree as ET

    gpx = gpxpy.gpx.GPX()
    gpx.nsmap["gpxtpx"] = GPXTPX
    track = gpxpy.gpx.GPXTrack(name="Outing")
    track.type = kind
    gpx.tracks.append(track)
    seg = gpxpy.gpx.GPXTrackSegment()
    track.segments.append(seg)
    for i in range(points):
        frac = i / (points - 1)
        point = gpxpy.gpx.GPXTrackPoint(
            46.0 + km * frac / 111.195,
            14.0,
            elevation=300.0 + climb_m * frac,
            time=stamp or start + timedelta(minutes=minutes * frac),
        )
        if hr is not None or cadence is not None:
            ext = ET.Element(f"{{{GPXTPX}}}TrackPointExtension")
            for tag, value in (("hr", hr), ("cad", cadence)):
                if value is not None:
                    ET.SubElement(ext, f"{{{GPXTPX}}}{tag}").text = f"{value:.0f}"
            point.extensions.append(ext)
        seg.points.append(point)
    return gpx.to_xml()


def logged(
    day: date,
    exercise_id: str,
    *,
    sets: int = 2,
    reps: int = 8,
    hold_s: float = 0.0,
    load_kg: float | None = None,
    done: int | None = None,
    faulty: int = 0,
    total: int = 0,
    rated_clean: bool | None = None,
) -> LoggedExercise:
    """One past exercise: every set done, ``done`` reps in the worst (all, unless said)."""
    return LoggedExercise(
        day=day,
        exercise_id=exercise_id,
        sets=sets,
        reps=reps,
        hold_s=hold_s,
        load_kg=load_kg,
        sets_done=sets,
        reps_done_min=reps if done is None else done,
        faulty_reps=faulty,
        total_reps=total,
        rated_clean=rated_clean,
    )
