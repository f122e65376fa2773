# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The "Demandes à l'opérateur" section of audit.html: liste rouge and deletion requests and their age.

Pending requests first, the oldest first (the ones to chase), then the closed ones, the most
recently closed first. Left out on an audit.json that has no `requests` key.
"""

from __future__ import annotations

from ansible_collections.mssante.hygiene.plugins.module_utils.audit.codes import code_label
from ansible_collections.mssante.hygiene.plugins.module_utils.fr_plural import fr_count
from ansible_collections.mssante.hygiene.plugins.module_utils.report.formatting import fr_datetime
from ansible_collections.mssante.hygiene.plugins.module_utils.report.html_cells import (
    MISSING, cell, esc, filter_form, filter_select, instant_sort, paragraph, section, sortable_table)
from ansible_collections.mssante.hygiene.plugins.module_utils.report.labels import (
    REQUEST_KINDS, REQUEST_STATES, age_text, is_group, request_kind_label, request_state_label)

HEADS = ("Type", "Adresse", "État", "Motif", "Opérateur", "Demandée le", "Close le", "Âge")


def ordered(requests):
    """Pending (oldest requested first), then closed (latest closed first); address breaks ties."""
    pending = sorted((r for r in requests if r.get("state") == "pending"),
                     key=lambda r: (r.get("requested_at") or "", r.get("address", ""), r.get("kind", "")))
    closed = sorted((r for r in requests if r.get("state") != "pending"),
                    key=lambda r: (r.get("address", ""), r.get("kind", "")))
    closed.sort(key=lambda r: r.get("closed_at") or "", reverse=True)
    return pending + closed


def _row(request, group):
    reason = request.get("reason") or ""
    cells = [cell(request.get("platform", ""))] if group else []
    cells += [cell(request_kind_label(request.get("kind"))), cell(request.get("address")),
              cell(request_state_label(request.get("state"))),
              cell("%s (%s)" % (code_label(reason), reason) if reason else MISSING),
              cell(request.get("operator") or MISSING),
              cell(fr_datetime(request.get("requested_at")) or MISSING, instant_sort(request.get("requested_at"))),
              cell(fr_datetime(request.get("closed_at")) or MISSING, instant_sort(request.get("closed_at"))),
              cell(age_text(request.get("age_days")), request.get("age_days", ""), numeric=True)]
    return '<tr data-state="%s" data-kind="%s" data-platform="%s">%s</tr>' % (
        esc(request.get("state")), esc(request.get("kind")), esc(request.get("platform", "")), "".join(cells))


def _counts(document, requests):
    counts = document.get("summary", {}).get("requests")
    if not counts:
        counts = {state: sum(1 for r in requests if r.get("state") == state) for state in REQUEST_STATES}
    return "%s, %s, %s." % (fr_count(counts.get("pending", 0), "demande en attente", "demandes en attente"),
                            fr_count(counts.get("confirmed", 0), "confirmée"),
                            fr_count(counts.get("withdrawn", 0), "retirée"))


def requests_section(document):
    if "requests" not in document:
        return ""
    requests = ordered(document["requests"] or [])
    intro = ("Demandes de liste rouge et de suppression envoyées à l'opérateur (registre des demandes) : "
             "en attente d'abord, la plus ancienne en tête, puis les demandes closes. ")
    if not requests:
        return section("s-requests", "Demandes à l'opérateur", paragraph(intro + "Aucune demande dans le registre."))
    group = is_group(document)
    selects = [filter_select("state", "État", REQUEST_STATES.items()),
               filter_select("kind", "Type", REQUEST_KINDS.items())]
    if group:
        platforms = sorted({r.get("platform", "") for r in requests})
        selects.insert(0, filter_select("platform", "Plateforme", [(p, p) for p in platforms]))
    heads = (("Plateforme",) if group else ()) + HEADS
    body = (paragraph(intro + _counts(document, requests))
            + filter_form("t-requests", selects, len(requests), "adresse, opérateur…")
            + sortable_table("t-requests", "Une demande par ligne ; l'âge court jusqu'à la clôture",
                             heads, [_row(r, group) for r in requests]))
    return section("s-requests", "Demandes à l'opérateur", body)
