# SPDX-License-Identifier: GPL-3.0-or-later
"""The request ledger: round trip, corruption, atomic writes, lock."""
import json
import os

import pytest

from ansible_collections.mssante.hygiene.plugins.module_utils.requests import ledger
from ansible_collections.mssante.hygiene.plugins.module_utils.state_lock import StateLock, StateLocked
from ansible_collections.mssante.hygiene.plugins.module_utils.records import Request


def _ledger(*addresses, kind="liste_rouge"):
    data = ledger.empty()
    for address in addresses:
        data["requests"][ledger.key(kind, address)] = Request(
            address=address, kind=kind, operator="Op", history=[{"state": "pending", "at": "2026-01-01T00:00:00+00:00",
                                                                 "run_id": "r1"}])
    return data


def test_missing_file_is_an_empty_ledger(tmp_path):
    assert ledger.load(str(tmp_path / "ledger.json")) == ledger.empty()


def test_round_trip_is_byte_stable_and_versioned(tmp_path):
    path = str(tmp_path / "ledger.json")
    data = _ledger("b@x.mssante.fr", "a@x.mssante.fr")
    assert ledger.save(path, data) is True
    raw = (tmp_path / "ledger.json").read_bytes()
    document = json.loads(raw)
    assert document["schema_version"] == ledger.SCHEMA_VERSION
    assert [r["address"] for r in document["requests"]] == ["a@x.mssante.fr", "b@x.mssante.fr"]
    assert ledger.save(path, ledger.load(path)) is False  # same bytes: not rewritten
    assert ledger.dump(ledger.load(path)) == raw
    assert oct(os.stat(path).st_mode & 0o777) == "0o600"


@pytest.mark.parametrize("content", [b"{not json", b"[]", b'{"schema_version": 1}',
                                     b'{"schema_version": 1, "requests": [{"address": "a", "kind": "x"}]}',
                                     b"\xff\xfe"])
def test_corrupt_ledger_is_a_clear_error_and_left_untouched(tmp_path, content):
    path = tmp_path / "ledger.json"
    path.write_bytes(content)
    with pytest.raises(ledger.LedgerError) as err:
        ledger.load(str(path))
    assert str(path) in str(err.value) and "registre des demandes %s corrompu" % path in str(err.value)
    assert path.read_bytes() == content


def test_other_schema_version_is_refused(tmp_path):
    path = tmp_path / "ledger.json"
    path.write_text('{"schema_version": 99, "requests": []}')
    with pytest.raises(ledger.LedgerError, match="schema_version « 99 »"):
        ledger.load(str(path))


def test_crash_between_temp_write_and_rename_keeps_the_old_ledger(tmp_path, monkeypatch):
    path = str(tmp_path / "ledger.json")
    ledger.save(path, _ledger("a@x.mssante.fr"))
    before = (tmp_path / "ledger.json").read_bytes()

    def crash(_src, _dst):
        raise OSError("simulated crash before rename")
    monkeypatch.setattr(ledger.os, "replace", crash)
    with pytest.raises(ledger.LedgerError, match="écriture du registre des demandes .* impossible"):
        ledger.save(path, _ledger("a@x.mssante.fr", "b@x.mssante.fr"))
    assert (tmp_path / "ledger.json").read_bytes() == before
    assert sorted(os.listdir(tmp_path)) == ["ledger.json"]  # no temp file left behind


def test_lock_names_the_holder_pid(tmp_path):
    with StateLock(str(tmp_path)):
        with pytest.raises(StateLocked) as err:
            StateLock(str(tmp_path)).acquire()
    assert "verrouillé par une autre exécution (pid %d" % os.getpid() in str(err.value)
    assert str(tmp_path / "ledger.lock") in str(err.value)
    with StateLock(str(tmp_path)):  # released: can be taken again
        pass


def test_lock_waits_up_to_its_timeout(tmp_path):
    holder = StateLock(str(tmp_path)).acquire()
    try:
        with pytest.raises(StateLocked):
            StateLock(str(tmp_path), wait=0.3).acquire()
    finally:
        holder.release()
