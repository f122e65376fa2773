# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Which HTTP redirects the Annuaire clients follow.

urllib's default handler follows any 30x and copies every header of the request, so a
redirect to another server would receive the ESANTE-API-KEY header. This handler refuses:

- any redirect from https to a non-https URL (what follows would travel in clear);
- with `pinned` (the FHIR client, which sends the key): any redirect to another origin
  (scheme, host, port) than the pinned one. Same-origin redirects are followed, the key kept.

Redirects are bounded (MAX_REDIRECTS per request, urllib's loop detection stays on).
"""

from __future__ import annotations

import urllib.parse
import urllib.request

from ansible_collections.mssante.hygiene.plugins.module_utils.errors import MssanteError
from ansible_collections.mssante.hygiene.plugins.module_utils.fr_text import DEFAULT_PORTS

MAX_REDIRECTS = 5


class RedirectRefused(MssanteError):
    """A redirect was not followed; `source` and `target` are origins (never a path or a query)."""

    def __init__(self, source, target):
        super().__init__("%s -> %s" % (source, target))
        self.source = source
        self.target = target

    @property
    def downgrade(self):
        return self.source.startswith("https://") and not self.target.startswith("https://")


def origin(url):
    """'scheme://host:port' of a URL, lower-cased, port always written (no user, path nor query)."""
    parts = urllib.parse.urlsplit(url)
    scheme = parts.scheme.lower()
    try:
        port = parts.port
    except ValueError:
        port = None
    host = (parts.hostname or "").lower()
    if ":" in host:  # IPv6 literal
        host = "[%s]" % host
    port = port or DEFAULT_PORTS.get(scheme)
    return "%s://%s:%s" % (scheme, host, port) if port else "%s://%s" % (scheme, host)


class GuardedRedirects(urllib.request.HTTPRedirectHandler):
    """HTTPRedirectHandler that raises RedirectRefused instead of following a forbidden redirect."""

    max_redirections = MAX_REDIRECTS

    def __init__(self, pinned=None, before_follow=None):
        super().__init__()
        self.pinned = origin(pinned) if pinned else None
        # the FHIR client passes its throttle: a followed redirect is one more call to the gateway
        self.before_follow = before_follow

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        refused = RedirectRefused(origin(req.full_url), origin(newurl))
        if refused.downgrade or (self.pinned and refused.target != self.pinned):
            fp.close()
            raise refused
        if self.before_follow is not None:
            self.before_follow()
        return super().redirect_request(req, fp, code, msg, headers, newurl)
