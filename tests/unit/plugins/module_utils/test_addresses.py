# SPDX-License-Identifier: GPL-3.0-or-later
"""The single address check: what may travel into doveadm, IMAP and file names."""

import pytest

from ansible_collections.mssante.hygiene.plugins.module_utils.addresses import address_problem


@pytest.mark.parametrize("value", ["jean.dupont@ch-exemple.mssante.fr", "a+b@x.fr", "O'Neil@x.fr"])
def test_plain_addresses_pass(value):
    assert address_problem(value) is None


@pytest.mark.parametrize("value, reason", [
    ("", "vide"),
    ("a@x.fr\nb@x.fr", "saut de ligne"),
    ("a b@x.fr", "espace"),
    ("*@x.fr", "« * »"),
    ("a%@x.fr", "« % »"),
    ("a?@x.fr", "« ? »"),
    ("ax.fr", "@"),
    ("a@@x.fr", "plusieurs @"),
    ("a@x", "domaine"),
    ("a@-x.fr", "domaine"),
])
def test_hostile_addresses_are_refused_with_a_reason(value, reason):
    assert reason in address_problem(value)
