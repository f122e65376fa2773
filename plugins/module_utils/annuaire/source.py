# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Open a published file (local path or https URL; zip or plain) as a binary stream.

URLs are downloaded in chunks to a temporary file (a zip needs seeking; memory stays flat).
The real extraction server chains to IGC-Santé, which is not in public trust stores: pass its
chain as ca_path rather than turning verification off.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import ssl
import tempfile
import urllib.error
import urllib.request
import zipfile

from ansible_collections.mssante.hygiene.plugins.module_utils.tls import describe_tls_error

ZIP_MAGIC = b"PK\x03\x04"


class SourceError(Exception):
    """The file cannot be fetched or opened; the message names it."""


def is_url(location):
    return location.startswith(("https://", "http://"))


def _download(url, ssl_context, timeout, directory=None):
    handlers = [urllib.request.ProxyHandler()]
    if ssl_context is not None:
        handlers.append(urllib.request.HTTPSHandler(context=ssl_context))
    opener = urllib.request.build_opener(*handlers)
    request = urllib.request.Request(url, headers={"User-Agent": "mssante.hygiene annuaire_info"})
    handle, path = tempfile.mkstemp(prefix="mssante-extraction-", dir=directory)
    try:
        with os.fdopen(handle, "wb") as out, opener.open(request, timeout=timeout) as response:
            shutil.copyfileobj(response, out, 1 << 20)
    except urllib.error.URLError as exc:
        os.unlink(path)
        reason = getattr(exc, "reason", exc)
        if isinstance(reason, ssl.SSLError):
            raise SourceError("extraction_path: %s" % describe_tls_error(reason, url))
        raise SourceError("extraction_path: cannot download %s: %s" % (url, reason))
    except (OSError, ValueError) as exc:
        os.unlink(path)
        raise SourceError("extraction_path: cannot download %s: %s" % (url, exc))
    return path


@contextlib.contextmanager
def open_binary(location, ssl_context=None, timeout=30, member_suffix=".txt"):
    """Yield (binary file object, name) for a path or URL, unzipping the first .txt member."""
    temp = None
    try:
        path = location
        if is_url(location):
            path = temp = _download(location, ssl_context, timeout)
        try:
            with open(path, "rb") as probe:
                magic = probe.read(4)
        except OSError as exc:
            raise SourceError("extraction_path: cannot read %s: %s" % (location, exc.strerror))
        if magic == ZIP_MAGIC:
            try:
                archive = zipfile.ZipFile(path)
            except zipfile.BadZipFile as exc:
                raise SourceError("extraction_path: %s is not a valid zip: %s" % (location, exc))
            with archive:
                names = [n for n in archive.namelist() if n.lower().endswith(member_suffix)]
                if not names:
                    raise SourceError("extraction_path: no %s file inside %s"
                                      % (member_suffix, location))
                with archive.open(names[0]) as stream:
                    yield stream, names[0]
        else:
            with open(path, "rb") as stream:
                yield stream, os.path.basename(location.split("?")[0])
    finally:
        if temp:
            os.unlink(temp)
