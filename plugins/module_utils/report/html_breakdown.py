# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Sections of audit.html that break the audit down: golden-rule scores, per site, per service,
and (group report) per platform.

Each reads one summary key and is left out when the key is absent (older audit.json).
"""

from __future__ import annotations

from ansible_collections.mssante.hygiene.plugins.module_utils.audit.codes import SEVERITIES
from ansible_collections.mssante.hygiene.plugins.module_utils.report.data import NO_SERVICE
from ansible_collections.mssante.hygiene.plugins.module_utils.report.formatting import fr_datetime
from ansible_collections.mssante.hygiene.plugins.module_utils.report.html_cells import (
    cell, count_cell, esc, instant_sort, paragraph, section, sortable_table)
from ansible_collections.mssante.hygiene.plugins.module_utils.report.labels import (
    RULES, UNKNOWN_SITE, score_ratio, score_text)

COUNT_HEADS = ("BAL", "BAL avec constats", "Constats", "Critiques", "Avertissements", "Informations")


def _score_row(score):
    ratio = score_ratio(score)
    meter = "" if ratio is None else '<meter min="0" max="1" value="%.4f"></meter>' % ratio
    return "<tr>%s%s</tr>" % (cell(score.get("label", score.get("key", ""))),
                              cell(esc(score_text(score)) + meter, "" if ratio is None else "%.6f" % ratio,
                                   numeric=True, raw_html=True))


def scores_section(document):
    scores = document.get("summary", {}).get("scores")
    if scores is None:
        return ""
    groups = []
    for rule, title in RULES.items():
        rows = [_score_row(s) for s in scores if s.get("rule") == rule]
        if rows:
            groups.append('<div class="rule"><h3>%s</h3><table class="scores"><tbody>%s</tbody></table></div>'
                          % (esc(title), "".join(rows)))
    note = paragraph("Part des BAL (ou des professionnels) qui respectent chaque règle ; « non mesurable » quand "
                     "l'audit n'a rien pu compter (source absente ou contrôle non fait).", "note")
    return section("s-rules", "Règles d'or", note + '<div class="rules">%s</div>' % "".join(groups))


def _count_cells(entry):
    by_severity = entry.get("by_severity") or {}
    return "".join([count_cell(entry.get("mailboxes", 0)), count_cell(entry.get("mailboxes_with_findings", 0)),
                    count_cell(entry.get("findings", 0))]
                   + [count_cell(by_severity.get(name, 0)) for name in SEVERITIES])


def _site_row(entry):
    site = entry.get("site") or ""
    # unknown site sorts last whichever way
    return "<tr>%s%s%s</tr>" % (cell(site or UNKNOWN_SITE, site), cell(entry.get("name") or ""), _count_cells(entry))


def sites_section(document):
    entries = document.get("summary", {}).get("by_site")
    if entries is None:
        return ""
    table = sortable_table("t-sites", "Une ligne par site (FINESS EG) ; « site inconnu » : BAL sans site connu",
                           ("Site (FINESS EG)", "Nom") + COUNT_HEADS, [_site_row(e) for e in entries], "narrow")
    return section("s-sites", "Par site", table)


def _service_row(entry):
    service = entry.get("service") or ""
    return "<tr>%s%s</tr>" % (cell(service or NO_SERVICE, service), _count_cells(entry))


def services_section(document):
    entries = document.get("summary", {}).get("by_service")
    if entries is None:
        return ""
    table = sortable_table("t-services", "Une ligne par service", ("Service",) + COUNT_HEADS,
                           [_service_row(e) for e in entries], "narrow")
    return section("s-services", "Par service", table)


def platforms_section(document):
    """Group report only: which audit of which platform the page merges."""
    platforms = document.get("platforms")
    if not platforms:
        return ""
    rows = ["<tr>%s%s%s%s</tr>" % (cell(p.get("platform", "")),
                                   cell(fr_datetime(p.get("generated_at")), instant_sort(p.get("generated_at"))),
                                   count_cell(p.get("mailboxes", 0)), count_cell(p.get("findings", 0)))
            for p in platforms]
    table = sortable_table("t-platforms", "Le dernier audit de chaque plateforme, réunis dans ce rapport",
                           ("Plateforme", "Audit du", "BAL", "Constats"), rows, "narrow")
    return section("s-platforms", "Plateformes", table)
