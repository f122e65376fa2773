# -*- coding: utf-8 -*-
# SPDX-License-Identifier: GPL-3.0-or-later
"""The history of the audits: idempotent snapshots, changes since the previous audit, trend, pruning."""

import json
import os

import pytest

from ansible_collections.mssante.hygiene.tests.unit.fr_messages import assert_plain_french
from ansible_collections.mssante.hygiene.tests.unit.plugins.module_utils.history.history_helpers import (
    at, lab_result, ledger_request, run, without, write_ledger)

from ansible_collections.mssante.hygiene.plugins.module_utils.audit.codes import CODES
from ansible_collections.mssante.hygiene.plugins.module_utils.errors import OptionError
from ansible_collections.mssante.hygiene.plugins.module_utils.history.stage import plan_history
from ansible_collections.mssante.hygiene.plugins.module_utils.history.trend import earlier_points
from ansible_collections.mssante.hygiene.plugins.module_utils.report.data import render_json, report_document
from ansible_collections.mssante.hygiene.plugins.module_utils.requests import ledger


def snapshots(state_dir):
    directory = state_dir / "history"
    return sorted(os.listdir(directory)) if directory.exists() else []


def document(result, now):
    return json.loads(render_json(report_document(result, "demo", now.isoformat())).decode("utf-8"))


def test_same_data_twice_one_snapshot_same_document(tmp_path):
    plan, first, applied = run(tmp_path, lab_result(), at())
    assert plan.changed and applied["written"] and applied["pruned"] == []
    again_plan, again, again_applied = run(tmp_path, lab_result(), at(hours=2))
    assert not again_plan.changed and again_applied == {"dir": str(tmp_path / "history"), "written": "", "pruned": []}
    assert snapshots(tmp_path) == ["audit-20261126T090000Z.json.gz"]
    one, two = document(first, at()), document(again, at(hours=2))
    assert {k: v for k, v in one.items() if k != "generated_at"} == {k: v for k, v in two.items() if k != "generated_at"}
    # the second run *is* the first snapshot: its date everywhere
    assert [p["generated_at"] for p in two["trend"]] == [at().isoformat()]
    assert {f["first_seen"] for f in two["findings"]} == {at().isoformat()}
    assert two["changes"]["since"] is None and two["changes"]["new"] == []


def test_keys_after_mailboxes_in_contract_order(tmp_path):
    _plan, result, _applied = run(tmp_path, lab_result(), at())
    doc = document(result, at())
    assert list(doc) == ["generated_at", "platform", "summary", "findings", "mailboxes", "requests", "changes", "trend"]
    assert doc["summary"]["requests"] == {"pending": 0, "confirmed": 0, "withdrawn": 0} and doc["requests"] == []
    assert set(doc["trend"][0]) == {"generated_at", "mailboxes", "findings", "by_code", "trash_bytes",
                                    "trash_messages", "documents_pending", "requests"}
    assert doc["changes"]["by_code"] == {code: {"new": 0, "resolved": 0, "persisting": 0} for code in CODES}


def test_new_resolved_persisting_and_first_seen_carried(tmp_path):
    base = lab_result()
    gone, later = base["findings"][0], base["findings"][1]
    run(tmp_path, without(without(lab_result(), gone), later), at())  # day 0: neither finding
    run(tmp_path, without(lab_result(), gone), at(days=1))  # day 1: `later` appears
    _plan, result, _applied = run(tmp_path, lab_result(), at(days=2))  # day 2: `gone` appears
    _plan, result, _applied = run(tmp_path, without(lab_result(), later), at(days=3))  # day 3: `later` resolved
    doc = document(result, at(days=3))
    changes = doc["changes"]
    assert changes["since"] == at(days=2).isoformat() and changes["new"] == []
    assert changes["resolved"] == [{"address": later.address, "code": later.code, "severity": later.severity,
                                    "first_seen": at(days=1).isoformat()}]
    persisting = {(p["address"], p["code"]): p["first_seen"] for p in changes["persisting"]}
    assert persisting[(gone.address, gone.code)] == at(days=2).isoformat()
    assert set(persisting.values()) == {at().isoformat(), at(days=2).isoformat()}
    assert changes["by_code"][later.code]["resolved"] == 1
    assert sum(c["persisting"] for c in changes["by_code"].values()) == len(changes["persisting"]) == len(doc["findings"])
    assert [p["generated_at"] for p in doc["trend"]] == [at(days=d).isoformat() for d in range(4)]
    assert [p["findings"] for p in doc["trend"]][-2:] == [len(base["findings"]), len(base["findings"]) - 1]
    first_seen = {(f["address"], f["code"]): f["first_seen"] for f in doc["findings"]}
    assert first_seen[(gone.address, gone.code)] == at(days=2).isoformat()


def test_new_findings_are_dated_now(tmp_path):
    base = lab_result()
    gone = base["findings"][0]
    run(tmp_path, without(lab_result(), gone), at())
    _plan, result, _applied = run(tmp_path, lab_result(), at(days=1))
    doc = document(result, at(days=1))
    assert doc["changes"]["new"] == [{"address": gone.address, "code": gone.code, "severity": gone.severity,
                                      "action": gone.action}]
    assert [f["first_seen"] for f in doc["findings"] if f["address"] == gone.address and f["code"] == gone.code] \
        == [at(days=1).isoformat()]


def test_requests_ages_order_and_transitions(tmp_path):
    a, b, c = ("%s@ch-exemple.mssante.fr" % name for name in ("a", "b", "c"))
    write_ledger(tmp_path, ledger_request(a, "liste_rouge", ("pending", -10)),
                 ledger_request(b, "suppression", ("pending", -30)),
                 ledger_request(c, "liste_rouge", ("pending", -40), ("confirmed", -5)))
    run(tmp_path, lab_result(), at())
    write_ledger(tmp_path, ledger_request(a, "liste_rouge", ("pending", -10), ("withdrawn", 1)),
                 ledger_request(b, "suppression", ("pending", -30)))
    # the request states alone make no new audit: the request roles rewrite the report after their changes
    assert not run(tmp_path, lab_result(), at(days=1))[2]["written"]
    _plan, result, applied = run(tmp_path, without(lab_result(), lab_result()["findings"][0]), at(days=2))
    assert applied["written"]
    doc = document(result, at(days=2))
    assert [(r["address"], r["state"], r["age_days"]) for r in doc["requests"]] == [(b, "pending", 32), (a, "withdrawn", 11)]
    assert doc["requests"][1]["closed_at"] == at(days=1).isoformat()
    assert doc["requests"][0]["requested_at"] == at(days=-30).isoformat() and doc["requests"][0]["closed_at"] == ""
    assert doc["summary"]["requests"] == {"pending": 1, "confirmed": 0, "withdrawn": 1}
    assert doc["changes"]["requests"] == [{"kind": "liste_rouge", "address": a, "from": "pending", "to": "withdrawn"},
                                          {"kind": "liste_rouge", "address": c, "from": "confirmed", "to": ""}]
    assert [p["requests"] for p in doc["trend"]] == [{"pending": 2, "confirmed": 1, "withdrawn": 0},
                                                     {"pending": 1, "confirmed": 0, "withdrawn": 1}]


def test_corrupt_request_ledger_names_state_dir(tmp_path):
    (tmp_path / ledger.LEDGER_NAME).write_text("{", "utf-8")
    with pytest.raises(ledger.LedgerError) as raised:
        run(tmp_path, lab_result(), at())
    assert raised.value.parameter == "state_dir" and str(tmp_path / ledger.LEDGER_NAME) in str(raised.value)


def test_pruning_keeps_the_newest(tmp_path):
    base = lab_result()
    for day, finding in enumerate(base["findings"][:4]):
        _plan, result, applied = run(tmp_path, without(lab_result(), finding), at(days=day), keep=3)
    assert snapshots(tmp_path) == ["audit-2026112%dT090000Z.json.gz" % day for day in (7, 8, 9)]
    assert applied["pruned"] == [str(tmp_path / "history" / "audit-20261126T090000Z.json.gz")]
    assert [p["generated_at"] for p in result["trend"][:-1]] == [at(days=1).isoformat(), at(days=2).isoformat()]
    # lowering history_keep prunes on an unchanged rerun too
    plan, _result, applied = run(tmp_path, without(lab_result(), base["findings"][3]), at(days=4), keep=1)
    assert plan.reused and len(applied["pruned"]) == 2 and snapshots(tmp_path) == ["audit-20261129T090000Z.json.gz"]
    assert len(_result["trend"]) == 1


def test_trend_keeps_every_point_while_fewer_than_keep():
    # 3 earlier points with keep 6: a negative slice start once dropped the oldest one
    snapshots_read = [{"trend": [{"generated_at": at(days=d).isoformat()} for d in range(2)],
                       "point": {"generated_at": at(days=2).isoformat()}}]
    points = earlier_points(snapshots_read, at(days=3).isoformat(), keep=6)
    assert [p["generated_at"] for p in points] == [at(days=d).isoformat() for d in range(3)]
    assert len(earlier_points(snapshots_read, at(days=3).isoformat(), keep=3)) == 2


def test_check_mode_writes_and_prunes_nothing(tmp_path):
    run(tmp_path, lab_result(), at(), keep=1)
    before = snapshots(tmp_path)
    plan, result, applied = run(tmp_path, without(lab_result(), lab_result()["findings"][0]), at(days=1), keep=1,
                                check_mode=True)
    assert plan.changed and applied["written"].endswith("audit-20261127T090000Z.json.gz") and len(applied["pruned"]) == 1
    assert snapshots(tmp_path) == before
    assert len(result["changes"]["resolved"]) == 1  # what the run would report


def test_check_mode_without_history_creates_nothing(tmp_path):
    run(tmp_path, lab_result(), at(), check_mode=True)
    assert list(tmp_path.iterdir()) == []


def test_without_state_dir_or_keep_zero_a_single_point(tmp_path):
    _plan, result, _applied = run(None, lab_result(), at())
    doc = document(result, at())
    assert [p["generated_at"] for p in doc["trend"]] == [at().isoformat()] and doc["changes"]["since"] is None
    run(tmp_path, lab_result(), at())
    plan, result, applied = run(tmp_path, without(lab_result(), lab_result()["findings"][0]), at(days=1), keep=0)
    assert applied["written"] == "" and len(applied["pruned"]) == 1 and snapshots(tmp_path) == []
    assert len(result["trend"]) == 1 and result["changes"]["since"] is None


def test_negative_keep_is_refused_in_french(tmp_path):
    with pytest.raises(OptionError) as raised:
        plan_history(str(tmp_path), -1, lab_result(), "demo", at())
    assert raised.value.parameter == "history_keep"
    assert_plain_french(str(raised.value), "history_keep")
