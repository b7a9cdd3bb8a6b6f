"""HTTPS for the LAN: a local certificate authority and a server certificate, made once.

A phone's browser opens the camera only on a secure page, so ``upright serve --lan``
serves https with a certificate from a small CA of this machine's own. `ensure_tls`
keeps four files in ``DATA_DIR/tls`` (folder 0700, files 0600):

``ca.crt``, ``ca.key``
    The CA: made on first use and kept for ten years, so a phone that trusts it once
    keeps trusting the server. Its name constraints let it vouch only for this machine's
    names, private and loopback addresses, and the addresses it had when the CA was made:
    its key, if stolen, cannot impersonate any other site to a phone that trusts it.
``server.crt``, ``server.key``
    The server's certificate for every name and address of the machine; made again when
    they change (a new Wi-Fi network, a new DHCP lease), or 30 days before it expires.
    It lasts 397 days, within what iOS and Android accept from a user-installed CA.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from upright.errors import UprightError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

CA_DAYS = 3650
SERVER_DAYS = 397
RENEW_BEFORE = timedelta(days=30)
CA_NAME = "Upright local CA"

# Ranges a home or gym network hands out, plus loopback: the CA may vouch for these.
PRIVATE_NETWORKS: tuple[IPNetwork, ...] = tuple(
    ipaddress.ip_network(n)
    for n in (
        "10.0.0.0/8",
        "172.16.0.0/12",
        "192.168.0.0/16",
        "100.64.0.0/10",
        "169.254.0.0/16",
        "127.0.0.0/8",
        "::1/128",
        "fc00::/7",
        "fe80::/10",
    )
)


class TlsError(UprightError):
    """A certificate file that cannot be read or written."""


@dataclass(frozen=True)
class MachineNames:
    """The names and addresses the server certificate must cover."""

    dns: tuple[str, ...]
    ips: tuple[IPAddress, ...]

    @property
    def host(self) -> str:
        """The machine's own name (not localhost, not the ``.local`` alias) when it has one."""
        own = [d for d in self.dns if d != "localhost" and not d.endswith(".local")]
        return (own or list(self.dns))[0]

    @classmethod
    def of(cls, dns: Iterable[str], ips: Iterable[IPAddress]) -> MachineNames:
        """Sorted and without repeats, so two lookups of the same machine compare equal."""
        return cls(
            dns=tuple(sorted({d.lower().rstrip(".") for d in dns if d})),
            ips=tuple(sorted(set(ips), key=lambda a: (a.version, int(a)))),
        )


@dataclass(frozen=True)
class TlsFiles:
    """Where the certificates are, and what `ensure_tls` had to make this time."""

    folder: Path
    ca_made: bool
    server_made: bool

    @property
    def ca_cert(self) -> Path:
        """The CA certificate (PEM): what a phone installs and trusts."""
        return self.folder / "ca.crt"

    @property
    def ca_key(self) -> Path:
        """The CA's private key (PEM); never leaves this machine."""
        return self.folder / "ca.key"

    @property
    def server_cert(self) -> Path:
        """The server certificate (PEM), signed by the CA."""
        return self.folder / "server.crt"

    @property
    def server_key(self) -> Path:
        """The server's private key (PEM)."""
        return self.folder / "server.key"


def write_private(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` readable by the owner only, from the first byte on."""
    tmp = path.with_suffix(path.suffix + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    tmp.chmod(0o600)  # an existing .tmp keeps its old mode through O_CREAT
    tmp.replace(path)


def _key_pem(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def _load(folder: Path, stem: str) -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey] | None:
    """The certificate and key ``stem.crt``/``stem.key``, or None when either is missing."""
    cert_path, key_path = folder / f"{stem}.crt", folder / f"{stem}.key"
    if not (cert_path.is_file() and key_path.is_file()):
        return None
    try:
        cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
        key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
    except ValueError as exc:
        raise TlsError(
            f"{cert_path} or {key_path}: expected a PEM certificate and its unencrypted "
            f"key, got unreadable data ({exc}); delete both to make new ones"
        ) from exc
    if not isinstance(key, ec.EllipticCurvePrivateKey):
        raise TlsError(f"{key_path}: expected an elliptic-curve key, got {type(key).__name__}")
    return cert, key


def _permitted(names: MachineNames) -> x509.NameConstraints:
    """What the CA may vouch for: this machine's names and private or current addresses."""
    dns = {"localhost", "local", *names.dns}
    nets = list(PRIVATE_NETWORKS)
    nets += [ipaddress.ip_network(ip) for ip in names.ips if not _in_networks(ip, nets)]
    subtrees: list[x509.GeneralName] = [x509.DNSName(d) for d in sorted(dns)]
    subtrees += [x509.IPAddress(n) for n in nets]
    return x509.NameConstraints(permitted_subtrees=subtrees, excluded_subtrees=None)


def _in_networks(ip: IPAddress, nets: Iterable[IPNetwork]) -> bool:
    return any(ip.version == n.version and ip in n for n in nets)


def _ca_covers(ca: x509.Certificate, names: MachineNames) -> bool:
    """True when the CA's name constraints let it vouch for every one of ``names``."""
    try:
        nc = ca.extensions.get_extension_for_class(x509.NameConstraints).value
    except x509.ExtensionNotFound:
        return True
    subtrees = nc.permitted_subtrees or []
    nets = [g.value for g in subtrees if isinstance(g.value, IPNetwork)]
    dns = [str(g.value) for g in subtrees if isinstance(g, x509.DNSName)]
    ips_ok = all(_in_networks(ip, nets) for ip in names.ips)
    dns_ok = all(any(d == p or d.endswith("." + p) for p in dns) for d in names.dns)
    return ips_ok and dns_ok


def _make_ca(
    names: MachineNames, now: datetime
) -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey]:
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, f"{CA_NAME} on {names.host}"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Upright"),
        ]
    )
    public = key.public_key()
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=CA_DAYS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(_permitted(names), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .sign(key, hashes.SHA256())
    )
    return cert, key


def _make_server(
    names: MachineNames,
    ca: x509.Certificate,
    ca_key: ec.EllipticCurvePrivateKey,
    now: datetime,
) -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey]:
    key = ec.generate_private_key(ec.SECP256R1())
    sans: list[x509.GeneralName] = [x509.DNSName(d) for d in names.dns]
    sans += [x509.IPAddress(ip) for ip in names.ips]
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, names.host)])
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(ca.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=SERVER_DAYS))
        .add_extension(x509.SubjectAlternativeName(sans), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    return cert, key


def certificate_names(cert: x509.Certificate) -> MachineNames:
    """The DNS names and IP addresses a certificate's subject alternative names list."""
    try:
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        return MachineNames.of((), ())
    ips = [ip for ip in san.get_values_for_type(x509.IPAddress) if not isinstance(ip, IPNetwork)]
    return MachineNames.of(san.get_values_for_type(x509.DNSName), ips)


def _fresh(cert: x509.Certificate, now: datetime) -> bool:
    return cert.not_valid_before_utc <= now and now + RENEW_BEFORE < cert.not_valid_after_utc


def _signed_by(cert: x509.Certificate, ca: x509.Certificate) -> bool:
    try:
        cert.verify_directly_issued_by(ca)
    except (ValueError, TypeError, InvalidSignature):
        return False
    return True


def _save(folder: Path, stem: str, cert: x509.Certificate, key: ec.EllipticCurvePrivateKey) -> None:
    write_private(folder / f"{stem}.key", _key_pem(key))
    write_private(folder / f"{stem}.crt", cert.public_bytes(serialization.Encoding.PEM))


def ensure_tls(data_dir: Path, names: MachineNames, now: datetime | None = None) -> TlsFiles:
    """Make or reuse the CA and the server certificate for ``names``; their files.

    Parameters
    ----------
    data_dir
        The user data folder; the files go into its ``tls`` sub-folder.
    names
        Every DNS name and IP address clients may use to reach the server (at least one
        DNS name, which also names the CA).
    now
        The time to check validity against (UTC; default: the clock).
    """
    if not names.dns:
        raise TlsError("server certificate: expected at least one DNS name, got none")
    now = now or datetime.now(UTC)
    folder = data_dir / "tls"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    folder.chmod(0o700)
    ca_made = server_made = False
    ca = _load(folder, "ca")
    if ca is None or not _fresh(ca[0], now) or not _ca_covers(ca[0], names):
        ca = _make_ca(names, now)
        _save(folder, "ca", *ca)
        ca_made = True
    server = _load(folder, "server")
    if (
        ca_made
        or server is None
        or not _fresh(server[0], now)
        or not _signed_by(server[0], ca[0])
        or certificate_names(server[0]) != names
    ):
        server = _make_server(names, ca[0], ca[1], now)
        _save(folder, "server", *server)
        server_made = True
    return TlsFiles(folder=folder, ca_made=ca_made, server_made=server_made)


def spki_sha256(cert_pem: bytes) -> str:
    """Base64 SHA-256 of a certificate's public key info (what certificate pins name)."""
    import base64

    cert = x509.load_pem_x509_certificate(cert_pem)
    spki = cert.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    digest = hashes.Hash(hashes.SHA256())
    digest.update(spki)
    return base64.b64encode(digest.finalize()).decode()


def fingerprint(cert_pem: bytes) -> str:
    """The certificate's SHA-256 fingerprint as colon-separated hex (what phones show)."""
    cert = x509.load_pem_x509_certificate(cert_pem)
    return cert.fingerprint(hashes.SHA256()).hex(":").upper()
