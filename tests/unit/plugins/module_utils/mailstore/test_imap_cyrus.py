# -*- coding: utf-8 -*-
# SPDX-License-Identifier: GPL-3.0-or-later
"""What Cyrus IMAP needs from the IMAP backend (issue 19): no command pipelined after AUTHENTICATE
(Cyrus drops it), and a login the admin may act for but that has no INBOX is an absent mailbox."""

import pytest

from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.folders import Folder
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.imap import (
    ImapSettings, LoginRefused, rides_with_login)
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.imap_backend import (
    NO_INBOX_EVIDENCE, classify_refusals, has_inbox)

CYRUS = b"[CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN] localhost Cyrus IMAP 3.6.1-Debian server ready"
DOVECOT = b"[CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS AUTH=PLAIN] Dovecot (Debian) ready."
SETTINGS = ImapSettings("imap.test", 993, admin_user="mssante-admin", admin_password="x")


class _Session:
    settings = SETTINGS
    mailbox = "ghost@ch.fr"


def test_commands_ride_with_the_login_except_after_authenticate_on_cyrus():
    assert rides_with_login("AUTHENTICATE PLAIN eA==", DOVECOT)
    assert not rides_with_login("AUTHENTICATE PLAIN eA==", CYRUS)
    assert rides_with_login('LOGIN "a" "b"', CYRUS)  # LOGIN has no SASL layer to restart
    assert rides_with_login("AUTHENTICATE PLAIN eA==", None)


def test_folders_with_an_inbox_pass_whatever_its_case():
    folders = [Folder("inbox", "/", []), Folder("Trash", "/", ["\\Trash"])]
    assert has_inbox(_Session(), folders) is folders


def test_no_inbox_is_a_refusal_that_proves_absence_once_the_admin_opens_others():
    with pytest.raises(LoginRefused) as caught:
        has_inbox(_Session(), [])
    error = caught.value
    assert "aucune INBOX" in str(error) and "ghost@ch.fr" in str(error)
    failure = {"mailbox": "ghost@ch.fr", "error": str(error), "refused": True, "reason": error.reason,
               "evidence": error.evidence}
    [ghost] = classify_refusals(SETTINGS, {"a@ch.fr": {}}, [failure])
    assert ghost["absent"] is True and error.evidence is NO_INBOX_EVIDENCE
    assert ghost["evidence"].startswith("le serveur imap.test:993 accepte la connexion du compte admin")
    assert "(1 lues)" in ghost["evidence"] and "reason" not in ghost
