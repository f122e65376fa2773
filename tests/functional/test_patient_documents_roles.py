# SPDX-License-Identifier: GPL-3.0-or-later
"""mssante_patient_documents reaches both mailstore modules through the roles, and the audit reads
what mailstore_info measured (every BAL measured, never "non mesuré"); a retention rule with a bad
patient_documents policy stops the play, naming the rule, before anything is deleted."""
import json
import os

import pytest

from lab import establishment, stack
from tests.functional.demo_playbook import demo_playbook_process, lab_fixture, run_demo_playbook
from ansible_collections.mssante.hygiene.plugins.module_utils.mailstore.argspec import info_spec, purge_spec

# the option belongs to the mail engine; until it takes it, the modules refuse an unknown option
pytestmark = pytest.mark.skipif(
    "patient_documents" not in info_spec() or "patient_documents" not in purge_spec(),
    reason="mailstore_info / mailstore_purge have no patient_documents option")

LAB = "pytest-docroles"
lab_state = lab_fixture(LAB, staff=12)
RULE = {"name": "tout", "folders": ["INBOX"], "older_than_days": 1}
PURGE_PLAY = """
- name: One purge batch as the trash and retention roles run it
  hosts: mssante_platforms
  gather_facts: false
  tasks:
    - name: Preview
      ansible.builtin.include_role:
        name: mssante.hygiene.retention
        tasks_from: purge
      vars:
        mssante_mailboxes: [%(mailbox)s]
        mssante_patient_documents: {proof: {keywords: [DPI_INTEGRE]}}
        retention_plan:
          name: docs
          title: Documents
          rules: [%(rule)s]
          safety: {max_delete_ratio: 1.0, max_run_delete_ratio: 1.0, failure_threshold: 0.1, export_eml: false}
          preview: true
    - name: Keep what the module was given
      ansible.builtin.copy:
        content: "{{ retention_purge_results.results | map(attribute='invocation') | list | to_json }}"
        dest: %(dest)s
        mode: "0600"
"""


def mail_dump(state):
    server = stack.dovecot_of(state["directory"])
    return sorted(server.doveadm("fetch", "-A", "mailbox-guid uid flags", "ALL").splitlines())


def test_inventory_measures_every_mailbox_and_the_audit_reads_it(lab_state):
    run_demo_playbook(stack.lab_dir(LAB), "audit.yml")
    with open(os.path.join(lab_state["directory"], "reports", "audit.json"), encoding="utf-8") as handle:
        report = json.load(handle)
    on_platform = [m for m in report["mailboxes"] if m["on_platform"]]
    assert on_platform and all(isinstance(m["patient_documents"], dict) for m in on_platform)
    totals = report["summary"]["patient_documents"]
    assert (totals["measured"], totals["not_measured"]) == (len(on_platform), 0)


@pytest.mark.usefixtures("lab_state")
def test_purge_receives_the_completed_patient_documents(tmp_path):
    dest = tmp_path / "invocations.json"
    play = tmp_path / "purge.yml"
    mailbox = next(box.address for box in establishment.build(staff=12).mailboxes if box.on_platform)
    play.write_text(PURGE_PLAY % {"mailbox": mailbox, "rule": json.dumps(dict(RULE, patient_documents="keep")),
                                  "dest": dest}, encoding="utf-8")
    proc = demo_playbook_process(stack.lab_dir(LAB), str(play))
    assert proc.returncode == 0, proc.stdout[-4000:]
    (invocation,) = json.loads(dest.read_text(encoding="utf-8"))
    given = invocation["module_args"]["patient_documents"]
    assert given["filenames"] == ["IHE_XDM.ZIP"] and given["subject_prefixes"] == ["XDM/1.0/DDM"]
    assert given["proof"]["keywords"] == ["DPI_INTEGRE"] and given["proof"]["mdn"] is True
    assert invocation["module_args"]["rules"][0]["patient_documents"] == "keep"


def test_bad_policy_stops_before_any_deletion(lab_state):
    before = mail_dump(lab_state)
    rules = json.dumps({"mssante_retention_rules": [dict(RULE, patient_documents="kepp")]})
    proc = demo_playbook_process(stack.lab_dir(LAB), "retention.yml", "-e", rules)
    assert proc.returncode != 0
    assert ("mssante_retention_rules[0].patient_documents : « kepp » n'est pas permis (vouliez-vous dire "
            "« keep » ?)") in proc.stdout
    assert mail_dump(lab_state) == before
