"""``upright serve``: the web app on this machine (or, with a token, on the network)."""

from __future__ import annotations

import signal
from pathlib import Path
from typing import Annotated

import typer

from upright.web.auth import is_loopback, load_token_hash, new_token, save_token_hash
from upright.web.settings import (
    WebSettings,
    default_data_dir,
    default_upload_quota,
    format_size,
    parse_size,
)

SHUTDOWN_GRACE_S = 5


def _exit_quietly(_signum: int, _frame: object) -> None:
    raise SystemExit(0)


def _is_loopback_bind(host: str) -> bool:
    return host == "localhost" or is_loopback(host)


def _quota(text: str | None) -> int | None:
    if text is None:
        return None
    try:
        return parse_size(text)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--upload-quota") from None


def serve(
    host: Annotated[
        str,
        typer.Option(
            help="Address to bind. Anything but loopback needs the access token on every request."
        ),
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="TCP port.")] = 8765,
    workers: Annotated[
        int, typer.Option(min=0, max=16, help="Video analysis worker processes (0: queue only).")
    ] = 1,
    db: Annotated[
        str | None,
        typer.Option(
            envvar="UPRIGHT_DB", help="SQLAlchemy database URL (default: SQLite in the data dir)."
        ),
    ] = None,
    data_dir: Annotated[
        Path | None,
        typer.Option(help="Where uploads and outputs are kept (default: the user data dir)."),
    ] = None,
    upload_quota: Annotated[
        str | None,
        typer.Option(
            help="Most space uploads and analyses may take in the data dir, e.g. 2G or 500M "
            "(default: 10G, or a quarter of the disk's free space when that is less)."
        ),
    ] = None,
    new_token_: Annotated[
        bool,
        typer.Option("--new-token", help="Make a new access token (the old one stops working)."),
    ] = False,
) -> None:
    """Start the web app and print its address."""
    import uvicorn

    from upright.web.app import create_app
    from upright.web.memory import limit_malloc_arenas
    from upright.web.worker import WorkerPool

    data = data_dir or default_data_dir()
    token_hash = load_token_hash(data)
    token: str | None = None
    if not _is_loopback_bind(host) and (token_hash is None or new_token_):
        token = new_token()
        save_token_hash(data, token)
        token_hash = load_token_hash(data)
    quota = _quota(upload_quota)
    if quota is None:
        quota = default_upload_quota(data)
    settings = WebSettings(
        data_dir=data, db_url=db, token_hash=token_hash, upload_quota_bytes=quota
    )
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    typer.echo(f"Upright is at http://{shown}:{port}/")
    typer.echo(f"Uploads and analyses may take up to {format_size(quota)} (--upload-quota).")
    if not _is_loopback_bind(host):
        if token:
            typer.echo(
                f"Access token (shown only now; kept hashed in {data}):\n  {token}\n"
                f"Open from another machine: http://HOST:{port}/?token={token}"
            )
        else:
            typer.echo(
                "Clients beyond this machine need the access token made earlier; "
                "run with --new-token to make a new one."
            )
    limit_malloc_arenas()  # before the server's threads start
    # uvicorn shuts down on SIGTERM, then raises the signal again under the handler found
    # at start: make that an exit, so the workers below are stopped and it is logged.
    signal.signal(signal.SIGTERM, _exit_quietly)
    pool = WorkerPool(settings, workers)
    pool.start()
    try:
        # No per-message compression on the WebSocket: camera frames are JPEGs already,
        # and deflating every live result costs the server CPU the pages need. On
        # SIGTERM or Ctrl-C, open connections get a few seconds, not forever.
        uvicorn.run(
            create_app(settings),
            host=host,
            port=port,
            log_level="warning",
            ws_per_message_deflate=False,
            timeout_graceful_shutdown=SHUTDOWN_GRACE_S,
        )
    finally:
        stopped = pool.stop()
        typer.echo(f"Upright stopped ({stopped} analysis worker(s) ended).", err=True)


def register(app: typer.Typer) -> None:
    """Add the command to the root app."""
    app.command("serve")(serve)


__all__ = ["register", "serve"]
