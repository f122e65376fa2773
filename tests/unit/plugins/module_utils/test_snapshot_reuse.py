# SPDX-License-Identifier: GPL-3.0-or-later
"""Whether a snapshot may stand in for a new read: a rejected one is a reason, never an error."""

import os

import pytest

from ansible_collections.mssante.hygiene.plugins.module_utils.errors import OptionError
from ansible_collections.mssante.hygiene.plugins.module_utils.inventory_snapshot import sources_fingerprint, write
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.entries import measured_entries
from ansible_collections.mssante.hygiene.plugins.module_utils.snapshot_reuse import describe, examine
from ansible_collections.mssante.hygiene.tests.unit.fr_messages import assert_plain_french

INVENTORY = {"mailboxes": [{"mailbox": "jean.dupont@ch-exemple.mssante.fr"}], "accounts": [], "bals": []}
SOURCES = sources_fingerprint({"domains": ["ch-exemple.mssante.fr"]})


@pytest.fixture(name="snapshot")
def snapshot_fixture(tmp_path):
    path = str(tmp_path / "inventaire.json")
    write(path, INVENTORY, SOURCES, measured_entries(INVENTORY))
    os.utime(path, (10_000, 10_000))
    return path


def test_usable_snapshot_gives_its_age_date_and_inventory(snapshot):
    found = examine(snapshot, SOURCES, "4h", now=10_720)
    assert found["usable"] and found["reason"] == ""
    assert (found["age_seconds"], found["age"]) == (720, "12 min")
    assert found["written"] == "1970-01-01T02:46:40+00:00"
    assert len(found["sha256"]) == 64 and "inventory" not in found
    assert found["purge"]["mailbox_entries"][0]["login"] == "jean.dupont@ch-exemple.mssante.fr"


@pytest.mark.parametrize("sources, max_age, now, words", [
    (SOURCES, "1h", 10_000 + 7200, "vieux de 2 h 00 min"),
    (SOURCES, 0, 10_001, "mssante_snapshot_max_age vaut 0"),
    (SOURCES, "0", 10_001, "jamais réutilisé"),
    (sources_fingerprint({"domains": ["autre.mssante.fr"]}), "4h", 10_001, "autres sources"),
    (SOURCES, "4h", 10_000 - 3600, "futur"),
])
def test_rejected_snapshot_says_why(snapshot, sources, max_age, now, words):
    found = examine(snapshot, sources, max_age, now=now)
    assert not found["usable"] and found["purge"] == {} and found["sha256"] == ""
    assert words in found["reason"] and snapshot in found["reason"]
    assert_plain_french(found["reason"])


def test_absent_or_cut_snapshot_is_a_reason(tmp_path, snapshot):
    assert "aucun instantané" in examine(str(tmp_path / "absent.json"), SOURCES, "4h")["reason"]
    with open(snapshot, "rb") as handle:
        raw = handle.read()
    with open(snapshot, "wb") as handle:
        handle.write(raw[: len(raw) // 2])
    assert "incomplet ou corrompu" in examine(snapshot, SOURCES, "4h")["reason"]


def test_wrong_max_age_is_an_error_naming_the_variable(snapshot):
    with pytest.raises(OptionError, match="mssante_snapshot_max_age"):
        examine(snapshot, SOURCES, "quatre heures")


def test_describe_shows_only_sha_and_size(tmp_path, snapshot):
    shown = describe(snapshot)
    assert shown.startswith("sha256 ") and shown.endswith(" octets\n") and "dupont" not in shown
    assert describe(str(tmp_path / "absent.json")) == "absent\n"
    (tmp_path / "cut.json").write_bytes(b'{"inventory": {"mailbox": "jean.dupont')
    assert "dupont" not in describe(str(tmp_path / "cut.json"))
