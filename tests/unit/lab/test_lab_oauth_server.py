# SPDX-License-Identifier: GPL-3.0-or-later
"""The lab OAuth server's decisions (issue 19): client credentials checked, tokens introspected as
RFC 7662 says (inactive once revoked or expired), secrets in a 0600 file only."""
import os
import stat

import pytest

from lab.oauth_server import CLIENTS, OAuthServer


@pytest.fixture()
def issuer(tmp_path):
    server = OAuthServer(str(tmp_path), None, "ch.test")  # not started: decisions only
    yield server
    server.httpd.server_close()


def test_secrets_file_is_private(issuer, tmp_path):
    mode = stat.S_IMODE(os.stat(tmp_path / CLIENTS).st_mode)
    assert mode == 0o600 and issuer.clients["client_secret"] not in str(issuer.state())


def test_client_credentials(issuer):
    clients = issuer.clients
    status, body = issuer.token_answer({"grant_type": "client_credentials"}, clients["client_id"], "wrong")
    assert status == 401 and body["error"] == "invalid_client"
    status, body = issuer.token_answer({"grant_type": "client_credentials", "scope": "other"},
                                       clients["client_id"], clients["client_secret"])
    assert status == 400 and body["error"] == "invalid_scope"
    status, body = issuer.token_answer({"grant_type": "client_credentials", "client_id": clients["client_id"],
                                        "client_secret": clients["client_secret"]}, None, None)
    assert status == 200 and body["token_type"] == "Bearer" and body["expires_in"] == 3600
    answer = issuer.introspect(body["access_token"])
    assert answer["active"] is True and answer["username"] == "mssante-hygiene@ch.test"


def test_revoked_expired_and_unknown_tokens_are_inactive(issuer):
    revoked, expired = issuer.issue(), issuer.issue(ttl=-1)
    issuer.revoke(revoked)
    for token in (revoked, expired, "unknown"):
        assert issuer.introspect(token) == {"active": False}


def test_only_the_resource_server_may_introspect(issuer):
    clients = issuer.clients
    assert issuer.introspector(clients["introspection_user"], clients["introspection_password"])
    assert not issuer.introspector(clients["client_id"], clients["client_secret"])
