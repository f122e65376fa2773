# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""OAuth 2.0 logins for the IMAP backend (platforms that refuse passwords): the bearer token and
the SASL initial responses (XOAUTH2, OAUTHBEARER RFC 7628).

The token is either given (`oauth.token`) or obtained with the client-credentials grant
(RFC 6749 4.4) from `oauth.token_url`, over HTTPS verified with the module's TLS options. One
TokenSource serves every session of the run: the token is fetched once, shared by the whole
pool, and replaced shortly before it expires. No message ever holds the secret or the token.
"""

from __future__ import annotations

import base64
import json
import socket
import ssl
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.errors import ConfigError, reason
from ansible_collections.mssante.hygiene.plugins.module_utils.tls import describe_tls_error

MECHANISMS = {"xoauth2": "XOAUTH2", "oauthbearer": "OAUTHBEARER"}
# what the client answers to the error challenge of a failed login (the server then says NO)
FAILURE_ACK = {"XOAUTH2": b"", "OAUTHBEARER": b"\x01"}
MAX_MARGIN = 60.0  # seconds before expiry a token is replaced (less for short-lived tokens)
MAX_ANSWER = 65536  # a token answer is small; more is not a token endpoint
# RFC 6749 5.2 error codes, in words, with the option to fix
TOKEN_ERRORS = {
    "invalid_client": ("oauth.client_secret", "identifiant ou secret du client refusé : vérifiez "
                       "oauth.client_id et oauth.client_secret"),
    "unauthorized_client": ("oauth.client_id", "ce client n'a pas le droit d'obtenir un jeton par "
                            "client_credentials : voyez sa déclaration chez le fournisseur d'identité"),
    "invalid_scope": ("oauth.scope", "portée (scope) refusée : vérifiez oauth.scope"),
    "unsupported_grant_type": ("oauth.token_url", "le point d'accès n'accepte pas client_credentials : "
                               "vérifiez oauth.token_url"),
}


class OAuthError(ConfigError):
    """The token cannot be obtained: the whole call fails, naming the option to fix."""


def _xoauth2(user, token, host, port):
    del host, port
    return "user=%s\x01auth=Bearer %s\x01\x01" % (user, token)


def _saslname(user):
    # RFC 5801 gs2 header: ',' and '=' are escaped in the authorization identity
    return user.replace("=", "=3D").replace(",", "=2C")


def _oauthbearer(user, token, host, port):
    return "n,a=%s,\x01host=%s\x01port=%d\x01auth=Bearer %s\x01\x01" % (_saslname(user), host, int(port), token)


_BUILDERS = {"XOAUTH2": _xoauth2, "OAUTHBEARER": _oauthbearer}


def initial_response(mechanism, user, token, host, port):
    """The client's first SASL message of `mechanism` (XOAUTH2 or OAUTHBEARER), raw bytes."""
    return _BUILDERS[mechanism](user, token, host, port).encode("utf-8")


def encoded(raw):
    return base64.b64encode(raw).decode("ascii")


def challenge_reason(challenge):
    """French words for the error challenge of a refused token (RFC 7628 3.2.2 JSON, base64)."""
    try:
        data = json.loads(base64.b64decode(challenge or b"", validate=False).decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        return ""
    if not isinstance(data, dict):
        return ""
    status = str(data.get("status", ""))
    words = "jeton refusé (status %s)" % status if status else "jeton refusé"
    if status in ("401", "invalid_token"):
        words += " : jeton expiré, révoqué ou sans droit sur cette BAL"
    return words


def _open(request, timeout, context):
    """The token endpoint's answer, over HTTPS with the run's TLS context (as the Annuaire client)."""
    return urllib.request.build_opener(urllib.request.HTTPSHandler(context=context)).open(request, timeout=timeout)


class TokenSource:
    """The run's bearer token, shared by every session (thread-safe)."""

    def __init__(self, token=None, token_url=None, client_id=None, client_secret=None, scope=None,
                 context=None, timeout=30, clock=time.monotonic, opener=None):
        self.given = token
        self.token_url = token_url
        self.client_id = client_id
        self.client_secret = client_secret
        self.scope = scope
        self.context = context
        self.timeout = timeout
        self.clock = clock
        self.opener = opener or _open
        self.fetches = 0
        self._token = None
        self._renew_at = 0.0
        self._lock = threading.Lock()

    @property
    def refreshable(self):
        return not self.given

    def token(self):
        """The current token; fetched on first use and again shortly before it expires."""
        if self.given:
            return self.given
        with self._lock:
            if self._token is None or self.clock() >= self._renew_at:
                self._token, lifetime = self._fetch()
                self._renew_at = self.clock() + max(0.0, lifetime - min(MAX_MARGIN, lifetime / 10.0))
            return self._token

    def forget(self, token):
        """Drop `token` (the server refused it): the next token() asks for a new one."""
        with self._lock:
            if self._token == token:
                self._token = None

    # --- the client-credentials grant ---------------------------------------
    def _request(self):
        form = {"grant_type": "client_credentials"}
        if self.scope:
            form["scope"] = self.scope
        # client_secret_basic (RFC 6749 2.3.1): both parts form-encoded before base64
        pair = "%s:%s" % (urllib.parse.quote(self.client_id, safe=""), urllib.parse.quote(self.client_secret, safe=""))
        return urllib.request.Request(
            self.token_url, data=urllib.parse.urlencode(form).encode("ascii"), method="POST",
            headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json",
                     "Authorization": "Basic " + encoded(pair.encode("utf-8"))})

    def _fetch(self):
        """(access token, lifetime in seconds) from the token endpoint."""
        where = "oauth.token_url %s" % self.token_url
        try:
            with self.opener(self._request(), timeout=self.timeout, context=self.context) as answer:
                body = answer.read(MAX_ANSWER + 1)
        except urllib.error.HTTPError as exc:
            raise self._refusal(exc)
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, ssl.SSLError):
                raise OAuthError("%s : %s" % (where, describe_tls_error(exc.reason, self._host())),
                                 parameter="oauth.token_url")
            raise OAuthError("%s injoignable : %s" % (where, self._scrub(reason(exc.reason))),
                             parameter="oauth.token_url")
        except (OSError, socket.timeout) as exc:
            raise OAuthError("%s injoignable : %s" % (where, self._scrub(reason(exc))), parameter="oauth.token_url")
        self.fetches += 1
        return self._read_token(body, where)

    def _read_token(self, body, where):
        try:
            data = json.loads(body[:MAX_ANSWER].decode("utf-8")) if len(body) <= MAX_ANSWER else None
        except (ValueError, UnicodeDecodeError):
            data = None
        if not isinstance(data, dict) or not isinstance(data.get("access_token"), str) or not data["access_token"]:
            raise OAuthError("%s : la réponse n'est pas un jeton OAuth (JSON avec access_token attendu) : "
                             "vérifiez l'adresse du point d'accès des jetons" % where, parameter="oauth.token_url")
        kind = str(data.get("token_type") or "bearer")
        if kind.lower() != "bearer":
            raise OAuthError("%s : jeton de type %s, seul le type Bearer convient à IMAP" % (where, kind[:40]),
                             parameter="oauth.token_url")
        try:
            lifetime = float(data.get("expires_in") or 3600)
        except (TypeError, ValueError):
            lifetime = 3600.0
        return data["access_token"], max(lifetime, 0.0)

    def _refusal(self, exc):
        try:
            data = json.loads(exc.read(MAX_ANSWER).decode("utf-8"))
        except (OSError, ValueError, UnicodeDecodeError):
            data = {}
        code = str(data.get("error", "")) if isinstance(data, dict) else ""
        detail = self._scrub(str(data.get("error_description", ""))[:200]) if isinstance(data, dict) else ""
        parameter, words = TOKEN_ERRORS.get(code, ("oauth.token_url", "demande de jeton refusée"))
        if not code and exc.code == 401:
            parameter, words = TOKEN_ERRORS["invalid_client"]
        return OAuthError("%s : le point d'accès %s refuse la demande de jeton du client %s (HTTP %d%s) : %s%s" % (
            parameter, self.token_url, self.client_id, exc.code, ", " + code if code else "", words,
            " (réponse du serveur : %s)" % detail if detail else ""), parameter=parameter)

    def _scrub(self, words):
        """Never echo the secret, even when a server quotes it back."""
        for secret in (self.client_secret, self._token):
            if secret:
                words = words.replace(secret, "***")
        return words

    def _host(self):
        return urllib.parse.urlsplit(self.token_url).netloc


class OAuthLogin:
    """How a session logs a mailbox in with OAuth: mechanism, user and token."""

    def __init__(self, source, mechanism, user=None):
        self.source = source
        self.mechanism = MECHANISMS[mechanism]
        self.user_form = user  # None: the mailbox login itself

    def user(self, mailbox):
        return self.user_form.replace("{mailbox}", mailbox) if self.user_form else mailbox

    def response(self, mailbox, host, port, token=None):
        """(raw initial response, token used) for `mailbox`."""
        token = token or self.source.token()
        return initial_response(self.mechanism, self.user(mailbox), token, host, port), token

    def refusal_hint(self):
        """What to check when the server refuses the token for every mailbox."""
        if self.source.refreshable:
            return ("oauth", "le jeton obtenu de oauth.token_url pour le client %s est refusé : vérifiez que ce "
                             "client a accès aux BAL (droits, oauth.scope) et oauth.mechanism" % self.source.client_id)
        return ("oauth.token", "le jeton donné dans oauth.token est refusé : jeton expiré, révoqué ou sans droit "
                               "sur ces BAL ; fournissez un jeton valide, ou oauth.token_url et le client")


def oauth_login(options, context, timeout):
    """OAuthLogin from the `oauth` option (None when not given); the token is fetched now, so a
    wrong secret fails the call before any mailbox is opened. `context`: the TLS context of the
    run (the token endpoint is verified with the module's TLS options)."""
    if not options:
        return None
    given, url = options.get("token"), options.get("token_url")
    if given and url:
        raise OAuthError("oauth : donnez soit oauth.token (jeton déjà obtenu), soit oauth.token_url avec "
                         "oauth.client_id et oauth.client_secret, pas les deux", parameter="oauth")
    if not given and not url:
        raise OAuthError("oauth : donnez oauth.token (jeton déjà obtenu) ou oauth.token_url avec "
                         "oauth.client_id et oauth.client_secret", parameter="oauth")
    if url:
        missing = [name for name in ("client_id", "client_secret") if not options.get(name)]
        if missing:
            raise OAuthError("oauth.%s est obligatoire avec oauth.token_url" % missing[0],
                             parameter="oauth.%s" % missing[0])
        if not url.lower().startswith("https://"):
            raise OAuthError("oauth.token_url doit commencer par https:// : le secret du client ne part "
                             "jamais en clair", parameter="oauth.token_url")
    user = options.get("user")
    if user is not None and not user:
        raise OAuthError("oauth.user est vide : omettez-le (la BAL elle-même) ou donnez un identifiant, "
                         "{mailbox} y valant l'identifiant de la BAL", parameter="oauth.user")
    source = TokenSource(token=given, token_url=url, client_id=options.get("client_id"),
                         client_secret=options.get("client_secret"), scope=options.get("scope"),
                         context=context, timeout=timeout)
    login = OAuthLogin(source, options["mechanism"], user)
    source.token()
    return login
