"""A throwaway certificate authority and broker certificate for a local TLS listener.

Made with the ``openssl`` command-line tool because the ``cryptography`` package is
not one of Parley's dependencies, and a single ``openssl`` run takes milliseconds
where Java's ``keytool`` takes a JVM start.  Everything is PEM, which both Python's
``ssl`` module and Kafka 4 (``ssl.keystore.type=PEM``) read directly.

The CA's private key is deleted once the broker certificate is signed: nothing
else can ever be signed by this CA, so trusting its certificate trusts exactly
this one broker certificate.
"""

from __future__ import annotations

import ipaddress
import os
import secrets
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from parley.broker.local import BrokerError

__all__ = ["DEFAULT_HOSTS", "TlsFiles", "generate_tls", "subject_alt_names"]

# What clients of a loopback broker connect to; hostname verification checks these.
DEFAULT_HOSTS: tuple[str, ...] = ("localhost", "127.0.0.1")

# The certificate request config, written next to the files so that the system's
# openssl.cnf (which differs between distributions) plays no part.
_CONFIG = """\
[req]
distinguished_name = dn
prompt = no

[dn]
CN = {common_name}

[ca_ext]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash

[server_ext]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = {alt_names}
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
"""


@dataclass(frozen=True)
class TlsFiles:
    """The PEM files a TLS listener and its clients need."""

    ca_file: Path
    """The CA certificate: what clients trust (``KAFKA_SSL_CAFILE``)."""
    keystore: Path
    """The broker's private key (unencrypted PKCS#8) followed by its certificate chain."""
    certificate: Path
    """The broker's certificate alone, for inspection."""


def subject_alt_names(hosts: Sequence[str]) -> str:
    """The ``subjectAltName`` value naming ``hosts``: IP entries for addresses, DNS otherwise."""
    if not hosts:
        raise BrokerError("a broker certificate needs at least one host name or address")
    entries = []
    for host in hosts:
        try:
            entries.append(f"IP:{ipaddress.ip_address(host)}")
        except ValueError:
            if not host or any(c in host for c in ",\n\r= "):
                raise BrokerError(f"not a usable host name for a certificate: {host!r}") from None
            entries.append(f"DNS:{host}")
    return ", ".join(entries)


def _openssl() -> str:
    found = shutil.which("openssl")
    if found is None:
        raise BrokerError("openssl not found: install openssl (apt) to generate certificates")
    return found


def _run(args: list[str], cwd: Path) -> None:
    try:
        proc = subprocess.run(
            args, cwd=cwd, capture_output=True, text=True, timeout=60, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise BrokerError(f"could not run {args[0]}: {exc}") from exc
    if proc.returncode != 0:
        # openssl's messages name files and options, never key material.
        raise BrokerError(
            f"{' '.join(args[:2])} failed (exit {proc.returncode}): {proc.stderr.strip()}"
        )


def generate_tls(
    directory: Path,
    *,
    hosts: Sequence[str] = DEFAULT_HOSTS,
    days: int = 30,
    common_name: str = "Parley local CA",
) -> TlsFiles:
    """Create a new CA and a broker certificate for ``hosts`` in ``directory``.

    Returns the paths of the CA certificate and of the broker's keystore.  Any
    files from an earlier call in the same directory are replaced.
    """
    if days < 1:
        raise BrokerError(f"certificate validity must be at least one day, not {days}")
    openssl = _openssl()
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    config = directory / "openssl.cnf"
    config.write_text(_CONFIG.format(common_name=common_name, alt_names=subject_alt_names(hosts)))
    ca_file, cert = directory / "ca.pem", directory / "broker.pem"
    keystore = directory / "broker.keystore.pem"
    # P-256 keys: generated instantly, and supported by Java, OpenSSL and Python alike.
    new_key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"]
    # Private keys are made in a directory only we can enter (mkdtemp makes it
    # 0700), and the CA's key is gone with it when this returns.
    with tempfile.TemporaryDirectory(prefix="keys.", dir=directory) as scratch:
        work = Path(scratch)
        ca_key, key, csr = work / "ca.key", work / "broker.key", work / "broker.csr"
        _run(
            [
                openssl, "req", "-x509", "-config", str(config), "-extensions", "ca_ext",
                *new_key, "-keyout", str(ca_key), "-out", str(ca_file),
                "-days", str(days), "-subj", f"/CN={common_name}",
            ],
            work,
        )  # fmt: skip
        _run(
            [
                openssl, "req", "-new", "-config", str(config),
                *new_key, "-keyout", str(key), "-out", str(csr), "-subj", "/CN=parley-broker",
            ],
            work,
        )  # fmt: skip
        _run(
            [
                openssl, "x509", "-req", "-in", str(csr), "-CA", str(ca_file),
                "-CAkey", str(ca_key), "-set_serial", str(secrets.randbits(63) | 1),
                "-days", str(days), "-extfile", str(config), "-extensions", "server_ext",
                "-out", str(cert),
            ],
            work,
        )  # fmt: skip
        # Kafka's PEM keystore: the key, then the chain from the leaf up to the CA.
        pem = key.read_text() + cert.read_text() + ca_file.read_text()
    keystore.unlink(missing_ok=True)
    fd = os.open(keystore, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as out:
        out.write(pem)
    return TlsFiles(ca_file=ca_file, keystore=keystore, certificate=cert)
