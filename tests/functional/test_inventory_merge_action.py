# SPDX-License-Identifier: GPL-3.0-or-later
"""mssante.hygiene.inventory_merge through its action plugin, as the inventory role calls it: the
sources' results read by variable name give the inventory (and the purges' list); a skipped or
undefined source counts as not read; a wrong name or result fails in French."""

from tests.functional.ansible_run import run_playbook

JEAN, ANNE = "jean.dupont@ch-exemple.mssante.fr", "anne.martin@ch-exemple.mssante.fr"
DIRECTORY = {"accounts": [{"mails": [JEAN], "service": "Cardiologie"}], "counts": {"accounts": 1}}
MAILSTORE = {"mailboxes": [{"mailbox": JEAN, "trash_messages": 3}], "failures": [], "absent": [],
             "listed_all": False}
MORE = {"mailboxes": [{"mailbox": JEAN, "trash_messages": 3}, {"mailbox": ANNE, "trash_messages": 0}],
        "failures": [], "absent": ["parti@ch-exemple.mssante.fr"],
        "absent_evidence": {"parti@ch-exemple.mssante.fr": "login refusé"}}


def _merge(register="inventaire", **results_from):
    return {"name": "Assembler", "register": register,
            "mssante.hygiene.inventory_merge": {"results_from": results_from, "sources": ["ldap", "messagerie"],
                                                "witness": JEAN}}


def test_the_registered_inventory_holds_every_source_and_the_purges_list(tmp_path):
    tasks = [{"name": "Poser", "ansible.builtin.set_fact": {"annuaire": {}, "ldap": DIRECTORY, "mesure": MAILSTORE}},
             {"name": "Sauté", "ansible.builtin.command": "false", "when": False, "register": "plus"},
             _merge(directory="ldap", annuaire="annuaire", mailstore="mesure", mailstore_more="plus",
                    connections="jamais_lu"),
             {"name": "Montrer", "ansible.builtin.debug": {"var": "inventaire"}}]
    code, results = run_playbook(tmp_path, tasks)
    assert code == 0, results
    assert results[2]["censored"] and "accounts" not in results[2]  # personal data: not on the console below -vvv
    inventory = results[3]["inventaire"]
    assert inventory["accounts"] == DIRECTORY["accounts"] and inventory["bals"] == []
    assert inventory["mailboxes"] == MAILSTORE["mailboxes"] and inventory["annuaire_complete"] is False
    assert inventory["mailbox_entries"] == [{"login": JEAN, "type": "", "service": "Cardiologie"}]
    assert inventory["connections"] == [] and inventory["sources"] == ["ldap", "messagerie"]


def test_the_second_measure_loses_its_witness_and_keeps_its_absences(tmp_path):
    tasks = [{"name": "Poser", "ansible.builtin.set_fact": {"ldap": DIRECTORY, "mesure": MAILSTORE, "plus": MORE}},
             _merge(directory="ldap", mailstore="mesure", mailstore_more="plus"),
             {"name": "Montrer", "ansible.builtin.debug": {"var": "inventaire"}}]
    code, results = run_playbook(tmp_path, tasks)
    assert code == 0, results
    inventory = results[2]["inventaire"]
    assert [box["mailbox"] for box in inventory["mailboxes"]] == [JEAN, ANNE]
    assert inventory["mailbox_absent"] == MORE["absent"]
    assert inventory["mailbox_absent_evidence"] == MORE["absent_evidence"]
    assert inventory["mailbox_entries"] == [{"login": JEAN, "type": "", "service": "Cardiologie"},
                                            {"login": ANNE, "type": "", "service": ""}]


def test_a_missing_directory_or_an_unknown_source_fails_in_french(tmp_path):
    code, results = run_playbook(tmp_path, [_merge(directory="ldap_jamais_lu")])
    assert code != 0
    assert results[-1]["msg"].startswith("results_from.directory : la variable ldap_jamais_lu n'est pas définie")
    code, results = run_playbook(tmp_path, [_merge(directory="ldap", carnet="x")])
    assert code != 0 and "source inconnue carnet" in results[-1]["msg"]
