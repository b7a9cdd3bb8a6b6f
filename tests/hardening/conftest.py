"""Fixtures of the hardening tests; the fuzz targets live beside them in ``fuzzing.py``."""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

# importlib mode does not put this folder on sys.path by itself
sys.path.insert(0, str(Path(__file__).parent))
warnings.filterwarnings("ignore", message=".*httpx.*")
