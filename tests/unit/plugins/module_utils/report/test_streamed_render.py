# -*- coding: utf-8 -*-
# SPDX-License-Identifier: GPL-3.0-or-later
"""Report files are rendered a piece at a time: no chunk holds a big table whole, and nothing of
XlsxWriter's workbook outlives its rendering (issue 20: the audit's peak memory)."""

import gc

import pytest

from ansible_collections.mssante.hygiene.tests.unit.plugins.module_utils.audit.test_audit_lab import NOW, lab_audit

from ansible_collections.mssante.hygiene.plugins.module_utils.report.csv_writer import csv_chunks
from ansible_collections.mssante.hygiene.plugins.module_utils.report.data import json_chunks, report_document
from ansible_collections.mssante.hygiene.plugins.module_utils.report.html_cells import Streamed, section
from ansible_collections.mssante.hygiene.plugins.module_utils.report.html_page import html_chunks, render_html
from ansible_collections.mssante.hygiene.plugins.module_utils.report.xlsx_writer import render_xlsx

xlsxwriter = pytest.importorskip("xlsxwriter")


@pytest.fixture(scope="module")
def big_document():
    return report_document(lab_audit(staff=2500)[1], "demo", NOW.isoformat())


def test_a_section_around_a_streamed_table_stays_streamed():
    rows = iter(["<tr>1</tr>", "<tr>2</tr>"])
    part = section("s-x", "Titre", "<p>avant</p>" + Streamed("<table>", rows, "</table>") + "<p>après</p>")
    assert isinstance(part, Streamed)
    assert "".join(part) == ('<section aria-labelledby="s-x"><h2 id="s-x">Titre</h2><p>avant</p><table>'
                             "<tr>1</tr><tr>2</tr></table><p>après</p></section>")


@pytest.mark.parametrize("chunks", [json_chunks, csv_chunks, html_chunks])
def test_no_chunk_holds_a_large_part_of_the_file(big_document, chunks):
    sizes = [len(chunk) for chunk in chunks(big_document)]
    assert len(big_document["mailboxes"]) > 2500
    assert max(sizes) < sum(sizes) / 3


def test_html_chunks_make_the_page(big_document):
    assert b"".join(html_chunks(big_document)) == render_html(big_document)


def test_no_worksheet_survives_the_rendering(big_document):
    gc.collect()
    render_xlsx(big_document)
    gc.disable()  # what is left must be freed by reference counting alone
    try:
        assert not [o for o in gc.get_objects() if isinstance(o, xlsxwriter.worksheet.Worksheet)]
    finally:
        gc.enable()
