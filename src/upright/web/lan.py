"""Serving on the local network: this machine's addresses, the pairing link and its QR code.

`machine_addresses` finds the addresses of the network interfaces (Linux reads them from
the kernel; elsewhere the host name's addresses are used), `pick_lan_address` chooses the
one a phone on the same Wi-Fi reaches, and `Pairing` is what ``upright serve --lan``
shows in the terminal and on the Pair page: the https address with the access token,
as a QR code, and the CA certificate a phone must trust.
"""

from __future__ import annotations

import contextlib
import fcntl
import ipaddress
import socket
import struct
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from upright.errors import UprightError
from upright.web.auth import hash_token, load_token_hash, new_token, save_token_hash
from upright.web.tls import (
    IPAddress,
    MachineNames,
    TlsFiles,
    ensure_tls,
    fingerprint,
    write_private,
)

LAN_TOKEN_FILE = "web-token.lan"
SIOCGIFADDR = 0x8915  # Linux ioctl: an interface's IPv4 address


def _ipv4_of(interface: str) -> ipaddress.IPv4Address | None:
    """The IPv4 address of a Linux network interface, or None when it has none."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            packed = fcntl.ioctl(
                s.fileno(), SIOCGIFADDR, struct.pack("256s", interface[:15].encode())
            )
        except OSError:
            return None
    return ipaddress.IPv4Address(packed[20:24])


def _linux_ipv6(text: str) -> list[tuple[str, ipaddress.IPv6Address]]:
    """(interface, address) pairs from ``/proc/net/if_inet6``'s text."""
    out = []
    for line in text.splitlines():
        fields = line.split()
        if len(fields) == 6:
            out.append((fields[5], ipaddress.IPv6Address(int(fields[0], 16))))
    return out


def _default_route_interface() -> str | None:
    """The interface of the IPv4 default route (Linux), where the Wi-Fi usually is."""
    try:
        lines = Path("/proc/net/route").read_text().splitlines()[1:]
    except OSError:
        return None
    for line in lines:
        fields = line.split()
        if len(fields) > 2 and fields[1] == "00000000":
            return fields[0]
    return None


def _usable(ip: IPAddress) -> bool:
    """Reachable from another machine: not loopback, link-local, multicast or unspecified."""
    return not (ip.is_loopback or ip.is_link_local or ip.is_multicast or ip.is_unspecified)


def machine_addresses() -> tuple[IPAddress, ...]:
    """The usable addresses of this machine, the default route's interface first."""
    found: list[tuple[str, IPAddress]] = []
    if sys.platform.startswith("linux"):
        for _index, name in socket.if_nameindex():
            v4 = _ipv4_of(name)
            if v4 is not None:
                found.append((name, v4))
        with contextlib.suppress(OSError):  # a kernel without IPv6
            found += _linux_ipv6(Path("/proc/net/if_inet6").read_text())
    else:
        for info in socket.getaddrinfo(socket.gethostname(), None):
            found.append(("", ipaddress.ip_address(str(info[4][0]).split("%")[0])))
    main = _default_route_interface()
    ordered = sorted(found, key=lambda f: (f[0] != main, f[1].version))
    seen: dict[IPAddress, None] = {}
    for _name, ip in ordered:
        if _usable(ip):
            seen.setdefault(ip)
    return tuple(seen)


def pick_lan_address(addresses: tuple[IPAddress, ...]) -> IPAddress | None:
    """The address to offer a phone: IPv4 first (phones' QR scanners handle it best)."""
    v4: list[IPAddress] = [a for a in addresses if a.version == 4]
    ordered = v4 or list(addresses)
    return ordered[0] if ordered else None


def machine_names(addresses: tuple[IPAddress, ...]) -> MachineNames:
    """What the server certificate covers.

    The host name (also as ``.local``, which phones resolve by mDNS), localhost, the
    loopback addresses, and ``addresses``.
    """
    host = socket.gethostname().split(".")[0].lower()
    dns = [host, f"{host}.local", "localhost"] if host and host != "localhost" else ["localhost"]
    loopback: list[IPAddress] = [ipaddress.IPv4Address("127.0.0.1"), ipaddress.IPv6Address("::1")]
    return MachineNames.of(dns, [*addresses, *loopback])


def lan_token(data_dir: Path, renew: bool = False) -> tuple[str, bool]:
    """The access token a pairing link carries, and whether it was made just now.

    Only the token's hash guards the server (``web-token.sha256``); for pairing, the
    token itself is kept too, owner-readable only, beside the TLS key (which is as
    secret), so the QR code stays the same across restarts. A token made by plain
    ``--host`` (not kept) or ``renew`` gives a new one; the old one then stops working.
    """
    kept = data_dir / LAN_TOKEN_FILE
    if not renew and kept.is_file():
        token = kept.read_text().strip()
        if token and load_token_hash(data_dir) == hash_token(token):
            return token, False
    token = new_token()
    save_token_hash(data_dir, token)
    write_private(kept, (token + "\n").encode())
    return token, True


def url_host(ip: IPAddress) -> str:
    """An address as it goes into a URL (IPv6 in brackets)."""
    return f"[{ip}]" if ip.version == 6 else str(ip)


@dataclass(frozen=True)
class Pairing:
    """What a phone needs to join: the https address, its token, and the CA to trust."""

    address: str
    token: str
    ca_file: Path
    ca_fingerprint: str

    @property
    def link(self) -> str:
        """The address with the token: opening it once stores the token as a cookie."""
        return f"{self.address}?token={self.token}"

    def qr_svg(self) -> str:
        """The link as a QR code, an inline SVG element (black on white, scales to fit)."""
        import segno

        qr = segno.make(self.link, error="m")
        return str(
            qr.svg_inline(
                scale=6, border=4, dark="#000", light="#fff", omitsize=True, svgclass="qr"
            )
        )

    def print_qr(self, out: TextIO) -> None:
        """Draw the link's QR code with block characters on a terminal."""
        import segno

        segno.make(self.link, error="m").terminal(out=out, compact=True)


class NoLanAddress(UprightError):
    """The machine has no network address a phone could reach."""


@dataclass(frozen=True)
class LanServer:
    """How ``upright serve --lan`` listens: the bind address, certificates and pairing."""

    bind: str
    tls: TlsFiles
    pairing: Pairing
    token_replaced: bool


def _parse_host(host: str) -> IPAddress:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError as exc:
        raise NoLanAddress(
            f"--host: expected an IP address of this machine for --lan, got {host!r}"
        ) from exc


def prepare_lan(
    data_dir: Path, port: int, host: str | None = None, renew_token: bool = False
) -> LanServer:
    """Find the LAN address, make or reuse the certificates and the token.

    Parameters
    ----------
    data_dir
        The user data folder (certificates in ``tls/``, the token beside them).
    port
        The TCP port the server will listen on (it goes into the pairing link).
    host
        Bind to this address instead of the one found (``0.0.0.0`` or ``::``: every
        interface, with the found address in the link).
    renew_token
        Make a new access token even when one is kept.
    """
    wanted = None if host in (None, "0.0.0.0", "::") else _parse_host(host)
    if not data_dir.exists():  # the token and keys go in here: the owner's alone
        data_dir.mkdir(parents=True, mode=0o700)
        data_dir.chmod(0o700)
    addresses = machine_addresses()
    shown = wanted or pick_lan_address(addresses)
    if shown is None:
        raise NoLanAddress(
            "--lan: this machine has no network address besides loopback; join the Wi-Fi "
            "network the phone is on, or name an address with --host"
        )
    names = machine_names(tuple(dict.fromkeys([*addresses, shown])))
    tls = ensure_tls(data_dir, names)
    had_token = load_token_hash(data_dir) is not None
    token, made = lan_token(data_dir, renew_token)
    ca_pem = tls.ca_cert.read_bytes()
    pairing = Pairing(
        address=f"https://{url_host(shown)}:{port}/",
        token=token,
        ca_file=tls.ca_cert,
        ca_fingerprint=fingerprint(ca_pem),
    )
    bind = host if host in ("0.0.0.0", "::") else str(shown)
    return LanServer(bind=bind, tls=tls, pairing=pairing, token_replaced=made and had_token)
