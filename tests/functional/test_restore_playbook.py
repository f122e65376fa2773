# SPDX-License-Identifier: GPL-3.0-or-later
"""playbooks/restore.yml on the lab (issue 16 item 5): the Trash purge of the demo inventory, with
the .eml export, is undone by its run_id; --check shows what would come back and writes nothing;
a rerun changes nothing."""
import json

from lab.dovecot import TRASH
from lab.stack import dovecot_of
from tests.functional.demo_playbook import demo_playbook_process, lab_fixture, run_demo_playbook

LAB = "pytest-restore"
lab_state = lab_fixture(LAB, staff=12)
EXPORT = json.dumps({"mssante_safety": {"export_eml": True}})


def trash(directory):
    """{(user, Message-ID): (flags, received date)} of every Trash message of the platform."""
    rows = json.loads(dovecot_of(directory).doveadm(
        "-f", "json", "fetch", "-A", "hdr.message-id flags date.received.unixtime", "mailbox", TRASH, "all"))
    return {(r["username"], r["hdr.message-id"]): (sorted(r["flags"].replace("\\Recent", "").split()),
                                                   r["date.received.unixtime"]) for r in rows}


def test_restore_playbook_undoes_a_trash_purge(lab_state):
    directory = lab_state["directory"]
    before = trash(directory)
    run_demo_playbook(directory, "purge_trash.yml", "-e", EXPORT)
    after_purge = trash(directory)
    assert len(after_purge) < len(before)
    journal = "%s/reports/journal/trash.jsonl" % directory
    with open(journal, encoding="utf-8") as handle:
        run_id = json.loads(handle.readline())["run_id"]

    refused = demo_playbook_process(directory, "restore.yml")
    assert refused.returncode != 0 and "Donnez l'exécution à annuler : -e run_id=<run_id>" in refused.stdout

    preview, changed = run_demo_playbook(directory, "restore.yml", "-e", "run_id=%s" % run_id, "--check", "--diff")
    assert "Restauration simulée (--check) de l'exécution %s" % run_id in preview
    assert "reviendraient" in preview and trash(directory) == after_purge

    output, changed = run_demo_playbook(directory, "restore.yml", "-e", "run_id=%s" % run_id, "-vvvv")
    assert changed == 1 and "%d messages restaurés" % (len(before) - len(after_purge)) in output, output[-3000:]
    assert trash(directory) == before
    # the IMAP admin password the restore used is nowhere: verbose output, ledger
    with open("%s/reports/journal/restores/%s.jsonl" % (directory, run_id), encoding="utf-8") as handle:
        ledger = handle.read()
    assert lab_state["imap"]["admin_password"] not in output + ledger
    assert "Subject" not in ledger and "Subject" not in output.split("Restauration | Résumé")[-1]

    again, changed = run_demo_playbook(directory, "restore.yml", "-e", "run_id=%s" % run_id)
    assert changed == 0 and "0 message restauré" in again
