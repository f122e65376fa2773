# SPDX-License-Identifier: GPL-3.0-or-later
"""playbooks/audit.yml on a freshly seeded lab: every planted anomaly is reported, and nothing
changes on any server (LDAP entries, mailbox UIDs and flags, last logins identical)."""
import datetime as dt
import json
import os

from lab import establishment, stack
from ansible_collections.mssante.hygiene.plugins.module_utils.notice import ledger
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
    # every BAL's site as planted: Annuaire publication, else the LDAP attribute the demo maps
    sites = {m["address"]: (m["site"], m["site_source"]) for m in report["mailboxes"]}
    assert sites == {box.address: est.expected_site(box) for box in est.mailboxes}
    assert [(s["site"], s["name"]) for s in report["summary"]["by_site"]] == [
        ("990000010", "Site principal"), ("990000028", "Site des Tilleuls"), ("", "")]
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


def test_report_shows_the_notices_of_the_state_dir(lab_state):
    """The audit role hands mssante_state_dir to bal_audit: a notice in notices.json reaches the report."""
    soon = next(b.address for b in establishment.build(staff=20).mailboxes if "inactive_soon" in b.expected_codes)
    state_dir = os.path.join(lab_state["directory"], "state")
    os.makedirs(state_dir, mode=0o700, exist_ok=True)
    data = ledger.empty()
    ledger.record_told(data, soon, "inactive_soon", dt.datetime.now(dt.timezone.utc), due="2031-01-15",
                       recipients=[soon])
    ledger.save(state_dir, data)
    try:
        output, _changed = run_audit()
        assert "Préavis aux titulaires : 1 constat annoncé" in output
        reports = os.path.join(lab_state["directory"], "reports")
        report = json.load(open(os.path.join(reports, "audit.json"), encoding="utf-8"))
        assert report["summary"]["notified"] == 1
        (told,) = [f for f in report["findings"] if "notice" in f["evidence"]]
        assert (told["address"], told["code"], told["evidence"]["notice"]["due"]) == (soon, "inactive_soon", "2031-01-15")
        page = open(os.path.join(reports, "audit.html"), encoding="utf-8").read()
        assert "Préavis aux titulaires" in page and "15/01/2031" in page
    finally:
        os.remove(ledger.path_in(state_dir))
        run_audit()  # the report as the other tests expect it
