# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The operator's connection file -> the last connection of each BAL (source 4 of the audit).

    result = read_connection_file(params)
    result["connections"]  [{address, last_activity (ISO 8601 UTC, "" never connected), line}]
    result["malformed"]    [{line, reason}] (the first MAX_REPORTED), never the line's content
    result["counts"]       rows, connections, never, malformed, duplicates
    result["file"]         path, format, encoding, delimiter, columns, newest

The file is trusted only when it proves complete: not empty, not an HTML page, a header naming
the address and date columns and no column nobody declared, at least `min_rows` usable rows,
a last line that is whole, and no more than `max_malformed_ratio` malformed rows. Otherwise
ConnectionFileError, and nothing is concluded. An address listed twice keeps its newest date.
"""

from __future__ import annotations

from ansible_collections.mssante.hygiene.plugins.module_utils.activity.argspec import argument_spec
from ansible_collections.mssante.hygiene.plugins.module_utils.activity.dates import check_formats, parse_date
from ansible_collections.mssante.hygiene.plugins.module_utils.activity.decoding import (
    ConnectionFileError, check_kind, decode, refuse)
from ansible_collections.mssante.hygiene.plugins.module_utils.activity.table import (
    column_key, detect_format, read_csv, read_json)
from ansible_collections.mssante.hygiene.plugins.module_utils.addresses import address_problem
from ansible_collections.mssante.hygiene.plugins.module_utils.options import options_from

__all__ = ("ConnectionFileError", "read_connection_file", "parse_connections")

MAX_REPORTED = 100  # malformed line numbers kept in the result


def _numbers(malformed):
    shown = ", ".join(str(item["line"]) for item in malformed[:10])
    return shown + (" ..." if len(malformed) > 10 else "")


def _check_columns(table, params, path):
    address, date = column_key(params["address_column"]), column_key(params["date_column"])
    if not table.header:
        refuse(path, "aucune ligne d'en-tête ni donnée")
    missing = [name for name in (address, date) if name not in table.header]
    if missing and table.delimiter and any("@" in cell for cell in table.header):
        refuse(path, "en-tête absent : la première ligne est déjà une donnée ; la première ligne doit nommer les "
                     "colonnes (%s, %s)" % (address, date))
    if missing:
        refuse(path, "colonne(s) %s absente(s) ; colonnes du fichier : %s (réglez address_column et date_column)"
               % (", ".join(missing), ", ".join(table.header)), "address_column" if address in missing
               else "date_column")
    declared = {address, date} | {column_key(name) for name in params["other_columns"]}
    unknown = [name for name in table.header if name not in declared]
    if unknown:
        refuse(path, "colonne(s) inconnue(s) %s : le format du fichier a changé ? Déclarez-les dans other_columns "
                     "si elles sont attendues" % ", ".join(unknown), "other_columns")
    return address, date


def _entry(record, address_key, date_key, params):
    """(address, ISO date or "") of one record, or (None, French reason)."""
    problem = address_problem(record.get(address_key))
    if problem:
        return None, "colonne %s : %s" % (address_key, problem)
    raw = record.get(date_key, "")
    if not raw:
        return record[address_key].strip().lower(), ""  # listed, never connected
    when = parse_date(raw, params["date_formats"], params["timezone"])
    if when is None:
        return None, "colonne %s : date illisible (formats essayés : %s)" % (date_key, ", ".join(params["date_formats"]))
    return record[address_key].strip().lower(), when


def _entries(table, address_key, date_key, params):
    best, malformed, duplicates = {}, [], 0
    for number, record in table.records:
        if record is None:
            malformed.append({"line": number, "reason": table.shape_errors.get(number, "ligne mal formée")})
            continue
        address, when = _entry(record, address_key, date_key, params)
        if address is None:
            malformed.append({"line": number, "reason": when})
            continue
        if address in best:
            duplicates += 1
            if when <= best[address]["last_activity"]:
                continue
        best[address] = {"address": address, "last_activity": when, "line": number}
    return [best[key] for key in sorted(best)], malformed, duplicates


def _check_complete(table, connections, malformed, params, path):
    rows = len(table.records)
    if table.cut and malformed and malformed[-1]["line"] == table.records[-1][0]:
        refuse(path, "la dernière ligne (%d) est incomplète et le fichier ne finit pas par un saut de ligne : "
                     "fichier coupé" % malformed[-1]["line"])
    if rows == 0:
        refuse(path, "aucune ligne de données après l'en-tête", "min_rows")
    if len(connections) < params["min_rows"]:
        refuse(path, "%d ligne(s) utilisable(s), moins que min_rows (%d)" % (len(connections), params["min_rows"]),
               "min_rows")
    if malformed and len(malformed) > params["max_malformed_ratio"] * rows:
        refuse(path, "%d ligne(s) mal formée(s) sur %d (lignes %s), plus que max_malformed_ratio (%g)"
               % (len(malformed), rows, _numbers(malformed), params["max_malformed_ratio"]), "max_malformed_ratio")


def parse_connections(data, params, path=""):
    """The result (see the module docstring) of the file's bytes `data`; ConnectionFileError when untrusted."""
    params = options_from(argument_spec(), dict(params, path=path or params.get("path") or "?"))
    path = params["path"]
    odd = check_formats(params["date_formats"])
    if odd or not params["date_formats"]:
        raise ConnectionFileError("date_formats : %s n'est ni iso8601, ni epoch, ni un motif strptime (%%d/%%m/%%Y %%H:%%M)"
                                  % (", ".join(odd) or "liste vide"), parameter="date_formats")
    check_kind(data, path)
    text, encoding = decode(data, params["encoding"], path)
    fmt = detect_format(text, params["format"])
    table = read_json(text, path) if fmt == "json" else read_csv(text, params["delimiter"], path)
    address_key, date_key = _check_columns(table, params, path)
    connections, malformed, duplicates = _entries(table, address_key, date_key, params)
    _check_complete(table, connections, malformed, params, path)
    dated = [c["last_activity"] for c in connections if c["last_activity"]]
    return {
        "connections": connections,
        "malformed": malformed[:MAX_REPORTED],
        "counts": {"rows": len(table.records), "connections": len(connections),
                   "never": len(connections) - len(dated), "malformed": len(malformed), "duplicates": duplicates},
        "file": {"path": path, "format": fmt, "encoding": encoding, "delimiter": table.delimiter,
                 "columns": list(table.header), "newest": max(dated) if dated else ""},
    }


def read_connection_file(params):
    """parse_connections on the file at params["path"]."""
    path = params.get("path") or ""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        raise ConnectionFileError("path : fichier des connexions illisible (%s : %s)" % (path, exc.strerror or exc),
                                  parameter="path") from None
    return parse_connections(data, params, path)


def malformed_warning(result):
    """The French warning for the malformed rows that were skipped, or "" when there are none."""
    count = result["counts"]["malformed"]
    if not count:
        return ""
    return ("%s : %d ligne(s) mal formée(s) ignorée(s) (lignes %s) ; les BAL concernées n'ont pas de date de "
            "connexion de ce fichier" % (result["file"]["path"], count, _numbers(result["malformed"])))
