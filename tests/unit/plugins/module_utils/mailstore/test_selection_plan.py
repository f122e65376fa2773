# SPDX-License-Identifier: GPL-3.0-or-later
"""selection_plan: what a preview keeps, and when a real run may take it back (issue #20 item 3)."""
import datetime as dt
import json
import os

from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore import selection_plan
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.doveadm import DoveadmBackend
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.journal import Journal
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.purge import PurgeRun
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.rules import parse_rules
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.doveadm_documents import (
    messages_by_user, without_private_fields)
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.patient_documents import document_options
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.selection_plan import (
    SelectionPlan, batch_file, folder_state)
from tests.doveadm_fakes import ScriptedDoveadm
from tests.unit.plugins.module_utils.mailstore.test_bodystructure import MIXED

TODAY = dt.date(2026, 12, 4)
NOW = 1_800_000_000.0
ARGS = ["fetch", "uid mailbox flags", "mailbox", "Trash", "savedbefore", "2026-11-04"]
LOGINS = ["b@x.fr", "a@x.fr"]
STATES = {("a@x.fr", "Trash"): "7:10:9:42", ("b@x.fr", "Trash"): "8:3:2:5"}
ROWS = [{"username": "a@x.fr", "mailbox": "Trash", "uid": "1"},
        {"username": "a@x.fr", "mailbox": "Trash/Old", "uid": "4"},  # the name matched as a pattern
        {"username": "b@x.fr", "mailbox": "Trash", "uid": "2"}]


def _written(directory):
    plan = SelectionPlan(str(directory), LOGINS, True, 4 * 3600, TODAY, now=NOW)
    plan.record(ARGS, "Trash", LOGINS, ROWS, {}, STATES)
    plan.finish(check_mode=True)
    return plan


def test_state_needs_all_four_values():
    assert folder_state({"uidvalidity": "7", "uidnext": "10", "messages": "9", "highestmodseq": "42"}) == "7:10:9:42"
    assert folder_state({"uidvalidity": "7", "uidnext": "10", "messages": "9"}) == ""


def test_file_named_after_the_batch_whatever_its_order(tmp_path):
    assert batch_file(str(tmp_path), LOGINS) == batch_file(str(tmp_path), list(reversed(LOGINS)))
    assert batch_file(str(tmp_path), LOGINS) != batch_file(str(tmp_path), LOGINS[:1])


def test_unchanged_folders_come_from_the_plan_others_live(tmp_path):
    written = _written(tmp_path)
    assert os.stat(written.path).st_mode & 0o777 == 0o600
    plan = SelectionPlan(str(tmp_path), LOGINS, False, 4 * 3600, TODAY, now=NOW + 60)
    assert plan.reading
    now = dict(STATES)
    now[("b@x.fr", "Trash")] = "8:3:2:6"  # b flagged something since
    rows, live = plan.split(ARGS, LOGINS, "Trash", now)
    assert rows == [ROWS[0]] and live == ["b@x.fr"]
    assert plan.as_dict()["folders_reused"] == 1 and plan.as_dict()["folders_fetched"] == 1
    # another query (another rule, another day's cutoff) is never served by this plan
    assert plan.split(ARGS[:-1] + ["2026-11-05"], LOGINS, "Trash", now) == ([], LOGINS)
    plan.finish(check_mode=False)
    assert not os.path.exists(plan.path)


def test_a_user_whose_fetch_failed_is_not_kept(tmp_path):
    plan = SelectionPlan(str(tmp_path), LOGINS, True, 3600, TODAY, now=NOW)
    plan.record(ARGS, "Trash", LOGINS, ROWS, {"b@x.fr": "Timeout"}, STATES)
    assert set(plan.folders[selection_plan.job_key(ARGS)]) == {"a@x.fr"}


def test_doubtful_plans_are_ignored(tmp_path):
    path = _written(tmp_path).path
    assert SelectionPlan(str(tmp_path), LOGINS, False, 3600, TODAY, now=NOW + 7200).reason == "trop ancien ou daté du futur"
    assert SelectionPlan(str(tmp_path), LOGINS, False, 3600, TODAY, now=NOW - 10).state == "ignored"
    assert "autre jour" in SelectionPlan(str(tmp_path), LOGINS, False, 3600, dt.date(2026, 12, 5), now=NOW).reason
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(json.dumps({"format": "autre chose"}))
    assert SelectionPlan(str(tmp_path), LOGINS, False, 3600, TODAY, now=NOW).reason == "format inconnu"
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("{")
    ignored = SelectionPlan(str(tmp_path), LOGINS, False, 3600, TODAY, now=NOW)
    assert ignored.state == "ignored" and "illisible" in ignored.reason and not ignored.reading
    assert ignored.split(ARGS, LOGINS, "Trash", STATES) == ([], LOGINS)


def test_no_plan_is_no_reuse(tmp_path):
    plan = SelectionPlan(str(tmp_path / "absent"), LOGINS, False, 3600, TODAY, now=NOW)
    assert plan.state == "absent" and not plan.reading
    plan.finish(check_mode=False)  # nothing to remove, no error


def test_writing_prunes_plans_of_past_days(tmp_path):
    old = tmp_path / "0123.json"
    old.write_text("{}", encoding="utf-8")
    os.utime(old, (NOW - 3 * 86400, NOW - 3 * 86400))
    recent = tmp_path / "4567.json"
    recent.write_text("{}", encoding="utf-8")
    os.utime(recent, (NOW - 3600, NOW - 3600))
    _written(tmp_path)
    assert not old.exists() and recent.exists()


def test_a_plan_that_cannot_be_written_is_said_not_fatal(tmp_path):
    blocker = tmp_path / "plans"
    blocker.write_text("un fichier, pas un répertoire", encoding="utf-8")
    plan = SelectionPlan(str(blocker), LOGINS, True, 3600, TODAY, now=NOW)
    plan.finish(check_mode=True)
    assert plan.as_dict()["state"] == "not_kept" and plan.as_dict()["reason"]


def test_other_patient_document_settings_are_not_trusted(tmp_path):
    plan = SelectionPlan(str(tmp_path), LOGINS, True, 3600, TODAY, now=NOW, settings='{"filenames": ["IHE_XDM.ZIP"]}')
    plan.record(ARGS, "Trash", LOGINS, ROWS, {}, STATES)
    plan.finish(check_mode=True)
    other = SelectionPlan(str(tmp_path), LOGINS, False, 3600, TODAY, now=NOW, settings='{"filenames": ["AUTRE.ZIP"]}')
    assert other.reason == "autres réglages des documents patients"
    same = SelectionPlan(str(tmp_path), LOGINS, False, 3600, TODAY, now=NOW, settings='{"filenames": ["IHE_XDM.ZIP"]}')
    assert same.reading


def test_kept_rows_carry_the_verdict_not_the_subject():
    text = '"text" "plain" ("charset" "utf-8") NIL NIL "7bit" 14 1 NIL NIL NIL NIL'
    options = document_options({}, required=True)
    rows = [{"username": "a@x.fr", "mailbox": "Trash", "uid": str(uid), "hdr.message-id": "<m%d@x>" % uid,
             "flags": "\\Seen", "date.received.unixtime": "1705312800", "hdr.subject": subject, "imap.bodystructure": body}
            for uid, subject, body in ((1, "Résultats", MIXED[1:-1].decode()),  # the XDM attachment
                                       (2, "XDM/1.0/DDM+CR MARTINEZ-ZOLA Hortense", text),  # the subject
                                       (3, "Bonjour", text))]
    documents = {message.uid: message.document for message in messages_by_user(rows, options, str)["a@x.fr"]}
    kept = [without_private_fields(row, documents[int(row["uid"])]) for row in rows]
    assert not any("hdr.subject" in row or "imap.bodystructure" in row for row in kept)
    assert "MARTINEZ" not in json.dumps(kept) and "IHE_XDM" not in json.dumps(kept)

    def verdicts(some):
        return [(m.uid, m.document, m.message_id, m.flags) for m in messages_by_user(some, options, str)["a@x.fr"]]
    assert verdicts(kept) == verdicts(rows) == [(1, True, "m1@x", ["\\Seen"]), (2, True, "m2@x", ["\\Seen"]),
                                                (3, False, "m3@x", ["\\Seen"])]


class Trash(ScriptedDoveadm):
    """One user, a Trash of 5 messages of which the rule selects UIDs 1-2; `modseq` is its state."""

    def __init__(self, modseq="9"):
        super().__init__()
        self.modseq = modseq

    def answer(self, args, users):
        if args[:2] == ["mailbox", "status"]:
            return [{"username": "a@x.fr", "mailbox": "Corbeille", "messages": "5", "uidvalidity": "7",
                     "uidnext": "6", "highestmodseq": self.modseq, "guid": "g"}]
        if args[0] == "fetch":
            return [{"username": "a@x.fr", "mailbox": "Corbeille", "uid": str(uid), "size.virtual": "10",
                     "hdr.message-id": "<m%d@x>" % uid, "flags": "", "date.saved.unixtime": "1700000000",
                     "date.received.unixtime": "1700000000", "hdr.subject": "Bonjour",
                     "imap.bodystructure": '"text" "plain" NIL NIL NIL "7bit" 5 1 NIL NIL NIL NIL'}
                    for uid in (1, 2)]
        return []


def _purge(runner, check_mode, tmp_path, plan):
    rules = parse_rules([{"name": "corbeille", "folders": ["\\Trash"], "older_than_days": 30}])
    run = PurgeRun(check_mode, Journal(None if check_mode else str(tmp_path / "journal.jsonl")),
                   now=dt.datetime(2026, 12, 4, 8, tzinfo=dt.timezone.utc),
                   documents=document_options({}, required=True))
    run.selection = plan
    DoveadmBackend(runner, folder_roles={"\\Trash": "Corbeille"}).purge([{"login": "a@x.fr"}], rules, run)
    return run


def _plan(tmp_path, writing):
    return SelectionPlan(str(tmp_path / "plans"), ["a@x.fr"], writing, 3600, dt.date(2026, 12, 4))


def test_backend_status_first_when_a_plan_is_written_or_read_at_once_otherwise(tmp_path):
    preview = Trash()
    _purge(preview, True, tmp_path, _plan(tmp_path, True)).selection.finish(check_mode=True)
    assert preview.calls == [[["mailbox", "status"]], [["fetch", selection_plan_fields(preview)]]]
    unchanged = Trash()
    run = _purge(unchanged, False, tmp_path, _plan(tmp_path, False))
    assert [call[0][0] for call in unchanged.calls] == ["mailbox", "expunge"]  # no fetch: the preview's rows
    assert run.selection.as_dict()["folders_reused"] == 1 and len(run.deleted) == 1
    run.selection.finish(check_mode=False)  # a plan serves once
    absent = Trash()
    _purge(absent, False, tmp_path, _plan(tmp_path, False))
    assert absent.calls[0] == [["mailbox", "status"], ["fetch", selection_plan_fields(absent)]]


def test_backend_fetches_again_a_folder_that_changed(tmp_path):
    _purge(Trash(), True, tmp_path, _plan(tmp_path, True)).selection.finish(check_mode=True)
    changed = Trash(modseq="10")  # a flag set since the preview
    run = _purge(changed, False, tmp_path, _plan(tmp_path, False))
    assert [call[0][0] for call in changed.calls] == ["mailbox", "fetch", "expunge"]
    assert run.selection.as_dict()["folders_fetched"] == 1


def selection_plan_fields(runner):
    """The fields of the runner's fetch (the journal's and the guard's)."""
    return next(args[1] for args in runner.jobs if args[0] == "fetch")
