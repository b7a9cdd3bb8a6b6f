"""Settings for the whole suite."""

from __future__ import annotations

import os

# Rich wraps its output at the terminal's width, which under pytest defaults to 80
# columns, and the temporary paths of parallel workers are long: a message split over
# two lines would no longer match. Tests read what is said, not how it is laid out
# (tests of the layout set COLUMNS themselves).
os.environ.setdefault("COLUMNS", "250")
