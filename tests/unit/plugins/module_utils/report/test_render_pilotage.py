# -*- coding: utf-8 -*-
# SPDX-License-Identifier: GPL-3.0-or-later
"""The pilotage parts of audit.html and audit.csv (issue 18): changes, trend, scores, sites,
services, operator requests, group columns; an older audit.json without these keys still renders."""

import csv
import io
import json
import re

import pytest

from ansible_collections.mssante.hygiene.tests.unit.plugins.module_utils.report.pilotage_document import (
    NORTH, SOUTH, group_document, pilotage_document, plain_document)

from ansible_collections.mssante.hygiene.plugins.module_utils.report.csv_writer import render_csv
from ansible_collections.mssante.hygiene.plugins.module_utils.report.data import render_json
from ansible_collections.mssante.hygiene.plugins.module_utils.report.html_page import render_html

NEW_SECTIONS = ("s-rules", "s-changes", "s-trend", "s-sites", "s-services", "s-requests")


def page_of(document):
    return render_html(document).decode("utf-8")


def section_of(page, section_id):
    start = page.index('<h2 id="%s">' % section_id)
    return page[start:page.index("</section>", start)]


def rows_of(html, table_id):
    """Cell texts of a table's body rows, tags stripped."""
    body = html.split('id="%s"' % table_id)[1].split("<tbody>")[1].split("</tbody>")[0]
    return [[" ".join(re.sub(r"<[^>]+>", " ", cell).split()) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row)]
            for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body)]


def csv_rows(document):
    text = render_csv(document).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";")), text.splitlines()[0].split(";")


def test_older_audit_json_renders_without_the_new_sections():
    page = page_of(plain_document())
    for section_id in NEW_SECTIONS + ("s-platforms",):
        assert 'id="%s"' % section_id not in page
    assert "demandes à l&#x27;opérateur en attente" not in page
    # the Site column is there, every BAL on an unknown site; the filter offers only that
    assert {row[2] for row in rows_of(page, "t-mailboxes")} == {"site inconnu"}
    assert '<select data-key="site"><option value="">Tous</option><option value="-">site inconnu</option>' in page
    assert {row[6] for row in rows_of(page, "t-findings")} == {"—"}  # Constaté depuis unknown


def test_every_section_in_reading_order():
    page = page_of(pilotage_document())
    order = ["s-sum", "s-rules", "s-changes", "s-trend", "s-charts", "s-sites", "s-services", "s-act",
             "s-requests", "s-find", "s-docs", "s-inv", "s-codes"]
    assert [page.index('id="%s"' % s) for s in order] == sorted(page.index('id="%s"' % s) for s in order)


def test_changes_since_the_previous_audit():
    section = section_of(page_of(pilotage_document()), "s-changes")
    assert ("Depuis l&#x27;audit du 26/10/2026 à 10:00 : 2 nouveaux constats, 1 constat résolu, 1 constat "
            "persistant ; 2 demandes à l&#x27;opérateur ont changé d&#x27;état.") in section
    assert rows_of(section, "t-changes-codes") == [["BAL inactive publiée (inactive)", "1", "0", "1"],
                                                   ["Titulaire parti (departed_owner)", "0", "1", "0"],
                                                   ["Corbeille à vider (trash_overdue)", "1", "0", "0"]]
    assert rows_of(section, "t-changes-new") == [
        ["b@x.fr", "Corbeille à vider trash_overdue", "Information", "Purger (corbeille, rétention)"],
        ["a@x.fr", "BAL inactive publiée inactive", "Avertissement", "Demander la liste rouge"]]
    assert rows_of(section, "t-changes-resolved") == [["c@x.fr", "Titulaire parti departed_owner", "Critique",
                                                       "01/09/2026"]]
    assert rows_of(section, "t-changes-requests") == [["suppression", "closed@x.fr", "en attente → confirmée"],
                                                      ["liste rouge", "young@x.fr", "nouvelle → en attente"]]
    assert ">d@x.fr<" not in section  # persisting findings are counted, not listed


def test_first_kept_audit_says_so():
    section = section_of(page_of(pilotage_document(since=None)), "s-changes")
    assert "Premier audit conservé : pas encore de comparaison." in section and "<table" not in section


def test_trend_charts_over_the_kept_audits():
    section = section_of(page_of(pilotage_document()), "s-trend")
    assert "Évolution sur les 3 audits conservés, du 29/03/2026 au 26/11/2026 (dates à Paris)." in section
    ids = re.findall(r'<svg id="(chart-trend-[a-z]+)"[^>]*role="img" aria-labelledby="\1-t \1-d"', section)
    assert ids == ["chart-trend-findings", "chart-trend-mailboxes", "chart-trend-trash", "chart-trend-requests",
                   "chart-trend-documents"]
    # x labels as lived in Paris: 28/03 23:30 UTC is already the 29th
    assert section.count('class="lbl">29/03</text>') == 5 and section.count('class="lbl">26/11</text>') == 5
    assert "Total : de 40 le 29/03 à 22 le 26/11." in section  # text alternative of the chart
    assert "Corbeilles : 1,0 Go" in section and "en attente : 2" in section
    documents = section[section.index('<svg id="chart-trend-documents"'):]
    # not measured at the first audit: no dot there, one line from the second
    assert documents.count("<circle") == 2 and documents.count("<polyline") == 1


def test_a_single_point_draws_dots_without_error():
    page = page_of(pilotage_document(trend_points=1))
    section = section_of(page, "s-trend")
    assert "Un seul audit conservé (26/11/2026)" in section
    assert "<polyline" not in section and section.count("<circle") >= 5
    assert "nan" not in section.lower()


def test_no_documents_chart_when_never_measured():
    document = pilotage_document()
    for point in document["trend"]:
        point["documents_pending"] = None
    assert "chart-trend-documents" not in page_of(document)


def test_golden_rule_scores():
    section = section_of(page_of(pilotage_document()), "s-rules")
    groups = re.findall(r"<h3>(.*?)</h3>", section)
    assert groups == ["Règle d&#x27;or n° 1 : maîtriser ses BAL", "Règle d&#x27;or n° 2 : alléger ses BAL",
                      "Règle d&#x27;or n° 3 : valoriser ses BAL"]
    texts = [re.sub(r"<[^>]+>", "", cell) for cell in re.findall(r'<td class="n"[^>]*>(.*?)</td>', section)]
    assert texts == ["87 % (174 / 200)", "29 % (29 / 100)", "99 % (1\u202f999 / 2\u202f000)", "75 % (3 / 4)",
                     "non mesurable", "non mesurable", "90 % (9 / 10)"]


def test_per_site_and_per_service():
    page = page_of(pilotage_document())
    sites = rows_of(section_of(page, "s-sites"), "t-sites")
    assert [row[:2] for row in sites] == [[NORTH, "Site &lt;Nord&gt;"], [SOUTH, "Site Sud"], ["site inconnu", ""]]
    assert all(len(row) == 8 for row in sites) and sum(int(row[2]) for row in sites) == 31  # the lab's BALs
    services = rows_of(section_of(page, "s-services"), "t-services")
    assert services[-1][0] == "(sans service)" and services[0][0] == "Cardiologie"
    # the inventory and the findings name the site, with its name
    assert "%s — Site &lt;Nord&gt;" % NORTH in section_of(page, "s-inv")
    assert '<option value="%s">%s — Site &lt;Nord&gt;</option>' % (NORTH, NORTH) in section_of(page, "s-find")


def test_operator_requests_pending_oldest_first():
    page = page_of(pilotage_document())
    section = section_of(page, "s-requests")
    assert "2 demandes en attente, 1 confirmée, 1 retirée." in section
    rows = rows_of(section, "t-requests")
    assert [(r[1], r[2], r[7]) for r in rows] == [("old@x.fr", "en attente", "86 jours"),
                                                  ("young@x.fr", "en attente", "6 jours"),
                                                  ("gone@x.fr", "retirée", "61 jours"),
                                                  ("closed@x.fr", "confirmée", "10 jours")]
    assert rows[0][0] == "liste rouge" and rows[0][5] == "01/09/2026 à 10:00" and rows[0][6] == "—"
    assert "<script>x</script>" not in page and "&lt;script&gt;x&lt;/script&gt;" in section
    assert '<div class="num">2</div><div class="lbl">demandes à l&#x27;opérateur en attente</div>' in page


def test_empty_ledger_says_so():
    document = pilotage_document()
    document["requests"] = []
    assert "Aucune demande dans le registre." in section_of(page_of(document), "s-requests")


def test_tables_sort_by_raw_values():
    page = page_of(pilotage_document())
    assert page.count('class="sortable') >= 10 and "aria-sort" in page  # the script sets it on click
    inventory = page.split('id="t-mailboxes"')[1]
    assert re.search(r'<td class="n" data-sort="\d+">[\d\u202f,]+ (ko|Mo|Go)</td>', inventory)  # sizes by bytes
    # dates by instant, the source of the activity below
    assert re.search(r'<td data-sort="2026-\d\d-\d\dT[\d:]+">\d\d/\d\d/2026(<br><small class="note">[^<]+</small>)?</td>',
                     inventory)
    findings = page.split('id="t-findings"')[1]
    assert '<td data-sort="0"><span class="sev critical">' in findings  # critical first when ascending
    assert '<td class="n" data-sort="86">86 jours</td>' in page


def test_group_report_adds_the_platform():
    document = group_document()
    page = page_of(document)
    assert rows_of(section_of(page, "s-platforms"), "t-platforms") == [
        ["nord", "26/11/2026 à 10:00", "15", "11"], ["sud", "25/11/2026 à 23:30", "15", "11"]]
    for table_id in ("t-findings", "t-mailboxes", "t-requests", "t-changes-new"):
        table = page.split('id="%s"' % table_id)[1]
        assert re.search(r'<thead><tr><th scope="col">([^<]*)</th>', table).group(1) == "Plateforme"
        assert {row[0] for row in rows_of(page, table_id)} <= {"nord", "sud"}
    assert '<select data-key="platform"><option value="">Tous</option><option value="nord">nord</option>' in page
    rows, header = csv_rows(document)
    assert header[0] == "Plateforme" and {r["Plateforme"] for r in rows} == {"nord", "sud"}


def test_csv_site_and_first_seen_columns():
    document = pilotage_document()
    rows, header = csv_rows(document)
    assert "Plateforme" not in header
    assert header.index("Site (FINESS EG)") == header.index("Service") + 1
    assert header.index("Constaté depuis") == header.index("Action recommandée") + 1
    assert {r["Site (FINESS EG)"] for r in rows} == {NORTH, SOUTH, ""}  # the leading zero kept in the text
    assert {r["Constaté depuis"] for r in rows if r["Constat"] == "inactive"} == {"26/10/2026"}
    assert {r["Constaté depuis"] for r in rows if not r["Constat"]} == {""}
    with_findings = {f["address"] for f in document["findings"]}
    assert len(rows) == len(document["findings"]) + len([m for m in document["mailboxes"]
                                                         if m["address"] not in with_findings])


def test_csv_of_an_older_audit_json_has_empty_new_columns():
    rows, header = csv_rows(plain_document())
    assert {"Site (FINESS EG)", "Constaté depuis"} <= set(header)
    assert {r["Site (FINESS EG)"] for r in rows} == {""} and {r["Constaté depuis"] for r in rows} == {""}


@pytest.mark.parametrize("build", [pilotage_document, group_document, plain_document])
def test_same_document_same_bytes_even_through_json(build):
    document = build()
    reread = json.loads(render_json(document).decode("utf-8"))
    assert render_html(document) == render_html(build()) == render_html(reread)
    assert render_csv(document) == render_csv(reread)


def test_page_stays_self_contained():
    page = page_of(group_document())
    assert set(re.findall(r"https?://[^\"' ]+", page)) == {"http://www.w3.org/2000/svg"}
    assert not re.search(r"<(link|img|iframe)\b|\bsrc=|@import|url\(", page)
    assert "@media print" in page and ".filters{display:none}" in page
