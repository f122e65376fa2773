# SPDX-License-Identifier: GPL-3.0-or-later
"""Filters built by the LDAP source: escaping and validation of the admin's filter."""
import pytest

from ansible_collections.mssante.hygiene.plugins.module_utils.directory.filter import (
    FilterError, build_filter, check_user_filter, escape_value)


@pytest.mark.parametrize("value, expected", [
    ("alice@ch.mssante.fr", "alice@ch.mssante.fr"),
    ("*)(uid=*", r"\2a\29\28uid=\2a"),
    ("a\\b", r"a\5cb"),
    ("nul\x00", r"nul\00"),
])
def test_escape_value(value, expected):
    assert escape_value(value) == expected


@pytest.mark.parametrize("text", ["(objectClass=*)", "(&(a=b)(|(c=d)(e=f)))", r"(cn=a\29b)", ""])
def test_well_formed_filters_pass(text):
    assert check_user_filter(text) == text


@pytest.mark.parametrize("text", ["objectClass=*", "(a=b)(c=d)", "((a=b)", "(a=b))", "(a=b"])
def test_malformed_filters_are_refused(text):
    with pytest.raises(FilterError):
        check_user_filter(text)


def test_build_filter_combines_admin_filter_and_escaped_domains():
    built = build_filter("(objectClass=inetOrgPerson)", "mail", ["CH.mssante.fr", "*)(uid=*"])
    assert built == (r"(&(objectClass=inetOrgPerson)(mail=*)"
                     r"(|(mail=*@ch.mssante.fr)(mail=*@\2a\29\28uid=\2a)))")


def test_build_filter_addresses_are_exact_and_escaped():
    assert build_filter("", "mail", addresses=["A@x.fr"]) == "(&(mail=*)(mail=a@x.fr))"
