# SPDX-License-Identifier: GPL-3.0-or-later
"""Safety decisions of a purge run and the journal line shape (no server)."""
import datetime as dt
import json
import os
import stat

import pytest

from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.journal import Journal
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.export import export_message
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.purge import FolderPlan, PurgeRun
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.rules import parse_rules
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.safety import percent, run_refusal

NOW = dt.datetime(2026, 11, 26, 8, 0, tzinfo=dt.timezone.utc)


def rule(**extra):
    return parse_rules([dict({"name": "corbeille", "folders": ["\\Trash"], "older_than_days": 30}, **extra)])[0]


def archive_rule(**extra):
    return parse_rules([dict({"name": "archives-5-ans", "folders": ["Archives"], "older_than_days": 1825}, **extra)])[0]


def plan(selected, folder_messages, the_rule=None, mailbox="bal@ch-exemple.mssante.fr",
         folder="Éléments supprimés", special_use="\\Trash"):
    meta = {uid: {"size": 100, "date": "2026-01-01T00:00:00Z", "saved": "2026-02-01T00:00:00Z",
                  "message_id": "<%d@ch>" % uid, "flags": []} for uid in range(1, selected + 1)}
    return FolderPlan(mailbox, folder, special_use, the_rule or rule(), 1794819576, folder_messages, meta)


def archive(selected, folder_messages, the_rule=None, mailbox="jdupont@ch-x.mssante.fr"):
    return plan(selected, folder_messages, the_rule or archive_rule(), mailbox, folder="Archives", special_use="")


def test_cap_refuses_above_ratio_in_french_naming_bal_folder_and_rule(tmp_path):
    run = PurgeRun(False, Journal(str(tmp_path / "j.jsonl")), max_delete_ratio=0.5, run_id="r1", now=NOW)
    assert run.refusal(archive(25, 50)) == ""  # exactly the cap is allowed
    reason = run.refusal(archive(45, 50))
    assert reason == ("BAL jdupont@ch-x.mssante.fr, dossier « Archives » : la règle « archives-5-ans » supprimerait "
                      "45 des 50 messages (90 %), au-delà de max_delete_ratio (50 %) ; refusé "
                      "(allow_over_ratio: true sur la règle pour l'autoriser)")
    assert not run.approve(archive(45, 50))
    assert run.selected[0]["status"] == "refused" and run.selected[0]["reason"] == reason
    assert not os.path.getsize(tmp_path / "j.jsonl")  # nothing journaled, nothing deleted
    assert "max_delete_ratio de la règle (95 %)" in run.refusal(archive(50, 50, archive_rule(max_delete_ratio=0.95)))


def test_rule_ratio_and_explicit_override():
    run = PurgeRun(False, Journal(None), max_delete_ratio=0.5, now=NOW)
    assert run.refusal(archive(9, 10, archive_rule(max_delete_ratio=0.95))) == ""
    assert run.refusal(archive(10, 10, archive_rule(allow_over_ratio=True))) == ""
    assert run.refusal(archive(10, 10, archive_rule(max_delete_ratio=0.95)))


@pytest.mark.parametrize("folder, role", [("Éléments supprimés", "\\Trash"), ("Courrier indésirable", "\\Junk")])
def test_trash_and_junk_are_never_refused_by_the_folder_cap(folder, role):
    # emptying an old Trash is the trash rule's purpose: a full Trash of old mail must go
    run = PurgeRun(False, Journal(None), max_delete_ratio=0.5, now=NOW)
    assert run.refusal(plan(10, 10, folder=folder, special_use=role)) == ""
    assert run.refusal(plan(10, 10, rule(max_delete_ratio=0.1), folder=folder, special_use=role)) == ""
    # the role counts, not the rule's wording: a rule naming the Trash folder by name is exempt too
    by_name = parse_rules([{"name": "n", "folders": [folder], "older_than_days": 30}])[0]
    assert run.refusal(plan(10, 10, by_name, folder=folder, special_use=role)) == ""
    # any other role keeps the cap (Sent holds working mail)
    assert run.refusal(plan(10, 10, folder="Éléments envoyés", special_use="\\Sent"))


def test_percent_is_never_rounded_to_a_misleading_value():
    assert [percent(x) for x in (0.5, 1.0, 0.01, 0.005, 0.333)] == ["50 %", "100 %", "1 %", "0,5 %", "33,3 %"]


def test_run_cap_sentence():
    assert run_refusal(10, 100, 0.5) == ""
    text = run_refusal(900, 1000, 0.5)
    assert text.startswith("cette exécution supprimerait 900 des 1\u202f000 messages de ses dossiers cibles (90 %)")
    assert "max_run_delete_ratio (50 %)" in text and "rien n'a été supprimé" in text


def test_check_mode_never_approves_nor_journals(tmp_path):
    run = PurgeRun(True, Journal(None), now=NOW, with_uids=True)
    assert not run.approve(plan(3, 10))
    assert run.selected[0]["status"] == "would_delete" and run.selected[0]["uids"] == [1, 2, 3]


def test_journal_line_shape_and_mode(tmp_path):
    path = tmp_path / "journal" / "trash.jsonl"
    journal = Journal(str(path))
    run = PurgeRun(False, journal, run_id="20261126T080000Z-abcd", now=NOW)
    assert run.approve(plan(2, 10))
    run.done(plan(2, 10))
    journal.close()
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert lines[0] == {"run_id": "20261126T080000Z-abcd", "at": "2026-11-26T08:00:00+00:00",
                        "mailbox": "bal@ch-exemple.mssante.fr", "folder": "Éléments supprimés",
                        "uidvalidity": 1794819576, "uid": 1, "message_id": "<1@ch>",
                        "date": "2026-01-01T00:00:00Z", "saved": "2026-02-01T00:00:00Z", "size": 100, "flags": [],
                        "rule": "corbeille"}
    assert [line["uid"] for line in lines] == [1, 2]
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert run.selected[0]["status"] == "deleted" and run.summary(1)["deleted_messages"] == 2


def test_approve_many_single_write_and_failure_marks(tmp_path):
    journal = Journal(str(tmp_path / "j.jsonl"))
    run = PurgeRun(False, journal, max_delete_ratio=0.5, now=NOW)
    plans = [archive(2, 10, mailbox="a@ch"), archive(9, 10, mailbox="b@ch"), archive(1, 10, mailbox="c@ch")]
    approved = run.approve_many([(p, None) for p in plans])
    assert [p.mailbox for p in approved] == ["a@ch", "c@ch"]
    run.fail("c@ch", "connection lost")
    statuses = {e["mailbox"]: e["status"] for e in run.selected}
    assert statuses == {"a@ch": "approved", "b@ch": "refused", "c@ch": "not_confirmed"}
    journal.close()
    assert len((tmp_path / "j.jsonl").read_text(encoding="utf-8").splitlines()) == 3


def test_export_is_private_and_named_by_uid(tmp_path):
    path = export_message(str(tmp_path), "run", "bal@ch", "Éléments supprimés", 17, 42, b"Message-ID: <x>\r\n\r\nx")
    run, mailbox, folder, name = os.path.relpath(path, str(tmp_path)).split(os.sep)
    assert (run, name) == ("run", "17-42.eml")
    assert mailbox.startswith("bal@ch-") and folder.startswith("_l_ments_supprim_s-")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
