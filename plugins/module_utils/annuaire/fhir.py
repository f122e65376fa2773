# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""HTTP client of the Annuaire Santé FHIR v2 API (stdlib urllib only).

- the key travels in the `ESANTE-API-KEY` header, and only to the API's own origin: a `link[next]`
  or a redirect to another origin (scheme, host, port), or from https to http, stops the run;
  same-origin redirects are followed (key kept, throttled, at most redirects.MAX_REDIRECTS);
- a client-side throttle spaces request starts (the gateway allows 17 calls/s per application,
  we default to 10 and refuse more than 17);
- 429 (honouring Retry-After), 5xx, timeouts and connection resets are retried with backoff;
- `link[next]` is followed as an opaque URL, up to a page cap;
- every request is counted and timed for the module's return values;
- an answer is used only when it proves itself complete: a 200 must carry a Bundle (an
  OperationOutcome, anything else or unreadable JSON is an error), the entries of all its pages
  must add up to its `total` when given, a `next` link seen twice or beyond `max_pages` is an
  error; a body cut short, a bad status line or a body dripped slower than `timeout` is retried
  then an error; the whole read stops after `total_timeout` seconds.
"""

from __future__ import annotations

import email.utils
import http.client
import json
import random
import socket
import ssl
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

from ansible_collections.mssante.hygiene.plugins.module_utils.errors import MssanteError, OptionError
from ansible_collections.mssante.hygiene.plugins.module_utils.annuaire.redirects import (
    MAX_REDIRECTS, GuardedRedirects, RedirectRefused, origin)
from ansible_collections.mssante.hygiene.plugins.module_utils.fr_text import endpoint, os_reason
from ansible_collections.mssante.hygiene.plugins.module_utils.tls import cleartext_warning, describe_tls_error

DEFAULT_URL = "https://gateway.api.esante.gouv.fr/fhir/v2"
MAX_RATE = 17.0  # calls per second per application, Gravitee limit of the gateway
DEFAULT_RATE = 10.0
RETRY_STATUSES = (429, 500, 502, 503, 504)


class FhirError(MssanteError):
    """A request failed for good; the message is meant for the operator."""

    def __init__(self, message, status=None, url=""):
        super().__init__(message)
        self.status = status
        self.url = url


class ApiKeyError(FhirError):
    """401/403: the gateway refused the key."""


class Incomplete(FhirError):
    """The API answered, but not with a complete, well-formed result: nothing can be concluded."""


class _SlowBody(Exception):
    """The body kept coming, too slowly: the request outlived its timeout."""


def status_text(code, reason="", outcome=""):
    """'HTTP 429 (...)': the status first, with what to do in French for the usual ones."""
    if code == 429:
        hint = "trop de requêtes : la passerelle limite le débit, baissez rate_limit ou réessayez plus tard"
    elif code >= 500:
        hint = "le serveur de l'Annuaire Santé est en erreur (%s) : réessayez plus tard" % reason
    elif code == 404:
        hint = "ressource introuvable : vérifiez api_url"
    elif 300 <= code < 400:
        hint = ("redirection non suivie (en boucle, plus de %d, ou sans en-tête Location) : vérifiez api_url"
                % MAX_REDIRECTS)
    else:
        hint = reason
    return "HTTP %d (%s)%s" % (code, hint, (" - " + outcome) if outcome else "")


def redirect_refused_text(api_url, refused):
    """Why a redirect of the API was not followed (names api_url and the target origin, never the key)."""
    return ("l'Annuaire Santé (api_url %s) redirige vers %s : redirection refusée, la clé api_key n'est "
            "jamais envoyée à un autre serveur%s ; vérifiez api_url"
            % (api_url, refused.target, " ni en clair (passage de https à http)" if refused.downgrade else ""))


def cleartext_api_url(api_url):
    """The warning for an api_url that would send the key in clear, "" for https."""
    if urllib.parse.urlsplit(api_url).scheme.lower() == "https":
        return ""
    return cleartext_warning("api_url", api_url, "la clé api_key (en-tête ESANTE-API-KEY)",
                             "utilisez l'adresse https:// de l'API")


def operation_outcome_text(body):
    """The diagnostics of an OperationOutcome body, "" when the body is not one."""
    try:
        data = json.loads(body.decode("utf-8", "replace") if isinstance(body, bytes) else body)
    except ValueError:
        return ""
    if not isinstance(data, dict) or data.get("resourceType") != "OperationOutcome":
        return ""
    parts = []
    for issue in data.get("issue") or ():
        text = issue.get("diagnostics") or (issue.get("details") or {}).get("text") or ""
        parts.append("%s: %s" % (issue.get("severity", "error"), text or issue.get("code", "")))
    return "; ".join(parts)


def retry_after_seconds(value, default):
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP date)."""
    if not value:
        return default
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
        return max(0.0, when.timestamp() - time.time())
    except (TypeError, ValueError):
        return default


class Throttle:
    """Spaces request releases by at least 1/rate seconds (thread-safe, no burst).

    The next slot is counted from the moment a caller is really released, not from the moment it
    was scheduled: a sleep that overshoots (loaded machine) then widens the gap instead of
    shortening the next one. Waiters queue on the lock, which is what they would do anyway."""

    def __init__(self, rate):
        if not 0 < rate <= MAX_RATE:
            raise OptionError("rate_limit doit être > 0 et <= %g requêtes/s (limite de la passerelle), "
                              "reçu %s" % (MAX_RATE, rate), parameter="rate_limit")
        # 3 % above 1/rate: rate+1 requests then span 1.03 s, so up to 30 ms of jitter between
        # release and arrival at the gateway still keeps every 1-second window at `rate` calls
        self.interval = 1.0 / rate * 1.03
        self._next = 0.0
        self._lock = threading.Lock()

    def wait(self):
        """Blocks until this caller may send; returns the seconds it waited."""
        with self._lock:
            asked = time.monotonic()
            if self._next > asked:
                time.sleep(self._next - asked)
            released = time.monotonic()
            self._next = released + self.interval
        return released - asked


class Stats:
    """Request counts and timings, returned by the module."""

    def __init__(self):
        self.requests = 0
        self.retries = 0
        self.pages = 0
        self.by_status = {}
        self.seconds = 0.0
        self.waited = 0.0  # throttle + Retry-After sleeps
        self.slowest = 0.0
        self.warnings = []

    def as_dict(self):
        return {"count": self.requests, "retries": self.retries, "pages": self.pages,
                "by_status": {str(k): v for k, v in sorted(self.by_status.items())},
                "seconds": round(self.seconds, 3), "waited_seconds": round(self.waited, 3),
                "slowest_seconds": round(self.slowest, 3),
                "mean_seconds": round(self.seconds / self.requests, 4) if self.requests else 0.0}


class FhirClient:
    """Searches the FHIR API; one instance per run (shares TLS context, throttle and stats)."""

    def __init__(self, base_url=DEFAULT_URL, api_key="", rate_limit=DEFAULT_RATE, timeout=30,
                 ssl_context=None, max_retries=5, max_pages=2000, backoff=0.5,
                 max_retry_after=120.0, total_timeout=0):
        self.base_url = base_url.rstrip("/")
        self.api_key = api_key
        self.timeout = timeout
        # overall budget of the read (0: none); every request and every wait stays inside it
        self.total_timeout = total_timeout
        self._deadline = time.monotonic() + total_timeout if total_timeout else None
        self.max_retries = max_retries
        self.max_pages = max_pages
        self.backoff = backoff
        self.max_retry_after = max_retry_after
        self.throttle = Throttle(float(rate_limit))
        self.stats = Stats()
        self._origin = origin(self.base_url)
        handlers = [urllib.request.ProxyHandler(),  # http_proxy / https_proxy / no_proxy
                    GuardedRedirects(pinned=self.base_url, before_follow=self.throttle.wait)]
        if ssl_context is not None:
            handlers.append(urllib.request.HTTPSHandler(context=ssl_context))
        self._opener = urllib.request.build_opener(*handlers)

    # -- one request -------------------------------------------------------------------
    def _check_origin(self, url):
        if origin(url) != self._origin:
            raise FhirError("le serveur a renvoyé un lien hors de api_url %s (%s) : la clé API n'y est "
                            "pas envoyée, la lecture s'arrête" % (self.base_url, url), url=url)

    def _sleep(self, seconds):
        self.stats.waited += seconds
        time.sleep(seconds)

    def _backoff(self, attempt):
        return self.backoff * (2 ** attempt) * (0.75 + random.random() * 0.5)

    def _remaining(self):
        """Seconds left of total_timeout (None: no overall budget); FhirError once spent."""
        if self._deadline is None:
            return None
        left = self._deadline - time.monotonic()
        if left <= 0:
            raise FhirError("lecture de l'Annuaire Santé (api_url %s) interrompue : plus de %s s au total "
                            "(total_timeout) ; le résultat serait incomplet, relevez total_timeout ou "
                            "réessayez plus tard" % (self.base_url, self.total_timeout), url=self.base_url)
        return left

    def get_json(self, url):
        """GET url -> parsed JSON object (a dict), with throttle and retries."""
        self._check_origin(url)
        headers = {"Accept": "application/fhir+json", "ESANTE-API-KEY": self.api_key,
                   "User-Agent": "mssante.hygiene annuaire_info"}
        attempt = 0
        while True:
            self._remaining()
            self.stats.waited += self.throttle.wait()
            status, delay, body, problem = self._once(url, headers)
            if status == 200:
                return self._parsed(url, body)
            if status in (401, 403):
                raise ApiKeyError(
                    "api_key refusée par %s : vérifiez api_key (clé ESANTE-API-KEY de votre application "
                    "sur portal.api.esante.gouv.fr) ; réponse : %s"
                    % (self.base_url, problem or "HTTP %d" % status), status, url)
            retryable = status in RETRY_STATUSES or status is None
            if not retryable or attempt >= self.max_retries:
                raise FhirError("échec de %s%s : %s" % (
                    _short(url), " après %d nouvelles tentatives" % attempt if attempt else "",
                    problem or "HTTP %s" % status), status, url)
            attempt += 1
            self.stats.retries += 1
            if delay is None:
                delay = self._backoff(attempt - 1)
            left = self._remaining()
            self._sleep(min(delay, self.max_retry_after, left if left is not None else delay))

    def _parsed(self, url, body):
        """The JSON object of a 200 answer; an OperationOutcome or anything else is an error."""
        try:
            data = json.loads(body.decode("utf-8"))
        except ValueError as exc:  # UnicodeDecodeError is a ValueError
            raise Incomplete("réponse JSON invalide de %s (api_url %s) : %s (api_url pointe-t-elle sur "
                             "l'API FHIR ?)" % (_short(url), self.base_url, exc), 200, url)
        if isinstance(data, dict) and data.get("resourceType") == "OperationOutcome":
            raise Incomplete("l'Annuaire Santé (api_url %s) a répondu HTTP 200 avec une erreur "
                             "(OperationOutcome) pour %s : %s ; aucun résultat n'est retenu"
                             % (self.base_url, _short(url), operation_outcome_text(body) or "sans détail"),
                             200, url)
        if not isinstance(data, dict):
            raise Incomplete("réponse inattendue de %s (api_url %s) : un objet JSON était attendu, reçu %s"
                             % (_short(url), self.base_url, type(data).__name__), 200, url)
        return data

    def _read_body(self, response, timeout):
        """The whole body, in chunks: a server dripping bytes must not outlive `timeout`."""
        limit = time.monotonic() + timeout
        chunks, size = [], 0
        # read1: at most one socket read per call (read(n) would wait for n bytes, drip or not)
        read = getattr(response, "read1", response.read)
        while True:
            chunk = read(1 << 16)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
            if time.monotonic() > limit:
                raise _SlowBody()
        body = b"".join(chunks)
        # urllib returns a body cut short without complaint: compare it with Content-Length
        expected = response.headers.get("Content-Length", "") if response.headers else ""
        if expected.strip().isdigit() and size < int(expected):
            raise http.client.IncompleteRead(body, int(expected) - size)
        return body

    def _once(self, url, headers):
        """(status, retry_after or None, body, problem text); status None = network error."""
        request = urllib.request.Request(url, headers=headers)
        left = self._remaining()
        timeout = min(self.timeout, left) if left is not None else self.timeout
        start = time.monotonic()
        status, delay, body, problem = None, None, b"", ""
        try:
            with self._opener.open(request, timeout=timeout) as response:
                status = response.status
                body = self._read_body(response, timeout)
        except RedirectRefused as exc:
            raise FhirError(redirect_refused_text(self.base_url, exc), url=url)
        except urllib.error.HTTPError as exc:
            status, body = exc.code, _error_body(exc)
            # the status first: an OperationOutcome alone ("Quota exceeded") hides a 429 or a 5xx
            problem = status_text(exc.code, exc.reason, operation_outcome_text(body))
            if exc.code == 429 or exc.code == 503:
                after = exc.headers.get("Retry-After") if exc.headers else None
                delay = retry_after_seconds(after, None) if after else None
        except urllib.error.URLError as exc:
            reason = exc.reason
            if isinstance(reason, ssl.SSLError):
                raise FhirError("api_url : " + describe_tls_error(reason, self.base_url), url=url)
            problem = self._unreachable(reason)
        except (socket.timeout, TimeoutError, _SlowBody):
            status, problem = None, "api_url %s (%s) : pas de réponse complète en %s s (timeout)" % (
                self.base_url, endpoint(self.base_url), round(timeout, 1))
        except ssl.SSLError as exc:
            raise FhirError("api_url : " + describe_tls_error(exc, self.base_url), url=url)
        except http.client.IncompleteRead as exc:
            status, problem = None, ("réponse coupée par api_url %s (%s) : %d octets reçus, %s attendus"
                                     % (self.base_url, endpoint(self.base_url), len(exc.partial),
                                        len(exc.partial) + exc.expected if exc.expected is not None
                                        else "davantage"))
        except http.client.HTTPException as exc:  # bad status line, remote disconnected, bad headers
            status, problem = None, ("réponse HTTP invalide de api_url %s (%s) : %s"
                                     % (self.base_url, endpoint(self.base_url), _http_reason(exc)))
        except (ConnectionError, OSError) as exc:
            status, problem = None, self._unreachable(exc)
        elapsed = time.monotonic() - start
        stats = self.stats
        stats.requests += 1
        stats.seconds += elapsed
        stats.slowest = max(stats.slowest, elapsed)
        stats.by_status[status or "error"] = stats.by_status.get(status or "error", 0) + 1
        return status, delay, body, problem

    def _unreachable(self, reason):
        text = os_reason(reason) if isinstance(reason, OSError) else str(reason)
        return "Annuaire Santé injoignable à %s (api_url %s) : %s" % (endpoint(self.base_url), self.base_url, text)

    # -- searches ----------------------------------------------------------------------
    def search_url(self, resource, params):
        """URL of a search; params is a list of (name, value) pairs (repeats allowed)."""
        return "%s/%s?%s" % (self.base_url, resource, urllib.parse.urlencode(params, safe=",:/"))

    def search(self, resource, params):
        """Yield every Bundle page of a search, following link[next] up to max_pages.

        Raises Incomplete when a page is not a Bundle, a next link comes back, max_pages is
        reached, or the entries read do not add up to the Bundle's `total`.
        """
        first = url = self.search_url(resource, params)
        pages, matches, total, seen = 0, 0, None, set()
        while url:
            if url in seen:
                raise Incomplete("%s : la page suivante (link next) renvoie à une page déjà lue (boucle) ; "
                                 "api_url %s ne donne pas un résultat complet" % (_short(first), self.base_url),
                                 url=url)
            seen.add(url)
            bundle = self.get_json(url)
            entries, url = bundle_parts(bundle, url, self.base_url)
            pages += 1
            self.stats.pages += 1
            matches += sum(1 for e in entries if _is_match(e, resource))
            if isinstance(bundle.get("total"), int) and not isinstance(bundle.get("total"), bool):
                total = bundle["total"] if total is None else total
            yield bundle
            if url and pages >= self.max_pages:
                raise Incomplete("%s : encore des pages après %d pages (plafond max_pages) ; le résultat "
                                 "serait incomplet, relevez max_pages (api_url %s)"
                                 % (_short(first), pages, self.base_url), url=url)
        if total is not None and matches != total:
            raise Incomplete("%s : %d résultat(s) lu(s) sur les %d annoncés (total du Bundle) ; api_url %s "
                             "ne donne pas un résultat complet"
                             % (_short(first), matches, total, self.base_url), url=first)


def bundle_parts(bundle, url, base_url):
    """(entries, next url or None) of a search answer; Incomplete when it is not a usable Bundle."""
    kind = bundle.get("resourceType")
    if kind != "Bundle":
        raise Incomplete("réponse inattendue de %s (api_url %s) : un Bundle était attendu, reçu %s"
                         % (_short(url), base_url, "resourceType « %s »" % kind if kind else "un objet sans "
                            "resourceType"), 200, url)
    entries, links = bundle.get("entry") or [], bundle.get("link") or []
    if (not isinstance(entries, list) or not isinstance(links, list)
            or not all(isinstance(e, dict) and isinstance(e.get("resource", {}), dict) for e in entries)
            or not all(isinstance(link, dict) for link in links)):
        raise Incomplete("Bundle mal formé de %s (api_url %s) : entry et link doivent être des listes "
                         "d'objets" % (_short(url), base_url), 200, url)
    following = next((link.get("url") for link in links if link.get("relation") == "next"), None)
    return entries, following if isinstance(following, str) and following else None


def _is_match(entry, resource):
    """A search match (counted in `total`), not an _include / _revinclude; without search.mode, by type."""
    mode = (entry.get("search") or {}).get("mode") if isinstance(entry.get("search"), dict) else None
    if mode:
        return mode == "match"
    return (entry.get("resource") or {}).get("resourceType") == resource


def _error_body(exc):
    try:
        return exc.read() or b""
    except (OSError, http.client.HTTPException):
        return b""


def _http_reason(exc):
    if isinstance(exc, http.client.BadStatusLine):
        return "ligne de statut illisible %s" % (repr(exc.line)[:80] if getattr(exc, "line", "") else "(vide)")
    return "%s %s" % (type(exc).__name__, str(exc)[:120])


def _short(url, limit=160):
    return url if len(url) <= limit else url[:limit] + "..."
