# -*- coding: utf-8 -*-
# SPDX-License-Identifier: GPL-3.0-or-later
"""mssante.hygiene.inventory_snapshot and inventory_snapshot_info run as Ansible runs them."""

import json
import os
import stat

from ansible_collections.mssante.hygiene.plugins.module_utils.snapshot_sources import snapshot_sources
from ansible_collections.mssante.hygiene.tests.unit.fr_messages import assert_plain_french
from ansible_collections.mssante.hygiene.tests.unit.plugins.module_utils.annuaire.test_annuaire_redirects import run_module

SOURCES = snapshot_sources({"server_uri": ["ldaps://ldap"], "dn": "ou=people"}, {}, {"host": "mail"}, {},
                           ["ch-exemple.mssante.fr"])
JEAN = "jean.dupont@ch-exemple.mssante.fr"
URG = "urgences@ch-exemple.mssante.fr"
INVENTORY = {
    "accounts": [{"mails": [JEAN], "service": "Cardiologie", "bal_type": "PER"}, {"mails": [URG], "service": "Urgences"}],
    "bals": [{"address": URG, "type": "ORG"}],
    # a pending suppression asked about for its absence only is not in the measured mailboxes
    "mailboxes": [{"mailbox": JEAN, "trash_messages": 3}, {"mailbox": URG}],
}


def run(tmp_path, name, args):
    return run_module(name, tmp_path, args)


def write(tmp_path, **extra):
    args = dict(path=str(tmp_path / "inventaire.json"), inventory=INVENTORY, sources=SOURCES, **extra)
    return run(tmp_path, "inventory_snapshot", args)


def test_check_mode_writes_nothing_then_writes_private_then_unchanged(tmp_path):
    path = tmp_path / "inventaire.json"
    checked = write(tmp_path, _ansible_check_mode=True)
    assert checked["changed"] and not path.exists()
    written = write(tmp_path)
    assert written["changed"] and written["bytes"] == path.stat().st_size and written["path"] == str(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert "dupont" not in json.dumps(written)  # the inventory is not echoed back (invocation)
    os.utime(path, (1000, 1000))
    again = write(tmp_path)
    assert not again["changed"] and again["sha256"] == written["sha256"]
    assert path.stat().st_mtime > 1000  # same content: its age is refreshed


def test_diff_shows_only_sha_and_sizes(tmp_path):
    first = write(tmp_path, _ansible_diff=True)
    assert first["diff"]["before"] == "absent\n"
    assert first["diff"]["after"] == "sha256 %s, %d octets\n" % (first["sha256"], first["bytes"])
    changed = dict(INVENTORY, mailboxes=INVENTORY["mailboxes"][:1])
    second = run(tmp_path, "inventory_snapshot", dict(path=str(tmp_path / "inventaire.json"), inventory=changed,
                                                      sources=SOURCES, _ansible_diff=True, _ansible_check_mode=True))
    assert second["changed"] and second["diff"]["before"] == first["diff"]["after"]
    assert "dupont" not in json.dumps(second["diff"]) and "Cardiologie" not in json.dumps(second["diff"])


def test_info_gives_the_purge_entries_of_a_usable_snapshot(tmp_path):
    write(tmp_path)
    found = run(tmp_path, "inventory_snapshot_info", dict(path=str(tmp_path / "inventaire.json"), sources=SOURCES,
                                                          _ansible_check_mode=True))
    assert found["usable"] and not found["changed"] and found["reason"] == ""
    assert found["mailbox_entries"] == [{"login": JEAN, "type": "PER", "service": "Cardiologie"},
                                        {"login": URG, "type": "ORG", "service": "Urgences"}]
    assert found["mailboxes"] == [{"mailbox": JEAN}, {"mailbox": URG}]
    assert found["counts"] == {"mailbox_entries": 2, "accounts": 2, "bals": 1}
    assert found["age"].endswith(" s") and found["written"]


def test_info_refuses_without_failing_and_changes_nothing(tmp_path):
    write(tmp_path)
    path = tmp_path / "inventaire.json"
    before = (path.read_bytes(), path.stat().st_mtime)
    other = snapshot_sources({"server_uri": ["ldaps://ldap"], "dn": "ou=autres"}, {}, {"host": "mail"}, {},
                             ["ch-exemple.mssante.fr"])
    found = run(tmp_path, "inventory_snapshot_info", dict(path=str(path), sources=other))
    assert not found.get("failed") and not found["usable"] and "autres sources" in found["reason"]
    assert found["mailbox_entries"] == [] and found["counts"] == {"mailbox_entries": 0, "accounts": 0, "bals": 0}
    assert (path.read_bytes(), path.stat().st_mtime) == before


def test_info_wrong_max_age_fails_naming_the_variable(tmp_path):
    write(tmp_path)
    failed = run(tmp_path, "inventory_snapshot_info", dict(path=str(tmp_path / "inventaire.json"), sources=SOURCES,
                                                           max_age="quatre heures"))
    assert failed["failed"]
    assert_plain_french(failed["msg"], "mssante_snapshot_max_age")


def test_staged_bytes_from_the_action_write_the_same_file_as_the_inventory(tmp_path):
    """The action plugin encodes on the controller and stages the bytes; the module compares and moves them."""
    direct = write(tmp_path)
    path = tmp_path / "inventaire.json"
    staged = tmp_path / "staged.json"
    staged.write_bytes(path.read_bytes())
    path.unlink()
    args = dict(path=str(path), sources=SOURCES, staged=str(staged), sha256=direct["sha256"])
    written = run(tmp_path, "inventory_snapshot", args)
    assert written["changed"] and path.read_bytes() == staged.read_bytes()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert {key: written[key] for key in ("sha256", "bytes", "path")} == {key: direct[key] for key in ("sha256", "bytes", "path")}
    assert not run(tmp_path, "inventory_snapshot", args)["changed"]


def test_an_unreadable_staged_file_is_a_french_error_naming_staged(tmp_path):
    failed = run(tmp_path, "inventory_snapshot", dict(path=str(tmp_path / "inventaire.json"), sources=SOURCES,
                                                      staged=str(tmp_path / "absent.json"), sha256="0" * 64))
    assert failed["failed"] and not (tmp_path / "inventaire.json").exists()
    assert_plain_french(failed["msg"], "staged")
