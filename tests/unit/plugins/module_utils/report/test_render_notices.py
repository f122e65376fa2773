# SPDX-License-Identifier: GPL-3.0-or-later
"""The notices in the report: the "Préavis aux titulaires" section of audit.html, the CSV columns."""
import csv
import io
import re

from ansible_collections.mssante.hygiene.tests.unit.plugins.module_utils.notice.test_notice_audit_view import (
    DOMAIN, GONE, NOW, QUIET, SOON, audit_result, write_ledger)

from ansible_collections.mssante.hygiene.plugins.module_utils.notice.audit_view import attach_notices
from ansible_collections.mssante.hygiene.plugins.module_utils.report.csv_writer import render_csv
from ansible_collections.mssante.hygiene.plugins.module_utils.report.data import report_document
from ansible_collections.mssante.hygiene.plugins.module_utils.report.html_page import render_html

STAMP = NOW.isoformat()


def noticed(tmp_path):
    write_ledger(tmp_path)
    return report_document(attach_notices(audit_result(), str(tmp_path)), "demo", STAMP)


def section_of(page):
    start = page.index('<h2 id="s-notices">')
    return page[start:page.index("</section>", start)]


def test_html_section_says_who_was_told_what_and_when(tmp_path):
    page = render_html(noticed(tmp_path)).decode("utf-8")
    section = section_of(page)
    assert "Préavis aux titulaires" in section
    assert "1 constat dont le titulaire a été prévenu, 1 constat sans personne à prévenir" in section
    plain = re.sub(r"<td [^>]*>", "<td>", section)  # data-sort attributes aside
    rows = [re.split(r"</td><td>", row) for row in re.findall(r"<tr><td>(.*?)</td></tr>", plain)]
    assert rows == [  # by address; chloe, never told, is not listed
        [SOON, "BAL bientôt inactive (inactive_soon)", "alice.perso@%s, %s" % (DOMAIN, SOON), "28/11/2026",
         "28/11/2026", "12/12/2026"],
        [GONE, "BAL inactive publiée (inactive)", "non prévenu : désinscrit (constaté le 29/11/2026)", "—", "—", "—"]]
    assert QUIET not in section
    assert page.index('id="s-find"') < page.index('id="s-notices"') < page.index('id="s-docs"')


def test_html_section_hidden_without_notices(tmp_path):
    plain = render_html(report_document(audit_result(), "demo", STAMP))
    assert b"Pr\xc3\xa9avis aux titulaires" not in plain and b"s-notices" not in plain
    empty = render_html(report_document(attach_notices(audit_result(), str(tmp_path)), "demo", STAMP))
    assert empty == plain  # an empty ledger changes nothing on the page


def test_csv_columns_told_on_and_announced_due(tmp_path):
    text = render_csv(noticed(tmp_path)).decode("utf-8-sig")
    rows = {r["Adresse"]: r for r in csv.DictReader(io.StringIO(text, newline=""), delimiter=";")}
    header = text.splitlines()[0].split(";")
    assert header.index("Prévenu le") == header.index("Détail") + 1
    assert header.index("Échéance annoncée") == header.index("Prévenu le") + 1
    assert (rows[SOON]["Prévenu le"], rows[SOON]["Échéance annoncée"]) == ("28/11/2026", "12/12/2026")
    assert (rows[GONE]["Prévenu le"], rows[GONE]["Échéance annoncée"]) == ("", "")
    assert (rows[QUIET]["Prévenu le"], rows[QUIET]["Constat"]) == ("", "inactive_soon")
