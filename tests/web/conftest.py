"""Fixtures of the web tests: an app on a fresh data folder and database per test."""

from __future__ import annotations

import sys
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

warnings.filterwarnings("ignore", message=".*httpx.*")

from fastapi.testclient import TestClient  # noqa: E402

from testkit import LOCAL  # noqa: E402
from upright.web.app import create_app  # noqa: E402
from upright.web.auth import hash_token  # noqa: E402
from upright.web.settings import WebSettings  # noqa: E402

TOKEN = "test-token-" + "x" * 20
REMOTE = ("192.0.2.10", 50000)  # TEST-NET-1: documentation range, never routed


@pytest.fixture
def settings(tmp_path: Path) -> WebSettings:
    return WebSettings(
        data_dir=tmp_path / "data",
        db_url=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        token_hash=hash_token(TOKEN),
        max_video_bytes=2_000_000,
        max_log_bytes=1_000_000,
    )


@pytest.fixture
def client(settings: WebSettings) -> TestClient:
    return TestClient(create_app(settings), base_url="http://127.0.0.1:8765", client=LOCAL)


@pytest.fixture
def remote(settings: WebSettings) -> TestClient:
    return TestClient(
        create_app(settings),
        base_url="http://upright.example:8765",
        client=REMOTE,
        follow_redirects=False,
    )


@pytest.fixture
def token() -> str:
    return TOKEN


# The browser helpers live beside the tests (importlib mode does not put this folder on
# sys.path by itself).
sys.path.insert(0, str(Path(__file__).parent))


@pytest.fixture(scope="module")
def mp4v_clip() -> Path:
    """The 6 s walking clip (640x360, 30 frames/s) as OpenCV writes it: MPEG-4 Part 2,
    which Chromium does not play."""
    from demo_clips import walking_clip

    return Path(walking_clip(6.0))


@pytest.fixture(scope="module")
def webm_clip(mp4v_clip: Path) -> Path:
    """The same clip as a VP8 WebM (every frame kept), which Chromium plays."""
    from demo_clips import webm_copy

    return webm_copy(mp4v_clip)


@pytest.fixture(scope="session")
def clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three seconds of the demo as the fake camera's .y4m (640x360, yuv420p), cut once
    for the Live and LAN browser tests."""
    import subprocess

    from demo_clips import demo_video

    out = tmp_path_factory.mktemp("camera") / "clip.y4m"
    cmd = ["ffmpeg", "-v", "error", "-y", "-i", str(demo_video()), "-t", "3"]
    cmd += ["-vf", "scale=640:360", "-pix_fmt", "yuv420p", str(out)]
    subprocess.run(cmd, check=True, timeout=60)
    return out


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A web app of this test module on a free port, with its own SQLite database.

    A module that needs other settings (seeded runners, no worker) defines its own.
    """
    from browser import live_server

    root = tmp_path_factory.mktemp("web")
    settings = WebSettings(data_dir=root / "data", db_url=f"sqlite:///{root / 'db.sqlite3'}")
    with live_server(settings) as url:
        yield url


BROWSER_FIXTURES = {"browser", "chromium"}


@pytest.fixture(scope="module")
def browser() -> Any:
    """Debian's Chromium, shared by consecutive test modules (one launch, not one a module)."""
    from browser import shared_chromium

    return shared_chromium()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Any:
    """After a test module's last test, close the shared Chromium unless the next module
    uses it: a test that starts a Playwright of its own (the fake camera's) or one outside
    this folder must not find one running in this thread."""
    try:
        return (yield)
    finally:
        if nextitem is None or (
            nextitem.path != item.path
            and not BROWSER_FIXTURES & set(getattr(nextitem, "fixturenames", ()))
        ):
            from browser import close_shared_chromium

            close_shared_chromium()
