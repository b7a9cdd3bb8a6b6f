"""The Pair page: the QR code and CA download under ``serve --lan``, advice without it."""

from __future__ import annotations

import ipaddress

from fastapi.testclient import TestClient

from testkit import LOCAL
from upright.web.app import create_app
from upright.web.lan import Pairing
from upright.web.settings import WebSettings
from upright.web.tls import MachineNames, ensure_tls, fingerprint

REMOTE = ("192.168.1.40", 50000)  # a phone on the same Wi-Fi (no traffic leaves the test)


def _paired_app(settings: WebSettings, token: str):  # type: ignore[no-untyped-def]
    names = MachineNames.of(["laptop", "localhost"], [ipaddress.ip_address("192.168.1.23")])
    tls = ensure_tls(settings.data_dir, names)
    app = create_app(settings)
    app.state.pairing = Pairing(
        address="https://192.168.1.23:8765/",
        token=token,
        ca_file=tls.ca_cert,
        ca_fingerprint=fingerprint(tls.ca_cert.read_bytes()),
    )
    return app, tls.ca_cert


def test_without_lan_the_page_says_how_to_start_it(client: TestClient) -> None:
    page = client.get("/pair")
    assert page.status_code == 200
    assert "upright serve --lan" in page.text and "<svg" not in page.text
    assert client.get("/pair/ca.crt").status_code == 404


def test_with_lan_the_page_shows_the_link_as_a_qr_code(settings: WebSettings, token: str) -> None:
    app, ca_file = _paired_app(settings, token)
    client = TestClient(app, base_url="http://127.0.0.1:8765", client=LOCAL)
    page = client.get("/pair")
    assert f"https://192.168.1.23:8765/?token={token}" in page.text
    assert page.text.count('<svg viewBox="') == 1 and 'class="qr"' in page.text
    assert fingerprint(ca_file.read_bytes()) in page.text
    ca = client.get("/pair/ca.crt")
    assert ca.status_code == 200 and ca.content == ca_file.read_bytes()
    assert ca.headers["content-type"] == "application/x-x509-ca-cert"
    assert b"PRIVATE KEY" not in ca.content


def test_the_page_and_the_certificate_need_the_token_beyond_loopback(
    settings: WebSettings, token: str
) -> None:
    app, _ca = _paired_app(settings, token)
    remote = TestClient(app, base_url="https://192.168.1.23:8765", client=REMOTE)
    for path in ("/pair", "/pair/ca.crt"):
        assert remote.get(path).status_code == 401, path
        good = remote.get(path, headers={"Authorization": f"Bearer {token}"})
        assert good.status_code == 200, path
