"""Request body size limits, enforced while the body streams in (413 past the limit)."""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# Room for the multipart envelope and the small form fields around the file.
ENVELOPE_BYTES = 64 * 1024
DEFAULT_LIMIT_BYTES = 1024 * 1024


class _TooLarge(Exception):
    pass


def _too_large(limit: int) -> PlainTextResponse:
    return PlainTextResponse(
        f"Upload too large: the limit here is {limit / 1048576:.1f} MB.", status_code=413
    )


class BodyLimit:
    """ASGI middleware: cap each request body by path prefix, default 1 MB.

    ``limits`` maps a path prefix to its limit in bytes (the file itself; the multipart
    envelope gets `ENVELOPE_BYTES` on top). A declared ``Content-Length`` above the
    limit is refused before reading; a body that grows past it mid-stream is cut off.
    """

    def __init__(self, app: ASGIApp, limits: dict[str, int]):
        self.app = app
        self.limits = sorted(limits.items(), key=lambda kv: -len(kv[0]))

    def limit_for(self, path: str) -> int:
        """The byte limit for a request to ``path``."""
        for prefix, limit in self.limits:
            if path.startswith(prefix):
                return limit
        return DEFAULT_LIMIT_BYTES

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve the request, or answer 413 once its body passes the limit."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope["path"])
        cap = limit + ENVELOPE_BYTES
        declared = Headers(scope=scope).get("content-length")
        if declared and declared.isdigit() and int(declared) > cap:
            await _too_large(limit)(scope, receive, send)
            return
        seen = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > cap:
                    raise _TooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except _TooLarge:
            if not started:
                await _too_large(limit)(scope, receive, send)
