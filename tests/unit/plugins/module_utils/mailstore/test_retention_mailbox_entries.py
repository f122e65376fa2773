# SPDX-License-Identifier: GPL-3.0-or-later
"""Purge roles pass each mailbox with its BAL type and service, so bal_types/services rules select (#13 item 6)."""
from ansible_collections.mssante.hygiene.plugins.filter.mailbox_entries import FilterModule
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.entries import mailbox_entries, measured_entries
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.mailboxes import normalize
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.rules import parse_rules

DOMAIN = "@ch-exemple.mssante.fr"
INVENTORY = {
    "accounts": [{"mails": ["alice.fictif" + DOMAIN], "service": "Cardiologie", "bal_type": "PER"},
                 {"mails": ["Accueil.Urgences" + DOMAIN], "service": "Urgences", "bal_type": "PER"}],
    "bals": [{"address": "accueil.urgences" + DOMAIN, "type": "org", "service": "Accueil"},
             {"address": "resultats.labo" + DOMAIN, "type": "APP", "service": "Laboratoire"}],
}


def test_type_from_the_annuaire_service_from_the_directory():
    entries = mailbox_entries(["alice.fictif" + DOMAIN, "ACCUEIL.URGENCES" + DOMAIN, "resultats.labo" + DOMAIN,
                               "inconnu" + DOMAIN], INVENTORY)
    assert [(e["type"], e["service"]) for e in entries] == [
        ("PER", "Cardiologie"), ("ORG", "Urgences"), ("APP", "Laboratoire"), ("", "")]
    assert entries[1]["login"] == "ACCUEIL.URGENCES" + DOMAIN  # the login is passed as it is


def test_given_values_win_and_odd_inventories_do_not_break():
    given = [{"login": "alice.fictif" + DOMAIN, "type": "CAB", "service": "Cabinet"}]
    assert mailbox_entries(given, INVENTORY) == given
    assert mailbox_entries(["x" + DOMAIN], None) == [{"login": "x" + DOMAIN, "type": "", "service": ""}]
    assert mailbox_entries([{"mailbox": "x" + DOMAIN}], {"accounts": [None], "bals": ["?"]})[0]["login"] == "x" + DOMAIN


def test_a_rule_keyed_on_type_and_service_selects_the_org_mailbox():
    rule = parse_rules([{"name": "urgences", "folders": ["INBOX"], "older_than_days": 365,
                         "bal_types": ["ORG"], "services": ["urgences"]}])[0]
    entries = normalize(mailbox_entries(["alice.fictif" + DOMAIN, "accueil.urgences" + DOMAIN], INVENTORY))
    assert [e["login"] for e in entries if rule.applies_to(e)] == ["accueil.urgences" + DOMAIN]


def test_measured_entries_are_the_inventorys_measured_mailboxes_with_type_and_service():
    inventory = dict(INVENTORY, mailboxes=[{"mailbox": "alice.fictif" + DOMAIN}, "?", {"mailbox": "resultats.labo" + DOMAIN}])
    assert measured_entries(inventory) == mailbox_entries(["alice.fictif" + DOMAIN, "resultats.labo" + DOMAIN], INVENTORY)
    assert measured_entries({}) == []


def test_the_filter_is_registered_under_its_documented_name():
    assert FilterModule().filters()["mailbox_entries"] is mailbox_entries
