# SPDX-License-Identifier: GPL-3.0-or-later
"""directory engine against a real slapd: paging, TLS, escaping, errors."""
import ssl

import ldap3
import pytest

from ansible_collections.mssante.hygiene.plugins.module_utils.directory.reader import (
    DirectoryConfig, DirectoryError, read_accounts)
from ansible_collections.mssante.hygiene.plugins.module_utils.directory.filter import FilterError


def config_for(server, **overrides):
    values = dict(server_uris=[server.uri], base=server.base, bind_dn=server.reader_dn,
                  bind_pw=server.reader_password, start_tls=True, ca_path=server.certs.ca_cert,
                  domains=["ch-exemple.mssante.fr"])
    values.update(overrides)
    return DirectoryConfig(**values)


def test_size_limit_is_real_without_paging(big_slapd):
    """The server refuses to return more than 500 entries to a plain search..."""
    connection = ldap3.Connection(ldap3.Server(big_slapd.uri), big_slapd.reader_dn,
                                  big_slapd.reader_password, auto_bind=True)
    connection.search(big_slapd.base, "(mail=*)", attributes=["mail"])
    assert connection.result["result"] == 4  # sizeLimitExceeded
    assert len(connection.entries) == 500


def test_paged_search_returns_every_entry(big_slapd):
    """...and our paged search still returns all 1,200 accounts."""
    result = read_accounts(config_for(big_slapd))
    assert result.counts["entries"] == 1200 == len({a.dn for a in result.accounts})
    assert result.counts["with_problems"] == 0


def test_small_pages(big_slapd):
    result = read_accounts(config_for(big_slapd, page_size=7, domains=[],
                                      user_filter="(uid=agent0000*)"))
    assert len(result.accounts) == 10


def test_anonymous_bind(big_slapd):
    result = read_accounts(config_for(big_slapd, bind_dn="", bind_pw="",
                                      user_filter="(uid=agent00001)"))
    assert [a.mails for a in result.accounts] == [["agent00001@ch-exemple.mssante.fr"]]


def test_demo_directory_statuses(demo_slapd, demo_est):
    result = read_accounts(config_for(demo_slapd))
    counts = result.counts
    by_uid = {a.dn.split(",")[0].split("=")[1]: a for a in result.accounts}
    assert by_uid["chloe.fictif"].status_reason == "shadowExpire"
    assert by_uid["david.fictif"].status_reason == "pwdAccountLockedTime"
    assert by_uid["louis.fictif"].mails == ["louis.fictif.urgences@ch-exemple.mssante.fr",
                                            "louis.fictif@ch-exemple.mssante.fr"]
    assert by_uid["resultats.labo"].bal_type == "APP"
    assert "ancien.interne" not in by_uid and counts["disabled"] == 2
    assert counts["entries"] == sum(1 for p in demo_est.people if p.in_ldap) + 3

    assert not any(a.site for a in result.accounts)  # attribute_map.site not mapped: not read


def test_demo_directory_sites_when_mapped(demo_slapd, demo_est):
    from lab.establishment import LDAP_SITE_ATTRIBUTE
    result = read_accounts(config_for(demo_slapd, attribute_map={"site": LDAP_SITE_ATTRIBUTE}))
    sites = {a.dn.split(",")[0].split("=")[1]: a.site for a in result.accounts if a.site}
    planted = {p.uid: p.ldap_site for p in demo_est.people if p.in_ldap and p.ldap_site}
    planted.update({b.owner_uid: b.ldap_site for b in demo_est.mailboxes if b.kind in ("ORG", "APP")})
    assert sites == planted and len(planted) == 7


def test_start_tls_needs_the_ca(demo_slapd):
    with pytest.raises(DirectoryError) as error:
        read_accounts(config_for(demo_slapd, ca_path=""))
    assert "certificat non reconnu" in str(error.value) and "ca_path" in str(error.value)
    assert read_accounts(config_for(demo_slapd)).accounts


def test_ldaps_with_ca(demo_slapd):
    result = read_accounts(config_for(demo_slapd, server_uris=[demo_slapd.ldaps_uri],
                                      start_tls=False))
    assert result.accounts


def test_validate_certs_false_connects_without_ca(demo_slapd):
    assert read_accounts(config_for(demo_slapd, ca_path="", validate_certs=False)).accounts


def test_expired_certificate_is_named(expired_slapd):
    with pytest.raises(DirectoryError) as error:
        read_accounts(config_for(expired_slapd))
    assert "a expiré" in str(error.value)


@pytest.mark.parametrize("hostile", ["*)(uid=*", "*", "x)(|(objectClass=*"])
def test_hostile_values_match_nothing(demo_slapd, hostile):
    result = read_accounts(config_for(demo_slapd, domains=[hostile]))
    assert result.accounts == []
    assert "(uid=*" not in result.search_filter
    result = read_accounts(config_for(demo_slapd, domains=[], addresses=[hostile]))
    assert result.accounts == []


def test_exact_address_lookup(demo_slapd):
    result = read_accounts(config_for(
        demo_slapd, addresses=["LOUIS.fictif.urgences@ch-exemple.mssante.fr"]))
    assert [a.dn.split(",")[0] for a in result.accounts] == ["uid=louis.fictif"]


def test_wrong_password(demo_slapd):
    with pytest.raises(DirectoryError) as error:
        read_accounts(config_for(demo_slapd, bind_pw="wrong"))
    assert "identifiants invalides" in str(error.value) and error.value.parameter == "bind_pw"
    assert "wrong" not in str(error.value)


def test_dead_server_then_failover(demo_slapd):
    dead = "ldap://127.0.0.1:1"
    with pytest.raises(DirectoryError) as error:
        read_accounts(config_for(demo_slapd, server_uris=[dead]))
    assert "serveur LDAP ldap://127.0.0.1:1 injoignable" in str(error.value)
    result = read_accounts(config_for(demo_slapd, server_uris=[dead, demo_slapd.uri]))
    assert result.accounts and dead in result.failover[0]


def test_bad_base_dn(demo_slapd):
    with pytest.raises(DirectoryError) as error:
        read_accounts(config_for(demo_slapd, base="ou=nope,dc=ch-exemple,dc=test"))
    assert "n'existe pas" in str(error.value) and error.value.parameter == "dn"


def test_malformed_admin_filter(demo_slapd):
    with pytest.raises(FilterError):
        read_accounts(config_for(demo_slapd, user_filter="objectClass=*"))


def test_max_entries_cap(big_slapd):
    with pytest.raises(DirectoryError) as error:
        read_accounts(config_for(big_slapd, max_entries=600))
    assert error.value.parameter == "max_entries"


def test_ssl_module_is_real():
    # guard: the TLS tests above are meaningful only with a real ssl module
    assert ssl.OPENSSL_VERSION
