"""Who may call the server: loopback clients freely, everyone else only with the token.

The token is made once (`new_token`), shown to the user once, and only its SHA-256 is
kept on disk (`save_token_hash`). A client beyond loopback sends it as
``Authorization: Bearer TOKEN``, as the ``upright_token`` cookie, or once as
``?token=TOKEN`` on a page, which sets the cookie and redirects to the same page without
it. `AccessGuard` applies this to every HTTP request and WebSocket.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

from starlette.datastructures import Headers
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

TOKEN_COOKIE = "upright_token"
TOKEN_FILE = "web-token.sha256"
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "[::1]", "::1")


def new_token() -> str:
    """A fresh random access token (32 bytes of entropy, URL-safe text)."""
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    """SHA-256 hex digest of ``token`` (the token is random, so no salt is needed)."""
    return hashlib.sha256(token.encode()).hexdigest()


def save_token_hash(data_dir: Path, token: str) -> Path:
    """Write the hash of ``token`` under ``data_dir`` (owner-readable only); return the file."""
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / TOKEN_FILE
    path.write_text(hash_token(token) + "\n")
    path.chmod(0o600)
    return path


def load_token_hash(data_dir: Path) -> str | None:
    """The stored token hash, or ``None`` when no token was ever made."""
    path = data_dir / TOKEN_FILE
    if not path.is_file():
        return None
    text = path.read_text().strip()
    return text or None


def is_loopback(host: str | None) -> bool:
    """True for a loopback IP address; a missing or non-IP client counts as remote."""
    if not host:
        return False
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _cookie_token(headers: Headers) -> str | None:
    raw = headers.get("cookie")
    if not raw:
        return None
    jar: SimpleCookie = SimpleCookie()
    jar.load(raw)
    morsel = jar.get(TOKEN_COOKIE)
    return morsel.value if morsel else None


def _bearer_token(headers: Headers) -> str | None:
    auth = headers.get("authorization", "")
    scheme, _, value = auth.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value else None


class AccessGuard:
    """ASGI middleware: 401 for a client beyond loopback without the right token.

    Loopback clients must also name a loopback host in ``Host`` (a page on another site
    cannot reach the server through DNS rebinding), and a state-changing request whose
    ``Origin`` names another host is refused with 403 (no cross-site form posts).
    """

    def __init__(self, app: ASGIApp, token_hash: str | None, extra_hosts: tuple[str, ...] = ()):
        self.app = app
        self.token_hash = token_hash
        self.extra_hosts = extra_hosts

    def _token_ok(self, token: str | None) -> bool:
        if not token or not self.token_hash:
            return False
        return hmac.compare_digest(hash_token(token), self.token_hash)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve the request, or refuse it (401/403, or a closed WebSocket)."""
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        denial = self._check(scope)
        if denial is None:
            await self.app(scope, receive, send)
        elif scope["type"] == "websocket":
            await send(
                {"type": "websocket.close", "code": 4401 if denial.status_code == 401 else 4403}
            )
        else:
            await denial(scope, receive, send)

    def _check(self, scope: Scope) -> Response | None:
        headers = Headers(scope=scope)
        client = scope.get("client")
        host_name = headers.get("host", "").rsplit(":", 1)[0] if headers.get("host") else ""
        if is_loopback(client[0] if client else None):
            if host_name and host_name not in LOOPBACK_NAMES + self.extra_hosts:
                return PlainTextResponse(f"Host {host_name!r} is not served here.", 403)
        else:
            denial = self._check_token(scope, headers)
            if denial is not None:
                return denial
        return self._check_origin(scope, headers)

    def _check_token(self, scope: Scope, headers: Headers) -> Response | None:
        if self._token_ok(_bearer_token(headers)) or self._token_ok(_cookie_token(headers)):
            return None
        query = dict(parse_qsl(scope.get("query_string", b"").decode()))
        if self._token_ok(query.get("token")):
            if scope["type"] == "websocket":
                return None
            # Swap the token in the address for a cookie, so it leaves the URL bar.
            rest = urlencode({k: v for k, v in query.items() if k != "token"})
            target = scope["path"] + (f"?{rest}" if rest else "")
            response = RedirectResponse(target, status_code=303)
            response.set_cookie(TOKEN_COOKIE, query["token"], httponly=True, samesite="strict")
            return response
        return PlainTextResponse(
            "This Upright server needs its access token: open the address printed by "
            "`upright serve` (it ends in ?token=...), or send 'Authorization: Bearer TOKEN'.",
            status_code=401,
            headers={"WWW-Authenticate": "Bearer"},
        )

    def _check_origin(self, scope: Scope, headers: Headers) -> Response | None:
        if scope["type"] == "http" and scope["method"] in ("GET", "HEAD", "OPTIONS"):
            return None
        origin = headers.get("origin")
        if not origin:
            return None
        if origin.split("://", 1)[-1] != headers.get("host", ""):
            return PlainTextResponse("Cross-site request refused.", 403)
        return None
