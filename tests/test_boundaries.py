"""Package boundaries (DESIGN.md): the analysis core stays pure."""

import json
import subprocess
import sys

import pytest

HEAVY = [
    "cv2",
    "ai_edge_litert",
    "sqlalchemy",
    "alembic",
    "fastapi",
    "starlette",
    "jinja2",
    "matplotlib",
    "psycopg",
    "uvicorn",
]


@pytest.mark.parametrize("package", ["upright.catalog", "upright.motion", "upright.sim"])
def test_pure_packages_load_no_runtime_database_or_web(package):
    code = (
        f"import sys, json; import {package}; "
        f"print(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == []


def test_catalog_uses_only_the_standard_library():
    code = (
        "import sys, json; before = set(sys.modules); import upright.catalog; "
        "print(json.dumps(sorted({m.split('.')[0] for m in set(sys.modules) - before})))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    third_party = [
        m for m in json.loads(out.stdout) if m not in sys.stdlib_module_names and m != "upright"
    ]
    assert third_party == []
