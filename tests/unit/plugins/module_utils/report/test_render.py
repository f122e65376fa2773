# -*- coding: utf-8 -*-
# SPDX-License-Identifier: GPL-3.0-or-later
"""The report files: contract JSON, French Excel CSV, self-contained HTML, 0600 atomic writes."""

import csv
import errno
import hashlib
import io
import json
import os
import re
import stat

import pytest

from ansible_collections.mssante.hygiene.tests.unit.plugins.module_utils.audit.test_audit_lab import NOW, lab_audit

from ansible_collections.mssante.hygiene.plugins.module_utils.audit.analysis import audit
from ansible_collections.mssante.hygiene.plugins.module_utils.report import writer
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
    svgs = page.count("<svg ")  # the four charts, plus the trend charts when the audit has a trend
    assert svgs >= 4 and re.findall(r"https?://[^\"' ]+", page) == ["http://www.w3.org/2000/svg"] * svgs
    assert not re.search(r"<(link|img|iframe)\b|\bsrc=|@import|url\(", page)
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "CH &lt;Test&gt;" in page
    assert len(re.findall(r'<svg id="chart-(?!trend-)', page)) == 4 and page.count('role="img"') == svgs


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
    assert [f.name for f in first if f.changed] == ["audit.json", "audit.csv", "audit.html", "audit.xlsx"]
    assert _modes(target) == dict.fromkeys(["audit.json", "audit.csv", "audit.html", "audit.xlsx"], 0o600)
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
    assert files == {"audit.json": True, "audit.csv": True, "audit.html": True, "audit.xlsx": True}
    assert set(_modes(target).values()) == {0o600}  # mode repaired, no temporary file left
    assert sorted(os.listdir(target)) == ["audit.csv", "audit.html", "audit.json", "audit.xlsx"]
    assert json.loads((tmp_path / "audit.json").read_text("utf-8"))["generated_at"] == LATER


def test_mode_change_alone_is_a_change(tmp_path, lab_result):
    write_reports(str(tmp_path), lab_result, "demo", STAMP)
    os.chmod(str(tmp_path / "audit.html"), 0o644)
    files = {f.name: f.changed for f in write_reports(str(tmp_path), lab_result, "demo", LATER)}
    assert files == {"audit.json": False, "audit.csv": False, "audit.html": True, "audit.xlsx": False}
    assert _modes(str(tmp_path))["audit.html"] == 0o600


def test_check_mode_writes_nothing(tmp_path, lab_result):
    target = tmp_path / "reports"
    files = write_reports(str(target), lab_result, "demo", STAMP, check_mode=True)
    assert all(f.changed for f in files) and not target.exists()
    expected = render_json(report_document(lab_result, "demo", STAMP))
    assert (files[0].name, files[0].size, files[0].sha256) == (
        "audit.json", len(expected), hashlib.sha256(expected).hexdigest())


def _failing_after_first_chunk(chunks):
    def renderer(document):
        for chunk in chunks(document):
            yield chunk
            break
        raise OSError(errno.ENOSPC, "No space left on device")
    return renderer


def test_a_write_failing_midway_leaves_the_previous_file(tmp_path, lab_result, monkeypatch):
    write_reports(str(tmp_path), lab_result, "demo", STAMP)
    before = (tmp_path / "audit.json").read_bytes()
    renderers = dict(writer.RENDERERS)
    monkeypatch.setattr(writer, "RENDERERS", (("audit.json", _failing_after_first_chunk(renderers["audit.json"])),))
    with pytest.raises(OSError):
        write_reports(str(tmp_path), dict(lab_result, findings=[]), "demo", LATER)
    assert (tmp_path / "audit.json").read_bytes() == before
    assert sorted(os.listdir(str(tmp_path))) == ["audit.csv", "audit.html", "audit.json", "audit.xlsx"]


def test_generation_time_is_read_from_the_first_bytes_only(tmp_path, lab_result):
    write_reports(str(tmp_path), lab_result, "demo", STAMP)
    path = tmp_path / "audit.json"
    document = json.loads(path.read_bytes())
    # the same content with generated_at moved to the end: not found where it is written, so rewritten
    moved = dict((key, value) for key, value in document.items() if key != "generated_at")
    moved["generated_at"] = document["generated_at"]
    path.write_bytes(json.dumps(moved, ensure_ascii=False, indent=2).encode("utf-8") + b"\n")
    os.chmod(str(path), 0o600)
    files = {f.name: f.changed for f in write_reports(str(tmp_path), lab_result, "demo", LATER)}
    assert files["audit.json"] and not files["audit.csv"]
    assert json.loads(path.read_bytes())["generated_at"] == LATER


def documents_result(patient_documents):
    """Two BALs: alice with the measured `patient_documents`, bruno not measured."""
    alice, bruno = "alice@" + DOMAIN, "bruno@" + DOMAIN
    accounts = [{"dn": "uid=%s" % a.split("@", maxsplit=1)[0], "mails": [a], "name": a, "bal_type": "ORG", "service": "Labo"}
                for a in (alice, bruno)]
    mailboxes = [{"mailbox": alice, "last_activity": STAMP, "patient_documents": patient_documents},
                 {"mailbox": bruno, "last_activity": STAMP}]
    return audit(accounts, [], [], mailboxes, {"name": "CH Test", "domains": [DOMAIN]}, None, NOW)


PENDING = {"total": 7, "integrated": 3, "pending": 4, "oldest_pending": "2026-09-01"}


def test_html_documents_section_lists_pending_and_not_measured():
    page = render_html(report_document(documents_result(PENDING), "demo", STAMP)).decode("utf-8")
    section = page[page.index('<h2 id="s-docs">'):]
    section = section[:section.index("</section>")]
    assert "Documents patients non intégrés" in section
    assert "4 documents patients en attente d'intégration, dans 1 BAL (1 BAL mesurée, 1 BAL non mesurée)" in section
    rows = re.findall(r"<tr><td>(.*?)</td></tr>", section)
    assert [re.split(r"</td><td[^>]*>", row) for row in rows] == [
        ["alice@" + DOMAIN, "Labo", "4", "3", "7", "01/09/2026", "oui (86 jours)"],
        ["bruno@" + DOMAIN, "Labo", "non mesuré", "—", "—", "—", "non mesuré"]]
    assert "<code>documents_not_integrated</code>" in page and "Transférer dans le dossier patient" in page


def test_html_documents_never_measured_says_so():
    page = render_html(report_document(tricky_result(), "demo", STAMP)).decode("utf-8")
    assert "Non mesuré : la plateforme n'a compté les documents patients d'aucune BAL" in page
    assert "non mesuré" in page[page.index("Synthèse"):page.index('<h2 id="s-charts">')]


def test_csv_has_the_documents_finding_row():
    text = render_csv(report_document(documents_result(PENDING), "demo", STAMP)).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))
    (row,) = [r for r in rows if r["Constat"] == "documents_not_integrated"]
    assert row["Adresse"] == "alice@" + DOMAIN
    assert row["Action recommandée"] == "Transférer dans le dossier patient" and row["Gravité"] == "Avertissement"
    assert (row["Documents patients en attente"], row["Plus ancien document patient en attente"]) == ("4", "01/09/2026")
    assert "4 sur 7" in row["Détail"] and "01/09/2026" in row["Détail"]
    assert {r["Documents patients en attente"] for r in rows if r["Adresse"] == "bruno@" + DOMAIN} == {"non mesuré"}
