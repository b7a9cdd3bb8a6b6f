"""What several commands share, kept free of heavy imports so that help stays instant."""

DEFAULT_ATHLETE = "me"
"""The athlete a command means when none is named (`upright.plan.DEFAULT_ATHLETE`)."""
