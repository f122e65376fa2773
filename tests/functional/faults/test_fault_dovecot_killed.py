# SPDX-License-Identifier: GPL-3.0-or-later
"""Dovecot is killed in the middle of a retention purge: the interrupted mailboxes are listed
with the reason, nothing outside the rule is lost and every deleted message is in the journal;
once Dovecot is back, the same purge completes and a further one selects nothing."""
import datetime as dt
import json
import threading
import time

from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.service import run_purge
from tests.functional.test_mailstore_purge import params, rule_matches, snapshot

# the lab's old patient documents would stay (keep): this test counts every old message as going
RULE = {"name": "retention", "folders": ["INBOX"], "older_than_days": 60, "date": "received",
        "patient_documents": "ignore"}


def _journaled(journal):
    lines = journal.read_text(encoding="utf-8").splitlines() if journal.exists() else []
    return {(e["mailbox"], e["folder"], e["uid"]) for e in map(json.loads, lines)}


def test_dovecot_killed_mid_run_then_rerun_completes(fresh_mail_platform, tmp_path):
    platform, server = fresh_mail_platform, fresh_mail_platform.dovecot
    before = snapshot(server)
    cutoff = (dt.datetime.now().astimezone().date() - dt.timedelta(days=60)).isoformat()
    allowed = rule_matches(server, ["mailbox", "INBOX", "before", cutoff, "unflagged"])
    journal = tmp_path / "journal.jsonl"
    args = params(platform, rules=[RULE], concurrency=1, journal_path=str(journal))
    holder = {}
    worker = threading.Thread(target=lambda: holder.update(r=run_purge(args, False, False)))
    worker.start()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not (journal.exists() and journal.stat().st_size):
        time.sleep(0.002)
    server.kill()
    worker.join(60)
    first = holder["r"]
    assert first["failures"], "the kill came too late to interrupt the run"
    for failure in first["failures"]:
        assert failure["mailbox"] in platform.logins  # "connexion à host:port perdue (commande UID, BAL …) ; relancez…"
        assert "%s:%d" % (server.host, server.imaps_port) in failure["error"]
        assert "Traceback" not in failure["error"]
    server.start()
    gone = set(before) - set(snapshot(server))
    assert gone <= allowed  # nothing outside the rule lost
    assert gone <= _journaled(journal)  # nothing deleted without a journal line

    rerun = run_purge(args, False, False)
    assert rerun["failures"] == []
    assert set(before) - set(snapshot(server)) == allowed == _journaled(journal)
    assert run_purge(args, False, False)["summary"]["selected_messages"] == 0
