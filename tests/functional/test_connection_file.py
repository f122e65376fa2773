# SPDX-License-Identifier: GPL-3.0-or-later
"""The operator's connection file (issue 19) on the lab: audit.yml of a platform hosted elsewhere
(no mssante_imap at all, only the connection file, LDAP and the Annuaire), then merged with the
platform's Sent-folder estimate over IMAP.

The lab writes the file (lab/connection_file.py): cp1252, `;`, French dates, one malformed line;
a BAL that reads but no longer writes, BALs inactive for 90 days and more, one at 50 days.
"""
import json
import os

from lab import connection_file, establishment
from ansible_collections.mssante.hygiene.plugins.module_utils.audit.codes import PLATFORM_CODES
from tests.functional.demo_playbook import IMAP_OVERRIDE, lab_fixture
from tests.functional.faults.helpers import assert_clear_failure, assert_completes, run_lab

LAB = "pytest-connfile"
STAFF = 12
lab_state = lab_fixture(LAB, staff=STAFF)

IMAP = IMAP_OVERRIDE


def _address(uid):
    return "%s@%s" % (uid, establishment.DOMAIN)


def _options(state, **changes):
    options = {key: value for key, value in state["connection_file"].items() if key != "malformed_line"}
    options.update(changes)
    return options


def _report(state, name="audit.json"):
    with open(os.path.join(state["directory"], "reports", name), encoding="utf-8") as handle:
        return handle.read() if not name.endswith(".json") else json.load(handle)


def _codes(report):
    found = {}
    for finding in report["findings"]:
        found.setdefault(finding["address"], set()).add(finding["code"])
    return found


def _mailboxes(report):
    return {m["address"]: m for m in report["mailboxes"]}


def test_hosted_elsewhere_audit_reports_inactivity_from_the_file_only(lab_state):
    run = run_lab(lab_state, "audit.yml", mssante_imap={}, mssante_connection_file=_options(lab_state))
    assert_completes(run)
    report = _report(lab_state)
    found, boxes = _codes(report), _mailboxes(report)
    est = establishment.build(staff=STAFF)
    # the planted inactivity, as the file says it
    for box in est.mailboxes:
        if {"inactive", "inactive_soon"} & box.expected_codes:
            assert {"inactive", "inactive_soon"} & box.expected_codes <= found.get(box.address, set()), box.address
            assert boxes[box.address]["last_activity_source"] == "connection_file"
    reader = _address("lecteur.assidu")
    assert not {"inactive", "inactive_soon"} & found.get(reader, set())
    assert boxes[reader]["last_activity_source"] == "connection_file" and boxes[reader]["inactive_days"] == 2
    assert "inactive_soon" in found[_address("bientot.inactive")]
    assert "inactive" in found[_address("accueil.urgences")]  # 90 days
    # never guessed: what needs the mail statistics is not measured, never reported
    summary = report["summary"]
    assert summary["not_measured"] == list(PLATFORM_CODES) and summary["platform_measured"] is False
    assert not any(f["code"] in PLATFORM_CODES for f in report["findings"])
    assert {m["on_platform"] for m in report["mailboxes"]} == {None}
    assert all(m["trash_messages"] is None and m["bytes"] is None for m in report["mailboxes"])
    assert "Non mesuré (plateforme de messagerie non lue)" in run.output
    assert "Adresse publiée sans BAL" in run.output  # named among the unmeasured findings
    # the malformed line is counted and named by its number, never trusted
    line = lab_state["connection_file"]["malformed_line"]
    assert "1 ligne mal formée ignorée (lignes %d)" % line in run.output
    page = _report(lab_state, "audit.html")
    assert "fichier des connexions de l&#x27;opérateur" in page and "non mesuré" in page
    csv_text = open(os.path.join(lab_state["directory"], "reports", "audit.csv"), encoding="utf-8-sig").read()
    assert "Source de la dernière activité" in csv_text and "fichier des connexions de l'opérateur" in csv_text


def test_hosted_elsewhere_operator_requests_are_made(lab_state):
    run = run_lab(lab_state, "redlist.yml", "--check", "--diff", mssante_imap={},
                  mssante_connection_file=_options(lab_state))
    assert_completes(run)
    assert "Liste rouge : " in run.output, run.output[-3000:]
    assert "0 BAL ajoutée," not in run.output, run.output[-3000:]


def test_connection_file_beats_an_old_sent_folder(lab_state):
    """Over IMAP the reader's activity is the Sent folder (200 days): inactive without the file, active with it."""
    reader = _address("lecteur.assidu")
    assert_completes(run_lab(lab_state, "audit.yml", mssante_imap=IMAP))
    alone = _report(lab_state)
    assert _mailboxes(alone)[reader]["last_activity_source"] == "sent_folder"
    assert "inactive" in _codes(alone)[reader]
    assert_completes(run_lab(lab_state, "audit.yml", mssante_imap=IMAP, mssante_connection_file=_options(lab_state)))
    merged = _report(lab_state)
    assert _mailboxes(merged)[reader]["last_activity_source"] == "connection_file"
    assert not {"inactive", "inactive_soon"} & _codes(merged).get(reader, set())
    assert merged["summary"]["not_measured"] == []


def test_a_cut_file_is_refused_in_french(lab_state, tmp_path):
    with open(lab_state["connection_file"]["path"], "rb") as handle:
        data = handle.read()
    cut = tmp_path / "coupe.csv"
    cut.write_bytes(data[:-20])  # a download cut in the middle of the last line
    run = run_lab(lab_state, "audit.yml", mssante_imap={}, mssante_connection_file=_options(lab_state, path=str(cut)))
    assert_clear_failure(run, "fichier coupé", "rien n'en est conclu")
    html = tmp_path / "erreur.csv"
    html.write_bytes(b"<!DOCTYPE html><html><body>502 Bad Gateway</body></html>")
    run = run_lab(lab_state, "audit.yml", mssante_imap={}, mssante_connection_file=_options(lab_state, path=str(html)))
    assert_clear_failure(run, "page HTML")
    assert connection_file.FILE_NAME in lab_state["connection_file"]["path"]
