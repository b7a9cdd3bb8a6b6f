"""How many CPU threads a new pose interpreter gets: 2 unless UPRIGHT_POSE_THREADS says."""

from __future__ import annotations

import pytest

from upright.pose.litert import THREADS_ENV, default_threads


def test_two_threads_when_the_variable_is_not_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(THREADS_ENV, raising=False)
    assert default_threads() == 2


@pytest.mark.parametrize("value", ["1", "3", " 4 "])
def test_the_variable_sets_the_threads(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv(THREADS_ENV, value)
    assert default_threads() == int(value)


@pytest.mark.parametrize("value", ["0", "-1", "two", "1.5"])
def test_a_bad_value_is_refused_by_name(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv(THREADS_ENV, value)
    with pytest.raises(ValueError, match=THREADS_ENV):
        default_threads()
