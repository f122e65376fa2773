# -*- coding: utf-8 -*-
# SPDX-License-Identifier: GPL-3.0-or-later
"""The group report: audit.json documents of several platforms merged into one of the same shape."""

import json

import pytest

from ansible_collections.mssante.hygiene.tests.unit.fr_messages import assert_plain_french
from ansible_collections.mssante.hygiene.tests.unit.plugins.module_utils.audit.test_audit_lab import NOW, lab_audit

from ansible_collections.mssante.hygiene.plugins.module_utils.audit.codes import CODES
from ansible_collections.mssante.hygiene.plugins.module_utils.report.data import render_json, report_document
from ansible_collections.mssante.hygiene.plugins.module_utils.report.group import group_document
from ansible_collections.mssante.hygiene.plugins.module_utils.report.group_input import GroupInputError
from ansible_collections.mssante.hygiene.plugins.module_utils.report.writer import write_document

STAMP_A = NOW.isoformat()
STAMP_B = "2026-11-26T10:30:00+00:00"


@pytest.fixture(scope="module")
def old_documents():
    """Two audit.json as 0.7.0 wrote them: no site, no score, no history."""
    first = json.loads(render_json(report_document(lab_audit(staff=12)[1], "mail_a", STAMP_A)))
    second = json.loads(render_json(report_document(lab_audit(staff=20)[1], "mail_b", STAMP_B)))
    return first, second


def write(tmp_path, name, document):
    path = tmp_path / (name + ".json")
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return {"platform": name, "path": str(path)}


def test_old_format_inputs_merge_into_the_audit_shape(tmp_path, old_documents):
    first, second = old_documents
    group = group_document("GHT Exemple", [write(tmp_path, "mail_b", second), write(tmp_path, "mail_a", first)])
    assert list(group)[:5] == ["generated_at", "platform", "summary", "findings", "mailboxes"]
    assert group["platform"] == "GHT Exemple" and group["generated_at"] == STAMP_B
    summary = group["summary"]
    for key in ("mailboxes", "findings", "mailboxes_with_findings", "bytes", "trash_bytes", "notified"):
        assert summary[key] == first["summary"][key] + second["summary"][key], key
    for code in CODES:
        assert summary["by_code"][code] == first["summary"]["by_code"][code] + second["summary"]["by_code"][code]
    assert summary["findings"] == len(group["findings"]) and summary["mailboxes"] == len(group["mailboxes"])
    documents = summary["patient_documents"]
    assert documents["pending"] == (first["summary"]["patient_documents"]["pending"]
                                    + second["summary"]["patient_documents"]["pending"])
    assert documents["oldest_pending"] == min(first["summary"]["patient_documents"]["oldest_pending"],
                                              second["summary"]["patient_documents"]["oldest_pending"])
    assert summary["establishment"]["name"] == "GHT Exemple" and summary["establishment"]["finess_ej"] == ""
    assert [line["platform"] for line in group["platforms"]] == ["mail_a", "mail_b"]
    assert group["platforms"][0] == {"platform": "mail_a", "generated_at": STAMP_A,
                                     "mailboxes": first["summary"]["mailboxes"],
                                     "findings": first["summary"]["findings"]}


def test_entries_carry_their_platform_sorted_by_platform_then_address(tmp_path, old_documents):
    first, second = old_documents
    group = group_document("G", [write(tmp_path, "mail_b", second), write(tmp_path, "mail_a", first)])
    for key in ("mailboxes", "findings"):
        rows = group[key]
        assert all(list(row)[0] == "platform" for row in rows)
        assert [(r["platform"], r["address"]) for r in rows] == sorted((r["platform"], r["address"]) for r in rows)
        assert sum(1 for r in rows if r["platform"] == "mail_a") == len(first[key])


def test_without_history_keys_the_new_sections_are_empty_and_the_trend_has_the_audits(tmp_path, old_documents):
    first, second = old_documents
    group = group_document("G", [write(tmp_path, "mail_a", first), write(tmp_path, "mail_b", second)])
    assert group["requests"] == []
    assert group["changes"]["since"] is None and group["changes"]["new"] == []
    assert group["changes"]["by_code"]["inactive"] == {"new": 0, "resolved": 0, "persisting": 0}
    # both audits on the same Paris day: one point, both platforms counted
    assert len(group["trend"]) == 1
    point = group["trend"][0]
    assert point["generated_at"] == STAMP_B
    assert point["mailboxes"] == group["summary"]["mailboxes"] and point["findings"] == group["summary"]["findings"]
    assert point["requests"] == {"pending": 0, "confirmed": 0, "withdrawn": 0}


def test_rerun_on_the_same_inputs_writes_the_same_bytes(tmp_path, old_documents):
    reports = [write(tmp_path, "mail_a", old_documents[0]), write(tmp_path, "mail_b", old_documents[1])]
    out = tmp_path / "groupe"
    first = write_document(str(out), group_document("G", reports))
    assert all(f.changed for f in first)
    again = write_document(str(out), group_document("G", list(reversed(reports))))
    assert not any(f.changed for f in again)
    assert [f.sha256 for f in first] == [f.sha256 for f in again]


def test_check_mode_writes_nothing(tmp_path, old_documents):
    reports = [write(tmp_path, "mail_a", old_documents[0])]
    files = write_document(str(tmp_path / "groupe"), group_document("G", reports), check_mode=True)
    assert all(f.changed for f in files) and not (tmp_path / "groupe").exists()


def test_same_platform_twice_is_refused(tmp_path, old_documents):
    first = write(tmp_path, "mail_a", old_documents[0])
    other = dict(write(tmp_path, "mail_b", old_documents[1]), platform="mail_a")
    with pytest.raises(GroupInputError) as raised:
        group_document("G", [first, other])
    assert_plain_french(str(raised.value), "mail_a", "reports[1]", "reports[0]")


def test_same_file_for_two_platforms_is_refused(tmp_path, old_documents):
    first = write(tmp_path, "mail_a", old_documents[0])
    with pytest.raises(GroupInputError) as raised:
        group_document("G", [first, dict(first, platform="mail_b")])
    assert_plain_french(str(raised.value), "reports[1]", "mssante_report_dir")


def test_truncated_file_is_refused_naming_platform_and_file(tmp_path, old_documents):
    path = tmp_path / "coupe.json"
    path.write_bytes(render_json(old_documents[0])[:5000])
    with pytest.raises(GroupInputError) as raised:
        group_document("G", [{"platform": "mail_a", "path": str(path)}])
    assert_plain_french(str(raised.value), "mail_a", str(path), "audit.yml")
    assert "incomplet" in str(raised.value)


@pytest.mark.parametrize("content, why", [
    (b"[]", "objet JSON"),
    (b'{"schema_version": 1, "records": []}', "summary"),
    (b'{"generated_at": "hier", "summary": {}, "findings": [], "mailboxes": []}', "generated_at"),
    (b'{"generated_at": "2026-11-26T09:00:00+00:00", "summary": {}, "findings": [{}], "mailboxes": []}',
     "findings"),
    (b"\xff\xfe", "UTF-8"),
])
def test_not_an_audit_is_refused(tmp_path, content, why):
    path = tmp_path / "autre.json"
    path.write_bytes(content)
    with pytest.raises(GroupInputError) as raised:
        group_document("G", [{"platform": "mail_a", "path": str(path)}])
    assert_plain_french(str(raised.value), "mail_a", str(path), why)


def test_missing_file_and_empty_list_are_refused(tmp_path):
    path = str(tmp_path / "absent" / "audit.json")
    with pytest.raises(GroupInputError) as raised:
        group_document("G", [{"platform": "mail_a", "path": path}])
    assert_plain_french(str(raised.value), "mail_a", path, "audit.yml")
    with pytest.raises(GroupInputError) as raised:
        group_document("G", [])
    assert_plain_french(str(raised.value))
    assert raised.value.parameter == "reports"


def test_thresholds_of_the_first_input_and_a_note_when_they_differ(tmp_path, old_documents):
    first, second = (json.loads(json.dumps(d)) for d in old_documents)
    second["summary"]["thresholds"]["inactivity_days"] = 90
    second["summary"]["notes"] = ["Aucune statistique de messagerie."]
    group = group_document("G", [write(tmp_path, "mail_b", second), write(tmp_path, "mail_a", first)])
    assert group["summary"]["thresholds"]["inactivity_days"] == 90
    notes = group["summary"]["notes"]
    assert notes[0].startswith("Seuils différents") and "inactivity_days (mail_b : 90, mail_a : 60)" in notes[0]
    assert "mail_b : Aucune statistique de messagerie." in notes
    assert_plain_french(notes[0], "mail_b")
