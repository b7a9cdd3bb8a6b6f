"""``upright serve``: the web app on this machine (or, with a token, on the network)."""

from __future__ import annotations

import signal
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from upright.cli.common import DbOption

SHUTDOWN_GRACE_S = 5


def _exit_quietly(_signum: int, _frame: object) -> None:
    raise SystemExit(0)


if TYPE_CHECKING:  # the web stack loads when the server starts, not for help
    from upright.web.lan import LanServer
    from upright.web.settings import WebSettings


def _is_loopback_bind(host: str) -> bool:
    from upright.web.auth import is_loopback

    return host == "localhost" or is_loopback(host)


def _quota(text: str | None) -> int | None:
    from upright.web.settings import parse_size

    if text is None:
        return None
    try:
        return parse_size(text)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--upload-quota") from None


def serve(
    host: Annotated[
        str | None,
        typer.Option(
            help="Address to bind (default 127.0.0.1; with --lan, the LAN address found). "
            "Anything but loopback needs the access token on every request."
        ),
    ] = None,
    port: Annotated[int, typer.Option(min=1, max=65535, help="TCP port.")] = 8765,
    workers: Annotated[
        int, typer.Option(min=0, max=16, help="Video analysis worker processes (0: queue only).")
    ] = 1,
    db: DbOption = None,
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
    lan: Annotated[
        bool,
        typer.Option(
            "--lan",
            help="Serve https on this machine's LAN address for a phone on the same Wi-Fi: "
            "prints the address and a QR code with the access token (also on the Pair page).",
        ),
    ] = False,
) -> None:
    """Start the web app and print its address."""
    from upright.web.auth import load_token_hash, new_token, save_token_hash
    from upright.web.settings import (
        WebSettings,
        default_data_dir,
        default_upload_quota,
        format_size,
    )

    data = data_dir or default_data_dir()
    quota = _quota(upload_quota)
    if quota is None:
        quota = default_upload_quota(data)
    if lan:
        _serve_lan(data, host, port, workers, db, new_token_, quota)
        return
    host = host or "127.0.0.1"
    token_hash = load_token_hash(data)
    token: str | None = None
    if not _is_loopback_bind(host) and (token_hash is None or new_token_):
        token = new_token()
        save_token_hash(data, token)
        token_hash = load_token_hash(data)
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
    _run(settings, host, port, workers)


def _serve_lan(
    data: Path,
    host: str | None,
    port: int,
    workers: int,
    db: str | None,
    renew: bool,
    quota: int,
) -> None:
    """``serve --lan``: https on the LAN address, with the pairing link and its QR code."""
    import sys

    from upright.web.auth import load_token_hash
    from upright.web.lan import prepare_lan
    from upright.web.settings import WebSettings, format_size

    lan = prepare_lan(data, port, host, renew_token=renew)
    settings = WebSettings(
        data_dir=data, db_url=db, token_hash=load_token_hash(data), upload_quota_bytes=quota
    )
    pairing = lan.pairing
    typer.echo(f"Upright is at {pairing.address} (https, for phones on this network)")
    if lan.token_replaced:
        typer.echo("A new access token replaces the old one: phones paired before must scan again.")
    typer.echo(f"Scan to pair a phone, or open on it:\n  {pairing.link}")
    pairing.print_qr(sys.stdout)
    if lan.tls.ca_made:
        typer.echo("A new certificate authority was made for this machine.")
    typer.echo(
        f"Phones must trust its certificate once: {pairing.ca_file}\n"
        f"  (SHA-256 {pairing.ca_fingerprint}); the Pair page offers it for download "
        "and the README says how to trust it on iOS and Android."
    )
    typer.echo(f"Uploads and analyses may take up to {format_size(quota)} (--upload-quota).")
    sys.stdout.flush()  # the address before the server's own lines, also into a pipe
    _run(settings, lan.bind, port, workers, lan=lan)


def _run(
    settings: WebSettings, host: str, port: int, workers: int, lan: LanServer | None = None
) -> None:
    """Serve the app until interrupted, with the analysis workers beside it."""
    import uvicorn

    from upright.web.app import create_app
    from upright.web.memory import limit_malloc_arenas
    from upright.web.worker import WorkerPool

    app = create_app(settings)
    tls: dict[str, str] = {}
    if lan is not None:
        app.state.pairing = lan.pairing
        tls = {"ssl_certfile": str(lan.tls.server_cert), "ssl_keyfile": str(lan.tls.server_key)}
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
            app,
            host=host,
            port=port,
            log_level="warning",
            ws_per_message_deflate=False,
            timeout_graceful_shutdown=SHUTDOWN_GRACE_S,
            **tls,  # type: ignore[arg-type]
        )
    finally:
        stopped = pool.stop()
        typer.echo(f"Upright stopped ({stopped} analysis worker(s) ended).", err=True)


def register(app: typer.Typer) -> None:
    """Add the command to the root app."""
    app.command("serve")(serve)


__all__ = ["register", "serve"]
