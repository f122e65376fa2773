# SPDX-License-Identifier: GPL-3.0-or-later
"""A throw-away certificate authority and server certificates (openssl CLI).

Tests use it to prove that certificate verification is on: a client without `ca_path` must
refuse the lab servers, a client with it must accept them. EC P-256 keys keep handshakes cheap.
"""

import os
import subprocess
from dataclasses import dataclass


@dataclass
class Certs:
    ca_cert: str
    cert: str
    key: str


def _openssl(*args):
    subprocess.run(("openssl",) + args, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.PIPE)


def make_ca_and_server(directory, hostname="localhost", days=30, expired=False):
    """Create ca.pem, server.pem, server.key in `directory` (SAN: hostname and 127.0.0.1)."""
    os.makedirs(directory, exist_ok=True)

    def path(name):
        return os.path.join(directory, name)

    if not os.path.exists(path("ca.pem")):
        _openssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", path("ca.key"))
        _openssl("req", "-x509", "-new", "-key", path("ca.key"), "-sha256", "-days", str(days),
                 "-subj", "/CN=mssante.hygiene lab CA", "-out", path("ca.pem"))
    prefix = "expired-" if expired else ""
    key, csr, cert = path(prefix + "server.key"), path(prefix + "server.csr"), path(prefix + "server.pem")
    _openssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", key)
    _openssl("req", "-new", "-key", key, "-subj", "/CN=%s" % hostname, "-out", csr)
    ext = path(prefix + "san.ext")
    with open(ext, "w", encoding="ascii") as handle:
        handle.write("subjectAltName=DNS:%s,IP:127.0.0.1\n" % hostname)
    validity = ["-days", str(days)]
    if expired:
        # openssl x509 cannot back-date; a certificate valid for a negative span is expired now
        validity = ["-days", "-1"]
    _openssl("x509", "-req", "-in", csr, "-CA", path("ca.pem"), "-CAkey", path("ca.key"),
             "-CAcreateserial", "-sha256", "-extfile", ext, "-out", cert, *validity)
    os.chmod(key, 0o640)
    return Certs(ca_cert=path("ca.pem"), cert=cert, key=key)
