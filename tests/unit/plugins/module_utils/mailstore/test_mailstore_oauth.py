# -*- coding: utf-8 -*-
# SPDX-License-Identifier: GPL-3.0-or-later
"""OAuth 2.0 logins (issue 19): SASL initial responses, one token for the whole pool renewed before
it expires, French errors naming the option and never showing the secret or the token."""

import base64
import io
import json
import threading
import urllib.error
import urllib.parse

import pytest

from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore import imap_backend
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.errors import (
    AuthError, ConfigError, MailstoreError)
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.imap import ImapSettings, Session
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.oauth import (
    OAuthError, OAuthLogin, TokenSource, challenge_reason, initial_response, oauth_login)
from tests.unit.fr_messages import assert_plain_french

SECRET = "s3cret-Client-Value"
URL = "https://login.example.test/tenant/oauth2/v2.0/token"


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


class Endpoint:
    """A token endpoint as urlopen: records requests, answers `answers` in turn."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.requests = []
        self.lock = threading.Lock()

    def __call__(self, request, timeout=None, context=None):
        with self.lock:
            self.requests.append((request, timeout, context))
            answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if isinstance(answer, Exception):
            raise answer
        return io.BytesIO(json.dumps(answer).encode() if isinstance(answer, dict) else answer)


def token(value, lifetime=3600):
    return {"access_token": value, "token_type": "Bearer", "expires_in": lifetime}


def refused(code, body):
    return urllib.error.HTTPError(URL, code, "refused", {}, io.BytesIO(json.dumps(body).encode()))


def source(endpoint, clock=None, **extra):
    options = dict(token_url=URL, client_id="mssante-app", client_secret=SECRET, scope="imap",
                   context="the-run-context", timeout=7, clock=clock or Clock(), opener=endpoint)
    options.update(extra)
    return TokenSource(**options)


# --- SASL ---------------------------------------------------------------------
def test_xoauth2_initial_response():
    raw = initial_response("XOAUTH2", "alice@ch.fr", "tok", "imap.ch.fr", 993)
    assert raw == b"user=alice@ch.fr\x01auth=Bearer tok\x01\x01"


def test_oauthbearer_initial_response_escapes_the_authzid():
    raw = initial_response("OAUTHBEARER", "a,b=c@ch.fr", "tok", "imap.ch.fr", 993)
    assert raw == b"n,a=a=2Cb=3Dc@ch.fr,\x01host=imap.ch.fr\x01port=993\x01auth=Bearer tok\x01\x01"


def test_user_form_and_mechanism():
    login = OAuthLogin(TokenSource(token="tok"), "oauthbearer", "{mailbox}")
    assert login.mechanism == "OAUTHBEARER" and login.user("bob@ch.fr") == "bob@ch.fr"
    assert OAuthLogin(TokenSource(token="tok"), "xoauth2").user("bob@ch.fr") == "bob@ch.fr"
    assert OAuthLogin(TokenSource(token="tok"), "xoauth2", "svc+{mailbox}").user("bob@ch.fr") == "svc+bob@ch.fr"
    raw, used = login.response("bob@ch.fr", "imap.ch.fr", 993)
    assert used == "tok" and raw.startswith(b"n,a=bob@ch.fr,")


def test_challenge_reason_reads_the_error_json():
    challenge = base64.b64encode(b'{"status":"401","schemes":"bearer","scope":"mail"}')
    assert "status 401" in challenge_reason(challenge) and "expiré" in challenge_reason(challenge)
    assert challenge_reason(b"not base64 json") == ""


# --- the token: fetched once, shared, renewed ---------------------------------
def test_client_credentials_request():
    endpoint = Endpoint(token("T1"))
    assert source(endpoint).token() == "T1"
    [(request, timeout, context)] = endpoint.requests
    assert request.full_url == URL and request.get_method() == "POST" and timeout == 7
    assert context == "the-run-context"  # the module's TLS options verify the endpoint
    form = dict(urllib.parse.parse_qsl(request.data.decode()))
    assert form == {"grant_type": "client_credentials", "scope": "imap"}  # the secret is not in the form
    basic = base64.b64decode(request.get_header("Authorization")[len("Basic "):]).decode()
    assert basic == "mssante-app:" + SECRET


def test_one_fetch_for_the_whole_pool():
    endpoint = Endpoint(token("T1"))
    tokens = source(endpoint)
    seen = []
    threads = [threading.Thread(target=lambda: seen.append(tokens.token())) for _index in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert seen == ["T1"] * 16 and len(endpoint.requests) == 1 and tokens.fetches == 1


def test_renewed_before_expiry():
    clock, endpoint = Clock(), Endpoint(token("T1", 3600), token("T2", 3600))
    tokens = source(endpoint, clock)
    assert tokens.token() == "T1"
    clock.now += 3600 - 61  # more than a minute left: kept
    assert tokens.token() == "T1"
    clock.now += 2  # less than a minute left: replaced before the server refuses it
    assert tokens.token() == "T2" and len(endpoint.requests) == 2


def test_short_lived_token_renewed_at_nine_tenths():
    clock, endpoint = Clock(), Endpoint(token("T1", 100), token("T2", 100))
    tokens = source(endpoint, clock)
    tokens.token()
    clock.now += 89
    assert tokens.token() == "T1"
    clock.now += 2
    assert tokens.token() == "T2"


def test_forget_asks_again_and_given_token_never_fetches():
    endpoint = Endpoint(token("T1"), token("T2"))
    tokens = source(endpoint)
    assert tokens.token() == "T1"
    tokens.forget("T1")
    assert tokens.token() == "T2"
    given = TokenSource(token="given", opener=Endpoint(RuntimeError("never called")))
    assert given.token() == "given" and not given.refreshable


# --- errors: French, naming the option, nothing secret ---------------------------
def _no_secret(message, *extra):
    for value in (SECRET,) + extra:
        assert value not in message


@pytest.mark.parametrize("answer, parameter", [
    (refused(401, {"error": "invalid_client", "error_description": "bad secret " + SECRET}), "oauth.client_secret"),
    (refused(401, {}), "oauth.client_secret"),
    (refused(400, {"error": "invalid_scope"}), "oauth.scope"),
    (refused(400, {"error": "unauthorized_client"}), "oauth.client_id"),
    (refused(500, {"error": "server_error"}), "oauth.token_url"),
    (urllib.error.URLError(ConnectionRefusedError(111, "Connection refused")), "oauth.token_url"),
    (b"<html>login page</html>", "oauth.token_url"),
    ({"access_token": "tok-MAC-value", "token_type": "mac"}, "oauth.token_url"),
])
def test_token_endpoint_errors(answer, parameter):
    with pytest.raises(OAuthError) as caught:
        source(Endpoint(answer)).token()
    message = str(caught.value)
    assert caught.value.parameter == parameter and isinstance(caught.value, ConfigError)
    assert_plain_french(message, parameter)
    _no_secret(message, "tok-MAC-value")


@pytest.mark.parametrize("options, parameter", [
    ({"token": "T", "token_url": URL}, "oauth"),
    ({}, "oauth"),
    ({"token_url": URL, "client_id": "app"}, "oauth.client_secret"),
    ({"token_url": URL, "client_secret": SECRET}, "oauth.client_id"),
    ({"token_url": "http://idp.example.test/token", "client_id": "app", "client_secret": SECRET}, "oauth.token_url"),
    ({"token": "T", "user": ""}, "oauth.user"),
])
def test_option_errors(options, parameter):
    with pytest.raises(OAuthError) as caught:
        oauth_login(dict({"mechanism": "xoauth2"}, **options) if options else {"mechanism": "xoauth2"}, None, 5)
    assert caught.value.parameter == parameter
    assert_plain_french(str(caught.value), parameter)
    _no_secret(str(caught.value))


def test_no_oauth_option_means_passwords():
    assert oauth_login(None, None, 5) is None


# --- the session -------------------------------------------------------------------
class FakeConn:
    def __init__(self, *capabilities):
        self.capabilities = capabilities


def _session(mechanism="xoauth2", capabilities=("IMAP4REV1", "SASL-IR", "AUTH=XOAUTH2", "AUTH=OAUTHBEARER")):
    login = OAuthLogin(TokenSource(token="tok-VALUE"), mechanism)
    settings = ImapSettings("imap.test", 993, oauth=login, mailbox_passwords={"own@ch.fr": "pw"})
    session = Session(settings, "alice@ch.fr")
    session.conn = FakeConn(*capabilities)
    return session


def test_login_line_is_one_authenticate_with_initial_response():
    line = _session()._login_line()
    mechanism, response = line.split(" ")[1:]
    assert line.startswith("AUTHENTICATE ") and mechanism == "XOAUTH2"
    assert base64.b64decode(response) == b"user=alice@ch.fr\x01auth=Bearer tok-VALUE\x01\x01"
    assert _session(capabilities=("IMAP4REV1", "AUTH=XOAUTH2"))._login_line() is None  # no SASL-IR: slow path


def test_mechanism_the_server_lacks_names_the_option():
    with pytest.raises(MailstoreError) as caught:
        _session("oauthbearer", ("IMAP4REV1", "SASL-IR", "AUTH=XOAUTH2"))._login_line()
    assert_plain_french(str(caught.value), "oauth.mechanism", "AUTH=OAUTHBEARER")


def test_mailbox_passwords_keep_their_password():
    session = _session()
    session.mailbox = "own@ch.fr"
    session.conn = FakeConn("IMAP4REV1", "SASL-IR", "AUTH=PLAIN", "AUTH=XOAUTH2")
    assert session._login_line().startswith("LOGIN ")


def test_password_refused_by_an_oauth_only_server_says_to_set_oauth():
    settings = ImapSettings("imap.test", 993, admin_user="admin", admin_password="pw")
    session = Session(settings, "alice@ch.fr")
    session.conn = FakeConn("IMAP4REV1", "SASL-IR", "AUTH=XOAUTH2", "AUTH=OAUTHBEARER")
    with pytest.raises(MailstoreError) as caught:
        session._login_line()
    assert_plain_french(str(caught.value), "oauth")


def test_refused_token_after_error_challenge():
    session = _session()
    session.challenge = base64.b64encode(b'{"status":"401","schemes":"bearer"}')
    with pytest.raises(AuthError) as caught:
        session._refused("NO [ALERT] Invalid base64 in response")  # the server answered our next line
    message = str(caught.value)
    assert_plain_french(message, "oauth", "alice@ch.fr", "status 401")
    assert "tok-VALUE" not in message and "base64" not in message


def _failures(*mailboxes):
    return [{"mailbox": m, "error": "jeton refusé", "refused": True, "reason": "r"} for m in mailboxes]


def test_token_refused_everywhere_fails_naming_the_option():
    settings = _session().settings
    with pytest.raises(ConfigError) as caught:
        imap_backend.classify_refusals(settings, {}, _failures("a@ch.fr", "b@ch.fr"))
    assert caught.value.parameter == "oauth.token"
    assert_plain_french(str(caught.value), "oauth.token")
    assert "tok-VALUE" not in str(caught.value)


def test_token_refused_for_one_mailbox_proves_no_absence():
    settings = _session().settings
    failures = imap_backend.classify_refusals(settings, {"a@ch.fr": {}}, _failures("b@ch.fr"))
    assert failures == [{"mailbox": "b@ch.fr", "error": "jeton refusé"}]
