# SPDX-License-Identifier: GPL-3.0-or-later
"""What the inventory's second measure asks about, as the role's Jinja filters computed it before."""

from ansible_collections.mssante.hygiene.plugins.module_utils.second_measure import second_measure_plan

JEAN, ANNE, SEUL, PARTI = ("jean@ch.mssante.fr", "anne@ch.mssante.fr", "seul.annuaire@ch.mssante.fr",
                           "parti@ch.mssante.fr")
ANNUAIRE = {"bals": [{"address": "Jean@CH.mssante.fr"}, {"address": SEUL.upper()}, {"address": "anne@ch.mssante.fr"}]}
MAILSTORE = {"mailboxes": [{"mailbox": JEAN}, {"mailbox": "Decouverte@ch.mssante.fr"}]}


def test_only_what_neither_the_first_measure_nor_the_ldap_holds_is_measured_again():
    plan = second_measure_plan(ANNUAIRE, [PARTI, "anne@ch.mssante.fr"], [ANNE.upper()], MAILSTORE)
    assert plan == {"annuaire_only": [SEUL], "probed": [PARTI], "witness": JEAN}


def test_a_mailbox_the_platform_discovered_is_not_measured_twice():
    annuaire = {"bals": [{"address": "decouverte@ch.mssante.fr"}]}
    assert second_measure_plan(annuaire, [], [], MAILSTORE)["annuaire_only"] == []


def test_skipped_sources_count_as_empty():
    skipped = {"changed": False, "skipped": True, "skip_reason": "Conditional result was False"}
    assert second_measure_plan(skipped, [PARTI, PARTI], [], skipped) == {
        "annuaire_only": [], "probed": [PARTI], "witness": ""}
    assert second_measure_plan({"bals": None}, [], None, {"mailboxes": [None, {"mailbox": ANNE}]})["witness"] == ANNE
