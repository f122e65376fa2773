# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The "Synthèse" sheet of audit.xlsx: small tables stacked one under the other.

The overview and the counts per code are always there; the platforms (group report), the
breakdowns per site and per service, the golden-rule scores and the kept audits only when the
document has them (an older audit.json has none).
"""

from __future__ import annotations

from ansible_collections.mssante.hygiene.plugins.module_utils.audit.codes import CODES, code_label, severity_label
from ansible_collections.mssante.hygiene.plugins.module_utils.paris_time import to_paris
from ansible_collections.mssante.hygiene.plugins.module_utils.report.data import NO_SERVICE
from ansible_collections.mssante.hygiene.plugins.module_utils.report.xlsx_tables import Column, Table, ratio

SEVERITY_HEADERS = (("critical", "Critiques"), ("warning", "Avertissements"), ("info", "Informations"))
REQUEST_LINES = (("pending", "Demandes en attente"), ("confirmed", "Demandes confirmées"),
                 ("withdrawn", "Demandes retirées"))


def _count(kind_header, width=11):
    return Column(kind_header, "int", width)


def overview_table(document):
    summary = document.get("summary") or {}
    severities = summary.get("by_severity") or {}
    lines = [("Établissement", (summary.get("establishment") or {}).get("name", "")),
             ("Plateforme", document.get("platform", "")),
             ("Rapport généré le (heure de Paris)", to_paris(document.get("generated_at"))),
             ("BAL analysées", summary.get("mailboxes")),
             ("BAL avec au moins un constat", summary.get("mailboxes_with_findings")),
             ("Constats", summary.get("findings"))]
    lines += [("Constats : %s" % header.lower(), severities.get(key, 0)) for key, header in SEVERITY_HEADERS]
    if "requests" in summary:
        lines += [(label, summary["requests"].get(key, 0)) for key, label in REQUEST_LINES]
    since = (document.get("changes") or {}).get("since")
    if since:
        lines.append(("Audit précédent comparé", to_paris(since)))
    columns = [Column("Indicateur", "text", 40), Column("Valeur", "auto", 22)]
    return Table("Vue d'ensemble", columns, [list(line) for line in lines])


def platforms_table(document):
    platforms = document.get("platforms") or []
    columns = [Column("Plateforme", "text", 22), Column("Audit du", "instant", 16),
               _count("BAL"), _count("Constats")]
    rows = [[p.get("platform", ""), p.get("generated_at"), p.get("mailboxes"), p.get("findings")] for p in platforms]
    return Table("Plateformes", columns, rows)


def code_table(document):
    """Every code in display order, with its new / resolved / persisting counts when changes are known."""
    by_code = (document.get("summary") or {}).get("by_code") or {}
    unmeasured = set((document.get("summary") or {}).get("not_measured") or ())
    changes = document.get("changes")
    columns = [Column("Code", "text", 24), Column("Libellé", "text", 34), Column("Gravité", "text", 14),
               _count("Constats")]
    if changes is not None:
        columns += [_count("Nouveaux"), _count("Résolus"), _count("Persistants")]
    rows = []
    for code, entry in CODES.items():
        row = [code, code_label(code), severity_label(entry[2]),
               "non mesuré" if code in unmeasured else by_code.get(code, 0)]
        if changes is not None:
            moves = (changes.get("by_code") or {}).get(code) or {}
            row += [moves.get("new", 0), moves.get("resolved", 0), moves.get("persisting", 0)]
        rows.append(row)
    return Table("Constats par code", columns, rows)


def _breakdown(title, key_columns, entries, keys):
    """One row per site or service: its keys, then counts, per severity and per code."""
    columns = list(key_columns) + [_count("BAL"), _count("BAL avec constat"), _count("Constats")]
    columns += [_count(header, 13) for _key, header in SEVERITY_HEADERS]
    columns += [_count(code_label(code), 14) for code in CODES]
    rows = []
    for entry in entries:
        severities, by_code = entry.get("by_severity") or {}, entry.get("by_code") or {}
        rows.append(keys(entry) + [entry.get("mailboxes"), entry.get("mailboxes_with_findings"), entry.get("findings")]
                    + [severities.get(key, 0) for key, _header in SEVERITY_HEADERS]
                    + [by_code.get(code, 0) for code in CODES])
    return Table(title, columns, rows)


def site_table(document):
    entries = (document.get("summary") or {}).get("by_site") or []
    return _breakdown("Par site", [Column("Site (FINESS)", "text", 14), Column("Nom du site", "text", 30)], entries,
                      lambda e: [e.get("site") or "(site inconnu)", e.get("name", "")])


def service_table(document):
    entries = (document.get("summary") or {}).get("by_service") or []
    return _breakdown("Par service", [Column("Service", "text", 30)], entries,
                      lambda e: [e.get("service") or NO_SERVICE])


def score_table(document):
    """The golden-rule scores; a denominator of 0 is "non mesurable", never 0 % or 100 %."""
    scores = (document.get("summary") or {}).get("scores") or []
    columns = [_count("Règle d'or", 10), Column("Indicateur", "text", 60), _count("Numérateur"),
               _count("Dénominateur", 13), Column("Part", "percent", 14)]
    rows = []
    for score in scores:
        share = ratio(score.get("numerator"), score.get("denominator"))
        rows.append([score.get("rule"), score.get("label", score.get("key", "")), score.get("numerator"),
                     score.get("denominator"), "non mesurable" if share is None else share])
    return Table("Scores des règles d'or", columns, rows)


def trend_table(document):
    """The kept audits, oldest first: a manager can chart them in Excel."""
    points = document.get("trend") or []
    columns = [Column("Audit du", "instant", 16), _count("BAL"), _count("Constats"),
               Column("Corbeilles (Mo)", "mb", 12), _count("Corbeilles (messages)", 13),
               _count("Documents patients en attente", 14)]
    columns += [_count(header, 13) for _key, header in REQUEST_LINES]
    rows = []
    for point in points:
        requests = point.get("requests") or {}
        rows.append([point.get("generated_at"), point.get("mailboxes"), point.get("findings"), point.get("trash_bytes"),
                     point.get("trash_messages"), point.get("documents_pending")]
                    + [requests.get(key) for key, _label in REQUEST_LINES])
    return Table("Audits conservés", columns, rows)


def summary_tables(document):
    """The tables of the Synthèse sheet, in order; the optional ones only when they have rows (sites and
    services have sheets of their own: xlsx_writer.LIST_SHEETS)."""
    tables = [overview_table(document), platforms_table(document), score_table(document), code_table(document),
              trend_table(document)]
    return [table for table in tables if table.rows]
