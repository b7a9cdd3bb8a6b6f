"""Fuzzed inputs to every reader: no traceback, only the project's errors naming the file.

A small seeded budget runs here (the targets are in ``fuzzing.py``); ``bench/fuzz.py``
runs the same targets with more than 10,000 inputs in all.
"""

from __future__ import annotations

from pathlib import Path

import fuzzing
import pytest

pytestmark = pytest.mark.filterwarnings(
    "ignore::RuntimeWarning", "ignore::numpy.exceptions.ComplexWarning"
)

SEED = 20260313
BUDGET = 100  # inputs a target in the test suite


@pytest.fixture(scope="module")
def targets(tmp_path_factory: pytest.TempPathFactory) -> dict[str, fuzzing.Target]:
    tmp = tmp_path_factory.mktemp("fuzz")
    found = fuzzing.make_targets(tmp) + fuzzing.make_web_targets(tmp)
    return {t.name: t for t in found}


NAMES = [
    "landmarks_npz_bytes",
    "landmarks_npz_arrays",
    "landmarks_csv",
    "catalog_toml_text",
    "catalog_toml_tree",
    "catalog_toml_bytes",
    "profile_toml_text",
    "profile_toml_tree",
    "profile_toml_bytes",
    "fit_bytes",
    "gpx_bytes",
    "gpx_text",
    "csv_bytes",
    "csv_scratch",
    "zip_bytes",
    "analysis_json_text",
    "analysis_json_tree",
    "web_openapi",
    "web_forms",
]


@pytest.mark.parametrize("name", NAMES)
def test_fuzzed_inputs_are_read_or_rejected_cleanly(targets, name, tmp_path: Path) -> None:
    stats = fuzzing.run_target(targets[name], BUDGET, SEED, tmp_path)
    assert stats.inputs >= BUDGET // 2  # hypothesis may stop early only on a tiny space
    assert stats.ok + stats.rejected == stats.inputs


def test_every_target_is_in_the_suite(targets) -> None:
    assert sorted(NAMES) == sorted(targets)


def test_the_invariant_catches_a_message_without_the_file_name() -> None:
    from upright.errors import UprightError

    with pytest.raises(fuzzing.InvariantBroken):
        fuzzing.expect_named(UprightError("something went wrong"), "fuzz.npz")
    assert fuzzing.expect_named(UprightError("fuzz.npz: bad"), "fuzz.npz") == "rejected"


def test_mutations_change_the_seed() -> None:
    data = b"0123456789" * 4
    assert fuzzing._apply_byte_ops(data, [(3, 5, b"")]) == data[:5]
    assert fuzzing._apply_byte_ops(data, [(1, 0, b"xy")]).startswith(b"xy0")
    assert fuzzing._apply_text_ops("a\nb\nc", [(4, 1, "Z")]) == "a\nZ\nc"
