# SPDX-License-Identifier: GPL-3.0-or-later
"""The inventory put together from its sources' results, as the inventory role's set_fact templated
it before (inventory_merge)."""

import pytest

from ansible_collections.mssante.hygiene.plugins.module_utils.inventory_merge import MergeError, merge_inventory

JEAN, ANNE, PARTI = "jean@ch.mssante.fr", "anne@ch.mssante.fr", "parti@ch.mssante.fr"
DIRECTORY = {"accounts": [{"mails": [JEAN], "service": "Cardiologie"}], "counts": {"accounts": 1}}


def test_a_directory_alone_gives_empty_lists_and_an_incomplete_annuaire():
    inventory = merge_inventory({"directory": DIRECTORY}, ["ldap"])
    assert inventory["accounts"] == DIRECTORY["accounts"] and inventory["directory_counts"] == {"accounts": 1}
    assert inventory["bals"] == inventory["mailboxes"] == inventory["connections"] == []
    assert inventory["annuaire_complete"] is False and inventory["annuaire_completeness"] == {}
    assert inventory["connection_file"] == {} and inventory["sources"] == ["ldap"]


def test_a_skipped_source_counts_as_not_read():
    skipped = {"changed": False, "skipped": True, "skip_reason": "Conditional result was False"}
    inventory = merge_inventory({"directory": DIRECTORY, "annuaire": skipped, "mailstore_more": skipped}, ["ldap"])
    assert inventory["bals"] == [] and inventory["annuaire_complete"] is False


def test_only_a_proven_complete_annuaire_is_complete():
    for complete, expected in ((True, True), ("true", False), (1, False), (None, False)):
        annuaire = {"bals": [{"address": JEAN, "type": "PER"}], "complete": complete}
        assert merge_inventory({"directory": DIRECTORY, "annuaire": annuaire}, [])["annuaire_complete"] is expected


def test_both_measures_merge_without_the_witness_nor_the_probed():
    first = {"mailboxes": [{"mailbox": JEAN}], "failures": [{"mailbox": "x@ch.mssante.fr"}], "absent": [],
             "absent_evidence": {"a": 1}, "listed_all": True}
    more = {"mailboxes": [{"mailbox": JEAN}, {"mailbox": ANNE}, {"mailbox": PARTI}],
            "failures": [{"mailbox": JEAN, "error": "témoin"}], "absent": [PARTI], "absent_evidence": {"b": 2}}
    annuaire = {"bals": [{"address": ANNE, "type": "ORG"}]}
    inventory = merge_inventory({"directory": DIRECTORY, "annuaire": annuaire, "mailstore": first,
                                 "mailstore_more": more}, [], witness=JEAN, probed=[PARTI])
    assert [box["mailbox"] for box in inventory["mailboxes"]] == [JEAN, ANNE]
    assert inventory["mailbox_failures"] == first["failures"] and inventory["mailbox_absent"] == [PARTI]
    assert inventory["mailbox_absent_evidence"] == {"a": 1, "b": 2} and inventory["mailbox_listed_all"] is True


def test_the_connection_file_keeps_its_counts_file_and_malformed_lines_only():
    connections = {"connections": [{"mailbox": JEAN}], "counts": {"lines": 1}, "file": "/f.csv", "malformed": [],
                   "changed": False}
    inventory = merge_inventory({"directory": DIRECTORY, "connections": connections}, [])
    assert inventory["connections"] == [{"mailbox": JEAN}]
    assert inventory["connection_file"] == {"counts": {"lines": 1}, "file": "/f.csv", "malformed": []}


@pytest.mark.parametrize("results, said", [
    ({}, "pas de liste « accounts »"),
    ({"directory": {"failed": True}}, "pas de liste « accounts »"),
    ({"directory": DIRECTORY, "annuaire": ["pas", "un", "résultat"]}, "source annuaire : un dictionnaire est attendu"),
    ({"directory": DIRECTORY, "carnet": {}}, "source inconnue : carnet"),
])
def test_a_result_that_is_not_one_is_named_in_french(results, said):
    with pytest.raises(MergeError, match=said):
        merge_inventory(results, [])
