"""``upright serve --lan`` with a phone-sized Chromium on this machine's network address.

The server is the real command in a subprocess: it finds this machine's own non-loopback
address, makes its certificate authority and server certificate, and prints the pairing
link. Chromium trusts that CA through an NSS database made with ``certutil`` (the way a
phone trusts it after installing it), or, without certutil, through a pin of the server
certificate's key alone; certificate errors are never ignored wholesale. It emulates a
phone (390 px wide, touch, mobile) whose fake camera plays a real video of a person, opens
the pairing link, and runs the Live page over https and wss.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from browser import CHROMIUM, CHROMIUM_ARGS, VIEWPORTS
from test_live_browser import _overlay_pixels

from upright.web.lan import machine_addresses, pick_lan_address, url_host
from upright.web.tls import spki_sha256

SCREENSHOTS = Path(__file__).parent / "screenshots"
LAN_IP = pick_lan_address(machine_addresses())

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed"),
    pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="ffmpeg is not installed"),
    pytest.mark.skipif(LAN_IP is None, reason="this machine has no non-loopback address"),
]


@dataclass(frozen=True)
class LanServer:
    address: str  # https://IP:PORT/
    link: str  # the address with ?token=
    data_dir: Path
    output: Path


def _free_port_on(host: str) -> int:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family) as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


def _wait_for_link(proc: subprocess.Popen[bytes], output: Path, ca: Path, timeout_s: float) -> str:
    """The pairing link the command printed, once the server answers over https."""
    deadline = time.monotonic() + timeout_s
    link = None
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"upright serve --lan stopped:\n{output.read_text()}")
        found = re.search(r"https://\S+\?token=\S+", output.read_text())
        if found:
            link = found.group(0)
            try:
                trusting = ssl.create_default_context(cafile=str(ca))
                urllib.request.urlopen(link.split("?")[0], context=trusting)
            except urllib.error.HTTPError:
                return link  # it answers (401 without the token): up
            except OSError:
                pass
        time.sleep(0.2)
    raise RuntimeError(f"no pairing link within {timeout_s} s:\n{output.read_text()}")


@pytest.fixture(scope="module")
def lan(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LanServer]:
    assert LAN_IP is not None
    root = tmp_path_factory.mktemp("lan")
    port = _free_port_on(str(LAN_IP))
    output = root / "serve.txt"
    cmd = [sys.executable, "-c", "from upright.cli import main; main()", "serve", "--lan"]
    cmd += ["--port", str(port), "--workers", "0", "--data-dir", str(root / "data")]
    cmd += ["--db", f"sqlite:///{root / 'db.sqlite3'}"]
    with output.open("wb") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=dict(os.environ))
    try:
        link = _wait_for_link(proc, output, root / "data" / "tls" / "ca.crt", timeout_s=90)
        yield LanServer(link.split("?")[0], link, root / "data", output)
    finally:
        proc.terminate()
        proc.wait(20)


def _trusting_home(home: Path, ca: Path) -> bool:
    """An NSS database in ``home`` that trusts ``ca`` for servers; False without certutil."""
    if shutil.which("certutil") is None:
        return False
    db = home / ".pki" / "nssdb"
    db.mkdir(parents=True)
    subprocess.run(["certutil", "-d", f"sql:{db}", "-N", "--empty-password"], check=True)
    add = ["certutil", "-d", f"sql:{db}", "-A", "-n", "Upright local CA", "-t", "C,,"]
    subprocess.run([*add, "-i", str(ca)], check=True)
    return True


@pytest.fixture
def phone(lan: LanServer, clip: Path, tmp_path: Path) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    args = [*CHROMIUM_ARGS, "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream"]
    args.append(f"--use-file-for-fake-video-capture={clip}")
    home = tmp_path / "home"
    if not _trusting_home(home, lan.data_dir / "tls" / "ca.crt"):
        pin = spki_sha256((lan.data_dir / "tls" / "server.crt").read_bytes())
        args.append(f"--ignore-certificate-errors-spki-list={pin}")
    env = {**os.environ, "HOME": str(home)}
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=args, env=env
        )
        context = browser.new_context(
            viewport=VIEWPORTS["phone"], is_mobile=True, has_touch=True, device_scale_factor=2
        )
        pg = context.new_page()
        errors: list[str] = []
        foreign: list[str] = []
        origin = lan.address.rstrip("/")
        wss = origin.replace("https://", "wss://")
        pg.on("pageerror", lambda e: errors.append(str(e)))
        pg.on(
            "request",
            lambda r: (
                None if r.url.startswith((origin, wss, "data:", "blob:")) else foreign.append(r.url)
            ),
        )
        yield pg
        browser.close()
    assert not errors, f"JavaScript errors: {errors}"
    assert not foreign, f"requests to other hosts: {foreign}"


def _decode_qr(png: bytes) -> str:
    """The text of the QR code in a PNG image (OpenCV's detector)."""
    import cv2
    import numpy as np

    image = cv2.imdecode(np.frombuffer(png, dtype=np.uint8), cv2.IMREAD_GRAYSCALE)
    text, _points, _straight = cv2.QRCodeDetector().detectAndDecode(image)
    return str(text)


def test_the_command_prints_the_lan_address_and_a_qr_code(lan: LanServer) -> None:
    text = lan.output.read_text()
    assert lan.address == f"https://{url_host(LAN_IP)}:{lan.address.rsplit(':', 1)[1]}"  # type: ignore[arg-type]
    assert f"Upright is at {lan.address}" in text
    assert sum(1 for line in text.splitlines() if "█" in line) >= 21  # a QR code's rows
    for name in ("ca.crt", "ca.key", "server.crt", "server.key"):
        assert (lan.data_dir / "tls" / name).stat().st_mode & 0o777 == 0o600, name


def test_beyond_loopback_the_token_is_still_required(lan: LanServer) -> None:
    trusting = ssl.create_default_context(cafile=str(lan.data_dir / "tls" / "ca.crt"))
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(lan.address + "live", context=trusting)
    assert refused.value.code == 401
    token = lan.link.split("token=")[1]
    request = urllib.request.Request(
        lan.address + "pair", headers={"Authorization": f"Bearer {token}"}
    )
    with urllib.request.urlopen(request, context=trusting) as ok:
        assert ok.status == 200
        assert token in ok.read().decode()  # the Pair page's link carries it


def test_a_phone_on_the_lan_runs_the_live_page_over_https(phone: Any, lan: LanServer) -> None:
    phone.goto(lan.link)  # a certificate error would fail here
    assert phone.url == lan.address  # the token left the address for a cookie
    assert phone.evaluate("window.isSecureContext") is True
    phone.goto(lan.address + "pair")
    png = phone.locator("#pair svg.qr").screenshot()
    assert _decode_qr(png) == lan.link  # the code a phone scans opens the paired address
    SCREENSHOTS.mkdir(exist_ok=True)
    phone.screenshot(path=str(SCREENSHOTS / "pair-phone.png"), full_page=True)
    phone.goto(lan.address + "live")
    phone.select_option("#exercise", "seated_cable_row")
    phone.select_option("#fps", "10")
    phone.tap("#live-start")
    root = phone.locator("#live")
    phone.wait_for_function(
        "() => parseInt(document.getElementById('live').dataset.landmarks || '0') >= 8",
        timeout=40_000,
    )
    first = int(root.get_attribute("data-results"))
    phone.wait_for_function(
        f"() => parseInt(document.getElementById('live').dataset.results) >= {first + 5}",
        timeout=20_000,
    )
    phone.wait_for_timeout(2200)  # a full window of the frame-rate counter
    fps = float(phone.locator("#live-fps").inner_text())
    assert 2.0 <= fps <= 12.0, fps
    assert int(root.get_attribute("data-drawn")) >= 8
    assert _overlay_pixels(phone) > 200  # the skeleton is on the canvas
    assert phone.locator("#live-counts").inner_text().startswith("reps 0/")
    assert phone.locator("#live-title").inner_text().startswith("Seated cable row, set 1")
    overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"the Live page is {overflow} px too wide on the phone"
    phone.screenshot(path=str(SCREENSHOTS / "lan-live-phone.png"), full_page=True)
    phone.tap("#live-stop")
    phone.wait_for_selector("#live-done", state="visible")
