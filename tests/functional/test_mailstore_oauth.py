# SPDX-License-Identifier: GPL-3.0-or-later
"""An OAuth-only platform (issue 19): a real Dovecot whose only passdb is `oauth2`, checking tokens
against the lab's OAuth server (RFC 7662 introspection), so passwords are refused. mailstore_info
and mailstore_purge run through ansible-playbook with a client-credentials token and with a given
bearer; a wrong client secret and a revoked or expired token fail in French, naming the option,
and no secret or token ever appears in what the play shows or returns."""
import json
import os
import shutil
import tempfile
from dataclasses import dataclass

import pytest

from lab import establishment, mail_seed
from lab.dovecot import TRASH, Dovecot
from lab.oauth_server import OAuthServer
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.errors import ConfigError
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.service import run_info
from tests.functional.ansible_run import run_playbook
from tests.functional.test_mailstore_purge import TRASH_RULE, rule_matches, snapshot, trash_query


@dataclass
class OAuthPlatform:
    dovecot: Dovecot
    issuer: OAuthServer
    est: establishment.Establishment
    summary: dict

    @property
    def logins(self):
        return sorted(self.summary)

    def login(self, index):
        return "%s@%s" % (self.est.people[index].uid, self.est.domain)

    def connection(self, **oauth):
        """mailstore_* options of this platform: no admin password, only `oauth`."""
        server = self.dovecot
        return {"host": server.host, "port": server.imaps_port, "ca_path": server.ca_cert, "timeout": 10,
                "concurrency": 4, "mailboxes": self.logins, "oauth": oauth}

    def client_credentials(self, **extra):
        clients = self.issuer.clients
        return dict({"token_url": self.issuer.token_url, "client_id": clients["client_id"],
                     "client_secret": clients["client_secret"], "scope": clients["scope"]}, **extra)

    def secrets(self):
        """Every value that must never be shown: the client secret and every token issued so far."""
        return [self.issuer.clients["client_secret"], self.issuer.clients["introspection_password"]] + list(
            self.issuer.tokens)


@pytest.fixture(scope="module")
def oauth_platform(lab_certs):
    # not under pytest's basetemp (see mail_fixtures._platform)
    directory = tempfile.mkdtemp(prefix="mssante-dovecot-oauth-")
    est = establishment.build(staff=14)
    issuer = OAuthServer(os.path.join(directory, "oauth"), lab_certs, est.domain).start()
    server = Dovecot(os.path.join(directory, "dovecot"), lab_certs)
    server.auth = issuer.dovecot_auth()
    server.start()
    summary = mail_seed.seed(server, est)  # doveadm: no IMAP login needed
    yield OAuthPlatform(server, issuer, est, summary)
    server.stop()
    issuer.stop()
    shutil.rmtree(directory, ignore_errors=True)


def _run(tmp_path, module, args, check=False):
    """(returncode, task result, everything the play showed and returned) of one module at -vvv."""
    extra = ["-vvv"] + (["--check"] if check else [])
    code, output = run_playbook(tmp_path, [{"name": "oauth", "mssante.hygiene.%s" % module: args}],
                                extra_args=extra, json_output=False)
    lines = (tmp_path / "results.jsonl").read_text(encoding="utf-8").splitlines()
    results = [json.loads(line) for line in lines]
    return code, results[-1], output + "\n".join(lines)


def _assert_nothing_secret(platform, shown):
    for value in platform.secrets():
        assert value not in shown


def test_password_login_is_refused(oauth_platform, tmp_path):
    server = oauth_platform.dovecot
    args = dict(oauth_platform.connection(), admin_user=server.admin_user, admin_password=server.admin_password)
    del args["oauth"]
    code, result, _shown = _run(tmp_path, "mailstore_info", args)
    assert code != 0 and result["_status"] == "failed"
    assert "n'accepte pas les mots de passe, seulement OAuth 2.0" in result["msg"] and "oauth" in result["msg"]


def test_info_with_client_credentials(oauth_platform, tmp_path):
    platform, server = oauth_platform, oauth_platform.dovecot
    before = snapshot(server)
    owner = platform.login(8)
    last_login = server.last_login(owner)
    fetched = platform.issuer.calls.count("/token")
    code, result, shown = _run(tmp_path, "mailstore_info", platform.connection(**platform.client_credentials()))
    assert code == 0, shown[-3000:]
    assert result["failures"] == [] and result["absent"] == []
    stats = {m["mailbox"]: m for m in result["mailboxes"]}
    assert sorted(stats) == platform.logins
    assert stats[owner]["trash_messages"] == 40
    trash = [f for f in stats[owner]["folders"] if f["special_use"] == "\\Trash"][0]
    assert trash["name"] == TRASH
    # one token for the whole pool (14+ mailboxes, 4 connections), checked by Dovecot at each login
    assert platform.issuer.calls.count("/token") == fetched + 1
    assert platform.issuer.calls.count("/introspect") >= len(platform.logins)
    assert server.last_login(owner) == last_login  # the application's sweep is not the owner's login
    assert snapshot(server) == before
    _assert_nothing_secret(platform, shown)


def test_info_with_a_given_bearer_oauthbearer(oauth_platform, tmp_path):
    platform = oauth_platform
    bearer = platform.issuer.issue()
    code, result, shown = _run(tmp_path, "mailstore_info",
                               platform.connection(token=bearer, mechanism="oauthbearer"))
    assert code == 0, shown[-3000:]
    assert result["failures"] == [] and len(result["mailboxes"]) == len(platform.logins)
    _assert_nothing_secret(platform, shown)


def test_wrong_client_secret(oauth_platform, tmp_path):
    platform = oauth_platform
    wrong = "wrong-" + platform.issuer.clients["client_secret"][::-1]
    code, result, shown = _run(tmp_path, "mailstore_info",
                               platform.connection(**platform.client_credentials(client_secret=wrong)))
    assert code != 0 and result["_status"] == "failed"
    assert result["msg"].startswith("oauth.client_secret : ") and result["parameter"] == "oauth.client_secret"
    assert "invalid_client" in result["msg"] and "vérifiez oauth.client_id et oauth.client_secret" in result["msg"]
    assert wrong not in shown
    _assert_nothing_secret(platform, shown)


@pytest.mark.parametrize("how", ["revoked", "expired"])
def test_refused_bearer(oauth_platform, tmp_path, how):
    platform = oauth_platform
    if how == "revoked":
        bearer = platform.issuer.issue()
        platform.issuer.revoke(bearer)
    else:
        bearer = platform.issuer.issue(ttl=-60)
    code, result, shown = _run(tmp_path, "mailstore_info", platform.connection(token=bearer))
    assert code != 0 and result["_status"] == "failed"
    assert result["msg"].startswith("oauth.token : ") and result["parameter"] == "oauth.token"
    assert "jeton expiré, révoqué ou sans droit" in result["msg"]
    assert "aucune BAL n'est déclarée absente" in result["msg"]
    _assert_nothing_secret(platform, shown)


def test_doveadm_backend_refuses_oauth(oauth_platform):
    with pytest.raises(ConfigError) as caught:
        run_info(dict(oauth_platform.connection(token="unused"), backend="doveadm"))
    assert caught.value.parameter == "oauth" and "backend: imap" in str(caught.value)


def _journal(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_purge_trash_with_client_credentials_then_bearer(oauth_platform, tmp_path):
    """Last: it deletes. Check mode first changes nothing; the real run deletes exactly the rule's
    selection and journals it; a second run with a given bearer finds nothing left."""
    platform, server = oauth_platform, oauth_platform.dovecot
    before = snapshot(server)
    expected = rule_matches(server, trash_query())
    assert expected
    journal = tmp_path / "journal.jsonl"
    args = dict(platform.connection(**platform.client_credentials()), rules=[TRASH_RULE],
                journal_path=str(journal))
    code, result, shown = _run(tmp_path, "mailstore_purge", args, check=True)
    assert code == 0, shown[-3000:]
    assert result["summary"]["selected_messages"] == len(expected) and snapshot(server) == before
    code, result, shown = _run(tmp_path, "mailstore_purge", args)
    assert code == 0, shown[-3000:]
    assert result["failures"] == [] and result["changed"] is True
    after = snapshot(server)
    gone = set(before) - set(after)
    assert gone == expected and all(key[1] == TRASH for key in gone)
    assert any(key[1] == TRASH and "\\Flagged" in flags for key, flags in after.items())  # flagged kept
    lines = _journal(journal)
    assert {(line["mailbox"], line["folder"], line["uid"]) for line in lines} == gone
    assert all(line["rule"] == "corbeille" and line["message_id"] for line in lines)
    _assert_nothing_secret(platform, shown)
    bearer = platform.issuer.issue()
    again = dict(platform.connection(token=bearer, mechanism="oauthbearer"), rules=[TRASH_RULE],
                 journal_path=str(journal))
    code, result, shown = _run(tmp_path, "mailstore_purge", again)
    assert code == 0, shown[-3000:]
    assert result["summary"]["selected_messages"] == 0 and result["failures"] == []
    _assert_nothing_secret(platform, shown)
