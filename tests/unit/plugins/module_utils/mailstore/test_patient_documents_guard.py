# SPDX-License-Identifier: GPL-3.0-or-later
"""The purge guard: kept documents leave the selection before the safety caps (doveadm, no server)."""
import datetime as dt

import pytest

from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.doveadm import DoveadmBackend
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.journal import Journal
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.patient_documents import document_options
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.purge import PurgeRun
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.purge_table import purge_table
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.rules import parse_rules
from tests.doveadm_fakes import ScriptedDoveadm
from tests.unit.plugins.module_utils.mailstore.test_bodystructure import MDN, MIXED

NOW = dt.datetime(2026, 11, 26, 8, 0, tzinfo=dt.timezone.utc)
LOGIN = "lab@ch.fr"
FOLDER = "Résultats labo"
TEXT = '"text" "plain" ("charset" "utf-8") NIL NIL "7bit" 14 1 NIL NIL NIL NIL'
MACHINE = "Original-Message-ID: <doc.%d@ch>\r\nDisposition: automatic-action/MDN-sent-automatically; processed\r\n"


class Platform(ScriptedDoveadm):
    """10 messages in the folder; the rule selects UIDs 1-4; 1-3 carry documents; an MDN proves 2."""

    def answer(self, args, users):
        if args[:2] == ["mailbox", "status"]:
            return [{"username": LOGIN, "mailbox": FOLDER, "messages": "10", "uidvalidity": "8", "guid": "g"}]
        fields = args[1]
        if "imap.bodystructure" in fields and "disposition-notification" in args:
            return [{"username": LOGIN, "mailbox": "INBOX", "uid": "9", "imap.bodystructure": MDN[1:-1].decode()}]
        if fields.startswith("uid mailbox body.2"):
            return [{"username": LOGIN, "mailbox": "INBOX", "uid": "9", "body.2": MACHINE % 2}]
        if "imap.bodystructure" in fields:  # the rule's fetch, with the guard's fields
            return [{"username": LOGIN, "mailbox": FOLDER, "uid": str(uid), "hdr.message-id": "<doc.%d@ch>" % uid,
                     "size.virtual": "100",
                     "hdr.subject": "XDM/1.0/DDM+CR MARTINEZ-ZOLA Hortense 19500101" if uid == 3 else "Résultats",
                     "flags": "\\Seen", "date.received.unixtime": "1705312800",
                     "imap.bodystructure": MIXED[1:-1].decode() if uid < 3 else TEXT} for uid in (1, 2, 3, 4)]
        return [{"username": LOGIN, "mailbox": FOLDER, "uid": str(uid), "size.virtual": "100",
                 "date.received.unixtime": "1705312800"} for uid in (1, 2, 3, 4)]


def purge(policy):
    runner = Platform()
    rule = parse_rules([{"name": "labo", "folders": [FOLDER], "older_than_days": 365, "date": "received",
                         "patient_documents": policy}])
    run = PurgeRun(True, Journal(None), max_delete_ratio=0.2, now=NOW, documents=document_options({}, required=True))
    DoveadmBackend(runner, folder_roles={"\\Trash": "Corbeille"}).purge([{"login": LOGIN}], rule, run)
    assert run.failures == []
    return run, runner


@pytest.mark.parametrize("policy, messages, status, kept", [
    ("keep", 1, "would_delete", 3),  # 1 of 10: under the cap
    ("integrated", 2, "would_delete", 2),  # the MDN proves document 2
    ("ignore", 4, "refused", 0),  # 4 of 10: past max_delete_ratio 0.2
])
def test_policy_applies_before_the_cap(policy, messages, status, kept):
    run, _runner = purge(policy)
    [entry] = run.selected
    assert (entry["messages"], entry["status"], entry["kept_patient_documents"]) == (messages, status, kept)
    assert run.summary(1)["kept_patient_documents"] == kept


def test_ignore_sends_what_a_purge_sent_before():
    _run, runner = purge("ignore")
    assert [args[1] for args in runner.jobs if args[0] == "fetch"] == ["uid mailbox size.virtual date.received.unixtime"]


def test_keep_reads_no_notification_and_no_body_in_one_pass():
    _run, runner = purge("keep")
    assert not any("disposition-notification" in args or "body" in args[1].split()[-1] for args in runner.jobs)
    assert [args[1] for args in runner.jobs if args[0] == "fetch"] == [
        "uid mailbox size.virtual date.received.unixtime imap.bodystructure hdr.subject hdr.message-id flags"]


def test_diff_counts_kept_documents_per_rule_never_a_subject():
    run, _runner = purge("keep")
    table = purge_table(run.selected, True, 1, kept_documents=run.kept_documents_by_rule())
    assert "Documents patients conservés par la règle « labo » : 3" in table
    assert "ZOLA" not in table and "ZOLA" not in repr(run.selected) and "ZOLA" not in repr(run.summary(1))
    empty = purge_table([], True, 1, kept_documents={"labo": 2})
    assert "Aucun message sélectionné" in empty and "règle « labo » : 2" in empty
