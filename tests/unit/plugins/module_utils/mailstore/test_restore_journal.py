# SPDX-License-Identifier: GPL-3.0-or-later
"""Undoing a purge (issue 16 item 5), without a server: reading the journal back, choosing a run's
messages, the restore ledger, the APPEND arguments, the check-mode table."""
import json
import os
import stat

import pytest

from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.errors import ConfigError
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.imapwire import flag_atom, imap_date_time
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.journal_read import (
    journal_files, known_runs, read_records, run_messages)
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.restore import run_restore
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.restore_imap import append_arguments
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.restore_ledger import (
    ledger_path, open_ledger, restored_keys)
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.restore_run import RestoreRun, as_crlf
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.restore_table import restore_table
from tests.unit.fr_messages import assert_plain_french

BAL = "secretariat.cardio@ch-exemple.mssante.fr"


def line(uid, run_id="run-1", mailbox=BAL, folder="Éléments supprimés", **extra):
    record = {"run_id": run_id, "at": "2026-11-26T08:00:00+00:00", "mailbox": mailbox, "folder": folder,
              "uidvalidity": 17, "uid": uid, "message_id": "<%d@ch>" % uid, "date": "2024-01-15T01:39:32Z",
              "saved": "2024-01-15T01:39:32Z", "size": 100, "flags": ["\\Seen"], "rule": "corbeille"}
    record.update(extra)
    return json.dumps(record, ensure_ascii=False, sort_keys=True)


def write(path, *lines, end="\n"):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + end, encoding="utf-8")
    return path


def test_torn_lines_are_skipped_wherever_they_are(tmp_path):
    # a crash left a cut line, the next run started on a new line, and the last run was cut again
    path = write(tmp_path / "j.jsonl", line(1), line(2)[:70], line(3), line(4)[:40], end="")
    records, torn = read_records(str(path))
    assert [r["uid"] for r in records] == [1, 3]
    assert torn == ["%s:2" % path, "%s:4" % path]


@pytest.mark.parametrize("bad, why", [
    ("pas du JSON}", "JSON illisible"),
    ('["une", "liste"]', "ce n'est pas un objet JSON"),
    ('{"run_id": "run-1", "mailbox": "%s", "folder": "x", "uidvalidity": 17}' % BAL, "champ « uid »"),
    (line(5).replace('"uid": 5', '"uid": "5"'), "champ « uid »"),
    (line(5, flags="\\Seen"), "champ « flags »"),
])
def test_a_corrupt_line_names_the_file_and_the_line(tmp_path, bad, why):
    path = write(tmp_path / "j.jsonl", line(1), bad, line(3))
    with pytest.raises(ConfigError) as caught:
        read_records(str(path))
    message = str(caught.value)
    assert message.startswith("journal_path : ligne 2 du journal %s illisible (%s" % (path, why))
    assert caught.value.parameter == "journal_path"
    assert_plain_french(message, "journal_path")


def test_a_directory_is_every_journal_in_it_and_nothing_else(tmp_path):
    write(tmp_path / "trash.jsonl", line(1))
    write(tmp_path / "retention.jsonl", line(2))
    write(tmp_path / "restores" / "run-1.jsonl", line(1))
    write(tmp_path / "notes.txt", "rien")
    assert journal_files(str(tmp_path)) == [str(tmp_path / "retention.jsonl"), str(tmp_path / "trash.jsonl")]
    with pytest.raises(ConfigError, match="journal_path : ni fichier ni répertoire de journal"):
        journal_files(str(tmp_path / "absent"))


def test_a_run_is_its_deleted_messages_once_each_without_the_kept_ones(tmp_path):
    path = write(tmp_path / "j.jsonl",
                 line(1), line(2), line(3, mailbox="autre@ch-exemple.mssante.fr"), line(9, run_id="run-0"),
                 line(2, event="kept", reason="modifié depuis sa sélection"),
                 line(1))  # a rerun after a crash journaled it again
    records, _torn = read_records(str(path))
    assert [r["uid"] for r in run_messages(records, "run-1")] == [1, 3]
    assert [r["uid"] for r in run_messages(records, "run-1", [BAL])] == [1]
    assert run_messages(records, "run-2") == []


def test_known_runs_are_the_latest_first(tmp_path):
    path = write(tmp_path / "j.jsonl", line(1, run_id="a", at="2026-01-01T00:00:00+00:00"),
                 line(2, run_id="b", at="2026-03-01T00:00:00+00:00"), line(3, run_id="c", at="2026-02-01T00:00:00+00:00"))
    assert known_runs(read_records(str(path))[0], limit=2) == ["b", "c"]


def test_ledger_lives_beside_the_journal_private_and_is_read_back(tmp_path):
    journal = write(tmp_path / "journal" / "retention.jsonl", line(1))
    assert ledger_path(str(journal), "run-1") == ledger_path(str(tmp_path / "journal"), "run-1") == str(
        tmp_path / "journal" / "restores" / "run-1.jsonl")
    path = ledger_path(str(journal), "run-1")
    assert restored_keys(path) == set()
    ledger = open_ledger(path)
    run = RestoreRun(False, "run-1", str(tmp_path / "eml"), set(), ledger)
    run.done([(json.loads(line(1)), 41)])
    ledger.close()
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(os.path.dirname(path)).st_mode) == 0o700
    assert restored_keys(path) == {(BAL, "Éléments supprimés", 17, 1)}
    assert run.restored[0]["new_uid"] == 41 and "Subject" not in json.dumps(run.restored)


def test_missing_export_is_reported_never_invented(tmp_path):
    run = RestoreRun(True, "run-1", str(tmp_path / "eml"), set())
    assert not run.exported(json.loads(line(1)))
    assert run.missing[0]["uid"] == 1 and run.missing[0]["export"].endswith("/17-1.eml")


def test_append_carries_the_journaled_flags_and_received_date():
    record = json.loads(line(1, flags=["\\Seen", "\\Flagged", "$Label1", "\\Recent", "a b"]))
    assert append_arguments("&AMk-l&AOk-ments supprim&AOk-s", record) == (
        '"&AMk-l&AOk-ments supprim&AOk-s" (\\Seen \\Flagged $Label1) "15-Jan-2024 01:39:32 +0000"')
    old = json.loads(line(1, date=""))
    del old["flags"]  # a line written before 0.6.0
    assert append_arguments("INBOX", old) == '"INBOX" ()'
    assert imap_date_time("2024-13-01T00:00:00Z") == "" and not flag_atom("\\Recent")


def test_exports_with_bare_line_feeds_travel_as_crlf():
    assert as_crlf(b"A: b\nC: d\r\n\nbody\n") == b"A: b\r\nC: d\r\n\r\nbody\r\n"


def test_check_mode_table_counts_per_mailbox_and_folder():
    folders = [{"mailbox": BAL, "folder": "Éléments supprimés", "restored": 3, "skipped": 1, "missing": 1},
               {"mailbox": BAL, "folder": "Éléments envoyés", "restored": 1, "skipped": 0, "missing": 0}]
    summary = {"run_id": "run-1", "restored": 4, "skipped": 1, "missing": 1, "messages": 6}
    table = restore_table(folders, summary, check_mode=True)
    assert table.startswith("Restauration simulée (--check) de l'exécution run-1")
    assert "Total : 4 messages reviendraient sur 6 journalisés (1 déjà là, 1 sans export)" in table
    assert table.count(BAL) == 1
    assert "Aucun message à restaurer." in restore_table([], dict(summary, restored=0), check_mode=False)


def test_unknown_run_names_the_latest_ones(tmp_path):
    write(tmp_path / "journal" / "retention.jsonl", line(1))
    options = {"run_id": "run-9", "journal_path": str(tmp_path / "journal"), "export_dir": str(tmp_path / "eml"),
               "host": "imap.ch-exemple.fr", "admin_user": "admin", "admin_password": "x"}
    with pytest.raises(ConfigError) as caught:
        run_restore(options, check_mode=True, diff=False)
    assert str(caught.value).startswith("run_id : aucune ligne du journal")
    assert "exécutions les plus récentes : run-1" in str(caught.value)
    with pytest.raises(ConfigError, match="run_id : « ../x » ne peut pas servir de nom de dossier"):
        run_restore(dict(options, run_id="../x"), check_mode=True, diff=False)
