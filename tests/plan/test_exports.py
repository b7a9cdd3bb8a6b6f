"""Exports: FIT workouts decoded by both decoders, the .ics, the JSON."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from datetime import date, timedelta

import fitdecode
import icalendar
from garmin_fit_sdk import Decoder, Stream

from upright.catalog import default_catalog
from upright.plan.fit_workout import workout_bytes
from upright.plan.plan_export import plan_to_dict, plan_to_ics, write_plan_json
from upright.plan.planner import build_plan
from upright.plan.profile import AthleteProfile, Race

CAT = default_catalog()
MONDAY = date(2026, 3, 30)


def _session():
    plan = build_plan(AthleteProfile(equipment=frozenset({"mat", "ball", "cable"})), MONDAY, 1)
    rx = plan.sessions[0].prescription
    return replace(
        rx,
        exercises=tuple(
            replace(p, load_kg=25.0) if p.exercise_id == "seated_cable_row" else p
            for p in rx.exercises
        ),
    )


def _garmin_decode(data: bytes):
    decoder = Decoder(Stream.from_byte_array(bytearray(data)))
    assert decoder.is_fit() and decoder.check_integrity()
    messages, errors = Decoder(Stream.from_byte_array(bytearray(data))).read()
    assert errors == []
    return messages


def test_fit_workout_decodes_with_garmin_sdk():
    rx = _session()
    msgs = _garmin_decode(workout_bytes(rx, CAT, "Upright Tue"))
    (file_id,) = msgs["file_id_mesgs"]
    assert file_id["type"] == "workout"
    (workout,) = msgs["workout_mesgs"]
    assert (workout["sport"], workout["sub_sport"]) == ("training", "strength_training")
    steps = msgs["workout_step_mesgs"]
    assert workout["num_valid_steps"] == len(steps)
    by_name = {}
    for s in steps:
        by_name.setdefault(s["wkt_step_name"], []).append(s)
    # bird dog: no FIT name, its title; per side: a left and a right step of 8 reps
    bird = by_name["Bird dog"]
    assert len(bird) == 2 and all(s["duration_reps"] == 8 for s in bird)
    assert "exercise_name" not in bird[0] and bird[0]["exercise_category"] == "core"
    assert "Hold 3 s" in bird[0]["notes"]
    (yr,) = by_name["Prone Y-raise on a ball"]
    assert yr["exercise_category"] == "shoulder_stability"
    assert yr["exercise_name"] == 31  # SWISS_BALL_Y_RAISE in the FIT profile
    (row,) = by_name["Seated cable row"]
    assert row["exercise_category"] == "row" and row["exercise_weight"] == 25.0
    rests = [s for s in steps if s["intensity"] == "rest"]
    assert rests and rests[0]["duration_time"] == 60.0
    repeats = [s for s in steps if s["duration_type"] == "repeat_until_steps_cmplt"]
    assert [r["repeat_steps"] for r in repeats] == [p.sets for p in rx.exercises]
    assert repeats[0]["duration_step"] == 0
    titles = {t["wkt_step_name"] for t in msgs["exercise_title_mesgs"]}
    assert "Bird dog" in titles


def test_fit_workout_decodes_with_fitdecode():
    data = workout_bytes(_session(), CAT, "Upright Tue")
    names = []
    with fitdecode.FitReader(
        io.BytesIO(data),
        check_crc=fitdecode.CrcCheck.RAISE,
        error_handling=fitdecode.ErrorHandling.RAISE,
    ) as reader:
        for frame in reader:
            if isinstance(frame, fitdecode.FitDataMessage):
                names.append(frame.name)
    assert names[0] == "file_id" and names[1] == "workout"
    assert names.count("workout_step") >= 6


def test_ics_has_one_event_per_session_with_the_prescription():
    profile = AthleteProfile(races=(Race("10K", MONDAY + timedelta(days=40), "A"),))
    plan = build_plan(profile, MONDAY, 4)
    cal = icalendar.Calendar.from_ical(plan_to_ics(plan))
    events = list(cal.walk("VEVENT"))
    # one event per session, and the race (after the plan's four weeks) as an all-day one
    assert len(events) == len(plan.sessions) + 1
    (race,) = [e for e in events if str(e.get("summary")).startswith("Race:")]
    assert race.decoded("dtstart") == MONDAY + timedelta(days=40)
    first = events[0]
    assert first.decoded("dtstart").date() == plan.sessions[0].day
    text = str(first.get("description"))
    assert "Bird dog: 2 x 8 per side" in text and "Tue:" in text
    assert len({str(e.get("uid")) for e in events}) == len(events)


def test_json_round_trip(tmp_path):
    plan = build_plan(AthleteProfile(), MONDAY, 2)
    data = json.loads(write_plan_json(plan, tmp_path / "p.json").read_text())
    assert data == json.loads(json.dumps(plan_to_dict(plan)))
    assert data["schema_version"] == 1 and len(data["weeks"]) == 2
    first = data["weeks"][0]["sessions"][0]
    assert first["day"] == plan.sessions[0].day.isoformat()
    assert first["exercises"][0]["exercise_id"] == "bird_dog"
