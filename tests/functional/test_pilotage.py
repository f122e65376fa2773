# SPDX-License-Identifier: GPL-3.0-or-later
"""Issue 18 "done when", on a real lab: two audits separated by a BAL reconnected, a trash purged and
a request confirmed give a report whose changes are exactly those, a trend of every kept audit, an
audit.xlsx with typed cells, and the audit changes nothing on the servers.

The confirmation comes first: redlist.yml audits (and keeps that audit) before it confirms, so the
Annuaire's change it confirms is already in the audit before the last one."""
import datetime as dt
import json
import os
import re

import openpyxl

from lab import establishment, stack
from tests.functional.demo_playbook import lab_fixture, run_demo_playbook
from tests.functional.lab_changes import empty_trash, stop_publishing, user_logs_in

LAB = "pytest-pilotage"
STAFF = 12
lab_state = lab_fixture(LAB, staff=STAFF)
INACTIVE = "alice.fictif@ch-exemple.mssante.fr"  # inactive 120 days, published: liste rouge asked
SOON = "bientot.inactive@ch-exemple.mssante.fr"  # 50 days without a login: inactive_soon


def run(playbook):
    return run_demo_playbook(stack.lab_dir(LAB), playbook)


def snapshots(state):
    return sorted(os.listdir(os.path.join(state["directory"], "state", "history")))


def audit_json(state):
    with open(os.path.join(state["directory"], "reports", "audit.json"), encoding="utf-8") as handle:
        return json.load(handle)


def pairs(entries):
    return [(e["address"], e["code"]) for e in entries]


def mail_counts(state):
    """Messages and size of every folder of every BAL, as doveadm sees them."""
    server = stack.dovecot_of(state["directory"])
    return server.doveadm("-f", "tab", "mailbox", "status", "-A", "messages vsize", "*")


def sheet_rows(sheet):
    """{header: cell} per data row of a sheet of audit.xlsx."""
    rows = list(sheet.iter_rows())
    header = [cell.value for cell in rows[0]]
    return [dict(zip(header, row)) for row in rows[1:]]


def test_changes_trend_and_xlsx_after_a_reconnection_a_purge_and_a_confirmation(lab_state):
    trash_box = next(b.address for b in establishment.build(staff=STAFF).mailboxes
                     if b.expected_codes == {"trash_overdue"})
    output, _changed = run("audit.yml")
    assert "Historique : premier audit conservé" in output and len(snapshots(lab_state)) == 1
    # redlist.yml's audit is the same one: no new snapshot; the requests it makes (pending) only
    # change the ledger, and the role rewrites the report with them
    run("redlist.yml")
    assert len(snapshots(lab_state)) == 1
    report = audit_json(lab_state)
    asked = {(r["address"], r["kind"]): r["state"] for r in report["requests"]}
    assert asked[(INACTIVE, "liste_rouge")] == "pending"
    assert report["changes"]["since"] is None  # still the first kept audit
    # so a rerun of the audit finds its report up to date: nothing written, nothing kept
    output, _changed = run("audit.yml")
    assert re.search(r"Croiser les sources et écrire le rapport\] \*+\nok: ", output)
    assert len(snapshots(lab_state)) == 1

    # the Annuaire stops publishing the red-listed BAL; redlist.yml audits (snapshot 2), then confirms
    stop_publishing(lab_state, INACTIVE)
    run("redlist.yml")
    report = audit_json(lab_state)
    assert pairs(report["changes"]["resolved"]) == [(INACTIVE, "inactive")]
    assert pairs(report["changes"]["new"]) == [(INACTIVE, "unpublished_inactive")]
    # since the first audit, which saw no request: every request is new, the red-listed one already confirmed
    assert {(r["address"], r["from"], r["to"]) for r in report["changes"]["requests"]} \
        == {(address, "", "confirmed" if address == INACTIVE else "pending") for address, _kind in asked}

    # between the last two audits: a BAL reconnected, a trash purged, the request confirmed
    user_logs_in(lab_state, SOON)
    empty_trash(lab_state, trash_box)
    before = mail_counts(lab_state)
    output, _changed = run("audit.yml")
    assert mail_counts(lab_state) == before  # the audit reads, never writes
    report = audit_json(lab_state)
    changes = report["changes"]
    assert pairs(changes["resolved"]) == sorted([(SOON, "inactive_soon"), (trash_box, "trash_overdue")])
    assert changes["new"] == []
    assert changes["requests"] == [{"kind": "liste_rouge", "address": INACTIVE, "from": "pending", "to": "confirmed"}]
    assert changes["by_code"]["trash_overdue"] == {"new": 0, "resolved": 1, "persisting": 0}
    assert re.search(r"Depuis le dernier audit conservé \(\d\d/\d\d/\d{4} à \d\d:\d\d\) : 0 nouveau constat, 2 résolus", output)

    # the trend: one point per kept audit, in the order of the snapshot files
    kept = snapshots(lab_state)
    assert len(kept) == len(report["trend"]) == 3
    stamps = [dt.datetime.fromisoformat(p["generated_at"]).strftime("audit-%Y%m%dT%H%M%SZ.json.gz")
              for p in report["trend"]]
    assert stamps == kept
    # each kept audit counts the requests as its audit saw them; the last one, as they are now
    assert [p["requests"]["confirmed"] for p in report["trend"]] == [0, 0, 1]
    assert report["trend"][-1]["by_code"]["trash_overdue"] == report["trend"][-2]["by_code"]["trash_overdue"] - 1

    # audit.xlsx: dates are dates, FINESS is text, the changes are there
    book = openpyxl.load_workbook(os.path.join(lab_state["directory"], "reports", "audit.xlsx"))
    boxes = {row["Adresse"].value: row for row in sheet_rows(book["BAL"])}
    soon = boxes[SOON]
    assert isinstance(soon["Dernière activité"].value, dt.datetime)
    assert soon["Site (FINESS)"].data_type == "s" and soon["Site (FINESS)"].value == "990000010"
    assert isinstance(soon["Jours sans activité"].value, int)
    requests = sheet_rows(book["Demandes"])
    assert all(isinstance(row["Demandée le"].value, dt.datetime) for row in requests)
    evolutions = [(row["Évolution"].value, row["Adresse"].value) for row in sheet_rows(book["Évolutions"])]
    assert ("Demande", INACTIVE) in evolutions and ("Résolu", trash_box) in evolutions
