# -*- coding: utf-8 -*-
# SPDX-License-Identifier: GPL-3.0-or-later
"""The report files: contract JSON, French Excel CSV, self-contained HTML, 0600 atomic writes."""

import csv
import io
import json
import os
import re
import stat

import pytest

from ansible_collections.mssante.hygiene.tests.unit.plugins.module_utils.audit.test_audit_lab import NOW, lab_audit

from ansible_collections.mssante.hygiene.plugins.module_utils.audit.analysis import audit
from ansible_collections.mssante.hygiene.plugins.module_utils.report.writer import write_reports
from ansible_collections.mssante.hygiene.plugins.module_utils.fr_csv import neutralise
from ansible_collections.mssante.hygiene.plugins.module_utils.report.csv_writer import render_csv
from ansible_collections.mssante.hygiene.plugins.module_utils.report.data import render_json, report_document
from ansible_collections.mssante.hygiene.plugins.module_utils.fr_numbers import fr_decimal, fr_size
from ansible_collections.mssante.hygiene.plugins.module_utils.report.html_page import render_html

STAMP = NOW.isoformat()
LATER = "2026-11-27T07:30:00+00:00"
DOMAIN = "ch-test.mssante.fr"


@pytest.fixture(scope="module")
def lab_result():
    return lab_audit(staff=20)[1]


def tricky_result():
    """Names and services a spreadsheet or a browser could misread."""
    address = "=cmd@" + DOMAIN
    accounts = [{"dn": "uid=x", "mails": [address], "rpps": "10999001000", "name": "-2+3 <b>Dr</b>",
                 "service": "Urgences; nuit\n<script>alert(1)</script>", "bal_type": "PER"}]
    mailboxes = [{"mailbox": address, "last_activity": "2026-01-02T03:04:05+00:00", "bytes": 1536 * 1024}]
    return audit(accounts, [], [], mailboxes, {"name": "CH <Test>", "domains": [DOMAIN]}, None, NOW)


def test_json_has_the_contract_shape(lab_result):
    document = json.loads(render_json(report_document(lab_result, "demo", STAMP)).decode("utf-8"))
    assert list(document) == ["generated_at", "platform", "summary", "findings", "mailboxes"]
    assert document["generated_at"] == STAMP and document["platform"] == "demo"
    for finding in document["findings"]:
        assert {"address", "code", "severity", "detail", "action", "evidence"} <= set(finding)
    assert document["summary"]["findings"] == len(document["findings"])


def test_csv_opens_in_french_excel():
    data = render_csv(report_document(tricky_result(), "demo", STAMP))
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert "\r\n" in text
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    header, first = rows[0], rows[1]
    assert header[:3] == ["Adresse", "Type", "Service"] and "Action recommandée" in header
    cells = dict(zip(header, first))
    assert cells["Adresse"] == "'=cmd@" + DOMAIN  # CSV injection neutralised
    assert cells["Titulaire"] == "'-2+3 <b>Dr</b>"
    assert cells["Service"] == "Urgences; nuit\n<script>alert(1)</script>"  # quoted, kept whole
    assert cells["Dernière activité"] == "02/01/2026"
    assert cells["Volume (Mo)"] == "1,5"
    assert cells["Constat"] == "unpublished_inactive" and cells["Gravité"] == "Avertissement"


def test_csv_lists_bals_without_findings(lab_result):
    text = render_csv(report_document(lab_result, "demo", STAMP)).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))
    assert {r["Adresse"] for r in rows} == {m["address"] for m in lab_result["mailboxes"]}
    assert len(rows) == len(lab_result["findings"]) + sum(1 for m in lab_result["mailboxes"] if not m["codes"])


@pytest.mark.parametrize("value, expected", [("=SUM(A1)", "'=SUM(A1)"), ("+33", "'+33"), ("-1", "'-1"),
                                             ("@x", "'@x"), ("a=b", "a=b"), ("", ""), (None, "")])
def test_neutralise(value, expected):
    assert neutralise(value) == expected


def test_french_numbers():
    assert fr_decimal(1234.56) == "1\u202f234,6"
    assert fr_size(-1) == "—" and fr_size(2048) == "2 ko" and fr_size(3 * 1024 ** 3) == "3,0 Go"


def test_html_is_self_contained_and_escaped():
    page = render_html(report_document(tricky_result(), "demo", STAMP)).decode("utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="fr">' in page
    assert re.findall(r"https?://[^\"' ]+", page) == ["http://www.w3.org/2000/svg"] * 4  # SVG namespace only
    assert not re.search(r"<(link|img|iframe)\b|\bsrc=|@import|url\(", page)
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "CH &lt;Test&gt;" in page
    assert page.count('<svg id="chart-') == 4 and page.count('role="img"') == 4


def test_html_shows_summary_and_every_code(lab_result):
    page = render_html(report_document(lab_result, "demo", STAMP)).decode("utf-8")
    for text in ("Synthèse", "BAL analysées", "Constats par code", "Répartition de l&#x27;inactivité",
                 "Volume par service", "Volume des corbeilles par service", "Inventaire des BAL", "26/11/2026"):
        assert text in page
    for code in lab_result["summary"]["by_code"]:
        assert "<code>%s</code>" % code in page


@pytest.mark.parametrize("renderer", [render_json, render_csv, render_html])
def test_same_inputs_same_bytes(lab_result, renderer):
    again = lab_audit(staff=20)[1]
    assert renderer(report_document(lab_result, "demo", STAMP)) == renderer(report_document(again, "demo", STAMP))


def _modes(directory):
    return {name: stat.S_IMODE(os.stat(os.path.join(directory, name)).st_mode) for name in os.listdir(directory)}


def test_write_reports_0600_then_unchanged(tmp_path, lab_result):
    target = str(tmp_path / "reports" / "demo")
    first = write_reports(target, lab_result, "demo", STAMP)
    assert [f.name for f in first if f.changed] == ["audit.json", "audit.csv", "audit.html"]
    assert _modes(target) == dict.fromkeys(["audit.json", "audit.csv", "audit.html"], 0o600)
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o700
    before = {name: os.stat(os.path.join(target, name)).st_mtime_ns for name in os.listdir(target)}
    second = write_reports(target, lab_result, "demo", LATER)
    assert not any(f.changed for f in second)
    assert {name: os.stat(os.path.join(target, name)).st_mtime_ns for name in os.listdir(target)} == before
    assert json.loads((tmp_path / "reports" / "demo" / "audit.json").read_text("utf-8"))["generated_at"] == STAMP


def test_write_reports_rewrites_what_changed(tmp_path, lab_result):
    target = str(tmp_path)
    write_reports(target, lab_result, "demo", STAMP)
    os.chmod(os.path.join(target, "audit.csv"), 0o644)
    other = lab_audit(staff=21)[1]
    files = {f.name: f.changed for f in write_reports(target, other, "demo", LATER)}
    assert files == {"audit.json": True, "audit.csv": True, "audit.html": True}
    assert set(_modes(target).values()) == {0o600}  # mode repaired, no temporary file left
    assert sorted(os.listdir(target)) == ["audit.csv", "audit.html", "audit.json"]
    assert json.loads((tmp_path / "audit.json").read_text("utf-8"))["generated_at"] == LATER


def test_mode_change_alone_is_a_change(tmp_path, lab_result):
    write_reports(str(tmp_path), lab_result, "demo", STAMP)
    os.chmod(str(tmp_path / "audit.html"), 0o644)
    files = {f.name: f.changed for f in write_reports(str(tmp_path), lab_result, "demo", LATER)}
    assert files == {"audit.json": False, "audit.csv": False, "audit.html": True}
    assert _modes(str(tmp_path))["audit.html"] == 0o600


def test_check_mode_writes_nothing(tmp_path, lab_result):
    target = tmp_path / "reports"
    files = write_reports(str(target), lab_result, "demo", STAMP, check_mode=True)
    assert all(f.changed for f in files) and not target.exists()
    assert files[0].content.startswith(b"{")
