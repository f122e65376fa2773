# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Open a published file (local path or https URL; zip or plain) as a binary stream.

URLs are downloaded in chunks to a temporary file (a zip needs seeking; memory stays flat).
The real extraction server chains to IGC-Santé, which is not in public trust stores: pass its
chain as ca_path rather than turning verification off. Redirects are followed (bounded), except
from https to http: the file would then travel, unverified, in clear. A download shorter than its
Content-Length (connection cut) is refused: a partial national file would look like fewer BALs.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import shutil
import ssl
import tempfile
import urllib.error
import urllib.request
import zipfile

from ansible_collections.mssante.hygiene.plugins.module_utils.errors import MssanteError
from ansible_collections.mssante.hygiene.plugins.module_utils.annuaire.redirects import (
    MAX_REDIRECTS, GuardedRedirects, RedirectRefused)
from ansible_collections.mssante.hygiene.plugins.module_utils.fr_text import endpoint, os_reason
from ansible_collections.mssante.hygiene.plugins.module_utils.tls import describe_tls_error

ZIP_MAGIC = b"PK\x03\x04"


class SourceError(MssanteError):
    """The file cannot be fetched or opened; the message names it and the option that gave it."""


def is_url(location):
    return location.startswith(("https://", "http://"))


def _download_failure(url, exc, option):
    """The French sentence for a failed download of `url` (given by `option`)."""
    if isinstance(exc, RedirectRefused):
        return ("%s : %s redirige vers %s : redirection refusée, le fichier circulerait en clair (passage de "
                "https à http) ; donnez l'adresse https:// du fichier" % (option, url, exc.target))
    if isinstance(exc, urllib.error.HTTPError):
        if 300 <= exc.code < 400:
            return ("%s : redirection de %s non suivie (en boucle, plus de %d, ou sans en-tête Location) : "
                    "vérifiez l'URL" % (option, url, MAX_REDIRECTS))
        hint = " : accès refusé" if exc.code in (401, 403) else " : vérifiez l'URL" if exc.code == 404 else ""
        return "%s : le serveur a répondu HTTP %d (%s) pour %s%s" % (option, exc.code, exc.reason, url, hint)
    reason = getattr(exc, "reason", exc)
    if isinstance(reason, ssl.SSLError):
        return "%s : %s" % (option, describe_tls_error(reason, url))
    text = os_reason(reason) if isinstance(reason, OSError) else str(reason)
    return "%s : téléchargement de %s impossible, serveur %s injoignable : %s" % (option, url, endpoint(url), text)


def _download(url, ssl_context, timeout, directory=None, option="extraction_path"):
    handlers = [urllib.request.ProxyHandler(), GuardedRedirects()]
    if ssl_context is not None:
        handlers.append(urllib.request.HTTPSHandler(context=ssl_context))
    opener = urllib.request.build_opener(*handlers)
    request = urllib.request.Request(url, headers={"User-Agent": "mssante.hygiene annuaire_info"})
    handle, path = tempfile.mkstemp(prefix="mssante-extraction-", dir=directory)
    size, expected = 0, ""
    try:
        with os.fdopen(handle, "wb") as out, opener.open(request, timeout=timeout) as response:
            expected = response.headers.get("Content-Length", "") if response.headers else ""
            shutil.copyfileobj(response, out, 1 << 20)
            size = out.tell()
        if expected.strip().isdigit() and size < int(expected):
            raise http.client.IncompleteRead(b"", int(expected) - size)
    except http.client.IncompleteRead as exc:
        os.unlink(path)
        raise SourceError("%s : téléchargement de %s incomplet : %d octets reçus sur %s annoncés (Content-Length) ; "
                          "lecture incomplète, rien n'en est conclu"
                          % (option, url, size or len(exc.partial), expected or "?"))
    except http.client.HTTPException as exc:  # bad status line, connection dropped mid-headers
        os.unlink(path)
        raise SourceError("%s : réponse HTTP invalide pour %s (%s)" % (option, url, type(exc).__name__))
    except (OSError, ValueError, RedirectRefused) as exc:  # URLError and HTTPError are OSErrors
        os.unlink(path)
        raise SourceError(_download_failure(url, exc, option))
    return path


@contextlib.contextmanager
def open_binary(location, ssl_context=None, timeout=30, member_suffix=".txt", option="extraction_path"):
    """Yield (binary file object, name) for a path or URL, unzipping the first .txt member.

    `option` is the parameter that gave `location`, named in every error.
    """
    temp = None
    try:
        path = location
        if is_url(location):
            path = temp = _download(location, ssl_context, timeout, option=option)
        try:
            with open(path, "rb") as probe:
                magic = probe.read(4)
        except OSError as exc:
            raise SourceError("%s : lecture de %s impossible : %s" % (option, location, os_reason(exc)))
        if magic == ZIP_MAGIC:
            try:
                archive = zipfile.ZipFile(path)
            except zipfile.BadZipFile:
                raise SourceError("%s : %s n'est pas un zip valide (archive coupée ou corrompue) ; lecture "
                                  "incomplète, rien n'en est conclu" % (option, location))
            with archive:
                names = [n for n in archive.namelist() if n.lower().endswith(member_suffix)]
                if not names:
                    raise SourceError("%s : aucun fichier %s dans l'archive %s"
                                      % (option, member_suffix, location))
                with archive.open(names[0]) as stream:
                    yield stream, names[0]
        else:
            with open(path, "rb") as stream:
                yield stream, os.path.basename(location.split("?")[0])
    finally:
        if temp:
            os.unlink(temp)
