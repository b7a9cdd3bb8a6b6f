"""Every response carries the content security policy and its companions, once."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from upright.web.app import CSP


@pytest.mark.parametrize("path", ["/", "/history", "/static/upright.css", "/api/today", "/nope"])
def test_pages_files_and_errors_carry_the_headers(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.headers["content-security-policy"] == CSP
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "same-origin"
    assert r.headers.raw.count((b"content-security-policy", CSP.encode())) == 1


def test_refusals_carry_them_too(remote: TestClient) -> None:
    r = remote.get("/")
    assert r.status_code in (401, 403)
    assert r.headers["content-security-policy"] == CSP
