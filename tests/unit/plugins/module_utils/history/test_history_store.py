# -*- coding: utf-8 -*-
# SPDX-License-Identifier: GPL-3.0-or-later
"""The history files: deterministic gzip, private modes, unreadable files skipped with a note."""

import gzip
import os
import stat

import pytest

from ansible_collections.mssante.hygiene.tests.unit.fr_messages import assert_plain_french
from ansible_collections.mssante.hygiene.tests.unit.plugins.module_utils.history.history_helpers import at, lab_result, run

from ansible_collections.mssante.hygiene.plugins.module_utils.history import store
from ansible_collections.mssante.hygiene.plugins.module_utils.history.stage import plan_history


def test_same_snapshot_same_bytes_gzip_without_name_or_date(tmp_path):
    _plan, _result, applied = run(tmp_path, lab_result(), at())
    raw = open(applied["written"], "rb").read()
    assert store.encode(store.decode(raw)) == raw
    # header: magic, deflate, no FNAME flag, mtime 0
    assert raw[:3] == b"\x1f\x8b\x08" and raw[3] & 0x08 == 0 and raw[4:8] == b"\0\0\0\0"
    snapshot = store.decode(raw)
    assert snapshot["schema_version"] == 1 and snapshot["platform"] == "demo"
    assert set(snapshot) == {"schema_version", "generated_at", "platform", "point", "trend", "findings",
                             "mailboxes", "requests"}
    assert set(snapshot["mailboxes"][0]) == {"address", "site", "service", "type", "published", "liste_rouge",
                                             "on_platform", "inactive_days", "bytes", "trash_bytes",
                                             "trash_messages", "documents_pending"}


def test_file_name_mode_and_directory(tmp_path):
    _plan, _result, applied = run(tmp_path, lab_result(), at())
    assert applied["written"] == str(tmp_path / "history" / "audit-20261126T090000Z.json.gz")
    assert stat.S_IMODE(os.stat(applied["written"]).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(tmp_path / "history").st_mode) == 0o700


def test_corrupt_snapshot_is_skipped_with_a_note_and_kept(tmp_path):
    run(tmp_path, lab_result(), at())
    broken = tmp_path / "history" / "audit-20261127T090000Z.json.gz"
    broken.write_bytes(b"pas du gzip")
    other = tmp_path / "history" / "audit-20261127T100000Z.json.gz"
    other.write_bytes(gzip.compress(b'{"schema_version": 1}', mtime=0))
    plan, result, applied = run(tmp_path, lab_result(), at(days=2))
    notes = [n for n in result["summary"]["notes"] if "Instantané d'historique" in n]
    assert len(notes) == 2 and str(broken) in notes[1] and str(other) in notes[0]
    for note in notes:
        assert_plain_french(note)
    # the readable snapshot before them is the one compared with, the broken files stay
    assert plan.reused and result["changes"]["since"] is None and applied["written"] == ""
    assert broken.exists() and other.exists()


def test_unreadable_or_unwritable_history_names_the_path(tmp_path):
    (tmp_path / "history").write_text("un fichier, pas un répertoire", "utf-8")
    with pytest.raises(store.HistoryError) as raised:
        run(tmp_path, lab_result(), at())
    assert str(tmp_path / "history") in str(raised.value) and raised.value.parameter == "state_dir"
    assert_plain_french(str(raised.value))

    (tmp_path / "history").unlink()
    (tmp_path / "history" / "audit-20261126T090000Z.json.gz").mkdir(parents=True)  # where the file must go
    plan = plan_history(str(tmp_path), 24, lab_result(), "demo", at())
    with pytest.raises(store.HistoryError) as raised:
        plan.apply()
    assert plan.path in str(raised.value) and raised.value.parameter == "state_dir"
    assert_plain_french(str(raised.value))
