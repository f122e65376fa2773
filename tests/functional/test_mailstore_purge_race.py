# SPDX-License-Identifier: GPL-3.0-or-later
"""A message the user flags between our search and our deletion is kept (IMAP CONDSTORE), on Dovecot and Cyrus."""
import json

from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore import journal as journal_module
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.service import run_purge
from tests.functional import imap_checks
from tests.functional.test_mailstore_purge import params, snapshot


def user_flags(server, target):
    """The user flags the message in their client (doveadm on Dovecot, IMAP STORE on Cyrus)."""
    if getattr(server, "kind", "dovecot") == "cyrus":
        imap_checks.add_flag(server, target["mailbox"], target["folder"], target["uid"], "\\Flagged")
        return
    server.doveadm("flags", "add", "-u", target["mailbox"], "\\Flagged",
                   "mailbox", target["folder"], "uid", str(target["uid"]))


def test_flagged_after_selection_is_kept_and_journaled(fresh_platform, tmp_path, monkeypatch):
    fresh_mail_platform = fresh_platform
    server = fresh_mail_platform.dovecot
    original_write = journal_module.Journal.write
    raced = []

    def write_then_user_flags(self, records):
        # the journal is on disk: the user now flags one of the planned messages, before our STORE
        original_write(self, records)
        planned = [r for r in records if "event" not in r]
        if planned and not raced:
            target = planned[0]
            user_flags(server, target)
            raced.append(target)

    monkeypatch.setattr(journal_module.Journal, "write", write_then_user_flags)
    journal = tmp_path / "journal.jsonl"
    result = run_purge(params(fresh_mail_platform, journal_path=str(journal)), check_mode=False, diff=False)
    target = raced[0]
    key = (target["mailbox"], target["folder"], target["uid"])
    after = snapshot(server)
    assert key in after and "\\Flagged" in after[key]
    lines = [json.loads(line) for line in journal.read_text(encoding="utf-8").splitlines()]
    kept = [l for l in lines if l.get("event") == "kept"]
    assert [(l["mailbox"], l["folder"], l["uid"]) for l in kept] == [key]
    assert kept[0]["reason"].startswith("modifié depuis sa sélection")
    deleted = {(l["mailbox"], l["folder"], l["uid"]) for l in lines if "event" not in l} - {key}
    assert deleted and not deleted & set(after)
    assert result["summary"]["deleted_messages"] == len(deleted)
    entry = next(e for e in result["selected"] if e["mailbox"] == target["mailbox"])
    assert entry["kept"] == 1 and entry["status"] == "deleted"
