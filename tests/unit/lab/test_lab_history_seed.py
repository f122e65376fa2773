# SPDX-License-Identifier: GPL-3.0-or-later
"""python -m lab history: a past derived from the newest snapshot, which the next audit reads as its own."""
import json
import os

import pytest

from ansible_collections.mssante.hygiene.tests.unit.plugins.module_utils.history.history_helpers import (
    at, lab_result, ledger_request, run, write_ledger)

from ansible_collections.mssante.hygiene.plugins.module_utils.report.data import render_json, report_document
from lab import __main__ as lab_main, history_seed

ADDRESS = "alice.fictif@ch-exemple.mssante.fr"


def files(state_dir):
    directory = state_dir / "history"
    return {name: (directory / name).read_bytes() for name in sorted(os.listdir(directory))}


def seeded_rerun(state_dir, audits=6):
    """First audit, the seeder, then the same audit again: (audit.json document, written paths)."""
    run(state_dir, lab_result(), at())
    written = history_seed.seed(str(state_dir), audits=audits, days_between=30)
    plan, result, applied = run(state_dir, lab_result(), at(hours=2))
    assert plan.reused and not plan.changed and applied["written"] == ""
    return json.loads(render_json(report_document(result, "demo", at(hours=2).isoformat())).decode("utf-8")), written


def test_the_rerun_shows_the_seeded_month_and_a_trend_of_every_audit(tmp_path):
    doc, written = seeded_rerun(tmp_path)
    assert [os.path.basename(p) for p in written] == sorted(files(tmp_path))
    assert [p["generated_at"] for p in doc["trend"]] == [at(days=-30 * k).isoformat() for k in range(5, -1, -1)]
    changes = doc["changes"]
    assert changes["since"] == at(days=-30).isoformat() and changes["new"] == []
    resolved = sorted(f["code"] for f in changes["resolved"])
    assert resolved == ["inactive", "trash_overdue", "trash_overdue"]
    assert len(changes["persisting"]) == len(doc["findings"])
    # going back, more findings and fuller trashes
    findings = [p["findings"] for p in doc["trend"]]
    trash = [p["trash_bytes"] for p in doc["trend"]]
    assert findings == sorted(findings, reverse=True) and findings[0] > findings[-1]
    assert trash == sorted(trash, reverse=True) and trash[0] > trash[-1]
    # what was there from the start is dated from the oldest seeded audit
    assert {f["first_seen"] for f in doc["findings"]} == {at(days=-150).isoformat()}
    reconnected = next(f for f in changes["resolved"] if f["code"] == "inactive")
    assert reconnected["first_seen"] == at(days=-30).isoformat()
    assert doc["trend"][-3]["by_code"]["inactive_soon"] == doc["trend"][-1]["by_code"]["inactive_soon"] + 1


def test_a_confirmed_request_was_pending_the_month_before(tmp_path):
    write_ledger(tmp_path, ledger_request(ADDRESS, "liste_rouge", ("pending", -40), ("confirmed", -5)),
                 ledger_request("b@ch-exemple.mssante.fr", "suppression", ("pending", -3)))
    doc, _written = seeded_rerun(tmp_path, audits=3)
    assert doc["changes"]["requests"] == [
        {"kind": "liste_rouge", "address": ADDRESS, "from": "pending", "to": "confirmed"},
        {"kind": "suppression", "address": "b@ch-exemple.mssante.fr", "from": "", "to": "pending"}]
    assert [p["requests"]["confirmed"] for p in doc["trend"]] == [0, 0, 1]
    assert [p["requests"]["pending"] for p in doc["trend"]] == [0, 1, 1]


def test_deterministic_and_rerunnable(tmp_path):
    seeded_rerun(tmp_path / "one")
    first = files(tmp_path / "one")
    seeded_rerun(tmp_path / "two")
    assert files(tmp_path / "two") == first
    history_seed.seed(str(tmp_path / "one"), audits=3, days_between=30)  # replaces the previous past
    assert len(files(tmp_path / "one")) == 3


def test_refused_without_an_audit(tmp_path, capsys, monkeypatch):
    with pytest.raises(history_seed.SeedError) as raised:
        history_seed.seed(str(tmp_path))
    assert "lancez d'abord playbooks/audit.yml" in str(raised.value)
    monkeypatch.setattr(lab_main.stack, "lab_dir", lambda name: str(tmp_path / name))
    assert lab_main.main(["history", "--name", "vide"]) == 1
    assert "lancez d'abord playbooks/audit.yml" in capsys.readouterr().err
    with pytest.raises(history_seed.SeedError):
        history_seed.seed(str(tmp_path), audits=1)
