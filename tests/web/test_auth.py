"""Access: loopback freely; beyond it only with the token; no rebinding, no cross-site posts."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from upright.web.auth import hash_token, is_loopback, load_token_hash, save_token_hash


def test_loopback_needs_no_token(client: TestClient) -> None:
    assert client.get("/").status_code == 200


def test_remote_without_token_gets_401_on_page_api_and_static(remote: TestClient) -> None:
    for path in ("/", "/api/today", "/static/upright.css", "/no-such-page"):
        r = remote.get(path)
        assert r.status_code == 401, path
        assert "token" in r.text
    assert remote.post("/api/today").status_code == 401


def test_remote_with_wrong_token_gets_401(remote: TestClient) -> None:
    r = remote.get("/", headers={"Authorization": "Bearer nope"})
    assert r.status_code == 401
    assert remote.get("/?token=nope").status_code == 401
    remote.cookies.set("upright_token", "nope")
    assert remote.get("/").status_code == 401


def test_remote_with_bearer_or_cookie_is_served(remote: TestClient, token: str) -> None:
    assert remote.get("/", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    remote.cookies.set("upright_token", token)
    assert remote.get("/api/today").status_code == 200


def test_token_in_address_becomes_cookie_and_leaves_the_url(remote: TestClient, token: str) -> None:
    r = remote.get(f"/plan?token={token}&weeks=2")
    assert r.status_code == 303
    assert r.headers["location"] == "/plan?weeks=2"
    assert "upright_token" in r.headers["set-cookie"]
    assert "HttpOnly" in r.headers["set-cookie"]


def test_no_token_configured_means_remote_always_refused(tmp_path: Path, token: str) -> None:
    from upright.web.app import create_app
    from upright.web.settings import WebSettings

    app = create_app(WebSettings(data_dir=tmp_path, token_hash=None))
    c = TestClient(app, client=("192.0.2.10", 1), base_url="http://x:8765")
    assert c.get("/", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_loopback_with_foreign_host_header_is_refused(client: TestClient) -> None:
    r = client.get("/", headers={"Host": "evil.example"})
    assert r.status_code == 403


def test_cross_site_post_is_refused(client: TestClient) -> None:
    r = client.post("/api/today", headers={"Origin": "http://evil.example"})
    assert r.status_code == 403
    same = client.post("/api/today", headers={"Origin": "http://127.0.0.1:8765"})
    assert same.status_code == 405  # reaches the app, which has no POST there


def test_token_hash_round_trip(tmp_path: Path) -> None:
    assert load_token_hash(tmp_path) is None
    path = save_token_hash(tmp_path, "abc")
    assert path.stat().st_mode & 0o777 == 0o600
    assert load_token_hash(tmp_path) == hash_token("abc")
    assert "abc" not in path.read_text()


def test_is_loopback() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("127.5.0.1")
    assert not is_loopback("192.168.1.2") and not is_loopback("testclient")
    assert not is_loopback(None)


def test_pages_forbid_other_hosts_by_policy(client: TestClient) -> None:
    csp = client.get("/").headers["content-security-policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
