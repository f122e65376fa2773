# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Client TLS contexts: verification on unless explicitly disabled; the French words for TLS trouble.

Build one context per run and share it between connections: creating a default context loads
the CA bundle (~25 ms of CPU each) and tripled wall time when done per connection.
"""

from __future__ import annotations

import os
import ssl

from ansible_collections.mssante.hygiene.plugins.module_utils.errors import MssanteError


class TlsConfigError(MssanteError, ValueError):
    """The TLS options cannot give a working context (e.g. unreadable ca_path)."""


# OpenSSL's verify messages, said in French (any other one is shown as OpenSSL wrote it)
_VERIFY_REASONS = (
    ("self-signed certificate in certificate chain", "certificat auto-signé dans la chaîne"),
    ("self signed certificate in certificate chain", "certificat auto-signé dans la chaîne"),
    ("self-signed certificate", "certificat auto-signé"),
    ("self signed certificate", "certificat auto-signé"),
    ("unable to get local issuer certificate", "autorité émettrice inconnue de ce poste"),
    ("unable to verify the first certificate", "chaîne de certificats incomplète"),
    ("certificate has expired", "certificat expiré"),
    ("certificate is not yet valid", "certificat pas encore valide"),
    ("hostname mismatch", "le nom du serveur ne figure pas dans le certificat"),
    ("ip address mismatch", "l'adresse IP du serveur ne figure pas dans le certificat"),
)


def client_context(validate_certs=True, ca_path=None):
    """An SSLContext for clients; `ca_path` replaces the system store when given."""
    if ca_path and not os.path.isfile(ca_path):
        raise TlsConfigError("ca_path : fichier introuvable ou illisible : %s" % ca_path)
    try:
        context = ssl.create_default_context(cafile=ca_path or None)
    except ssl.SSLError as exc:
        raise TlsConfigError("ca_path : %s n'est pas un fichier de certificats PEM (%s)" % (ca_path, exc))
    if not validate_certs:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    return context


def tls_conflict(validate_certs=True, ca_path=None):
    """A French sentence when the TLS options contradict each other, else ""."""
    if ca_path and not validate_certs:
        return ("options TLS contradictoires : ca_path (%s) est renseigné mais validate_certs=false "
                "désactive toute vérification ; retirez validate_certs=false pour vérifier le certificat "
                "avec ca_path, ou retirez ca_path" % ca_path)
    return ""


def insecure_warning(server):
    """The warning every module prints when validate_certs is false; `server` says which one."""
    return ("validate_certs=false : le certificat du serveur %s n'est PAS vérifié ; n'importe qui sur le "
            "chemin réseau peut se faire passer pour lui et lire les mots de passe ou clés envoyés. "
            "Renseignez plutôt ca_path avec l'autorité de certification du serveur." % server)


def cleartext_warning(option, address, secret, fix):
    """The warning every module prints when `option` (= `address`) makes `secret` travel unencrypted."""
    return ("%s %s : %s part EN CLAIR sur le réseau, lisible et réutilisable par quiconque sur le chemin "
            "réseau. %s." % (option, address, secret, fix[:1].upper() + fix[1:]))


def _verify_reason(text):
    lowered = text.lower()
    for english, french in _VERIFY_REASONS:
        if english in lowered:
            return french
    return text.strip()


def describe_tls_error(exc, server):
    """A French sentence telling a DSI engineer why the TLS handshake with `server` failed."""
    text = str(exc)
    if isinstance(exc, ssl.SSLCertVerificationError) or "CERTIFICATE_VERIFY_FAILED" in text:
        raw = getattr(exc, "verify_message", "") or text.rsplit("certificate verify failed:", maxsplit=1)[-1]
        reason = _verify_reason(raw.split("(_ssl.c", maxsplit=1)[0])
        if "expired" in raw:
            return ("le certificat de %s a expiré (%s) : renouvelez le certificat du serveur"
                    % (server, reason))
        if "mismatch" in raw.lower():
            return ("certificat non reconnu pour %s (%s) : utilisez le nom du serveur qui figure dans "
                    "son certificat, ou corrigez le certificat" % (server, reason))
        return ("certificat non reconnu pour %s (%s) : renseignez ca_path avec l'autorité de "
                "certification qui l'a signé (IGC-Santé, AC interne), ou corrigez le certificat du "
                "serveur ; validate_certs=false seulement pour un essai" % (server, reason))
    if "WRONG_VERSION_NUMBER" in text:
        return ("échec de la négociation TLS avec %s : le serveur ne parle pas TLS sur ce port "
                "(mauvais port, ou STARTTLS attendu plutôt que TLS implicite ?)" % server)
    return "échec de la négociation TLS avec %s : %s" % (server, text)
