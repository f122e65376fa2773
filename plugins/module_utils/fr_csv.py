# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""CSV for French Excel, written one way for every output (audit.csv, demande.csv).

UTF-8 with BOM (else accents break), `;` separator, CRLF; cells that a spreadsheet would run as
a formula are neutralised.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata

BOM = "\ufeff"
# blanks and invisible characters a spreadsheet skips before reading "="
_LEADING_BLANKS = re.compile("^[\\s\u200b\u200c\u200d\u2060\ufeff]+")
FORMULA_STARTS = ("=", "+", "-", "@")
# a cell opening with a control character is suspect whatever follows it
CONTROL_STARTS = ("\t", "\r", "\n")


def neutralise(value):
    """Keep a spreadsheet from running a cell as a formula (CSV injection)."""
    text = "" if value is None else str(value)
    if text.startswith(CONTROL_STARTS):
        return "'" + text
    # Excel trims leading blanks and folds full-width forms: " =1", "\n=1" and "\uff1d1" (＝)
    # are formulas to it, so judge the cell as NFKC-normalised and stripped
    probe = _LEADING_BLANKS.sub("", unicodedata.normalize("NFKC", text))
    return "'" + text if probe.startswith(FORMULA_STARTS) else text


# rows encoded together: chunks of about a hundred kilobytes
_ROWS_PER_CHUNK = 500


def csv_chunks(columns, rows):
    """The file as UTF-8 chunks: `columns` is ((header, key), ...), each row a dict of cells by key."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    out.write(BOM)
    writer.writerow([title for title, _key in columns])
    for number, cells in enumerate(rows, start=1):
        writer.writerow([neutralise(cells[key]) for _title, key in columns])
        if number % _ROWS_PER_CHUNK == 0:
            yield out.getvalue().encode("utf-8")
            out.seek(0)
            out.truncate()
    yield out.getvalue().encode("utf-8")


def csv_bytes(columns, rows):
    """The file's bytes (csv_chunks joined)."""
    return b"".join(csv_chunks(columns, rows))
