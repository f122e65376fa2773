# -*- coding: utf-8 -*-
# SPDX-License-Identifier: GPL-3.0-or-later
"""mssante.hygiene.bal_audit run as Ansible runs it: JSON arguments in, JSON result out."""

import datetime as dt
import json
import os
import subprocess
import sys

from lab import establishment as lab
from ansible_collections.mssante.hygiene.tests.unit.fr_messages import assert_plain_french
from ansible_collections.mssante.hygiene.plugins.module_utils.notice import ledger
from ansible_collections.mssante.hygiene.tests.unit.plugins.module_utils.audit.test_audit_lab import lab_sources

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", ".."))
MODULE = os.path.join(ROOT, "plugins", "modules", "bal_audit.py")
# One establishment for every run: the module compares reports, so seeded dates must not move.
SEEDED_AT = dt.datetime.now(dt.timezone.utc).replace(minute=0, second=0, microsecond=0)


def lab_args(**extra):
    accounts, bals, situations, mailboxes, identity = lab_sources(lab.build(staff=12, now=SEEDED_AT))
    domains = identity.pop("domains")
    args = dict(accounts=accounts, bals=bals, practitioners=situations, mailboxes=mailboxes,
                establishment=identity, domains=domains, platform="demo")
    args.update(extra)
    return args


def run(tmp_path, args, first_paths=()):
    path = tmp_path / "args.json"
    path.write_text(json.dumps({"ANSIBLE_MODULE_ARGS": args}), "utf-8")
    # the module imports ansible_collections.mssante.hygiene like this test does (from the
    # checkout's .colls link, or from ansible-test's staged tree)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(p) for p in first_paths] + [p for p in sys.path if p]))
    done = subprocess.run([sys.executable, MODULE, str(path)], capture_output=True, env=env, timeout=60, check=False)
    return json.loads(done.stdout.decode("utf-8"))


def test_findings_without_report(tmp_path):
    result = run(tmp_path, lab_args())
    assert result["changed"] is False and "report" not in result
    assert all(count >= 1 for count in result["summary"]["by_code"].values())
    assert {"address", "code", "severity", "action", "detail", "evidence", "first_seen"} == set(result["findings"][0])
    assert len(result["trend"]) == 1 and result["changes"]["since"] is None and "history" not in result


def test_check_mode_then_write_then_unchanged(tmp_path):
    report_dir = tmp_path / "reports"
    checked = run(tmp_path, lab_args(report_dir=str(report_dir), _ansible_check_mode=True))
    assert checked["changed"] is True and not report_dir.exists()
    written = run(tmp_path, lab_args(report_dir=str(report_dir), _ansible_diff=True))
    assert written["changed"] is True
    assert sorted(os.listdir(report_dir)) == ["audit.csv", "audit.html", "audit.json", "audit.xlsx"]
    planted = sum("inactive" in box.expected_codes for box in lab.build(staff=12, now=SEEDED_AT).mailboxes)
    assert written["diff"]["after"]["by_code"]["inactive"] == planted
    again = run(tmp_path, lab_args(report_dir=str(report_dir), _ansible_check_mode=True))
    assert again["changed"] is False
    assert [f["changed"] for f in again["report"]["files"]] == [False, False, False, False]


def test_bad_threshold_is_named(tmp_path):
    result = run(tmp_path, lab_args(inactivity_days=90, deletion_after_days=30))
    assert result.get("failed") is True and "deletion_after_days" in result["msg"]


def test_summary_carries_french_labels_but_the_report_does_not(tmp_path):
    report_dir = tmp_path / "reports"
    result = run(tmp_path, lab_args(report_dir=str(report_dir)))
    summary = result["summary"]
    assert set(summary["labels"]) == set(summary["by_code"])
    assert set(summary["action_labels"]) == set(summary["by_action"])
    assert summary["labels"]["trash_overdue"] == "Corbeille à vider"
    assert summary["action_labels"]["choose_preferred"] == "Choisir la BAL préférentielle"
    written = json.loads((report_dir / "audit.json").read_text("utf-8"))
    assert "labels" not in written["summary"] and "action_labels" not in written["summary"]


def test_unwritable_report_dir_is_named_in_french(tmp_path):
    blocker = tmp_path / "fichier.txt"
    blocker.write_text("pas un répertoire", "utf-8")
    result = run(tmp_path, lab_args(report_dir=str(blocker / "rapports")))
    assert result.get("failed") is True
    assert result["msg"].startswith("report_dir : impossible d'écrire le rapport dans %s" % (blocker / "rapports"))
    assert "n'est pas un répertoire" in result["msg"] and "Errno" not in result["msg"]


def _warnings(result):
    # ansible-core 2.19 returns warnings as dicts when the module runs outside Ansible
    return [w if isinstance(w, str) else w["event"]["msg"] for w in result.get("warnings", [])]


def test_empty_domains_warns_in_french(tmp_path):
    result = run(tmp_path, lab_args(domains=[]))
    assert any(t.startswith("domains est vide") for t in _warnings(result))


def test_without_xlsxwriter_the_report_is_written_and_a_warning_says_so(tmp_path):
    hidden = tmp_path / "sans-xlsxwriter" / "xlsxwriter"
    hidden.mkdir(parents=True)
    (hidden / "__init__.py").write_text("raise ImportError('XlsxWriter retiré pour ce test')\n", "utf-8")
    report_dir = tmp_path / "reports"
    result = run(tmp_path, lab_args(report_dir=str(report_dir)), first_paths=[hidden.parent])
    assert result["changed"] is True
    assert sorted(os.listdir(report_dir)) == ["audit.csv", "audit.html", "audit.json"]
    assert "XlsxWriter absent : audit.xlsx non écrit ; installez-le avec pip install -r requirements.txt" in _warnings(
        result)
    assert not any("XlsxWriter" in t for t in _warnings(run(tmp_path, lab_args(report_dir=str(report_dir)))))


def test_notice_state_dir_shows_who_was_told(tmp_path):
    state_dir, report_dir = tmp_path / "etat", tmp_path / "reports"
    state_dir.mkdir()
    soon = next(b.address for b in lab.build(staff=12, now=SEEDED_AT).mailboxes if "inactive_soon" in b.expected_codes)
    data = ledger.empty()
    ledger.record_told(data, soon, "inactive_soon", SEEDED_AT, due="2026-12-31", recipients=[soon])
    ledger.save(str(state_dir), data)
    result = run(tmp_path, lab_args(notice_state_dir=str(state_dir), report_dir=str(report_dir)))
    assert result["summary"]["notified"] == 1
    (told,) = [f for f in result["findings"] if "notice" in f["evidence"]]
    assert (told["address"], told["evidence"]["notice"]["due"]) == (soon, "2026-12-31")
    assert "Préavis aux titulaires" in (report_dir / "audit.html").read_text("utf-8")
    assert list(ledger.load(str(state_dir))["items"]) == [ledger.item_key(soon, "inactive_soon")]  # read only


def test_corrupt_notice_ledger_fails_in_french(tmp_path):
    (tmp_path / "notices.json").write_text("[]", "utf-8")
    result = run(tmp_path, lab_args(notice_state_dir=str(tmp_path)))
    assert result.get("failed") is True
    assert result["msg"].startswith("state_dir : registre des préavis %s corrompu" % (tmp_path / "notices.json"))
    assert_plain_french(result["msg"])


def test_history_snapshot_once_then_unchanged(tmp_path):
    state_dir, report_dir = tmp_path / "etat", tmp_path / "reports"
    args = lab_args(state_dir=str(state_dir), report_dir=str(report_dir), _ansible_diff=True)
    checked = run(tmp_path, dict(args, _ansible_check_mode=True))
    assert checked["changed"] is True and checked["history"]["written"] and not state_dir.exists()
    first = run(tmp_path, args)
    assert first["changed"] is True and os.listdir(state_dir / "history") == [os.path.basename(first["history"]["written"])]
    assert first["diff"]["after"]["history"].startswith("nouvel instantané d'historique ")
    again = run(tmp_path, args)
    assert again["changed"] is False and again["history"] == dict(first["history"], written="")
    assert again["trend"] == first["trend"] and len(os.listdir(state_dir / "history")) == 1
    document = json.loads((report_dir / "audit.json").read_text("utf-8"))
    assert list(document)[-3:] == ["requests", "changes", "trend"]


def test_negative_history_keep_fails_in_french(tmp_path):
    result = run(tmp_path, lab_args(state_dir=str(tmp_path), history_keep=-1))
    assert result.get("failed") is True and result["msg"].startswith("history_keep doit être")
    assert_plain_french(result["msg"], "history_keep")
