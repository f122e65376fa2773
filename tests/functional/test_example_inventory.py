# SPDX-License-Identifier: GPL-3.0-or-later
"""inventories/example as a DSI fills it in: only the placeholders (servers, credentials, identity)
replaced by the lab's, every other setting kept, files under MSSANTE_HYGIENE_DIR.

audit.yml, purge_trash.yml --check and site.yml --check succeed; the trash purge selects every
message the trash rule selects on the platform, refusing none; a typo in a setting stops the run
naming the closest valid key; a retention rule on a folder only some BALs have fails no BAL."""
import json
import os
import re
import shutil

import pytest
import yaml

from ansible_collections.mssante.hygiene.plugins.module_utils.inventory_snapshot import read as read_snapshot
from lab import stack
from tests.functional.ansible_run import ROOT
from tests.functional.demo_playbook import lab_fixture, playbook_process
from tests.functional.test_mailstore_purge import rule_matches, trash_query

LAB = "pytest-example"
HOST = "messagerie_ch_exemple"
lab_state = lab_fixture(LAB, staff=20)

TRASH_LINE = re.compile(r"Corbeilles \(simulation, rien n'est supprimé\) : (\d+) messages? \([^)]*\) "
                        r"seraient? supprimés? dans (\d+) BAL sur (\d+) ; (\d+) refus \(garde-fou\) ; "
                        r"(\d+) BAL en échec")
PREVIEW_LINE = re.compile(r"Corbeilles : (\d+) messages? \([^)]*\) seraient? purgés? dans (\d+) BAL")


def _load(path):
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _dump(path, data):
    with open(path, "w", encoding="utf-8") as handle:
        yaml.safe_dump(data, handle, allow_unicode=True, sort_keys=False)


def _placeholders(state):
    """What a DSI writes in place of the example's servers, credentials and identity."""
    demo = _load(os.path.join(ROOT, "inventories", "demo", "group_vars", "mssante_platforms", "main.yml"))
    ldap, imap, smtp, ca_cert = state["ldap"], state["imap"], state["smtp"], state["tls"]["ca_cert"]
    return {
        "mssante_establishment": demo["mssante_establishment"],
        "mssante_domains": demo["mssante_domains"],
        "mssante_ldap": {"server_uri": [ldap["ldaps_uri"]], "bind_dn": ldap["bind_dn"], "ca_path": ca_cert,
                         "dn": ldap["base"]},
        "mssante_imap": {"host": imap["host"], "port": imap["imaps_port"], "admin_user": imap["admin_user"],
                         "ca_path": imap["ca_cert"]},
        "mssante_smtp": {"host": smtp["host"], "port": smtp["port"], "username": smtp["username"],
                         "sender": smtp["sender"], "ca_path": ca_cert},
        "mssante_annuaire": {"extraction_path": state["annuaire"]["extraction_path"], "ca_path": ca_cert,
                             "min_lines": 10},  # the lab file has ~45 lines, a national one ~500,000
    }


def fill_in_example(state, target):
    """inventories/example copied to `target`, its placeholders replaced; the vault as a plain file."""
    shutil.copytree(os.path.join(ROOT, "inventories", "example"), target)
    path = os.path.join(target, "host_vars", HOST, "main.yml")
    example = _load(path)
    filled = dict(example)
    for name, value in _placeholders(state).items():
        if isinstance(value, dict):
            assert set(value) <= set(example[name]), name  # a placeholder the example really has
            filled[name] = dict(example[name], **value)
        else:
            filled[name] = value
    _dump(path, filled)
    # the vault variables the example refers to (ansible-vault encrypted in real life)
    _dump(os.path.join(target, "group_vars", "mssante_platforms", "vault.yml"),
          {"vault_mssante_ldap_password": state["ldap"]["bind_pw"],
           "vault_mssante_imap_password": state["imap"]["admin_password"],
           "vault_mssante_smtp_password": state["smtp"]["password"]})
    return example, filled


@pytest.fixture(scope="module")
def example(lab_state, tmp_path_factory):
    base = tmp_path_factory.mktemp("example")
    original, filled = fill_in_example(lab_state, str(base / "inventory"))
    return {"inventory": str(base / "inventory"), "hygiene": str(base / "hygiene"),
            "original": original, "filled": filled}


def run(example, monkeypatch, playbook, *extra):
    monkeypatch.setenv("MSSANTE_HYGIENE_DIR", example["hygiene"])
    proc = playbook_process(example["inventory"], playbook, *extra)
    return proc.returncode, proc.stdout + proc.stderr


def test_only_placeholders_were_replaced(example):
    original, filled = example["original"], example["filled"]
    assert set(original) == set(filled)
    for name, value in original.items():
        if isinstance(value, dict):
            assert set(filled[name]) == set(value), name  # every key the example shows is kept
    assert filled["mssante_imap"]["backend"] == "imap" and filled["mssante_ldap"]["bind_pw"].startswith("{{")


def test_audit_writes_every_file_under_the_hygiene_dir(example, monkeypatch):
    code, output = run(example, monkeypatch, "audit.yml")
    assert code == 0, output[-4000:]
    host_dir = os.path.join(example["hygiene"], HOST)
    assert {"audit.json", "audit.csv", "audit.html"} <= set(os.listdir(os.path.join(host_dir, "rapports")))
    with open(os.path.join(host_dir, "inventaire.json"), encoding="utf-8") as handle:
        assert json.loads(handle.readline())["format"] == "mssante.hygiene/inventaire/3"
    assert read_snapshot(os.path.join(host_dir, "inventaire.json"))["inventory"]["mailboxes"]
    with open(os.path.join(host_dir, "rapports", "audit.json"), encoding="utf-8") as handle:
        assert json.load(handle)["summary"]["findings"] > 0
    assert "Corbeille à vider (trash_overdue)" in output  # codes with their French label
    preview = PREVIEW_LINE.search(output)
    assert preview, output[-4000:]
    example["preview"] = int(preview.group(1))


def test_trash_purge_selects_every_overdue_message_and_refuses_none(example, lab_state, monkeypatch):
    code, output = run(example, monkeypatch, "purge_trash.yml", "--check")
    assert code == 0, output[-4000:]
    found = TRASH_LINE.search(output)
    assert found, output[-4000:]
    messages, bals, _total, refused, failed = (int(value) for value in found.groups())
    expected = rule_matches(stack.dovecot_of(lab_state["directory"]), trash_query())
    assert expected and messages == len(expected)
    assert bals == len({user for user, _folder, _uid in expected})
    assert refused == 0 and failed == 0
    assert messages == example.get("preview", messages)  # the audit's preview said the same
    assert "BAL concernées :" in output  # check mode: the table of the BALs that lose the most


def test_site_check_succeeds(example, monkeypatch):
    code, output = run(example, monkeypatch, "site.yml", "--check")
    assert code == 0, output[-4000:]
    for words in ("Résumé de l'audit", "Préavis : ", "Corbeilles (simulation", "Aucune règle de rétention",
                  "Liste rouge :"):
        assert words in output


def test_typo_in_safety_names_the_closest_key(example, monkeypatch):
    typo = json.dumps({"mssante_safety": {"max_delete_ratio": 0.5, "export_dir": ""}})
    code, output = run(example, monkeypatch, "purge_trash.yml", "--check", "-e", typo)
    assert code != 0
    assert "mssante_safety : clé inconnue « export_dir » (vouliez-vous dire « export_eml » ?)" in output
    assert "Traceback" not in output


def test_rule_on_a_folder_only_some_bals_have_fails_none(example, monkeypatch):
    rules = json.dumps({"mssante_retention_rules": [
        {"name": "archives", "folders": ["Archives/2023"], "older_than_days": 400, "date": "received"}]})
    code, output = run(example, monkeypatch, "retention.yml", "--check", "-e", rules)
    assert code == 0, output[-4000:]
    total = re.search(r"Rétention \(simulation, rien n'est supprimé\) : .* ; (\d+) BAL en échec ; "
                      r"(\d+) dossiers? absents? (?:de leur|d'une) BAL", output)
    assert total, output[-4000:]
    assert int(total.group(1)) == 0 and int(total.group(2)) > 0
    assert "faute de frappe" not in output
