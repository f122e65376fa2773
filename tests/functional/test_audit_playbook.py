# SPDX-License-Identifier: GPL-3.0-or-later
"""playbooks/audit.yml on a freshly seeded lab: every planted anomaly is reported, and nothing
changes on any server (LDAP entries, mailbox UIDs and flags, last logins identical)."""
import json
import os

from lab import establishment, stack
from tests.functional.demo_playbook import lab_fixture, run_demo_playbook
from tests.functional.ldap_fixtures import lab_ldapsearch

LAB = "pytest-audit"
lab_state = lab_fixture(LAB, staff=20)


def ldap_dump(state):
    return sorted(lab_ldapsearch(state, "*", "+").split("\n\n"))


def mail_dump(state):
    server = stack.dovecot_of(state["directory"])
    listing = server.doveadm("fetch", "-A", "mailbox-guid uid flags", "ALL")
    return sorted(listing.splitlines()), server.last_logins()


def run_audit(*extra):
    return run_demo_playbook(stack.lab_dir(LAB), "audit.yml", *extra)


def test_audit_reports_every_anomaly_and_changes_nothing(lab_state):
    before = ldap_dump(lab_state), mail_dump(lab_state)
    output, _changed = run_audit()
    assert "Rapport :" in output
    # the summary says each code and action in French, never a bare code such as "choose_preferred 2"
    assert "Pas de BAL préférentielle (no_preferred)" in output and "Choisir la BAL préférentielle" in output
    report = json.load(open(os.path.join(lab_state["directory"], "reports", "audit.json"),
                            encoding="utf-8"))
    found = {}
    for finding in report["findings"]:
        found.setdefault(finding["address"], set()).add(finding["code"])
    est = establishment.build(staff=20)
    expected = {box.address: box.expected_codes | box.document_codes() for box in est.mailboxes}
    missing = {address: sorted(codes - found.get(address, set()))
               for address, codes in expected.items() if codes - found.get(address, set())}
    assert not missing, missing
    assert ldap_dump(lab_state) == before[0]
    assert mail_dump(lab_state) == before[1]


def test_rerun_and_check_mode_change_nothing(lab_state):
    run_audit()
    reports = os.path.join(lab_state["directory"], "reports")
    stamps = {name: os.stat(os.path.join(reports, name)).st_mtime_ns for name in os.listdir(reports)}
    assert run_audit()[1] == 0
    assert run_audit("--check", "--diff")[1] == 0
    assert stamps == {name: os.stat(os.path.join(reports, name)).st_mtime_ns
                      for name in os.listdir(reports)}
