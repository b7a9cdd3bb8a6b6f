"""The exercise catalog: the program's exercises and form rules as commented TOML."""

from upright.catalog.keypoints import KEYPOINT_INDEX, KEYPOINT_NAMES, NUM_KEYPOINTS
from upright.catalog.loader import (
    CatalogError,
    default_catalog,
    get_exercise,
    load_catalog,
    load_file,
    user_catalog_dir,
)
from upright.catalog.model import (
    DEFAULT_CALLS,
    GENERIC_EXERCISE,
    Dosage,
    Exercise,
    FitName,
    Placement,
    ProgressionStep,
    RepSignal,
    Rule,
)

__all__ = [
    "DEFAULT_CALLS",
    "GENERIC_EXERCISE",
    "KEYPOINT_INDEX",
    "KEYPOINT_NAMES",
    "NUM_KEYPOINTS",
    "CatalogError",
    "Dosage",
    "Exercise",
    "FitName",
    "Placement",
    "ProgressionStep",
    "RepSignal",
    "Rule",
    "default_catalog",
    "get_exercise",
    "load_catalog",
    "load_file",
    "user_catalog_dir",
]
