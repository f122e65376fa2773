# -*- coding: utf-8 -*-
# SPDX-License-Identifier: GPL-3.0-or-later
"""Over IMAP, a refused login proves the mailbox absent only when the server's answer refuses that
identity (issue #14 item 2): [AUTHENTICATIONFAILED], [AUTHORIZATIONFAILED] (Dovecot's answer to a
master login for an unknown user) or a bare NO, with the admin credential opening the others.
[UNAVAILABLE], [SERVERBUG] and the like say the server could not decide: failures, with the reason."""

import pytest

from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore import imap_backend
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.errors import (
    AuthError, ConfigError, ConnectError, MailstoreError)
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.imap import (
    ImapSettings, Session, login_refusal)
from ansible_collections.mssante.hygiene.plugins.module_utils.records import MailboxStats

SETTINGS = ImapSettings("imap.test", 993, admin_user="mssante-admin", admin_password="x")


@pytest.mark.parametrize("answer, code", [
    ("NO [AUTHENTICATIONFAILED] Authentication failed.", "AUTHENTICATIONFAILED"),
    ("NO [AUTHORIZATIONFAILED] Authorization failed", "AUTHORIZATIONFAILED"),
    ("[AUTHENTICATIONFAILED] Authentication failed.", "AUTHENTICATIONFAILED"),  # imaplib's exception text
])
def test_identity_refusals_may_prove_absence(answer, code):
    refusal = login_refusal(answer)
    assert refusal.code == code and refusal.proves_unknown is True
    assert "[%s]" % code in refusal.reason


def test_a_bare_no_may_prove_absence_and_says_the_server_gave_no_code():
    refusal = login_refusal("NO Login failed.")
    assert refusal.code == "" and refusal.proves_unknown is True
    assert "sans code de réponse" in refusal.reason


@pytest.mark.parametrize("answer, words", [
    ("NO [UNAVAILABLE] Temporary authentication failure. [host:2026-12-01]", "momentanément indisponible"),
    ("NO [SERVERBUG] Internal error occurred.", "erreur interne du serveur"),
    ("NO [LIMIT] Too many connections", "limite"),
    ("NO [CONTACTADMIN] Account disabled", "administrateur"),
    ("NO [EXPIRED] Password expired", "expirés"),
    ("NO [PRIVACYREQUIRED] Use TLS", "chiffrement"),
    ("NO [INUSE] Mailbox in use", "occupée"),
    ("NO [SOMETHINGNEW] Who knows", "code de réponse inconnu"),
])
def test_other_codes_prove_nothing_and_say_why(answer, words):
    refusal = login_refusal(answer)
    assert refusal.proves_unknown is False
    assert words in refusal.reason and refusal.code in refusal.reason


def test_session_raises_auth_error_only_for_identity_refusals():
    session = Session(SETTINGS, "ghost@ch.fr")
    with pytest.raises(AuthError) as caught:
        session._refused("NO [AUTHORIZATIONFAILED] Authorization failed")
    assert caught.value.reason and "[AUTHORIZATIONFAILED]" in caught.value.reason
    with pytest.raises(MailstoreError) as caught:
        session._refused("NO [UNAVAILABLE] Temporary authentication failure.")
    assert not isinstance(caught.value, AuthError)
    message = str(caught.value)
    assert "ghost@ch.fr" in message and "[UNAVAILABLE]" in message and "relancez" in message
    assert "n'est pas déclarée absente" in message


def _fake_sweep(monkeypatch, answers):
    """ImapBackend.stats where each login meets `answers[login]`: a server text, an exception or success."""
    def fake(settings, login, documents=None, cache=None):
        del cache
        answer = answers[login]
        if isinstance(answer, Exception):
            raise answer
        if answer:
            Session(settings, login)._refused(answer)
        return MailboxStats(mailbox=login), documents
    monkeypatch.setattr(imap_backend, "mailbox_stats", fake)
    return imap_backend.ImapBackend(SETTINGS, 2).stats([{"login": login} for login in answers])


def test_sweep_absent_only_on_identity_refusal_with_reason_in_evidence(monkeypatch):
    found, failures = _fake_sweep(monkeypatch, {
        "a@ch.fr": "", "b@ch.fr": "",
        "ghost@ch.fr": "NO [AUTHENTICATIONFAILED] Authentication failed.",
        "dovecot-ghost@ch.fr": "NO [AUTHORIZATIONFAILED] Authorization failed",
        "busy@ch.fr": "NO [UNAVAILABLE] Temporary authentication failure.",
        "bug@ch.fr": "NO [SERVERBUG] Internal error occurred.",
        "down@ch.fr": ConnectError("serveur injoignable imap.test:993 : pas de réponse dans le délai (timeout)"),
    })
    assert sorted(m["mailbox"] for m in found) == ["a@ch.fr", "b@ch.fr"]
    by_login = {f["mailbox"]: f for f in failures}
    assert by_login["ghost@ch.fr"]["absent"] is True
    assert "[AUTHENTICATIONFAILED]" in by_login["ghost@ch.fr"]["evidence"]
    assert "mssante-admin ouvre les autres BAL (2 lues)" in by_login["ghost@ch.fr"]["evidence"]
    assert by_login["dovecot-ghost@ch.fr"]["absent"] is True
    assert "[AUTHORIZATIONFAILED]" in by_login["dovecot-ghost@ch.fr"]["evidence"]
    for login in ("busy@ch.fr", "bug@ch.fr", "down@ch.fr"):
        assert not by_login[login].get("absent"), by_login[login]
        assert "refused" not in by_login[login]
    assert "momentanément indisponible" in by_login["busy@ch.fr"]["error"]
    assert "erreur interne du serveur" in by_login["bug@ch.fr"]["error"]


def test_server_unavailable_for_everyone_is_failures_not_a_wrong_password(monkeypatch):
    found, failures = _fake_sweep(monkeypatch, {
        "a@ch.fr": "NO [UNAVAILABLE] Temporary authentication failure.",
        "b@ch.fr": "NO [UNAVAILABLE] Temporary authentication failure.",
    })
    assert found == [] and [f.get("absent") for f in failures] == [None, None]


def test_identity_refused_for_everyone_is_still_a_wrong_admin_credential(monkeypatch):
    with pytest.raises(ConfigError) as caught:
        _fake_sweep(monkeypatch, {"a@ch.fr": "NO [AUTHENTICATIONFAILED] Authentication failed.",
                                  "b@ch.fr": "NO [AUTHENTICATIONFAILED] Authentication failed."})
    assert "admin_user / admin_password" in str(caught.value)
