"""The per-set (or per-video) report: one self-contained HTML file.

The page holds the summary, a table of reps, one plot per rule of its measure over
time, and a key frame at each fault. Images are embedded as base64 data URIs and the
style sheet is inline, so the file opens offline and links to nothing outside itself.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from jinja2 import Environment, PackageLoader, select_autoescape

from upright import __version__
from upright.catalog import Exercise
from upright.motion.landmarks import Landmarks
from upright.motion.result import Analysis, Rep
from upright.report.figures import data_uri
from upright.report.keyframes import fault_keyframes
from upright.report.rule_plot import limit_text, rule_figure
from upright.report.timeline import fault_label

Series = Mapping[str, tuple[npt.NDArray[np.floating], npt.NDArray[np.floating]]]
SeriesFn = Callable[[Landmarks, Exercise], Series]


@dataclass(frozen=True)
class RuleSection:
    """One rule's part of the page."""

    rule_id: str
    name: str
    limit: str
    cue: str
    faults: int
    image: str


def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("upright.report", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def default_series(landmarks: Landmarks, exercise: Exercise) -> Series:
    """Each rule's measure over time from `upright.motion.measure_series`.

    Empty when this version of `upright.motion` does not provide it.
    """
    try:
        from upright.motion import measure_series
    except ImportError:
        return {}
    return dict(measure_series(landmarks, exercise))


def _rep_row(rep: Rep, exercise: Exercise | None) -> dict[str, Any]:
    return {
        "index": rep.index,
        "side": rep.side,
        "start": rep.start,
        "duration": rep.end - rep.start,
        "hold": rep.hold_s,
        "tuck": rep.tuck_hold_s,
        "clean": rep.clean,
        "faults": [fault_label(f, exercise) for f in rep.faults],
    }


def _summary(analysis: Analysis, exercise: Exercise | None) -> dict[str, Any]:
    summary = analysis.default_summary()
    names = {r.id: r.name for r in exercise.rules} if exercise else {}
    per_rule = [
        (names.get(rule, rule), n)
        for rule, n in sorted(summary["faults_per_rule"].items(), key=lambda kv: -kv[1])
    ]
    return {**summary, "faults_per_rule": per_rule, "side_tiles": side_tiles(analysis, exercise)}


def side_tiles(analysis: Analysis, exercise: Exercise | None) -> list[tuple[int, str]]:
    """The summary's reps by side, as (count, words): "3 each side", "4 left side".

    Nothing for reps without a side ("both" arms at once): the total says it all.
    """
    counts = {s: n for s, n in analysis.reps_per_side().items() if s in ("left", "right")}
    if len(counts) == 2 and counts["left"] == counts["right"]:
        return [(counts["left"], "each side")]
    return [(n, exercise.side_words(s) if exercise else f"{s} side") for s, n in counts.items()]


def no_rep_reason(analysis: Analysis) -> str:
    """Why no rep was counted, as far as the analysis says, in a sentence or two.

    Its first warning (often "is this the right exercise?"), then the first movement it
    saw but did not count and why; else the usual causes.
    """
    said = [w.rstrip(".") for w in analysis.warnings[:1]]
    if analysis.not_counted:
        first = analysis.not_counted[0]
        said.append(
            f"The first movement not counted ({first.start:.1f}-{first.end:.1f} s): {first.reason}"
        )
    if not said:
        said.append(
            "No movement of this exercise was seen: check the exercise chosen, and film "
            "side-on with the whole body in view"
        )
    return " ".join(x if x.endswith(("?", "!")) else x + "." for x in said)


def _time_span(landmarks: Landmarks) -> tuple[float, float] | None:
    if len(landmarks) == 0:
        return None
    return float(landmarks.t[0]), float(landmarks.t[-1])


def rule_sections(
    analysis: Analysis,
    exercise: Exercise,
    series: Series,
    xlim: tuple[float, float] | None = None,
) -> list[RuleSection]:
    """A plot per rule of ``exercise`` that has a measured series, in catalog order."""
    faults = analysis.all_faults()
    sections = []
    for rule in exercise.rules:
        if rule.id not in series:
            continue
        t, values = series[rule.id]
        mine = [f for f in faults if f.rule == rule.id]
        fig = rule_figure(rule, t, values, mine, analysis.reps, xlim)
        sections.append(
            RuleSection(rule.id, rule.name, limit_text(rule), rule.cue, len(mine), data_uri(fig))
        )
    return sections


def render_report(
    analysis: Analysis,
    landmarks: Landmarks,
    exercise: Exercise | None,
    video_path: str | Path | None = None,
    series: Series | None = None,
    title: str | None = None,
    demo_base: str = "",
    source_name: str | None = None,
) -> str:
    """The report page as HTML text (see `write_report`).

    With ``demo_base`` (the web app's "/exercises") each rule links to its fault
    demonstration, ``{demo_base}/{exercise}#rule-{rule}``; a file on disk has none.
    """
    if series is None:
        series = default_series(landmarks, exercise) if exercise is not None else {}
    keyframes = fault_keyframes(landmarks, analysis, exercise, video_path, width=560)
    context = {
        "title": title or f"{exercise.name if exercise else analysis.exercise}: set report",
        "exercise": exercise,
        "analysis": analysis,
        "source": source_name or (Path(video_path).name if video_path else "landmarks only"),
        "no_rep_why": no_rep_reason(analysis) if not analysis.reps else "",
        "summary": _summary(analysis, exercise),
        "reps": [_rep_row(r, exercise) for r in analysis.reps],
        "loose_faults": [fault_label(f, exercise) + f" at {f.at:.1f} s" for f in analysis.faults],
        "rules": rule_sections(analysis, exercise, series, _time_span(landmarks))
        if exercise
        else [],
        "has_series": bool(series),
        "keyframes": [
            {
                "t": k.t,
                "label": k.label,
                "src": "data:image/jpeg;base64," + base64.b64encode(k.jpeg).decode("ascii"),
            }
            for k in keyframes
        ],
        "version": __version__,
        "demo_base": demo_base,
    }
    return _environment().get_template("report.html.j2").render(**context)


def write_report(
    analysis: Analysis,
    landmarks: Landmarks,
    exercise: Exercise | None,
    out_html: str | Path,
    video_path: str | Path | None = None,
    series: Series | None = None,
    demo_base: str = "",
    source_name: str | None = None,
) -> Path:
    """Write the self-contained HTML report of one set or video.

    Parameters
    ----------
    analysis
        What the analysis found.
    landmarks
        The landmarks it was computed from (key frames, stick figures, measures).
    exercise
        The catalog exercise (rule names, thresholds, cues); None shows raw rule ids.
    out_html
        Where to write the page (folders are created).
    video_path
        The source video, for key frames from real pictures; stick figures otherwise.
    series
        Each rule's measure over time, ``{rule_id: (t_s, values)}``; by default from
        `upright.motion.measure_series`.
    demo_base
        Where the web app serves the exercises ("/exercises"): each rule then links to
        its fault demonstration. Empty (no links) for a file read on its own.
    source_name
        The name the page gives its source (an upload's own name); default: the video
        file's name.

    Returns
    -------
    Path
        ``out_html``.
    """
    out = Path(out_html)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(
        render_report(
            analysis,
            landmarks,
            exercise,
            video_path,
            series,
            demo_base=demo_base,
            source_name=source_name,
        ),
        encoding="utf-8",
    )
    return out
