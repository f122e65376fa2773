# SPDX-License-Identifier: GPL-3.0-or-later
"""The history of the audits on a real lab: a rerun adds no snapshot, a purged trash is a resolved finding."""
import json
import os

from lab import establishment, stack
from lab.dovecot import TRASH, TRASH_EN
from tests.functional.demo_playbook import lab_fixture, run_demo_playbook

LAB = "pytest-history"
lab_state = lab_fixture(LAB, staff=12)


def run_audit():
    return run_demo_playbook(stack.lab_dir(LAB), "audit.yml")


def snapshots(state):
    return sorted(os.listdir(os.path.join(state["directory"], "state", "history")))


def audit_json(state):
    with open(os.path.join(state["directory"], "reports", "audit.json"), encoding="utf-8") as handle:
        return json.load(handle)


def test_rerun_keeps_one_snapshot_then_a_purged_trash_is_resolved(lab_state):
    run_audit()
    assert len(snapshots(lab_state)) == 1
    output, changed = run_audit()
    assert changed == 0 and len(snapshots(lab_state)) == 1
    assert "Historique : premier audit conservé" in output

    box = next(b for b in establishment.build(staff=12).mailboxes if b.expected_codes == {"trash_overdue"})
    server = stack.dovecot_of(lab_state["directory"])
    for folder in (TRASH, TRASH_EN):  # whichever the BAL's client named its trash
        server.doveadm("expunge", "-u", box.address, "mailbox", folder, "all", check=False)
    output, _changed = run_audit()
    report = audit_json(lab_state)
    assert [(f["address"], f["code"]) for f in report["changes"]["resolved"]] == [(box.address, "trash_overdue")]
    assert report["changes"]["new"] == [] and report["changes"]["by_code"]["trash_overdue"]["resolved"] == 1
    assert len(report["trend"]) == 2 and len(snapshots(lab_state)) == 2
    assert report["trend"][0]["by_code"]["trash_overdue"] == report["trend"][1]["by_code"]["trash_overdue"] + 1
    assert "Depuis le dernier audit conservé (" in output and ") : 0 nouveau constat, 1 résolu" in output
