# SPDX-License-Identifier: GPL-3.0-or-later
"""The inventory snapshot: written once, trusted only when it proves itself."""

import json
import os
import stat

import pytest

from ansible_collections.mssante.hygiene.plugins.module_utils.errors import OptionError
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.entries import measured_entries
from ansible_collections.mssante.hygiene.plugins.module_utils.inventory_snapshot import (
    FORMAT, SnapshotRejected, fr_duration, parse_max_age, read, read_purge_part, sources_fingerprint, write)

INVENTORY = {"mailboxes": [{"mailbox": "jean.dupont@ch-exemple.mssante.fr", "trash_messages": 3}],
             "accounts": [{"dn": "uid=jdupont,ou=people", "name": "Jean Dupônt"}], "annuaire_complete": True}
ENTRIES = measured_entries(INVENTORY)
SOURCES = sources_fingerprint({"imap": {"host": "127.0.0.1", "port": 993}, "domains": ["ch-exemple.mssante.fr"]})


def test_written_private_and_read_back(tmp_path):
    path = str(tmp_path / "inventaire.json")
    result = write(path, INVENTORY, SOURCES, ENTRIES)
    assert result["changed"] and result["bytes"] == os.path.getsize(path)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    loaded = read(path, SOURCES, max_age=3600, expect_sha256=result["sha256"])
    assert loaded["inventory"] == INVENTORY and loaded["age_seconds"] < 60
    with open(path, encoding="utf-8") as handle:
        assert json.loads(handle.readline())["format"] == FORMAT


def test_same_content_refreshes_age_without_rewriting(tmp_path):
    path = str(tmp_path / "inventaire.json")
    write(path, INVENTORY, SOURCES, ENTRIES, now=1000)
    os.utime(path, (1000, 1000))
    inode = os.stat(path).st_ino
    again = write(path, INVENTORY, SOURCES, ENTRIES, now=5000)
    assert not again["changed"]
    assert os.stat(path).st_ino == inode and os.stat(path).st_mtime == 5000
    assert read(path, SOURCES, max_age=100, now=5050)["age_seconds"] == 50


def test_check_mode_touches_nothing(tmp_path):
    path = str(tmp_path / "inventaire.json")
    assert write(path, INVENTORY, SOURCES, ENTRIES, check_mode=True)["changed"]
    assert not os.path.exists(path)


def _lines(raw):
    return raw.split(b"\n")


def _format_2(raw):
    """A snapshot as version 2 wrote it: one line, the format first."""
    return b'{"format":"mssante.hygiene/inventaire/2","inventory":' + _lines(raw)[2] + b',"sha256":"0"}\n'


@pytest.mark.parametrize("damage, reason", [
    (lambda raw: raw[: len(raw) // 2], "incomplet ou corrompu"),
    (lambda raw: raw[:-1], "incomplet ou corrompu"),
    (lambda raw: b"\n".join(_lines(raw)[:2]) + b"\n", "incomplet ou corrompu"),  # the inventory line missing
    (lambda raw: _lines(raw)[0], "incomplet ou corrompu"),  # the header alone, cut
    (lambda raw: b"", "incomplet ou corrompu"),
    (lambda raw: b"<html>503</html>", "incomplet ou corrompu"),
    (lambda raw: raw.replace(b"Jean", b"Jeanne"), "empreinte SHA-256"),  # the inventory line edited
    (lambda raw: raw.replace(b'"bals":0', b'"bals":9'), "empreinte SHA-256"),  # the purges' line edited
    (lambda raw: raw + b"{}\n", "empreinte SHA-256"),  # something after the inventory
    (lambda raw: raw.replace(FORMAT.encode(), b"mssante.hygiene/inventaire/1"), "autre format"),
    (_format_2, "autre format \\(mssante.hygiene/inventaire/2"),
    (lambda raw: b"[]", "autre format"),
])
@pytest.mark.parametrize("reader", [read, read_purge_part])
def test_damaged_snapshot_is_rejected(tmp_path, damage, reason, reader):
    path = str(tmp_path / "inventaire.json")
    write(path, INVENTORY, SOURCES, ENTRIES)
    with open(path, "rb") as handle:
        raw = handle.read()
    with open(path, "wb") as handle:
        handle.write(damage(raw))
    with pytest.raises(SnapshotRejected, match=reason) as caught:
        reader(path, SOURCES, max_age=3600)
    assert path in str(caught.value)


def test_the_purges_part_is_read_without_the_inventory(tmp_path, monkeypatch):
    path = str(tmp_path / "inventaire.json")
    big = dict(INVENTORY, accounts=INVENTORY["accounts"] * 500)
    written = write(path, big, SOURCES, measured_entries(big))
    parsed = []
    real_loads = json.loads
    monkeypatch.setattr(json, "loads", lambda text, *a, **k: parsed.append(len(text)) or real_loads(text, *a, **k))
    found = read_purge_part(path, SOURCES, max_age=3600)
    assert found["sha256"] == written["sha256"] and "inventory" not in found
    assert found["purge"] == {"counts": {"accounts": 500, "bals": 0},
                              "mailbox_entries": [{"login": "jean.dupont@ch-exemple.mssante.fr",
                                                   "service": "", "type": ""}]}
    with open(path, "rb") as handle:
        inventory_line = len(_lines(handle.read())[2])
    assert len(parsed) == 2 and max(parsed) * 50 < inventory_line  # header and purges' part only


def test_other_sources_old_future_absent_or_foreign_are_rejected(tmp_path):
    path = str(tmp_path / "inventaire.json")
    written = write(path, INVENTORY, SOURCES, ENTRIES, now=10_000)
    os.utime(path, (10_000, 10_000))
    with pytest.raises(SnapshotRejected, match="autres sources"):
        read(path, sources_fingerprint({"imap": {"host": "mail.autre"}}), now=10_001)
    with pytest.raises(SnapshotRejected, match=r"vieux de 2 h 00 min, au-delà de mssante_snapshot_max_age \(1 h 00 min\)"):
        read(path, SOURCES, max_age=3600, now=10_000 + 7200)
    with pytest.raises(SnapshotRejected, match="futur"):
        read(path, SOURCES, max_age=3600, now=10_000 - 3600)
    with pytest.raises(SnapshotRejected, match="cette exécution"):
        read(path, SOURCES, expect_sha256="0" * 64, now=10_001)
    assert read(path, SOURCES, expect_sha256=written["sha256"], now=10_001)["inventory"] == INVENTORY
    with pytest.raises(SnapshotRejected, match="aucun instantané"):
        read(str(tmp_path / "absent.json"), SOURCES)


@pytest.mark.parametrize("value, seconds", [
    (0, 0), (90, 90), ("90", 90), ("4h", 14400), ("30 min", 1800), ("30m", 1800), ("1j", 86400),
    ("2d", 172800), ("1,5 h", 5400), ("45 s", 45)])
def test_max_age_forms(value, seconds):
    assert parse_max_age(value) == seconds


@pytest.mark.parametrize("value", ["quatre heures", "-1h", -5, True, "4 semaines", None])
def test_max_age_errors_name_the_variable(value):
    with pytest.raises(OptionError, match="mssante_snapshot_max_age"):
        parse_max_age(value)


def test_fr_duration():
    assert [fr_duration(s) for s in (40, 720, 3 * 3600 + 300, 3 * 86400 + 7200)] == [
        "40 s", "12 min", "3 h 05 min", "3 j 2 h"]
