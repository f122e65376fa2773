# SPDX-License-Identifier: GPL-3.0-or-later
"""The snapshot's sources fingerprint: every setting counts but the secrets."""

import pytest

from ansible_collections.mssante.hygiene.plugins.module_utils.snapshot_sources import is_secret, snapshot_sources

LDAP = {"server_uri": ["ldaps://ldap.ch-exemple.fr"], "bind_dn": "cn=audit", "bind_pw": "s3cret", "dn": "ou=people,dc=ch"}
ANNUAIRE = {"source": "api", "api_key": "clé-api", "rate_limit": 17}
IMAP = {"backend": "imap", "host": "mail.ch-exemple.fr", "admin_user": "admin", "admin_password": "mdp",
        "oauth": {"token_url": "https://sso/token", "client_id": "hyg", "client_secret": "chut", "token": "jeton"}}
FILE = {"path": "/srv/connexions.csv"}
DOMAINS = ["ch-exemple.mssante.fr"]


def fingerprint(**changed):
    settings = {"ldap": LDAP, "annuaire": ANNUAIRE, "imap": IMAP, "connection_file": FILE, "domains": DOMAINS}
    settings.update(changed)
    return snapshot_sources(settings["ldap"], settings["annuaire"], settings["imap"], settings["connection_file"],
                            settings["domains"])


@pytest.mark.parametrize("changed", [
    {"ldap": dict(LDAP, bind_pw="rotated")},
    {"annuaire": dict(ANNUAIRE, api_key="autre-clé")},
    {"imap": dict(IMAP, admin_password="nouveau")},
    {"imap": dict(IMAP, oauth=dict(IMAP["oauth"], client_secret="autre", token="autre jeton"))},
    {"domains": ["CH-Exemple.mssante.fr"]},
    # how fast, not what: a tuned batch, pool, timeout or rate reads the same inventory
    {"imap": dict(IMAP, batch_size=500, concurrency=16, timeout=60)},
    {"annuaire": dict(ANNUAIRE, rate_limit=10, batch_size=20, total_timeout=600)},
    {"ldap": dict(LDAP, timeout=5)},
])
def test_a_secret_a_pace_or_the_case_of_a_domain_keeps_the_fingerprint(changed):
    assert fingerprint(**changed) == fingerprint()


@pytest.mark.parametrize("changed", [
    {"ldap": dict(LDAP, server_uri=["ldaps://ldap2.ch-exemple.fr"])},
    {"ldap": dict(LDAP, dn="ou=autres,dc=ch")},
    {"ldap": dict(LDAP, filter="(uid=a*)")},
    {"imap": dict(IMAP, host="mail.autre.fr")},
    {"imap": dict(IMAP, oauth=dict(IMAP["oauth"], token_url="https://autre/token"))},
    {"annuaire": {}},
    {"annuaire": dict(ANNUAIRE, max_pages=10)},  # a cap on what is read, not a pace
    {"connection_file": {}},
    {"domains": DOMAINS + ["autre.mssante.fr"]},
    {"domains": ["autre.mssante.fr"]},
])
def test_another_server_base_or_domain_changes_it(changed):
    assert fingerprint(**changed) != fingerprint()


def test_no_secret_is_in_what_is_hashed():
    assert [key for key in ("bind_pw", "admin_password", "mailbox_passwords", "api_key", "doveadm_api_key",
                            "token", "client_secret", "password") if not is_secret(key)] == []
    assert not [key for key in ("token_url", "host", "server_uri", "keywords", "doveadm_config", "dn")
                if is_secret(key)]
    assert len(fingerprint()) == 64
