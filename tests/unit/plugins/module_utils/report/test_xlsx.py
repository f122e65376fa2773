# -*- coding: utf-8 -*-
# SPDX-License-Identifier: GPL-3.0-or-later
"""audit.xlsx read back with openpyxl: typed cells, Paris times, frozen headers, filters, same bytes."""

import datetime as dt
import io
import os
import tempfile
import time
import zipfile

import openpyxl
import pytest

from ansible_collections.mssante.hygiene.plugins.module_utils.audit.codes import CODES
from ansible_collections.mssante.hygiene.plugins.module_utils.report import writer, xlsx_writer
from ansible_collections.mssante.hygiene.plugins.module_utils.report.xlsx_tables import typed
from ansible_collections.mssante.hygiene.plugins.module_utils.report.xlsx_writer import render_xlsx, xlsx_stamp
from ansible_collections.mssante.hygiene.tests.unit.plugins.module_utils.report.test_render import tricky_result

STAMP = "2026-11-26T09:00:00+00:00"  # 10:00 in Paris (winter time)
LATER = "2026-11-27T07:30:00+00:00"
DOMAIN = "ch-test.mssante.fr"
SHEETS = ["Synthèse", "Sites", "Services", "BAL", "Constats", "Évolutions", "Demandes"]
# a document of before issue 18 has no breakdown by site or service: no sheet for them
OLD_SHEETS = ["Synthèse", "BAL", "Constats", "Évolutions", "Demandes"]
FROZEN = {"Sites": "C2", "Services": "B2", "BAL": "B2", "Constats": "B2"}
ZEROS = dict.fromkeys(CODES, 0)
NOTICE = {"first_told": "2026-11-20T07:00:00+00:00", "due": "2026-12-31"}


def mailbox(address, **extra):
    entry = {"address": address, "type": "PER", "service": "Cardiologie", "owner": "Alice FICTIF",
             "owner_dn": "uid=alice", "rpps": "00999001000", "directory_status": "active", "published": True,
             "liste_rouge": False, "carriers": [], "situations": [], "preferred": True, "on_platform": True,
             "last_activity": "2026-07-01T08:30:00+00:00", "last_activity_source": "last_login",
             "inactive_days": 148, "messages": 43, "bytes": 3 * 1024 * 1024 // 2, "trash_messages": 5,
             "trash_bytes": 262144, "trash_oldest": "2026-01-15T08:30:00+00:00", "quota_used_bytes": 93,
             "quota_limit_bytes": 100, "patient_documents": {"total": 7, "integrated": 3, "pending": 4,
                                                             "oldest_pending": "2026-09-01"},
             "codes": ["inactive"], "notes": []}
    entry.update(extra)
    return entry


def old_document():
    """An audit.json written before issue 18: no site, first_seen, changes, requests, trend, scores."""
    alice, bruno = "alice@" + DOMAIN, "=cmd@" + DOMAIN
    return {
        "generated_at": STAMP, "platform": "demo",
        "summary": {"establishment": {"name": "CH Test"}, "mailboxes": 2, "mailboxes_with_findings": 1,
                    "findings": 1, "by_code": dict(ZEROS, inactive=1),
                    "by_severity": {"critical": 0, "warning": 1, "info": 0}},
        "findings": [{"address": alice, "code": "inactive", "severity": "warning", "action": "liste_rouge",
                      "detail": "Inactive.", "evidence": {"notice": NOTICE}}],
        "mailboxes": [mailbox(alice),
                      mailbox(bruno, owner="-2+3 Dr", service="", rpps="", type="ORG", last_activity=None,
                              inactive_days=None, quota_limit_bytes=None, patient_documents=None, codes=[])],
    }


def new_document():
    """The same audit with every key of the issue 18 contract."""
    document = old_document()
    alice = document["mailboxes"][0]["address"]
    for entry in document["mailboxes"]:
        entry.update(site="090000010", site_source="annuaire")
    document["findings"][0]["first_seen"] = "2026-10-01T09:00:00+00:00"
    summary = document["summary"]
    summary["by_site"] = [{"site": "090000010", "name": "Site Nord", "mailboxes": 2, "mailboxes_with_findings": 1,
                           "findings": 1, "by_code": dict(ZEROS, inactive=1),
                           "by_severity": {"critical": 0, "warning": 1, "info": 0}}]
    summary["by_service"] = [dict(summary["by_site"][0], service="Cardiologie", mailboxes=1)]
    for entry in summary["by_service"]:
        del entry["site"], entry["name"]
    summary["scores"] = [
        {"rule": 1, "key": "one_situation", "label": "BAL publiées avec une seule situation", "numerator": 3,
         "denominator": 4},
        {"rule": 3, "key": "preferred", "label": "Professionnels avec une BAL préférentielle", "numerator": 0,
         "denominator": 0}]
    summary["requests"] = {"pending": 1, "confirmed": 0, "withdrawn": 0}
    document["requests"] = [{"kind": "liste_rouge", "address": alice, "state": "pending", "reason": "inactive",
                             "operator": "Opérateur", "requested_at": "2026-10-02T22:30:00+00:00", "closed_at": "",
                             "age_days": 55}]
    document["changes"] = {
        "since": "2026-11-25T09:00:00+00:00",
        "new": [{"address": alice, "code": "inactive", "severity": "warning", "action": "liste_rouge"}],
        "resolved": [{"address": "bruno@" + DOMAIN, "code": "trash_overdue", "severity": "info",
                      "first_seen": "2026-09-01T09:00:00+00:00"}],
        "persisting": [],
        "by_code": {code: {"new": int(code == "inactive"), "resolved": int(code == "trash_overdue"), "persisting": 0}
                    for code in CODES},
        "requests": [{"kind": "liste_rouge", "address": alice, "from": "", "to": "pending"}]}
    point = {"generated_at": STAMP, "mailboxes": 2, "findings": 1, "by_code": ZEROS, "trash_bytes": 1048576,
             "trash_messages": 10, "documents_pending": None, "requests": {"pending": 1, "confirmed": 0, "withdrawn": 0}}
    document["trend"] = [dict(point, generated_at="2026-11-25T09:00:00+00:00", findings=0), point]
    return document


def group_document():
    document = new_document()
    for key in ("mailboxes", "findings", "requests"):
        for entry in document[key]:
            entry["platform"] = "mail1"
    document["platforms"] = [{"platform": "mail1", "generated_at": STAMP, "mailboxes": 2, "findings": 1}]
    return document


def book(document):
    return openpyxl.load_workbook(io.BytesIO(render_xlsx(document)))


def rows(sheet):
    """Header-keyed dicts of a list sheet."""
    values = list(sheet.iter_rows(values_only=True))
    return [dict(zip(values[0], row)) for row in values[1:]]


def _is_title(cell):
    return cell.font.b and cell.font.sz == 12


def block_titles(sheet):
    """The titles of the Synthèse blocks, top to bottom."""
    return [row[0].value for row in sheet.iter_rows(max_col=1) if row[0].value is not None and _is_title(row[0])]


def table_rows(sheet, title):
    """Header-keyed dicts of the Synthèse block under `title` (its rows end at the first blank line)."""
    lines = list(sheet.iter_rows())
    (start,) = [n for n, line in enumerate(lines) if line[0].value == title and _is_title(line[0])]
    header = [cell.value for cell in lines[start + 1] if cell.value is not None]
    found = []
    for line in lines[start + 2:]:
        values = [cell.value for cell in line[:len(header)]]
        if all(value is None for value in values):
            break
        found.append(dict(zip(header, values)))
    return found


def test_sheets_frozen_headers_and_filters():
    workbook = book(new_document())
    assert workbook.sheetnames == SHEETS
    for name in SHEETS[1:]:
        sheet = workbook[name]
        assert sheet.freeze_panes == FROZEN.get(name, "A2")
        assert sheet.auto_filter.ref == "A1:%s%d" % (sheet.cell(1, sheet.max_column).column_letter, sheet.max_row)
        assert sheet["A1"].font.b
    # constant_memory mode has no Excel tables: plain blocks, headers in bold
    assert block_titles(workbook["Synthèse"]) == ["Vue d'ensemble", "Scores des règles d'or", "Constats par code",
                                                  "Audits conservés"]
    assert not workbook["Synthèse"].tables and workbook["Synthèse"]["A2"].font.b


def test_bal_cells_are_typed_at_paris_time():
    alice, bruno = rows(book(new_document())["BAL"])
    assert alice["Site (FINESS)"] == "090000010" and alice["RPPS"] == "00999001000"  # leading zeros kept
    assert alice["Dernière activité"] == dt.datetime(2026, 7, 1, 10, 30)  # summer time: UTC+2
    assert alice["Plus ancien message en corbeille"] == dt.datetime(2026, 1, 15, 9, 30)  # winter time: UTC+1
    assert alice["Plus ancien document patient en attente"] == dt.datetime(2026, 9, 1)
    assert (alice["Jours sans activité"], alice["Messages"], alice["Documents patients en attente"]) == (148, 43, 4)
    assert (alice["Volume (Mo)"], alice["Corbeille (Mo)"], alice["Quota utilisé"]) == (1.5, 0.25, 0.93)
    assert bruno["Service"] == "(sans service)" and bruno["Documents patients en attente"] == "non mesuré"
    assert bruno["Dernière activité"] is None and bruno["Quota utilisé"] is None and bruno["RPPS"] is None
    sheet = book(new_document())["BAL"]
    formats = {sheet.cell(1, col).value: sheet.cell(2, col).number_format for col in range(1, sheet.max_column + 1)}
    assert formats["Dernière activité"] == "dd/mm/yyyy hh:mm" and formats["Quota utilisé"] == "0%"
    assert formats["Plus ancien document patient en attente"] == "dd/mm/yyyy" and formats["Volume (Mo)"] == "0.0"


def test_strings_are_never_formulas():
    sheet = book(old_document())["BAL"]
    bruno = [row for row in sheet.iter_rows(min_row=2) if row[0].value.startswith("=")][0]
    assert bruno[0].value == "=cmd@" + DOMAIN and bruno[0].data_type == "s"
    assert all(cell.data_type != "f" for line in sheet.iter_rows() for cell in line)


def test_findings_changes_and_requests():
    workbook = book(new_document())
    (finding,) = rows(workbook["Constats"])
    assert (finding["Site (FINESS)"], finding["Service"]) == ("090000010", "Cardiologie")
    assert finding["Libellé"] == "BAL inactive publiée"
    assert finding["Constaté depuis"] == dt.datetime(2026, 10, 1, 11, 0)
    assert finding["Prévenu le"] == dt.datetime(2026, 11, 20, 8, 0) and finding["Échéance annoncée"] == dt.datetime(2026, 12, 31)
    changes = rows(workbook["Évolutions"])
    assert [c["Évolution"] for c in changes] == ["Nouveau", "Résolu", "Demande"]
    assert changes[1]["Constaté depuis"] == dt.datetime(2026, 9, 1, 11, 0)
    assert (changes[2]["Demande"], changes[2]["État précédent"], changes[2]["Nouvel état"]) == (
        "Liste rouge", "(nouvelle)", "en attente")
    (request,) = rows(workbook["Demandes"])
    assert request["Demandée le"] == dt.datetime(2026, 10, 3, 0, 30)  # the next day in Paris
    assert (request["État"], request["Âge (jours)"], request["Close le"]) == ("en attente", 55, None)


def test_summary_scores_sites_and_services():
    sheet = book(new_document())["Synthèse"]
    scores = table_rows(sheet, "Scores des règles d'or")
    assert [s["Part"] for s in scores] == [0.75, "non mesurable"]
    (site,) = rows(sheet.parent["Sites"])
    assert [service["Service"] for service in rows(sheet.parent["Services"])]
    assert (site["Site (FINESS)"], site["Nom du site"], site["BAL inactive publiée"]) == ("090000010", "Site Nord", 1)
    codes = {row["Code"]: row for row in table_rows(sheet, "Constats par code")}
    assert (codes["inactive"]["Constats"], codes["inactive"]["Nouveaux"], codes["trash_overdue"]["Résolus"]) == (1, 1, 1)
    overview = {row["Indicateur"]: row["Valeur"] for row in table_rows(sheet, "Vue d'ensemble")}
    assert overview["Rapport généré le (heure de Paris)"] == dt.datetime(2026, 11, 26, 10, 0)
    assert overview["Demandes en attente"] == 1 and overview["Plateforme"] == "demo"


def test_old_document_without_issue_18_keys():
    workbook = book(old_document())
    assert workbook.sheetnames == OLD_SHEETS
    assert workbook["Évolutions"].max_row == 1 and workbook["Demandes"].max_row == 1  # header only
    assert block_titles(workbook["Synthèse"]) == ["Vue d'ensemble", "Constats par code"]
    alice = rows(workbook["BAL"])[0]
    assert alice["Site (FINESS)"] is None and "Plateforme" not in alice


def test_group_report_has_a_platform_column():
    workbook = book(group_document())
    assert rows(workbook["BAL"])[0]["Plateforme"] == "mail1"
    assert rows(workbook["Constats"])[0]["Site (FINESS)"] == "090000010"  # looked up by (platform, address)
    (platform,) = table_rows(workbook["Synthèse"], "Plateformes")
    assert platform["Audit du"] == dt.datetime(2026, 11, 26, 10, 0)


def test_same_document_same_bytes_whatever_the_time():
    first = render_xlsx(new_document())
    time.sleep(1.1)  # XlsxWriter would stamp the wall clock if the creation date were not set
    assert render_xlsx(new_document()) == first
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 31, 0, 0, 0)}
        assert "<dcterms:created xsi:type=\"dcterms:W3CDTF\">2026-11-26T09:00:00Z" in archive.read(
            "docProps/core.xml").decode("utf-8")
    assert xlsx_stamp(first) == STAMP
    assert render_xlsx(dict(new_document(), generated_at=LATER)) != first


def test_rows_wait_in_a_private_directory_removed_afterwards(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    seen = []
    real_fill = xlsx_writer._fill

    def fill(workbook, document):
        seen.append((workbook.tmpdir, oct(os.stat(workbook.tmpdir).st_mode & 0o777)))
        real_fill(workbook, document)
    monkeypatch.setattr(xlsx_writer, "_fill", fill)
    assert render_xlsx(new_document())
    assert seen == [(seen[0][0], "0o700")] and seen[0][0].startswith(str(tmp_path))
    assert not os.listdir(str(tmp_path))


def test_a_failed_rendering_leaves_no_temporary_file(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))

    def broken(document):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(xlsx_writer, "LIST_SHEETS", (("BAL", broken, 1, True),))
    with pytest.raises(OSError):
        render_xlsx(new_document())
    assert not os.listdir(str(tmp_path))


@pytest.mark.parametrize("content", [b"", b"PK\x03\x04 broken", b"not a zip"])
def test_stamp_of_something_else_is_none(content):
    assert xlsx_stamp(content) is None


@pytest.mark.parametrize("kind, value, expected", [
    ("text", 90000010, "90000010"), ("int", "non mesuré", "non mesuré"), ("int", True, None), ("mb", -1, None),
    ("instant", "2026-03-29T00:59:00Z", dt.datetime(2026, 3, 29, 1, 59)),  # last minute of winter time
    ("instant", "2026-03-29T01:00:00Z", dt.datetime(2026, 3, 29, 3, 0)),
    ("instant", "2026-09-01", dt.date(2026, 9, 1)), ("day", "2026-10-31T23:30:00Z", dt.date(2026, 11, 1)),
    ("instant", "inconnue", None), ("day", "", None)])
def test_typed(kind, value, expected):
    assert typed(kind, value) == expected


def test_without_xlsxwriter_the_other_files_are_written(tmp_path, monkeypatch):
    monkeypatch.setattr(xlsx_writer, "xlsxwriter", None)
    assert render_xlsx(new_document()) is None
    assert writer.missing_report_warnings() == [xlsx_writer.XLSX_MISSING]
    assert xlsx_writer.XLSX_MISSING.startswith("XlsxWriter absent : audit.xlsx non écrit")
    result = tricky_result()
    files = writer.write_reports(str(tmp_path), result, "demo", STAMP)
    assert [f.name for f in files] == ["audit.json", "audit.csv", "audit.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["audit.csv", "audit.html", "audit.json"]


def test_rerun_leaves_the_xlsx_unchanged(tmp_path):
    result = tricky_result()
    assert writer.missing_report_warnings() == []
    first = {f.name: f.changed for f in writer.write_reports(str(tmp_path), result, "demo", STAMP)}
    assert first["audit.xlsx"] is True
    again = {f.name: f.changed for f in writer.write_reports(str(tmp_path), result, "demo", LATER)}
    assert again == dict.fromkeys(["audit.json", "audit.csv", "audit.html", "audit.xlsx"], False)
    assert xlsx_stamp((tmp_path / "audit.xlsx").read_bytes()) == STAMP
    result["mailboxes"][0]["messages"] = 44
    changed = {f.name: f.changed for f in writer.write_reports(str(tmp_path), result, "demo", LATER)}
    assert changed["audit.xlsx"] is True and xlsx_stamp((tmp_path / "audit.xlsx").read_bytes()) == LATER
