"""The project's own error type.

Every package raises subclasses of `UprightError` for bad input or a failed operation,
with a message that names the file or field, what was expected and what was found. Front
ends turn these (and only these) into clean messages; anything else is a bug and keeps
its traceback.
"""


class UprightError(Exception):
    """Base class of every error Upright reports to a user as a plain message."""
