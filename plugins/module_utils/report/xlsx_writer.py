# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""audit.xlsx bytes, written with XlsxWriter (write-only, pure Python, fast on large sheets).

Typed cells (dates as Excel dates at Paris time, numbers as numbers, identifiers as text), bold
frozen header and a filter on every list sheet. Strings are always written with write_string: a
name or a service starting with "=" stays text, never a formula.

XlsxWriter runs in constant_memory mode: each row goes to a temporary file (in a private directory
removed afterwards) as soon as the next one starts, so the workbook's memory does not grow with the
number of BALs (in memory, its cells cost about 35 MB at 10,000 BALs, the audit's peak). That mode
has no Excel tables: the Synthèse sheet stacks plain blocks, and the breakdowns that can run long
(sites, services) are list sheets of their own, with their filter.

The same document gives the same bytes: XlsxWriter dates every zip entry 1980-01-31, and the
workbook's creation date is the document's generated_at, also kept as the custom property
"generated_at" that report/writer.py reads back (xlsx_stamp) to tell a rerun from a change.

XlsxWriter is a runtime requirement (requirements.txt) but its import is guarded: without it,
render_xlsx returns None, the other files are still written and the module warns (XLSX_MISSING).
"""

from __future__ import annotations

import datetime as dt
import gc
import io
import re
import shutil
import tempfile
import zipfile
from xml.sax.saxutils import unescape

from ansible_collections.mssante.hygiene.plugins.module_utils.paris_time import parse_utc
from ansible_collections.mssante.hygiene.plugins.module_utils.report.xlsx_sheets import (
    changes_table, finding_table, mailbox_table, request_table)
from ansible_collections.mssante.hygiene.plugins.module_utils.report.xlsx_summary import (
    service_table, site_table, summary_tables)
from ansible_collections.mssante.hygiene.plugins.module_utils.report.xlsx_tables import typed

try:
    import xlsxwriter
except ImportError:  # the module warns; the other report files do not need it
    xlsxwriter = None

XLSX_MISSING = "XlsxWriter absent : audit.xlsx non écrit ; installez-le avec pip install -r requirements.txt"
STAMP_PROPERTY = "generated_at"
_STAMP = re.compile(r'<property [^>]*name="%s"[^>]*>\s*<vt:lpwstr>([^<]*)</vt:lpwstr>' % STAMP_PROPERTY)
_EPOCH = dt.datetime(1980, 1, 1, tzinfo=dt.timezone.utc)  # creation date of a document without a valid one
_OPTIONS = {"constant_memory": True, "strings_to_formulas": False, "strings_to_numbers": False,
            "strings_to_urls": False}
# sheet name -> (builder, columns frozen besides the header row, written even without rows)
LIST_SHEETS = (("Sites", site_table, 2, False), ("Services", service_table, 1, False),
               ("BAL", mailbox_table, 1, True), ("Constats", finding_table, 1, True),
               ("Évolutions", changes_table, 0, True), ("Demandes", request_table, 0, True))
SUMMARY_SHEET = "Synthèse"


def xlsx_available():
    return xlsxwriter is not None


def xlsx_stamp(content):
    """The generated_at an audit.xlsx was rendered with, or None (not an xlsx, no such property)."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            xml = archive.read("docProps/custom.xml").decode("utf-8")
    except (zipfile.BadZipFile, KeyError, OSError, UnicodeDecodeError, ValueError):
        return None
    match = _STAMP.search(xml)
    return unescape(match.group(1), {"&quot;": '"', "&apos;": "'"}) if match else None


class _Formats:
    """The workbook's cell formats, created once (XlsxWriter keeps one per distinct look)."""

    def __init__(self, book):
        self.header = book.add_format({"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#E7ECF2",
                                       "bottom": 1})
        self.title = book.add_format({"bold": True, "font_size": 12})
        self.instant = book.add_format({"num_format": "dd/mm/yyyy hh:mm"})
        self.day = book.add_format({"num_format": "dd/mm/yyyy"})
        self.by_kind = {"mb": book.add_format({"num_format": "0.0"}), "percent": book.add_format({"num_format": "0%"})}


def _write_cell(sheet, row, col, kind, value, formats):
    value = typed(kind, value)
    if value is None:
        return
    if isinstance(value, str):
        sheet.write_string(row, col, value)
    elif isinstance(value, dt.datetime):
        sheet.write_datetime(row, col, value, formats.instant)
    elif isinstance(value, dt.date):
        sheet.write_datetime(row, col, value, formats.day)
    else:
        sheet.write_number(row, col, value, formats.by_kind.get(kind))


def _write_rows(sheet, first_row, table, formats):
    """Write the table's rows from `first_row` on, in order (constant_memory); the rows written."""
    kinds = [column.kind for column in table.columns]
    count = 0
    for count, values in enumerate(table.rows, start=1):
        for col, (kind, value) in enumerate(zip(kinds, values)):
            _write_cell(sheet, first_row + count - 1, col, kind, value, formats)
    return count


def _header(sheet, row, table, formats):
    for col, column in enumerate(table.columns):
        sheet.write_string(row, col, column.header, formats.header)


def _list_sheet(book, name, table, frozen_cols, formats):
    sheet = book.add_worksheet(name)
    for col, column in enumerate(table.columns):
        sheet.set_column(col, col, column.width)
    _header(sheet, 0, table, formats)
    count = _write_rows(sheet, 1, table, formats)
    sheet.freeze_panes(1, frozen_cols)
    sheet.autofilter(0, 0, count, len(table.columns) - 1)


def _summary_sheet(book, tables, formats):
    """Stacked blocks: a title line, the header row, the rows, a blank line."""
    sheet = book.add_worksheet(SUMMARY_SHEET)
    widths = {}
    row = 0
    for table in tables:
        sheet.write_string(row, 0, table.title, formats.title)
        _header(sheet, row + 1, table, formats)
        row += 2 + _write_rows(sheet, row + 2, table, formats) + 1
        for col, column in enumerate(table.columns):
            widths[col] = max(widths.get(col, 0), column.width)
    for col, width in sorted(widths.items()):
        sheet.set_column(col, col, width)


def render_xlsx(document):
    """audit.xlsx bytes of the report document, or None when XlsxWriter is not installed."""
    if xlsxwriter is None:
        return None
    output = io.BytesIO()
    # the rows wait on disk until the file is assembled: in a directory of our own, removed whatever happens
    workdir = tempfile.mkdtemp(prefix="mssante-xlsx-")
    try:
        _fill(xlsxwriter.Workbook(output, dict(_OPTIONS, tmpdir=workdir)), document)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
        # each worksheet holds a bound method of its workbook (and, on failure, an open file):
        # collect that cycle now, not at the collector's next full pass
        gc.collect()
    return output.getvalue()


def _fill(book, document):
    stamp = document.get("generated_at") or ""
    book.set_properties({"title": "Audit des BAL MSSanté", "subject": document.get("platform", ""),
                         "author": "mssante.hygiene", "created": parse_utc(stamp) or _EPOCH})
    book.set_custom_property(STAMP_PROPERTY, stamp)
    formats = _Formats(book)
    _summary_sheet(book, summary_tables(document), formats)
    for name, build, frozen_cols, always in LIST_SHEETS:
        table = build(document)
        if always or table.rows:
            _list_sheet(book, name, table, frozen_cols, formats)
    book.close()
