# SPDX-License-Identifier: GPL-3.0-or-later
"""Filter pending_request_addresses: the addresses the inventory asks the platform about so that a
deleted BAL's suppression can be confirmed (issue 14); a missing ledger gives none, a broken one
fails in French naming the file, never taken as empty."""
import os

import pytest

from ansible.errors import AnsibleFilterError
from ansible_collections.mssante.hygiene.plugins.filter.pending_request_addresses import (
    FilterModule, pending_request_addresses)
from ansible_collections.mssante.hygiene.plugins.module_utils.requests import ledger
from ansible_collections.mssante.hygiene.plugins.module_utils.records import Request


def _write(path, *requests):
    data = ledger.empty()
    for kind, address, state in requests:
        data["requests"][ledger.key(kind, address)] = Request(address=address, kind=kind, state=state, operator="Op")
    ledger.save(str(path), data)
    return str(path)


def test_pending_suppressions_only_sorted_and_lower_cased(tmp_path):
    path = _write(tmp_path / "ledger.json",
                  ("suppression", "Zoe.Partie@ch.mssante.fr", "pending"),
                  ("suppression", "bob@ch.mssante.fr", "pending"),
                  ("suppression", "fait@ch.mssante.fr", "confirmed"),
                  ("suppression", "revenu@ch.mssante.fr", "withdrawn"),
                  ("liste_rouge", "rouge@ch.mssante.fr", "pending"))
    assert pending_request_addresses(path) == ["bob@ch.mssante.fr", "zoe.partie@ch.mssante.fr"]
    assert pending_request_addresses(path, "liste_rouge") == ["rouge@ch.mssante.fr"]
    assert FilterModule().filters()["pending_request_addresses"] is pending_request_addresses


def test_missing_ledger_gives_no_address(tmp_path):
    assert pending_request_addresses(str(tmp_path / "nouveau" / "ledger.json")) == []


def _failure(*args):
    with pytest.raises(AnsibleFilterError) as error:
        pending_request_addresses(*args)
    return str(error.value)


def test_corrupt_ledger_fails_naming_the_file(tmp_path):
    path = tmp_path / "ledger.json"
    path.write_bytes(b'{"schema_version": 1, "requests": [')
    message = _failure(str(path))
    assert message.startswith("pending_request_addresses : registre des demandes %s corrompu" % path), message
    assert "Traceback" not in message


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a 0000 file")
def test_unreadable_ledger_fails_naming_the_file(tmp_path):
    path = tmp_path / "ledger.json"
    _write(path, ("suppression", "a@ch.mssante.fr", "pending"))
    path.chmod(0)
    assert "registre des demandes %s illisible" % path in _failure(str(path))


def test_a_directory_in_place_of_the_ledger_fails_naming_it(tmp_path):
    # readable by root too: the case the previous test cannot show when run as root
    (tmp_path / "ledger.json").mkdir()
    assert "registre des demandes %s illisible" % (tmp_path / "ledger.json") in _failure(str(tmp_path / "ledger.json"))


def test_unknown_kind_and_empty_path_are_refused(tmp_path):
    assert "kind doit valoir" in _failure(str(tmp_path / "ledger.json"), "purge")
    assert "chemin vide" in _failure("")
