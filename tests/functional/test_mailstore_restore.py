# SPDX-License-Identifier: GPL-3.0-or-later
"""mailstore_restore against a real Dovecot (issue 16 item 5): a purge run comes back as it was.

Byte-identical (BODY.PEEK[] against the .eml), same flags (keywords, \\Flagged, \\Seen), same
INTERNALDATE, in the original folder (French names included); a rerun restores nothing; a
missing export is reported; check mode changes nothing.
"""
import imaplib
import json
import os
import shutil
import ssl

import pytest

from lab.dovecot import SENT, TRASH
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.errors import ConfigError
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.imap import Session
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.imapwire import (
    parse_internaldate, quote)
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.folders import encode_mutf7
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.restore import run_restore
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.restore_run import as_crlf
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.service import run_purge
from tests.functional.test_mailstore_purge import params

ARCHIVES = "Archives/2023"
RULES = [{"name": "corbeille", "folders": ["\\Trash"], "older_than_days": 30, "keep_flagged": False},
         {"name": "envoyes", "folders": [SENT, ARCHIVES], "older_than_days": 400, "date": "received",
          "keep_flagged": False}]
KEYWORDS = "$Label1 Urgent \\Flagged"


def connect(server, login):
    context = ssl.create_default_context(cafile=server.ca_cert)
    conn = imaplib.IMAP4_SSL(server.host, server.imaps_port, ssl_context=context)
    token = ("%s\0%s\0%s" % (login, server.admin_user, server.admin_password)).encode("utf-8")
    conn.authenticate("PLAIN", lambda _challenge: token)
    return conn


def view(server, logins, folders=(TRASH, SENT, ARCHIVES)):
    """{(login, folder, Message-ID): (flags, INTERNALDATE as UTC, BODY[])} of every message of `folders`."""
    found = {}
    for login in logins:
        found.update(view_one(server, login, folders))
    return found


def view_one(server, login, folders):
    found = {}
    conn = connect(server, login)
    try:
        for folder in folders:
            status, _data = conn.select(quote(encode_mutf7(folder)), readonly=True)
            if status != "OK":
                continue
            _status, data = conn.uid("FETCH", "1:*", "(FLAGS INTERNALDATE BODY.PEEK[])")
            for item in data:
                if not isinstance(item, tuple):
                    continue
                head = item[0].decode()
                flags = head.split("FLAGS (", 1)[1].split(")", 1)[0].split()
                date = parse_internaldate(head.split('INTERNALDATE "', 1)[1].split('"', 1)[0])
                message_id = [line.split(":", 1)[1].strip() for line in item[1].decode("utf-8", "replace").splitlines()
                              if line.lower().startswith("message-id:")][0]
                found[(login, folder, message_id)] = (sorted(f for f in flags if f != "\\Recent"), date, item[1])
    finally:
        conn.logout()
    return found


def mark(server, logins):
    """Keywords and \\Flagged on messages the rules will take; returns the mailboxes as they are then."""
    for login in logins:
        for folder in (TRASH, SENT):
            server.doveadm("flags", "add", "-u", login, KEYWORDS, "mailbox", folder, "uid", "1:2")
    return view(server, logins)


def purge(platform, tmp_path, backend, logins):
    result = run_purge(params(platform, backend, mailboxes=logins, rules=RULES,
                              journal_path=str(tmp_path / "journal" / "retention.jsonl"),
                              export_dir=str(tmp_path / "export"), run_id="purge-1"), check_mode=False, diff=False)
    assert result["failures"] == [] and result["summary"]["deleted_messages"] > 0
    return result


def restore(platform, tmp_path, check_mode=False, **extra):
    options = params(platform, mailboxes=[], run_id="purge-1", journal_path=str(tmp_path / "journal"),
                     export_dir=str(tmp_path / "export"))
    options.update(extra)
    return run_restore(options, check_mode=check_mode, diff=True)


def chosen(platform):
    """Two logins: one with old Trash mail, one with an Archives/2023 folder (no lab BAL has both)."""
    server = platform.dovecot
    trash = [login for login in platform.logins if any(t["age_days"] > 30 for t in platform.summary[login]["trash"])]
    archives = [login for login in platform.logins
                if ARCHIVES in server.doveadm("mailbox", "list", "-u", login).split("\n")]
    return [trash[0], archives[0]]


@pytest.mark.parametrize("backend", ["imap", "doveadm"])
def test_a_purge_run_comes_back_as_it_was(fresh_mail_platform, tmp_path, backend):
    platform, server = fresh_mail_platform, fresh_mail_platform.dovecot
    logins = chosen(platform)
    before = mark(server, logins)
    purged = purge(platform, tmp_path, backend, logins)
    deleted = purged["summary"]["deleted_messages"]
    lines = [json.loads(line) for line in (tmp_path / "journal" / "retention.jsonl").read_text("utf-8").splitlines()]
    assert any("$Label1" in line["flags"] and "\\Flagged" in line["flags"] for line in lines)
    assert {line["folder"] for line in lines} >= {TRASH, SENT}
    after_purge = view(server, logins)
    assert len(before) - len(after_purge) == deleted

    preview = restore(platform, tmp_path, check_mode=True)
    assert view(server, logins) == after_purge  # check mode changes nothing
    assert preview["summary"]["restored"] == deleted and preview["missing"] == []
    assert "Restauration simulée (--check)" in preview["diff"]["prepared"]
    assert not (tmp_path / "journal" / "restores").exists()

    done = restore(platform, tmp_path)
    assert done["failures"] == [] and done["summary"]["restored"] == deleted
    assert view(server, logins) == before  # same bytes, flags, INTERNALDATE, folder
    for entry in done["restored"]:
        eml = (tmp_path / "export").glob("purge-1/*/*/%d-%d.eml" % (entry["uidvalidity"], entry["uid"]))
        body = before[(entry["mailbox"], entry["folder"], entry["message_id"])][2]
        exported = next(eml).read_bytes()
        # the IMAP export is the server's CRLF form; doveadm's has the stored bare LFs
        assert (exported if backend == "imap" else as_crlf(exported)) == body
        assert entry["new_uid"] > 0

    again = restore(platform, tmp_path)
    assert again["summary"]["restored"] == 0 and again["summary"]["skipped"] == deleted
    assert {entry["reason"] for entry in again["already_back"]} == {"already_restored"}
    assert view(server, logins) == before


def test_missing_export_lost_ledger_and_deleted_folder(fresh_mail_platform, tmp_path, monkeypatch):
    platform, server = fresh_mail_platform, fresh_mail_platform.dovecot
    logins = chosen(platform)
    before = mark(server, logins)
    deleted = purge(platform, tmp_path, "imap", logins)["summary"]["deleted_messages"]
    exports = sorted((tmp_path / "export").rglob("*.eml"))
    gone = exports[0]
    gone_bytes = gone.read_bytes()
    gone.unlink()
    # the user removed the folder since, with what the purge had left in it
    left = {key for key in view(server, logins) if key[1] == ARCHIVES}
    server.doveadm("mailbox", "delete", "-u", logins[1], ARCHIVES)
    before = {key: value for key, value in before.items() if key not in left}
    # a server without LITERAL+: one APPEND at a time, synchronizing literals
    has = Session.has
    monkeypatch.setattr(Session, "has", lambda self, capability: capability != "LITERAL+" and has(self, capability))
    first = restore(platform, tmp_path)
    assert first["failures"] == []
    assert [entry["export"] for entry in first["missing"]] == [str(gone)]
    assert first["summary"]["restored"] == deleted - 1
    assert first["created_folders"] == [{"mailbox": logins[1], "folder": ARCHIVES}]
    missing = first["missing"][0]
    assert (missing["mailbox"], missing["folder"], missing["message_id"]) not in view(server, logins)
    # ledger lost: the Message-IDs already in their folders keep the rerun from restoring twice
    shutil.rmtree(tmp_path / "journal" / "restores")
    gone.write_bytes(gone_bytes)
    second = restore(platform, tmp_path)
    assert second["summary"]["restored"] == 1 and second["summary"]["skipped"] == deleted - 1
    assert {entry["reason"] for entry in second["already_back"]} == {"already_present"}
    assert view(server, logins) == before
    assert oct(os.stat(tmp_path / "journal" / "restores" / "purge-1.jsonl").st_mode & 0o777) == "0o600"


def test_clear_errors(fresh_mail_platform, tmp_path):
    platform = fresh_mail_platform
    logins = chosen(platform)
    purge(platform, tmp_path, "imap", logins)
    with pytest.raises(ConfigError, match="run_id : aucune ligne du journal .* « purge-2 » ; exécutions les plus "
                                          "récentes : purge-1"):
        restore(platform, tmp_path, run_id="purge-2")
    with pytest.raises(ConfigError, match="export_dir : aucun export de l'exécution « purge-1 »"):
        restore(platform, tmp_path, export_dir=str(tmp_path / "ailleurs"))
    with pytest.raises(ConfigError, match="host : la restauration remet les messages par IMAP"):
        restore(platform, tmp_path, backend="doveadm", admin_password=None)
    other = restore(platform, tmp_path, check_mode=True, mailboxes=["personne@ch-exemple.mssante.fr"])
    assert other["summary"]["messages"] == 0 and other["unknown_mailboxes"] == ["personne@ch-exemple.mssante.fr"]
