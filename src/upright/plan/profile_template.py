"""The commented example profile that ``upright profile init`` writes."""

from datetime import date, timedelta

PROFILE_TEMPLATE = """\
# Upright athlete profile. Days: mon tue wed thu fri sat sun.
# Your name on the plan and the calendar; without it, the athlete's id ("me") is shown.
# name = "Sam"

# Your time zone: the plan's weeks run Monday to Sunday there, and the calendar's
# times are its clock times. Without it, the machine's time zone is used.
# timezone = "Europe/Berlin"

# Your running week. The back sessions never land on the day before the long run or
# a key session (intervals, tempo), nor on the long run's day.
long_run_day = "sun"
key_session_days = ["tue"]
easy_run_days = ["mon", "thu", "sat"]

# When you like to do the back work:
#   "hard_day"        on a key-session day, after the run ("hard days hard")
#   "before_easy_run" first thing, at least 6 h before an easy run
strength_time = "hard_day"
strength_clock = "07:00"
strength_days = []          # preferred days, e.g. ["tue", "fri"]; empty: any

# What you have: gym, cable, dumbbells, ball (stability ball), mat.
equipment = ["gym"]

# 2 or 3 back sessions a week while building up to a race.
build_sessions = 2

# Races: priority A is tapered for; B and C are trained through. After a race the
# back sessions wait one day per 5 km raced (a marathon: 9 days); without distance_km
# an A race is taken as a marathon.
# [[race]]
# name = "City Marathon"
# date = 2026-10-11
# priority = "A"
# distance_km = 42.195
"""


def example_race_day(today: date) -> date:
    """The example race's day: the Sunday 16 to 17 weeks after ``today``, never past."""
    day = today + timedelta(weeks=16)
    return day + timedelta(days=6 - day.weekday())


def profile_template(today: date) -> str:
    """`PROFILE_TEMPLATE` with the example race ahead of ``today``.

    A fixed example date goes by: uncommented as it stands, it would name a race already
    run, which shapes no plan.
    """
    return PROFILE_TEMPLATE.replace(
        "# date = 2026-10-11", f"# date = {example_race_day(today).isoformat()}"
    )
