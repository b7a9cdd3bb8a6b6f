"""Pair a phone: the https address and access token as a QR code, and the CA to trust."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from starlette.requests import HTTPConnection

from upright.web.app import page
from upright.web.forms import NotHere
from upright.web.lan import Pairing

router = APIRouter()


def _pairing(conn: HTTPConnection) -> Pairing | None:
    """What ``upright serve --lan`` set up, or None when the server is not on the LAN."""
    pairing = getattr(conn.app.state, "pairing", None)
    return pairing if isinstance(pairing, Pairing) else None


PairingDep = Annotated[Pairing | None, Depends(_pairing)]


@router.get("/pair", response_class=HTMLResponse)
def pair_page(request: Request, pairing: PairingDep) -> HTMLResponse:
    """The pairing QR code and the trust steps, or how to start the server for a phone."""
    qr = pairing.qr_svg() if pairing else None
    return page(request, "pair.html", "pair", pairing=pairing, qr=qr)


@router.get("/pair/ca.crt")
def ca_certificate(pairing: PairingDep) -> Response:
    """The CA certificate (PEM), typed so that phones offer to install it."""
    if pairing is None:
        raise NotHere("no certificate here: this server was not started with `upright serve --lan`")
    return Response(
        pairing.ca_file.read_bytes(),
        media_type="application/x-x509-ca-cert",
        headers={"Content-Disposition": 'attachment; filename="upright-ca.crt"'},
    )
