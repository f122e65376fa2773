# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The connection file's text as a header and numbered records (CSV or JSON).

CSV: `;` or `,` (the one the header uses most, unless configured), quoted fields allowed; a
record is numbered by the line it starts on. JSON: a list of objects, or an object holding one
such list (`{"connexions": [...]}`); a record is numbered by its position, from 1. Column names
are compared without case, accents, spaces or hyphens ("Dernière connexion" is
`derniere_connexion`).
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata

from ansible_collections.mssante.hygiene.plugins.module_utils.activity.decoding import refuse


def column_key(name):
    """`Dernière connexion` -> `derniere_connexion`: how a header cell is matched to an option."""
    text = unicodedata.normalize("NFKD", str(name or "")).encode("ascii", "ignore").decode("ascii")
    return "_".join(text.strip().lower().replace("-", " ").replace("_", " ").split())


def detect_format(text, wanted):
    if wanted != "auto":
        return wanted
    return "json" if text.lstrip()[:1] in ("[", "{") else "csv"


class Table:
    """header (column keys), records [(number, {key: value} or None when its fields do not match)]."""

    def __init__(self, header, records, delimiter="", cut=False, shape_errors=None):
        self.header = header
        self.records = records
        self.delimiter = delimiter
        self.cut = cut  # the text does not end with a newline: the last record may be cut short
        self.shape_errors = shape_errors or {}  # number -> French reason (field count)


def _delimiter(first_line, wanted):
    if wanted != "auto":
        return wanted
    return ";" if first_line.count(";") >= first_line.count(",") else ","


def read_csv(text, wanted_delimiter, path):
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), "")
    delimiter = _delimiter(first, wanted_delimiter)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header, records, shape_errors, start = None, [], {}, 1
    try:
        for row in reader:
            number, start = start, reader.line_num + 1
            if not any(cell.strip() for cell in row):
                continue  # blank line
            if header is None:
                header = [column_key(cell) for cell in row]
                continue
            if len(row) != len(header):
                shape_errors[number] = "%d champs au lieu de %d" % (len(row), len(header))
                records.append((number, None))
                continue
            records.append((number, dict(zip(header, (cell.strip() for cell in row)))))
    except csv.Error:
        # an unterminated quote runs to the end of the file: a cut download, most often
        refuse(path, "guillemet non fermé à partir de la ligne %d (fichier coupé ?)" % start)
    return Table(header or [], records, delimiter, cut=not text.endswith(("\n", "\r")), shape_errors=shape_errors)


def _json_records(data, path):
    if isinstance(data, dict):
        lists = [value for value in data.values() if isinstance(value, list)]
        if len(lists) != 1:
            refuse(path, "JSON : une liste d'objets est attendue (ou un objet qui en contient une seule)", "format")
        data = lists[0]
    if not isinstance(data, list):
        refuse(path, "JSON : une liste d'objets est attendue", "format")
    return data


def read_json(text, path):
    try:
        data = json.loads(text)
    except ValueError as exc:
        refuse(path, "JSON illisible (ligne %d, colonne %d : fichier coupé ou mal formé)"
               % (getattr(exc, "lineno", 0), getattr(exc, "colno", 0)))
    items = _json_records(data, path)
    header, records, shape_errors = [], [], {}
    for number, item in enumerate(items, 1):
        if not isinstance(item, dict):
            shape_errors[number] = "objet attendu"
            records.append((number, None))
            continue
        record = {column_key(key): "" if value is None else str(value).strip() for key, value in item.items()}
        header.extend(key for key in record if key not in header)
        records.append((number, record))
    return Table(header, records, shape_errors=shape_errors)
