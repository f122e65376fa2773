# -*- coding: utf-8 -*-
# SPDX-License-Identifier: GPL-3.0-or-later
"""Over IMAP, a refused admin login is an absent mailbox only when the admin opens the others
(issue #13: published address without a mailbox, read over IMAP)."""

import pytest

from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.errors import ConfigError
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.imap import ImapSettings
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.imap_backend import classify_refusals

SETTINGS = ImapSettings("imap.test", 993, admin_user="mssante-admin", admin_password="x",
                        mailbox_passwords={"own@ch.fr": "pw"})


def refused(login):
    return {"mailbox": login, "error": "identifiants refusés", "refused": True}


def test_refused_while_admin_opens_others_is_absent_with_evidence():
    failures = classify_refusals(SETTINGS, {"a@ch.fr": {}, "b@ch.fr": {}},
                                 [refused("ghost@ch.fr"), {"mailbox": "cut@ch.fr", "error": "coupure"}])
    ghost = failures[0]
    assert ghost["absent"] is True and "refused" not in ghost
    assert "connexion refusée" in ghost["evidence"] and "mssante-admin ouvre les autres BAL" in ghost["evidence"]
    assert "absent" not in failures[1]


def test_every_admin_login_refused_fails_the_run():
    with pytest.raises(ConfigError) as caught:
        classify_refusals(SETTINGS, {}, [refused("a@ch.fr"), refused("b@ch.fr")])
    message = str(caught.value)
    assert "admin_user / admin_password" in message and "toutes les BAL demandées (2)" in message


def test_a_mailbox_password_does_not_prove_the_admin_credential():
    with pytest.raises(ConfigError):
        classify_refusals(SETTINGS, {"own@ch.fr": {}}, [refused("a@ch.fr")])


def test_refused_with_other_errors_and_nothing_read_stays_failures():
    failures = classify_refusals(SETTINGS, {}, [refused("a@ch.fr"), {"mailbox": "b@ch.fr", "error": "coupure"}])
    assert [f.get("absent") for f in failures] == [None, None]
