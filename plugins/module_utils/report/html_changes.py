# -*- coding: utf-8 -*-
# Copyright: mssante.hygiene contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The "Depuis le dernier audit" section of audit.html, from the document's `changes`.

Counts per code (new, resolved, persisting), then the new and the resolved findings BAL by BAL,
then the operator requests whose state moved. Persisting findings are only counted: the findings
table lists them all. Left out on an audit.json that has no `changes` key.
"""

from __future__ import annotations

from ansible_collections.mssante.hygiene.plugins.module_utils.audit.codes import (
    CODES, action_label, code_label, severity_label)
from ansible_collections.mssante.hygiene.plugins.module_utils.fr_plural import fr_count
from ansible_collections.mssante.hygiene.plugins.module_utils.report.formatting import fr_datetime, fr_day
from ansible_collections.mssante.hygiene.plugins.module_utils.report.html_cells import (
    MISSING, cell, count_cell, esc, instant_sort, paragraph, section, sortable_table)
from ansible_collections.mssante.hygiene.plugins.module_utils.report.labels import (
    is_group, request_kind_label, request_transition)

TITLE = "Depuis le dernier audit"
FIRST_AUDIT = "Premier audit conservé : pas encore de comparaison."
KINDS = ("new", "resolved", "persisting")


def _platform(entry, group):
    return [cell(entry.get("platform", ""))] if group else []


def _finding_row(entry, group, last):
    """last: "action" for a new finding, "first_seen" for a resolved one."""
    code, severity = entry.get("code", ""), entry.get("severity", "")
    if last == "action":
        tail = cell(action_label(entry.get("action", "")))
    else:
        tail = cell(fr_day(entry.get("first_seen")) or MISSING, instant_sort(entry.get("first_seen")))
    return "<tr>%s%s%s%s%s</tr>" % (
        "".join(_platform(entry, group)), cell(entry.get("address")),
        cell('%s<br><code>%s</code>' % (esc(code_label(code)), esc(code)), code, raw_html=True),
        cell('<span class="sev %s">%s</span>' % (esc(severity), esc(severity_label(severity))), severity,
             raw_html=True), tail)


def _by_code(changes):
    by_code = changes.get("by_code") or {}
    codes = [c for c in CODES if any(by_code.get(c, {}).get(k) for k in KINDS)]
    codes += sorted(c for c in by_code if c not in CODES and any(by_code[c].get(k) for k in KINDS))
    if not codes:
        return paragraph("Aucun constat nouveau, résolu ni persistant.")
    rows = ["<tr>%s%s</tr>" % (cell("%s (%s)" % (code_label(c), c)),
                               "".join(count_cell(by_code[c].get(k, 0)) for k in KINDS)) for c in codes]
    return sortable_table("t-changes-codes", "Constats par code depuis le dernier audit",
                          ("Constat", "Nouveaux", "Résolus", "Persistants"), rows, "narrow")


def _findings(changes, key, group):
    entries = changes.get(key) or []
    if not entries:
        return ""
    if key == "new":
        table_id, caption, last = "t-changes-new", "Nouveaux constats, BAL par BAL", ("Action recommandée", "action")
    else:
        table_id, caption, last = "t-changes-resolved", "Constats résolus, BAL par BAL", ("Constaté depuis", "first_seen")
    heads = (("Plateforme",) if group else ()) + ("Adresse", "Constat", "Gravité", last[0])
    return sortable_table(table_id, caption, heads, [_finding_row(e, group, last[1]) for e in entries])


def _requests(changes, group):
    entries = changes.get("requests") or []
    if not entries:
        return ""
    rows = ["<tr>%s%s%s%s</tr>" % ("".join(_platform(e, group)), cell(request_kind_label(e.get("kind"))),
                                   cell(e.get("address")), cell(request_transition(e))) for e in entries]
    heads = (("Plateforme",) if group else ()) + ("Type", "Adresse", "Changement d'état")
    return sortable_table("t-changes-requests", "Demandes à l'opérateur dont l'état a changé", heads, rows)


def _moved(count):
    if not count:
        return "aucune demande à l'opérateur n'a changé d'état"
    return fr_count(count, "demande à l'opérateur a changé d'état", "demandes à l'opérateur ont changé d'état")


def _summary(changes):
    return "Depuis l'audit du %s : %s, %s, %s ; %s." % (
        fr_datetime(changes["since"]),
        fr_count(len(changes.get("new") or []), "nouveau constat", "nouveaux constats"),
        fr_count(len(changes.get("resolved") or []), "constat résolu", "constats résolus"),
        fr_count(len(changes.get("persisting") or []), "constat persistant", "constats persistants"),
        _moved(len(changes.get("requests") or [])))


def changes_section(document):
    changes = document.get("changes")
    if changes is None:
        return ""
    if not changes.get("since"):
        return section("s-changes", TITLE, paragraph(FIRST_AUDIT))
    group = is_group(document)
    body = (paragraph(_summary(changes)) + _by_code(changes) + _findings(changes, "new", group)
            + _findings(changes, "resolved", group) + _requests(changes, group))
    return section("s-changes", TITLE, body)
