"""The LAN certificates: made once, private, reused, renewed when the machine changes.

Each check runs the chain through cryptography's own path validation (the rules a
browser applies: signature, validity, name, name constraints), at a fixed clock.
"""

from __future__ import annotations

import ipaddress
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.x509 import verification as v
from cryptography.x509.oid import NameOID

from upright.web.auth import hash_token, load_token_hash, save_token_hash
from upright.web.lan import lan_token, machine_names, pick_lan_address
from upright.web.tls import MachineNames, TlsError, certificate_names, ensure_tls

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
HOME = ipaddress.ip_address("192.168.1.23")
GYM = ipaddress.ip_address("10.4.0.17")
NAMES = MachineNames.of(
    ["laptop", "laptop.local", "localhost"], [HOME, ipaddress.ip_address("127.0.0.1")]
)


def _cert(path: Path) -> x509.Certificate:
    return x509.load_pem_x509_certificate(path.read_bytes())


def _verify(folder: Path, name: x509.GeneralName | v.IPAddress | v.DNSName, at: datetime) -> None:
    ca, server = _cert(folder / "ca.crt"), _cert(folder / "server.crt")
    verifier = v.PolicyBuilder().store(v.Store([ca])).time(at).build_server_verifier(name)  # type: ignore[arg-type]
    verifier.verify(server, [])


def test_first_run_makes_a_private_ca_and_server_certificate(tmp_path: Path) -> None:
    files = ensure_tls(tmp_path, NAMES, NOW)
    assert files.ca_made and files.server_made
    assert files.folder.stat().st_mode & 0o777 == 0o700
    for path in (files.ca_cert, files.ca_key, files.server_cert, files.server_key):
        assert path.stat().st_mode & 0o777 == 0o600, path
    for name in (v.IPAddress(HOME), v.DNSName("laptop.local"), v.DNSName("localhost")):
        _verify(files.folder, name, NOW + timedelta(days=1))
    with pytest.raises(v.VerificationError):  # not a name of this machine
        _verify(files.folder, v.IPAddress(GYM), NOW)
    server = _cert(files.server_cert)
    assert certificate_names(server) == NAMES
    assert (server.not_valid_after_utc - NOW).days <= 398  # within what phones accept


def test_the_next_run_reuses_both(tmp_path: Path) -> None:
    first = ensure_tls(tmp_path, NAMES, NOW)
    before = {p: p.read_bytes() for p in first.folder.iterdir()}
    again = ensure_tls(tmp_path, NAMES, NOW + timedelta(days=100))
    assert not again.ca_made and not again.server_made
    assert {p: p.read_bytes() for p in again.folder.iterdir()} == before


def test_a_new_address_renews_the_server_certificate_but_keeps_the_ca(tmp_path: Path) -> None:
    first = ensure_tls(tmp_path, NAMES, NOW)
    ca_before = first.ca_cert.read_bytes()
    moved = MachineNames.of(NAMES.dns, [GYM, ipaddress.ip_address("127.0.0.1")])
    again = ensure_tls(tmp_path, moved, NOW + timedelta(days=3))
    assert again.server_made and not again.ca_made
    assert again.ca_cert.read_bytes() == ca_before  # a phone that trusts it keeps working
    _verify(again.folder, v.IPAddress(GYM), NOW + timedelta(days=3))
    with pytest.raises(v.VerificationError):
        _verify(again.folder, v.IPAddress(HOME), NOW + timedelta(days=3))


def test_a_server_certificate_near_its_end_is_renewed(tmp_path: Path) -> None:
    ensure_tls(tmp_path, NAMES, NOW)
    later = NOW + timedelta(days=380)  # 17 days before it ends
    again = ensure_tls(tmp_path, NAMES, later)
    assert again.server_made and not again.ca_made
    _verify(again.folder, v.IPAddress(HOME), later + timedelta(days=300))


def test_the_ca_cannot_vouch_for_other_sites(tmp_path: Path) -> None:
    """A stolen CA key cannot impersonate a bank to a phone that trusts the CA."""
    from cryptography.hazmat.primitives import serialization

    files = ensure_tls(tmp_path, NAMES, NOW)
    ca = _cert(files.ca_cert)
    ca_key = serialization.load_pem_private_key(files.ca_key.read_bytes(), None)
    server = _cert(files.server_cert)
    forged = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "bank.example")]))
        .issuer_name(ca.subject)
        .public_key(server.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOW)
        .not_valid_after(NOW + timedelta(days=30))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("bank.example")]), False)
        .sign(ca_key, hashes.SHA256())  # type: ignore[arg-type]
    )
    verifier = (
        v.PolicyBuilder()
        .store(v.Store([ca]))
        .time(NOW + timedelta(days=1))
        .build_server_verifier(v.DNSName("bank.example"))
    )
    with pytest.raises(v.VerificationError):
        verifier.verify(forged, [])


def test_an_address_beyond_the_private_ranges_makes_a_new_ca(tmp_path: Path) -> None:
    ca_before = ensure_tls(tmp_path, NAMES, NOW).ca_cert.read_bytes()
    public = ipaddress.ip_address("203.0.113.9")
    names = MachineNames.of(NAMES.dns, [public])
    again = ensure_tls(tmp_path, names, NOW)
    assert again.ca_made and again.ca_cert.read_bytes() != ca_before
    _verify(again.folder, v.IPAddress(public), NOW + timedelta(days=1))


def test_a_damaged_certificate_file_is_named(tmp_path: Path) -> None:
    files = ensure_tls(tmp_path, NAMES, NOW)
    files.server_cert.write_text("not a certificate")
    with pytest.raises(TlsError, match="server.crt"):
        ensure_tls(tmp_path, NAMES, NOW)


def test_the_lan_token_is_kept_until_renewed(tmp_path: Path) -> None:
    token, made = lan_token(tmp_path)
    assert made and load_token_hash(tmp_path) == hash_token(token)
    assert lan_token(tmp_path) == (token, False)
    assert (tmp_path / "web-token.lan").stat().st_mode & 0o777 == 0o600
    renewed, made = lan_token(tmp_path, renew=True)
    assert made and renewed != token and load_token_hash(tmp_path) == hash_token(renewed)
    save_token_hash(tmp_path, "made-by-plain-host")  # the kept one no longer matches
    third, made = lan_token(tmp_path)
    assert made and third not in (token, renewed)


def test_the_address_offered_is_ipv4_first() -> None:
    v6 = ipaddress.ip_address("fd00::5")
    assert pick_lan_address((v6, HOME)) == HOME
    assert pick_lan_address((v6,)) == v6
    assert pick_lan_address(()) is None
    names = machine_names((HOME,))
    assert HOME in names.ips and ipaddress.ip_address("127.0.0.1") in names.ips
    assert "localhost" in names.dns and any(d.endswith(".local") for d in names.dns)


def test_prepare_lan_binds_the_found_address_with_a_certificate_for_it(tmp_path: Path) -> None:
    from upright.web.lan import machine_addresses, prepare_lan

    found = pick_lan_address(machine_addresses())
    if found is None:
        pytest.skip("this machine has no non-loopback address")
    data = tmp_path / "data"
    lan = prepare_lan(data, 8443)
    assert lan.bind == str(found) and lan.pairing.address.endswith(":8443/")
    assert data.stat().st_mode & 0o777 == 0o700
    assert found in certificate_names(_cert(lan.tls.server_cert)).ips
    again = prepare_lan(data, 8443)
    assert again.pairing.token == lan.pairing.token and not again.token_replaced
    assert not again.tls.ca_made and not again.tls.server_made


def test_prepare_lan_names_a_bad_host(tmp_path: Path) -> None:
    from upright.web.lan import NoLanAddress, prepare_lan

    with pytest.raises(NoLanAddress, match="--host: expected an IP address"):
        prepare_lan(tmp_path / "data", 8443, host="gym-laptop")
    assert not (tmp_path / "data").exists()  # nothing made for a command that stops
