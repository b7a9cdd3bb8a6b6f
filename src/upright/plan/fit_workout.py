"""Each planned session as a Garmin FIT *workout* file a watch can play.

Written with Garmin's own encoder (``garmin_fit_sdk.Encoder``): sport training, sub-sport
strength training; per exercise one step per set (or per side of a set) counted in
reps, with the weight where one is prescribed and the hold in the step's notes, a rest
step, and a repeat step for the sets. The exercise category and name come from the FIT
profile where one exists (rows: ROW; the Y-raise: SHOULDER_STABILITY/SWISS_BALL_Y_RAISE);
an exercise with no FIT name (the bird dog) is named by its title, in an
``exercise_title`` message and in each step's name.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from garmin_fit_sdk import Encoder, Profile

from upright.catalog import Exercise
from upright.plan.prescription import ExercisePrescription, SessionPrescription

MESG_FILE_ID = 0
MESG_WORKOUT = 26
MESG_WORKOUT_STEP = 27
MESG_EXERCISE_TITLE = 264
_NAME_LIMIT = 30  # ours: watches show short step names


def fit_exercise(ex: Exercise | None) -> tuple[str | None, int | None]:
    """FIT ``exercise_category`` (profile name, lower case) and ``exercise_name`` number.

    ``(None, None)`` when the catalog gives no FIT category; the name is ``None`` when
    the FIT profile has no such exercise in that category.
    """
    if ex is None or ex.fit is None or not ex.fit.category:
        return None, None
    category = ex.fit.category.lower()
    if category not in Profile["types"]["exercise_category"].values():
        return None, None
    names = Profile["types"].get(f"{category}_exercise_name", {})
    wanted = ex.fit.name.lower()
    number = next((int(k) for k, v in names.items() if v == wanted), None) if wanted else None
    return category, number


def _steps(p: ExercisePrescription, ex: Exercise | None, first: int) -> list[dict[str, Any]]:
    category, number = fit_exercise(ex)
    title = p.name[:_NAME_LIMIT]
    hold = f"Hold {p.hold_s:g} s each rep. " if p.hold_s else ""
    common: dict[str, Any] = {
        "mesg_num": MESG_WORKOUT_STEP,
        "exercise_category": category,
        "exercise_name": number,
        "wkt_step_name": title,
    }
    if p.load_kg:
        common |= {"exercise_weight": float(p.load_kg), "weight_display_unit": "kilogram"}
    sides = ("left", "right") if p.per_side else ("",)
    steps = []
    for side in sides:
        steps.append(
            common
            | {
                "duration_type": "reps",
                "duration_value": int(p.reps),
                "target_type": "open",
                "intensity": "active",
                "notes": (f"{hold}{side.title() + ' side.' if side else ''}").strip() or None,
            }
        )
    steps.append(
        {
            "mesg_num": MESG_WORKOUT_STEP,
            "wkt_step_name": "Rest",
            "duration_type": "time",
            "duration_value": int(p.rest_s * 1000),
            "target_type": "open",
            "intensity": "rest",
        }
    )
    if p.sets > 1:
        steps.append(
            {
                "mesg_num": MESG_WORKOUT_STEP,
                "wkt_step_name": f"{p.sets} sets",
                "duration_type": "repeat_until_steps_cmplt",
                "duration_value": first,
                "target_type": "open",
                "target_value": int(p.sets),
                "intensity": "active",
            }
        )
    for i, step in enumerate(steps):
        step["message_index"] = first + i
    return steps


def workout_bytes(
    session: SessionPrescription,
    catalog: dict[str, Exercise],
    name: str,
    created: datetime | None = None,
) -> bytes:
    """Encode one session as a FIT workout file and return its bytes.

    Parameters
    ----------
    session:
        The exercises in order.
    catalog:
        For each exercise's FIT category and name.
    name:
        Workout name shown on the watch (cut to 30 characters).
    created:
        ``time_created`` of the file (default now, UTC).
    """
    steps: list[dict[str, Any]] = []
    titles: list[dict[str, Any]] = []
    for p in session.exercises:
        ex = catalog.get(p.exercise_id)
        steps += _steps(p, ex, len(steps))
        category, number = fit_exercise(ex)
        if category is not None:
            titles.append(
                {
                    "mesg_num": MESG_EXERCISE_TITLE,
                    "message_index": len(titles),
                    "exercise_category": category,
                    "exercise_name": number,
                    "wkt_step_name": p.name[:_NAME_LIMIT],
                }
            )
    enc = Encoder()
    enc.write_mesg(
        {
            "mesg_num": MESG_FILE_ID,
            "type": "workout",
            "manufacturer": "development",
            "product": 0,
            "serial_number": 1,
            "time_created": created or datetime.now(UTC),
        }
    )
    enc.write_mesg(
        {
            "mesg_num": MESG_WORKOUT,
            "wkt_name": name[:_NAME_LIMIT],
            "sport": "training",
            "sub_sport": "strength_training",
            "num_valid_steps": len(steps),
        }
    )
    for step in steps:
        enc.write_mesg(step)
    for title in titles:
        enc.write_mesg(title)
    return bytes(enc.close())


def write_workout(
    path: Path,
    session: SessionPrescription,
    catalog: dict[str, Exercise],
    name: str,
    created: datetime | None = None,
) -> Path:
    """Write `workout_bytes` to ``path`` and return it."""
    path.write_bytes(workout_bytes(session, catalog, name, created))
    return path
