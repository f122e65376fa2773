# SPDX-License-Identifier: GPL-3.0-or-later
"""Outputs of a purge one can trust (#13 items 3, 4, 11): exports that never collide nor
overwrite, a journal that survives a torn line and a full disk, a checked run_id, private
directories, failures counted per mailbox, saved dates filled (no server)."""
import datetime as dt
import errno
import json
import os
import stat

import pytest

from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore import journal as journal_module
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.errors import ConfigError, MailstoreError
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.journal import Journal
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.export import export_message
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.imap_backend import fetch_items
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.purge import FolderPlan, PurgeRun
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.rules import parse_rules
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.service import (
    failed_mailbox_count, run_purge, too_many_failures)

NOW = dt.datetime(2026, 11, 26, 8, 0, tzinfo=dt.timezone.utc)
RULE = parse_rules([{"name": "corbeille", "folders": ["\\Trash"], "older_than_days": 30}])[0]


def plan(mailbox="bal@ch-exemple.mssante.fr", uids=(1, 2), saved="2026-02-01T00:00:00Z"):
    meta = {uid: {"size": 100, "date": "2026-01-01T00:00:00Z", "saved": saved,
                  "message_id": "<%d@ch>" % uid, "flags": []} for uid in uids}
    return FolderPlan(mailbox, "Corbeille", "\\Trash", RULE, 17, 10, meta)


def lines(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def no_space(*_args, **_kwargs):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


# --- item 3: export paths -------------------------------------------------------------

@pytest.mark.parametrize("first, second", [
    ("a+b@ch-exemple.mssante.fr", "a=b@ch-exemple.mssante.fr"),  # same _safe() name
    ("x" * 64 + "@" + "radiologie." * 6 + "ch1.fr", "x" * 64 + "@" + "radiologie." * 6 + "ch2.fr"),  # long
    ("a/b@ch.fr", "a_b@ch.fr"),  # '/' is a valid local-part character
])
def test_colliding_logins_get_their_own_export(tmp_path, first, second):
    one = export_message(str(tmp_path), "run", first, "Corbeille", 17, 42, b"one")
    two = export_message(str(tmp_path), "run", second, "Corbeille", 17, 42, b"two")
    assert one != two
    assert open(one, "rb").read() == b"one" and open(two, "rb").read() == b"two"


def test_colliding_folders_get_their_own_export(tmp_path):
    long_name = "Dossier " * 20
    one = export_message(str(tmp_path), "run", "bal@ch.fr", long_name + "A", 17, 42, b"one")
    two = export_message(str(tmp_path), "run", "bal@ch.fr", long_name + "B", 17, 42, b"two")
    assert one != two and open(one, "rb").read() == b"one"


def test_export_name_stays_readable(tmp_path):
    path = export_message(str(tmp_path), "run", "bal@ch.fr", "Éléments supprimés", 17, 42, b"x")
    relative = os.path.relpath(path, str(tmp_path)).split(os.sep)
    assert relative[0] == "run" and relative[1].startswith("bal@ch.fr-") and relative[3] == "17-42.eml"
    assert relative[2].startswith("_l_ments_supprim_s-")


def test_export_never_overwrites_another_message(tmp_path):
    path = export_message(str(tmp_path), "run", "bal@ch.fr", "Corbeille", 17, 42, b"first")
    # same run_id rerun after a crash: the same message again is fine
    assert export_message(str(tmp_path), "run", "bal@ch.fr", "Corbeille", 17, 42, b"first") == path
    with pytest.raises(MailstoreError) as failure:
        export_message(str(tmp_path), "run", "bal@ch.fr", "Corbeille", 17, 42, b"other")
    assert "existe déjà" in str(failure.value) and path in str(failure.value)
    assert open(path, "rb").read() == b"first"
    assert os.listdir(os.path.dirname(path)) == ["17-42.eml"]


def test_export_conflict_keeps_the_mail_and_fails_that_mailbox(tmp_path):
    journal = Journal(str(tmp_path / "j.jsonl"))
    run = PurgeRun(False, journal, export_dir=str(tmp_path / "eml"), run_id="run", now=NOW)
    export_message(str(tmp_path / "eml"), "run", "bal@ch-exemple.mssante.fr", "Corbeille", 17, 1, b"alien")
    approved = run.approve_many([(plan(), lambda uid: b"mine %d" % uid)])
    journal.close()
    assert approved == [] and lines(tmp_path / "j.jsonl") == []
    assert run.failures[0]["mailbox"] == "bal@ch-exemple.mssante.fr"
    assert "existe déjà" in run.failures[0]["error"]


def test_export_failure_over_imap_is_a_french_mailbox_failure(tmp_path, monkeypatch):
    journal = Journal(str(tmp_path / "j.jsonl"))
    run = PurgeRun(False, journal, export_dir=str(tmp_path / "eml"), run_id="run", now=NOW)
    monkeypatch.setattr(journal_module.os, "write", no_space)
    with pytest.raises(MailstoreError) as failure:
        run.approve(plan(), lambda uid: b"x")
    monkeypatch.undo()
    journal.close()
    assert "export_dir" in str(failure.value) and "plus de place sur le disque" in str(failure.value)
    assert "Errno" not in str(failure.value)
    assert lines(tmp_path / "j.jsonl") == []
    parts = [name for _root, _dirs, names in os.walk(str(tmp_path / "eml")) for name in names]
    assert parts == []  # no .eml.part left behind


# --- item 11 b: private directories -----------------------------------------------------

def test_every_directory_created_for_exports_and_journal_is_0700(tmp_path):
    os.umask(0o022)
    path = export_message(str(tmp_path / "a" / "b"), "run", "bal@ch.fr", "Corbeille", 17, 42, b"x")
    Journal(str(tmp_path / "c" / "d" / "j.jsonl")).close()
    created = [tmp_path / "a", tmp_path / "a" / "b", tmp_path / "c", tmp_path / "c" / "d"]
    directory = os.path.dirname(path)
    while directory != str(tmp_path / "a" / "b"):
        created.append(directory)
        directory = os.path.dirname(directory)
    for one in created:
        assert stat.S_IMODE(os.stat(str(one)).st_mode) == 0o700, one


# --- item 4: the journal --------------------------------------------------------------

def test_torn_last_line_never_swallows_the_next_record(tmp_path):
    path = tmp_path / "j.jsonl"
    path.write_text('{"uid": 1}\n{"uid": 2, "mail', encoding="utf-8")
    journal = Journal(str(path))
    journal.write([{"uid": 3}])
    journal.close()
    text = path.read_text(encoding="utf-8").splitlines()
    assert text[0] == '{"uid": 1}' and text[1] == '{"uid": 2, "mail'  # kept as evidence
    assert json.loads(text[2]) == {"uid": 3}
    assert journal.repaired


def test_full_disk_leaves_no_torn_line_and_stops_the_journal(tmp_path, monkeypatch):
    path = tmp_path / "j.jsonl"
    journal = Journal(str(path))
    journal.write([{"uid": 1}])
    real_write = os.write

    def half_then_full(fd, data):
        real_write(fd, data[:len(data) // 2])
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(journal_module.os, "write", half_then_full)
    with pytest.raises(OSError):
        journal.write([{"uid": 2, "mailbox": "bal@ch.fr"}])
    monkeypatch.undo()
    with pytest.raises(OSError):  # stopped: no deletion may follow a journal that failed once
        journal.write([{"uid": 3}])
    journal.close()
    assert path.read_text(encoding="utf-8") == '{"uid": 1}\n'


def test_full_journal_stops_deleting_with_a_french_message(tmp_path, monkeypatch):
    journal = Journal(str(tmp_path / "j.jsonl"))
    run = PurgeRun(False, journal, run_id="run", now=NOW)
    monkeypatch.setattr(journal_module.os, "write", no_space)
    with pytest.raises(MailstoreError) as failure:
        run.approve(plan())
    monkeypatch.undo()
    message = str(failure.value)
    assert "journal_path" in message and "plus de place sur le disque" in message
    assert "rien n'a été supprimé" in message and "Errno" not in message
    # approve_many (doveadm): every plan is a failure of its mailbox, none approved
    assert run.approve_many([(plan(mailbox="autre@ch.fr"), None)]) == []
    assert {f["mailbox"] for f in run.failures} == {"autre@ch.fr"}


def test_unwritable_journal_path_is_named_in_french(tmp_path):
    (tmp_path / "dir").mkdir()
    params = {"journal_path": str(tmp_path / "dir"), "mailboxes": ["bal@ch.fr"],
              "rules": [{"name": "corbeille", "folders": ["\\Trash"], "older_than_days": 30}],
              "host": "127.0.0.1", "admin_user": "a", "admin_password": "b", "security": "none"}
    with pytest.raises(ConfigError) as failure:
        run_purge(params, check_mode=False, diff=False)
    message = str(failure.value)
    assert message.startswith("journal_path") and str(tmp_path / "dir") in message
    assert "c'est un répertoire" in message and "Errno" not in message


# --- item 11 a: run_id ------------------------------------------------------------------

@pytest.mark.parametrize("run_id", ["../../etc", "a/b", ".", "..", ".cache", "x" * 200, "nuit\n2"])
def test_run_id_that_is_no_plain_name_is_refused(run_id):
    params = {"run_id": run_id, "mailboxes": ["bal@ch.fr"], "journal_path": "/nonexistent/j",
              "rules": [{"name": "corbeille", "folders": ["\\Trash"], "older_than_days": 30}]}
    with pytest.raises(ConfigError) as failure:
        run_purge(params, check_mode=True, diff=False)
    assert str(failure.value).startswith("run_id")


def test_usual_run_ids_are_accepted(tmp_path):
    for run_id in ("20261126T080000Z-1a2b3c4d", "corbeilles_2026-11", "nuit.1"):
        path = export_message(str(tmp_path), run_id, "bal@ch.fr", "Corbeille", 1, 1, b"x")
        assert os.path.relpath(path, str(tmp_path)).split(os.sep)[0] == run_id


# --- item 11 d, e: failures -------------------------------------------------------------

def test_every_mailbox_failed_is_always_a_failure():
    failures = [{"mailbox": "a@ch"}, {"mailbox": "b@ch"}]
    assert too_many_failures(failures, 2, 1.0)
    assert not too_many_failures(failures[:1], 2, 1.0)
    assert too_many_failures([{"mailbox": "a@ch"}], 1, 1.0)


def test_failures_are_counted_per_mailbox_not_per_entry():
    failures = [{"mailbox": "a@ch", "error": "x"}, {"mailbox": "a@ch", "error": "y"}]
    assert failed_mailbox_count(failures) == 1
    assert not too_many_failures(failures, 2, 0.5)
    run = PurgeRun(True, Journal(None), now=NOW)
    run.fail("a@ch", "x")
    run.fail("a@ch", "y")
    assert run.summary(3)["failures"] == 1


# --- item 11 f: saved dates -------------------------------------------------------------

def test_journal_saved_date_falls_back_to_internaldate(tmp_path):
    journal = Journal(str(tmp_path / "j.jsonl"))
    run = PurgeRun(False, journal, run_id="run", now=NOW)
    run.approve(plan(saved=""))
    journal.close()
    assert {line["saved"] for line in lines(tmp_path / "j.jsonl")} == {"2026-01-01T00:00:00Z"}


def test_real_run_fetches_savedate_whenever_the_server_has_it():
    assert "SAVEDATE" in fetch_items(False, "INTERNALDATE", savedate=True).split()
    assert "SAVEDATE" not in fetch_items(False, "INTERNALDATE", savedate=False).split()
    assert fetch_items(False, "SAVEDATE", savedate=True).split().count("SAVEDATE") == 1


# --- issue 16 item 5: what a restore needs ------------------------------------------------

def test_journal_keeps_the_flags_a_restore_puts_back(tmp_path):
    journal = Journal(str(tmp_path / "j.jsonl"))
    run = PurgeRun(False, journal, run_id="run", now=NOW)
    folder = plan(uids=(1,))
    folder.meta[1]["flags"] = ["\\Seen", "\\Recent", "\\Flagged", "\\Deleted", "$Label1", "Intégré"]
    run.approve(folder)
    journal.close()
    assert lines(tmp_path / "j.jsonl")[0]["flags"] == ["\\Seen", "\\Flagged", "$Label1", "Intégré"]


def test_real_run_fetches_flags_before_the_header_literal():
    items = fetch_items(False, "INTERNALDATE", savedate=True).split()
    assert "FLAGS" in items and items.index("FLAGS") < items.index("BODY.PEEK[HEADER.FIELDS")
    assert "FLAGS" not in fetch_items(True, "INTERNALDATE").split()  # check mode writes no journal
