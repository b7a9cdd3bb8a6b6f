"""The server's malloc setting is taken where glibc is the allocator."""

from __future__ import annotations

import platform

import pytest

from upright.web.memory import limit_malloc_arenas


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="glibc's mallopt only")
def test_glibc_takes_the_arena_cap() -> None:
    assert limit_malloc_arenas(2) is True
    assert limit_malloc_arenas(0) is True  # 0: glibc's default again (nothing else changes)
