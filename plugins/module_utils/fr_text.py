# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Pieces of the French messages a DSI reads: quoted values, joined lists, system errors.

Messages never show Python reprs (quotes of str(), brackets of lists): values go between « »,
lists are joined with ", ", and an OSError becomes a French reason plus the path it concerns.
"""

from __future__ import annotations

import json

import difflib
import errno
import re
import socket
import urllib.parse

DEFAULT_PORTS = {"ldap": 389, "ldaps": 636, "http": 80, "https": 443}

# errno -> French reason; the C library's English text is kept for any other number
_ERRNO = {
    errno.ENOENT: "fichier ou répertoire introuvable",
    errno.EACCES: "permission refusée",
    errno.EPERM: "opération non permise",
    errno.ENOTDIR: "un élément du chemin n'est pas un répertoire",
    errno.EISDIR: "c'est un répertoire, pas un fichier",
    errno.EEXIST: "existe déjà",
    errno.ENOSPC: "plus de place sur le disque",
    errno.EDQUOT: "quota disque dépassé",
    errno.EROFS: "système de fichiers en lecture seule",
    errno.ECONNREFUSED: "connexion refusée (aucun service n'écoute sur ce port ?)",
    errno.ECONNRESET: "connexion coupée par le serveur",
    errno.ETIMEDOUT: "pas de réponse dans le délai (timeout)",
    errno.EHOSTUNREACH: "hôte injoignable (route ou pare-feu ?)",
    errno.ENETUNREACH: "réseau injoignable (route ou pare-feu ?)",
}
_ERRNO_IN_TEXT = re.compile(r"\[Errno (-?\d+)\]\s*([^'\"\]\)]*)")


def closest(word, candidates):
    """The candidate `word` was most probably meant to be (a typo's "vouliez-vous dire"), or None."""
    found = difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)
    return found[0] if found else None


def quoted(value):
    """« value »: how a value the person typed is shown in a sentence."""
    return "« %s »" % ("" if value is None else value)


def shown(value, limit=80):
    """A value quoted for a message, its control characters visible (\\n), never a raw line feed."""
    text = "".join(char if char.isprintable() else repr(char)[1:-1] for char in str(value))
    return "« %s »" % (text if len(text) <= limit else text[:limit] + "…")


def joined(values):
    """'a, b, c' (never the brackets and quotes of a printed list)."""
    return ", ".join(str(v) for v in values)


def errno_reason(number, fallback=""):
    """French reason for an errno number, else `fallback`."""
    return _ERRNO.get(number, fallback)


def os_reason(exc):
    """A French reason for an OSError (or a timeout, a DNS failure), without the path."""
    if isinstance(exc, socket.gaierror):
        return "nom d'hôte inconnu (DNS)"
    if isinstance(exc, (socket.timeout, TimeoutError)):
        return "pas de réponse dans le délai (timeout)"
    number = getattr(exc, "errno", None)
    if number in _ERRNO:
        return _ERRNO[number]
    return getattr(exc, "strerror", None) or text_reason(str(exc))


def text_reason(text):
    """A library's error text with its '[Errno N] ...' part said in French when known."""
    found = _ERRNO_IN_TEXT.search(text or "")
    if found:
        return errno_reason(int(found.group(1)), found.group(2).strip() or text)
    lowered = (text or "").lower()
    if "timed out" in lowered or "timeout" in lowered:
        return "pas de réponse dans le délai (timeout)"
    if "name or service not known" in lowered or "invalid server address" in lowered:
        return "nom d'hôte inconnu (DNS) ou adresse invalide"
    return text


def os_error(exc, path=""):
    """'<path> : <reason>' for an OSError, the path being the one the system names first."""
    where = getattr(exc, "filename", None) or path
    reason = os_reason(exc)
    return "%s : %s" % (where, reason) if where else reason


def endpoint(url):
    """'host:port' of a URL, with the scheme's default port when none is written."""
    parts = urllib.parse.urlsplit(url if "://" in url else "//" + url)
    try:
        port = parts.port
    except ValueError:
        port = None
    port = port or DEFAULT_PORTS.get(parts.scheme.lower())
    host = parts.hostname or url
    return "%s:%s" % (host, port) if port else host


def json_problem(exc):
    """Where a JSON document stops being readable, in French."""
    if isinstance(exc, UnicodeDecodeError):
        return "octet non UTF-8 en position %d" % exc.start
    if isinstance(exc, json.JSONDecodeError):
        return "JSON illisible ligne %d, colonne %d" % (exc.lineno, exc.colno)
    return "JSON illisible"
