"""Tell a run from a walk, a hike or a ride: what counts as running load, and why.

The file's own sport decides where it names one (a FIT session's sport and sub-sport, a
GPX track's ``<type>``, a CSV's activity type). Where it names none (a GPX track from an
app that writes no type, a FIT file whose sport is "generic"), the pace, the cadence and
the heart rate decide, by the thresholds below (also listed in docs/plan.md). Walks and
hikes are kept in the log and shown; they never count as running load.
"""

from __future__ import annotations

from dataclasses import dataclass

# Sports whose time and distance count as running load.
RUNNING_SPORTS = frozenset({"run", "trail_run", "treadmill_run", "track_run", "virtual_run"})

# ours, from Naismith's rule (5 km/h on the flat plus an hour per 600 m climbed, so
# 600 m up "costs" 5 km: 8.3 m of flat per metre up; Scarf 2007 measured 7.92 from hill
# race times): the flat distance a climb is worth, to compare hilly and flat paces.
FLAT_M_PER_M_CLIMBED = 8.0
# ours: effort-equivalent speeds in km/h. Walkers average about 5 (Naismith); a brisk
# walk tops out near 6.5; the slowest steady jog is about 7.5 (8:00 min/km).
WALK_BELOW_KMH = 6.0  # slower than 10:00 min/km: a walk or a hike
RUN_FROM_KMH = 8.0  # 7:30 min/km or faster: a run
NOT_ON_FOOT_KMH = 20.0  # faster than 3:00 min/km on average: a ride or a drive
# ours: steps per minute (both feet). Runners step at 150-190, walkers at 100-125.
RUN_CADENCE_SPM = 140.0
WALK_CADENCE_SPM = 130.0
# ours: average heart rate in bpm, used only between WALK_BELOW and RUN_FROM, where the
# pace alone cannot tell a brisk walk from a slow jog.
RUN_HR_BPM = 120.0
WALK_HR_BPM = 100.0
# ours: a walk that climbs this much per kilometre is called a hike.
HIKE_CLIMB_M_PER_KM = 25.0
# ours: the least a run must cover to count as running load. Shorter "runs" are a
# watch started by mistake, a truncated file or a GPS fragment (5.7 m in 14 s, 29-86 m
# tracks were met in real logs): kept in the log and shown, never counted. A distance
# of 0 (a treadmill that records none) is judged by the time alone.
RUN_MIN_M = 200.0
RUN_MIN_S = 120.0


@dataclass(frozen=True)
class Kind:
    """What an activity is, whether it counts as running load, and why, in plain words.

    ``reason`` is the evidence only ("the file says 'cycling'", "no sport in the file;
    2.3 km in 76 min, 1.8 km/h, slower than 6 km/h"); `verdict` adds the conclusion.
    """

    sport: str
    counts_as_load: bool
    reason: str

    @property
    def verdict(self) -> str:
        """``"a walk, not counted as running load: REASON"`` or ``"counted as a run: ..."``."""
        return verdict(self.sport, self.counts_as_load, self.reason)


def verdict(sport: str, counts_as_load: bool, reason: str) -> str:
    """One line a runner reads: what the activity is, whether it counts, and why."""
    head = "counted as running load" if counts_as_load else "not counted as running load"
    return f"a {sport.replace('_', ' ')}, {head}" + (f": {reason}" if reason else "")


def from_file(sport: str, said: str) -> Kind:
    """The kind of an activity whose file names its sport (``said``: the file's words)."""
    return Kind(sport, sport in RUNNING_SPORTS, f"the file says {said!r}")


def effort_speed_kmh(distance_m: float, moving_s: float, ascent_m: float | None) -> float:
    """Flat-equivalent speed in km/h: distance plus `FLAT_M_PER_M_CLIMBED` per metre up."""
    flat_m = distance_m + FLAT_M_PER_M_CLIMBED * max(0.0, ascent_m or 0.0)
    return flat_m / moving_s * 3.6


def _walk(distance_m: float, ascent_m: float | None, why: str) -> Kind:
    climb = (ascent_m or 0.0) / max(distance_m / 1000, 1e-9)
    return Kind("hike" if climb >= HIKE_CLIMB_M_PER_KM else "walk", False, why)


def _run(why: str) -> Kind:
    return Kind("run", True, why)


def infer(
    distance_m: float,
    moving_s: float,
    *,
    ascent_m: float | None = None,
    avg_hr: float | None = None,
    cadence_spm: float | None = None,
) -> Kind:
    """The kind of an activity whose file names no sport, from pace, cadence and heart rate.

    Parameters
    ----------
    distance_m, moving_s:
        Distance in metres and moving time in seconds.
    ascent_m:
        Metres climbed (`FLAT_M_PER_M_CLIMBED` flat metres each).
    avg_hr:
        Average heart rate in beats per minute.
    cadence_spm:
        Average cadence in steps per minute, both feet (a FIT or GPX cadence is per foot:
        double it first).
    """
    if distance_m <= 0 or moving_s <= 0:
        return Kind("other", False, "no sport in the file and no distance or time to judge by")
    kmh = effort_speed_kmh(distance_m, moving_s, ascent_m)
    pace = f"no sport in the file; {_describe_pace(distance_m, moving_s, ascent_m, kmh)}"
    if kmh > NOT_ON_FOOT_KMH:
        return Kind(
            "other", False, f"{pace}, faster than anyone runs for long: not a run or a walk"
        )
    if cadence_spm is not None and cadence_spm >= RUN_CADENCE_SPM:
        return _run(f"{pace}, {cadence_spm:.0f} steps/min (a running cadence)")
    if cadence_spm is not None and cadence_spm < WALK_CADENCE_SPM:
        return _walk(distance_m, ascent_m, f"{pace}, {cadence_spm:.0f} steps/min (walking)")
    if kmh >= RUN_FROM_KMH:
        return _run(pace)
    if kmh < WALK_BELOW_KMH:
        return _walk(distance_m, ascent_m, f"{pace}, slower than {WALK_BELOW_KMH:g} km/h")
    if avg_hr is not None and avg_hr < WALK_HR_BPM:
        return _walk(distance_m, ascent_m, f"{pace}, heart rate {avg_hr:.0f} bpm")
    if avg_hr is not None and avg_hr >= RUN_HR_BPM:
        return _run(f"{pace}, heart rate {avg_hr:.0f} bpm")
    return _run(f"{pace}, between a walk and a run, with nothing else to tell: taken as a run")


def _describe_pace(distance_m: float, moving_s: float, ascent_m: float | None, kmh: float) -> str:
    """``"2.3 km in 76 min (1.8 km/h)"``, with the climb and its flat-equivalent speed."""
    far = f"{distance_m / 1000:.1f} km" if distance_m >= 1000 else f"{distance_m:.0f} m"
    minutes = moving_s / 60
    if minutes < 2:
        clock = f"{moving_s:.0f} s"
    elif minutes < 90:
        clock = f"{minutes:.0f} min"
    else:
        clock = f"{int(minutes // 60)} h {minutes % 60:02.0f}"
    if ascent_m and ascent_m >= 1:
        return f"{far} in {clock} with {ascent_m:.0f} m up, {kmh:.1f} km/h on the flat"
    return f"{far} in {clock}, {kmh:.1f} km/h"


def classify(
    file_sport: str | None,
    said: str,
    distance_m: float,
    moving_s: float,
    *,
    ascent_m: float | None = None,
    avg_hr: float | None = None,
    cadence_spm: float | None = None,
) -> Kind:
    """The file's sport where it names one, else what pace, cadence and heart rate say.

    ``file_sport`` is the file's sport normalised (`activity.sport_named`), ``said`` the
    file's own words for it; see `infer` for the rest.
    """
    if file_sport is not None:
        kind = from_file(file_sport, said)
    else:
        kind = infer(
            distance_m, moving_s, ascent_m=ascent_m, avg_hr=avg_hr, cadence_spm=cadence_spm
        )
    return too_short(kind, distance_m, moving_s)


def too_short(kind: Kind, distance_m: float, moving_s: float) -> Kind:
    """``kind``, not counted when it is shorter than `RUN_MIN_M` or `RUN_MIN_S`.

    A distance of 0 means none was recorded (a treadmill), so only the time decides then.
    """
    short_m = 0 < distance_m < RUN_MIN_M
    if not kind.counts_as_load or not (short_m or moving_s < RUN_MIN_S):
        return kind
    far = f"{distance_m:.1f} m" if distance_m < 10 else f"{distance_m:.0f} m"
    took = f"{moving_s:.0f} s" if moving_s < 120 else f"{moving_s / 60:.0f} min"
    why = (
        f"only {far} in {took}, too short to be a run "
        f"(under {RUN_MIN_M:.0f} m or {RUN_MIN_S / 60:.0f} min)"
    )
    return Kind(kind.sport, False, f"{kind.reason}; {why}" if kind.reason else why)
