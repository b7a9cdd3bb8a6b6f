"""``upright serve``: the web app on this machine (or, with a token, on the network)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def _is_loopback_bind(host: str) -> bool:
    from upright.web.auth import is_loopback

    return host == "localhost" or is_loopback(host)


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
    new_token_: Annotated[
        bool,
        typer.Option("--new-token", help="Make a new access token (the old one stops working)."),
    ] = False,
) -> None:
    """Start the web app and print its address."""
    import uvicorn

    from upright.web.app import create_app
    from upright.web.auth import load_token_hash, new_token, save_token_hash
    from upright.web.memory import limit_malloc_arenas
    from upright.web.settings import WebSettings, default_data_dir
    from upright.web.worker import WorkerPool

    data = data_dir or default_data_dir()
    token_hash = load_token_hash(data)
    token: str | None = None
    if not _is_loopback_bind(host) and (token_hash is None or new_token_):
        token = new_token()
        save_token_hash(data, token)
        token_hash = load_token_hash(data)
    settings = WebSettings(data_dir=data, db_url=db, token_hash=token_hash)
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    typer.echo(f"Upright is at http://{shown}:{port}/")
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
    pool = WorkerPool(settings, workers)
    pool.start()
    try:
        # No per-message compression on the WebSocket: camera frames are JPEGs already,
        # and deflating every live result costs the server CPU the pages need.
        uvicorn.run(
            create_app(settings),
            host=host,
            port=port,
            log_level="warning",
            ws_per_message_deflate=False,
        )
    finally:
        pool.stop()


def register(app: typer.Typer) -> None:
    """Add the command to the root app."""
    app.command("serve")(serve)


__all__ = ["register", "serve"]
