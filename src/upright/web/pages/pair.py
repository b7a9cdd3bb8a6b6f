"""Pair a phone: the https address and access token as a QR code, and the CA to trust."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from upright.web.app import page
from upright.web.forms import NotHere
from upright.web.lan import Pairing

router = APIRouter()


def _pairing(request: Request) -> Pairing | None:
    """What ``upright serve --lan`` set up, or None when the server is not on the LAN."""
    pairing = getattr(request.app.state, "pairing", None)
    return pairing if isinstance(pairing, Pairing) else None


@router.get("/pair", response_class=HTMLResponse)
def pair_page(request: Request) -> HTMLResponse:
    """The pairing QR code and the trust steps, or how to start the server for a phone."""
    pairing = _pairing(request)
    qr = pairing.qr_svg() if pairing else None
    return page(request, "pair.html", "pair", pairing=pairing, qr=qr)


@router.get("/pair/ca.crt")
def ca_certificate(request: Request) -> Response:
    """The CA certificate (PEM), typed so that phones offer to install it."""
    pairing = _pairing(request)
    if pairing is None:
        raise NotHere("no certificate here: this server was not started with `upright serve --lan`")
    return Response(
        pairing.ca_file.read_bytes(),
        media_type="application/x-x509-ca-cert",
        headers={"Content-Disposition": 'attachment; filename="upright-ca.crt"'},
    )
