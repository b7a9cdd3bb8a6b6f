"""Upright: a back-strength coach for runners."""

from typing import Any

__all__ = ["__version__"]


def __getattr__(name: str) -> Any:
    """``__version__``, looked up on first use: importlib.metadata costs 0.1 s at start-up."""
    if name != "__version__":
        raise AttributeError(f"module 'upright' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        found = version("upright")
    except PackageNotFoundError:  # running from a source tree that was not installed
        found = "0.0.0"
    globals()["__version__"] = found
    return found
