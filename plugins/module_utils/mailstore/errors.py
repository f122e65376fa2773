# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Errors of the mail platform engine, each with a sentence that names the problem."""

from __future__ import annotations

import errno
import socket

from ansible_collections.mssante.hygiene.plugins.module_utils.errors import MssanteError


class MailstoreError(MssanteError):
    """A mailbox-level problem: that mailbox is listed in `failures`, the run goes on."""


class ConnectError(MailstoreError):
    """The server could not be reached or dropped the connection (retry later)."""


class AuthError(MailstoreError):
    """The server refused the credentials (wrong admin password, unknown mailbox)."""


class UnsupportedServer(MailstoreError):
    """The server lacks a capability the operation needs (e.g. UIDPLUS)."""


class ConfigError(MssanteError, ValueError):
    """Wrong module parameters: the whole call fails, naming the parameter."""


class CannotListError(ConfigError):
    """`discover` asked of a backend that cannot list every mailbox of the platform."""

    def __init__(self):
        super().__init__("discover : lister toutes les BAL de la plateforme demande backend: doveadm sur "
                         "l'hôte de messagerie (IMAP ne peut pas lister les BAL des autres)")


# the network failures a DSI meets, in words (the libc text is English)
_ERRNO_WORDS = {
    errno.ECONNREFUSED: "connexion refusée (rien n'écoute sur ce port)",
    errno.EHOSTUNREACH: "hôte inaccessible",
    errno.ENETUNREACH: "réseau inaccessible",
    errno.ECONNRESET: "connexion coupée par le serveur",
    errno.EPIPE: "connexion coupée par le serveur",
    errno.EACCES: "permission refusée",
    errno.ENOENT: "fichier ou dossier introuvable",
    errno.ENOSPC: "plus de place sur le disque",
    errno.EROFS: "système de fichiers en lecture seule",
}


def reason(exc):
    """A short French reason for an OS or network exception, without Python reprs."""
    if isinstance(exc, socket.gaierror):
        return "nom d'hôte introuvable (%s)" % (exc.strerror or exc)
    if isinstance(exc, (socket.timeout, TimeoutError)):
        return "pas de réponse dans le délai (timeout)"
    if isinstance(exc, OSError) and exc.errno in _ERRNO_WORDS:
        words = _ERRNO_WORDS[exc.errno]
        return "%s : %s" % (words, exc.filename) if exc.filename else words
    if isinstance(exc, OSError) and exc.strerror:
        return "%s : %s" % (exc.strerror, exc.filename) if exc.filename else exc.strerror
    return str(exc) or type(exc).__name__
