# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""audit.csv bytes.

CSV for French Excel (fr_csv: BOM, `;`, CRLF, neutralised formulas), comma decimals, dd/mm/yyyy
dates; one line per finding plus one line per BAL without finding, so the file is also the full
inventory. A group report adds the platform as first column.
"""

from __future__ import annotations

from ansible_collections.mssante.hygiene.plugins.module_utils.fr_csv import csv_chunks as rows_as_chunks
from ansible_collections.mssante.hygiene.plugins.module_utils.report.data import (
    documents_cells, finding_cells, findings_by_address, mailbox_cells, notice_cells)
from ansible_collections.mssante.hygiene.plugins.module_utils.report.formatting import fr_mb
from ansible_collections.mssante.hygiene.plugins.module_utils.report.labels import is_group

# (header, cell key); the keys come from mailbox_cells / finding_cells / notice_cells / _numbers.
COLUMNS = (
    ("Adresse", "address"), ("Type", "type"), ("Service", "service"), ("Site (FINESS EG)", "site"),
    ("Titulaire", "owner"),
    ("RPPS", "rpps"), ("Compte annuaire local", "directory"), ("Publiée Annuaire Santé", "published"),
    ("Présente sur la plateforme", "on_platform"), ("Dernière activité", "last_activity"),
    ("Source de la dernière activité", "activity_source"),
    ("Jours sans activité", "inactive_days"), ("Messages", "messages"), ("Volume (Mo)", "volume"),
    ("Corbeille (messages)", "trash_messages"), ("Corbeille (Mo)", "trash_volume"),
    ("Plus ancien message en corbeille", "trash_oldest"), ("Quota utilisé", "quota"),
    ("Documents patients en attente", "documents_pending"),
    ("Plus ancien document patient en attente", "documents_oldest"),
    ("Constat", "code"), ("Libellé du constat", "label"), ("Gravité", "severity"),
    ("Action recommandée", "action"), ("Constaté depuis", "first_seen"), ("Détail", "detail"),
    ("Prévenu le", "notice_first"),
    ("Échéance annoncée", "notice_due"), ("Remarques", "notes"),
)

PLATFORM_COLUMN = ("Plateforme", "platform")


def _numbers(mailbox):
    def count(key):
        return "" if mailbox[key] is None else str(mailbox[key])
    return {"messages": count("messages"), "volume": fr_mb(mailbox["bytes"]),
            "trash_messages": count("trash_messages"), "trash_volume": fr_mb(mailbox["trash_bytes"])}


def _no_finding():
    return {"code": "", "label": "aucun constat", "severity": "", "action": "", "detail": "", "first_seen": ""}


def _rows(document):
    grouped = findings_by_address(document)
    for mailbox in document["mailboxes"]:
        base = dict(mailbox_cells(mailbox), notes=" ".join(mailbox["notes"]), platform=mailbox.get("platform", ""),
                    **_numbers(mailbox), **documents_cells(mailbox))
        for finding in grouped.get(mailbox["address"]) or [None]:
            yield dict(base, **(finding_cells(finding) if finding else _no_finding()), **notice_cells(finding))


def csv_chunks(document):
    """audit.csv as UTF-8 chunks."""
    # a group (GHT) report says first which platform each line comes from
    columns = ((PLATFORM_COLUMN,) if is_group(document) else ()) + COLUMNS
    return rows_as_chunks(columns, _rows(document))


def render_csv(document):
    """audit.csv bytes (csv_chunks joined)."""
    return b"".join(csv_chunks(document))
