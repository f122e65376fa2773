# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""audit.csv bytes.

CSV for French Excel: UTF-8 with BOM (else accents break), `;` separator, CRLF, comma decimals,
dd/mm/yyyy dates; one line per finding plus one line per BAL without finding, so the file is
also the full inventory. Cells that a spreadsheet would run as a formula are neutralised.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata

from ansible_collections.mssante.hygiene.plugins.module_utils.report.data import (
    finding_cells, findings_by_address, mailbox_cells)
from ansible_collections.mssante.hygiene.plugins.module_utils.report.formatting import fr_mb

BOM = "\ufeff"
# blanks and invisible characters a spreadsheet skips before reading "="
_LEADING_BLANKS = re.compile("^[\\s\u200b\u200c\u200d\u2060\ufeff]+")
FORMULA_STARTS = ("=", "+", "-", "@")
# a cell opening with a control character is suspect whatever follows it
CONTROL_STARTS = ("\t", "\r", "\n")

# (header, cell key); the keys come from mailbox_cells / finding_cells / _numbers.
COLUMNS = (
    ("Adresse", "address"), ("Type", "type"), ("Service", "service"), ("Titulaire", "owner"),
    ("RPPS", "rpps"), ("Compte annuaire local", "directory"), ("Publiée Annuaire Santé", "published"),
    ("Présente sur la plateforme", "on_platform"), ("Dernière activité", "last_activity"),
    ("Jours sans activité", "inactive_days"), ("Messages", "messages"), ("Volume (Mo)", "volume"),
    ("Corbeille (messages)", "trash_messages"), ("Corbeille (Mo)", "trash_volume"),
    ("Plus ancien message en corbeille", "trash_oldest"), ("Quota utilisé", "quota"),
    ("Constat", "code"), ("Libellé du constat", "label"), ("Gravité", "severity"),
    ("Action recommandée", "action"), ("Détail", "detail"), ("Remarques", "notes"),
)


def neutralise(value):
    """Keep a spreadsheet from running a cell as a formula (CSV injection)."""
    text = "" if value is None else str(value)
    if text.startswith(CONTROL_STARTS):
        return "'" + text
    # Excel trims leading blanks and folds full-width forms: " =1", "\n=1" and "\uff1d1" (＝)
    # are formulas to it, so judge the cell as NFKC-normalised and stripped
    probe = _LEADING_BLANKS.sub("", unicodedata.normalize("NFKC", text))
    return "'" + text if probe.startswith(FORMULA_STARTS) else text


def _numbers(mailbox):
    def count(key):
        return "" if mailbox[key] is None else str(mailbox[key])
    return {"messages": count("messages"), "volume": fr_mb(mailbox["bytes"]),
            "trash_messages": count("trash_messages"), "trash_volume": fr_mb(mailbox["trash_bytes"])}


def _no_finding():
    return {"code": "", "label": "aucun constat", "severity": "", "action": "", "detail": ""}


def render_csv(document):
    grouped = findings_by_address(document)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow([title for title, _key in COLUMNS])
    for mailbox in document["mailboxes"]:
        base = dict(mailbox_cells(mailbox), notes=" ".join(mailbox["notes"]), **_numbers(mailbox))
        for finding in grouped.get(mailbox["address"]) or [None]:
            cells = dict(base, **(finding_cells(finding) if finding else _no_finding()))
            writer.writerow([neutralise(cells[key]) for _title, key in COLUMNS])
    return (BOM + out.getvalue()).encode("utf-8")
