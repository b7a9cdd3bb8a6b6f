"""`upright.plan`, `upright.store` and `upright.motion` export their names lazily, all of them."""

import importlib
import json
import subprocess
import sys

import pytest

import upright.motion
import upright.plan
import upright.store


@pytest.mark.parametrize("package", [upright.plan, upright.store, upright.motion])
def test_every_listed_name_is_the_submodules_own(package):
    exports = package._EXPORTS
    assert sorted(exports) == sorted(package.__all__)
    for name, sub in exports.items():
        module = importlib.import_module(f"{package.__name__}.{sub}")
        assert getattr(package, name) is getattr(module, name), name
    assert set(package.__all__) <= set(dir(package))


@pytest.mark.parametrize("package", [upright.plan, upright.store, upright.motion])
def test_an_unknown_name_is_an_attribute_error(package):
    with pytest.raises(AttributeError, match="no_such_name"):
        package.no_such_name  # noqa: B018


def test_importing_the_packages_loads_no_submodule_and_no_database_code():
    code = (
        "import sys, json; import upright.plan, upright.store\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith(('upright.plan.',\n"
        "    'upright.store.', 'sqlalchemy', 'alembic')))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == []


def test_store_analyses_is_the_function_even_after_its_module_is_imported():
    # The import system sets `upright.store.analyses` to the submodule when it is first
    # imported; the package's export of the same name must still be the function.
    code = (
        "import upright.store.analyses as direct\n"
        "import upright.store as store\n"
        "from upright.store import analyses\n"
        "print(callable(analyses), analyses is store.analyses,\n"
        "      analyses.__module__, type(store.analyses).__name__)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "True", "upright.store.analyses", "function"]


def test_the_pose_step_loads_no_scipy_and_no_analysis():
    """A video's frames are read while SciPy and the analysis load on a thread."""
    code = (
        "import sys, json; import upright.pose.pipeline; from upright.motion import Landmarks\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith(('scipy',\n"
        "    'upright.motion.analyze', 'upright.motion.live')))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == []
